// Package hotline is the guided tour of a Go library for the platforms behind
// China's 12345 government-service hotline. The code lives in the packages
// below; this page shows how they fit together. Read it top to bottom.
//
// # Vocabulary: this package
//
// The words every package shares are declared here once: [Category]
// (投诉, 咨询, ...), [Urgency] (一般, 紧急), [Channel] (电话, 小程序, ...),
// [Satisfaction] (the callback verdict, 非常满意 to 非常不满意, or 未接通)
// and [Resolution] (已解决, 未解决). Each has one parser that takes the
// English key in any case or the Chinese name, a Name method that answers
// in Chinese for Chinese tags and in English for every other tag, and text
// marshalling, so YAML and JSON files may use either language. An unknown
// name is a [*NameError] listing the accepted names and wrapping
// [ErrUnknownName]:
//
//	c, err := hotline.ParseCategory("投诉") // hotline.CategoryComplaint
//	name := c.Name(language.Chinese)      // "投诉"
//
// A region is a path of places from the largest down, "清溪镇/三中村",
// everywhere: on orders, sla policies, routing rules, units and knowledge
// entries. [ValidateRegion] is its one rule and [RegionCovers] its one
// comparison, by whole places ("清溪镇" covers "清溪镇/三中村", not
// "清溪镇外").
//
// # Calendars: package calendar and calendar/cn
//
// Every deadline of a work order is counted on a working calendar. China's
// working days follow the State Council's annual holiday notice, which moves
// weekends around (调休): a Saturday can be a working day and a Wednesday a
// day off. [github.com/hotline12345/hotline/calendar/cn] embeds every notice
// from 2007 to 2026 and the statutory days of the law in force:
//
//	cal := cn.Calendar() // Asia/Shanghai, 08:30-12:00 and 14:00-17:30
//	due := cal.AddWorkdays(received, 5)
//	info := cal.Day(due) // kind, festival name, Statutory, Provisional
//
// Years without a notice are provisional: weekends and statutory days are
// off and every such day says so. cn.Load reads a newer notice file, so the
// 2027 notice needs no new release. The engine,
// [github.com/hotline12345/hotline/calendar], answers IsWorkday,
// AddWorkdays, WorkdaysBetween, AddWorkTime and WorkTimeBetween from prefix
// sums in tens of nanoseconds, for any zone, week and hours.
//
// # Deadlines: package sla
//
// An order carries several deadlines at once, on different clocks: an
// emergency must be contacted within 30 minutes and reached within an hour
// (24 hours a day), finished the same day and reported back within 2
// working days; a complaint is finished within 5 working days.
// [github.com/hotline12345/hotline/sla] holds these rules as policies (YAML
// or JSON, with sla.DefaultPolicies as the town's rules and
// sla.GuangdongPolicies as the province's limits) and evaluates an
// order's timeline into due instants, warning levels, pauses and
// extensions. Its Monitor raises each warning and overdue alert once.
//
// # Routing: package routing
//
// [github.com/hotline12345/hotline/routing] chooses the lead unit and the
// assisting units from a rules file (keywords, categories, regions, tags)
// and Go rules, sends repeated, high-attention and multi-department orders
// to joint handling (联办) coordinated by the service centre, and lets
// orders no rule claims fall to the jurisdiction or the fallback unit
// (兜底). Every decision explains itself. A Router remembers earlier
// orders to find repeats and hotspots; given the workorder store
// (SetHistory), it finds them among the stored orders instead, across
// restarts and nodes.
//
// # Units: package unit
//
// [github.com/hotline12345/hotline/unit] is the directory of the units that
// handle orders: departments, town governments, village and community
// committees and utilities, with the regions they serve, whether they are
// active, and the one fallback unit. routing checks its rules against it
// and takes its fallback unit (Options.Units), and workorder refuses a
// dispatch to a unit it does not know or that is inactive (Config.Units).
//
// # Work orders: package workorder
//
// [github.com/hotline12345/hotline/workorder] is the order and its life:
// 受理, 派单, 签收, 办理, 回复, 审核, 回访 and 办结, with returns (reviewed by
// the centre, 退单审核, unless configured otherwise), re-dispatch,
// the fallback unit, extensions, suspension, reopening, urging, supervision,
// merging and joint handling. A Service takes each step for an actor who
// may take it, records it in a hash-chained audit trail, saves it with an
// optimistic version check and keeps the sla deadlines up to date. The
// centre reviews the lead unit's reply (审核: ApproveReply, or RejectReply
// to send it back) before the callback (回访); when assisting units share
// the order, the reply waits until each has given its opinion
// (SubmitOpinion) or the centre has waived it (WaiveOpinion):
//
//	svc, err := workorder.NewService(workorder.Config{
//		Store:    workorder.NewMemStore(),
//		Calendar: cn.Calendar(),
//	})
//	if err != nil {
//		return nil, err // a *workorder.ConfigError names the field
//	}
//	centre, unit := workorder.Centre("话务员01"), workorder.Unit("城管分局")
//	o, err := svc.Accept(ctx, centre, draft)
//	if err != nil {
//		return nil, err // a *workorder.ValidationError names the field
//	}
//	if o, err = svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: unit.ID}); err != nil {
//		return nil, err
//	}
//	return svc.Sign(ctx, unit, o.ID)
//
// Config.Router takes a *routing.Router, so that a dispatch naming no
// lead is routed, and Config.Units the unit directory. Orders and audit
// records have one public JSON form (snake_case keys, enumerations by
// their English keys; Order.MarshalJSON, workorder.DecodeOrder), which the
// SQL stores keep too. The in-memory store is the default;
// workorder/sqlitestore and workorder/pgstore keep orders in SQLite or
// PostgreSQL, and workorder/storetest is the conformance suite every store
// passes.
//
// # Configuration files
//
// Unit directories, routing rules, sla policies and holiday notices are
// read one way: unit.Parse, routing.Parse, sla.Parse and cn.Parse take an
// io.Reader, and each package's LoadFile a path. A file is YAML (JSON is
// YAML too) read strictly: an unknown key, a key given twice or a value of
// the wrong kind is refused, with an error giving the line and column.
// Every file allows the same two conveniences: one value where a list
// belongs is a list of one ("any: 井盖"), and a quoted number is a number
// ("days: \"5\""). A category or urgency may be named by its English key
// in any case or by its Chinese name ("投诉"); files written by the
// library use the English keys.
//
// # Assessment: package assess
//
// [github.com/hotline12345/hotline/assess] scores units on 按期办结率
// (on-time completion), 满意率 (satisfaction), 响应率, 退单率, 不当退单率,
// 重办率 and a weighted score, per unit and period, as Go values, CSV or
// text tables in Chinese or English. The workorder service turns its
// stored orders and their audit trails into assess records, one per
// dispatch, with the period cut at the present so that an order not yet
// due is never late:
//
//	recs, period, err := svc.Assessment(ctx, assess.MonthToDate(time.Now().In(cn.Calendar().Location())))
//	if err != nil {
//		return err
//	}
//	assessor, err := assess.New(assess.SchemeTown())
//	if err != nil {
//		return err
//	}
//	rep, err := assessor.Compute(recs, period)
//	if err != nil {
//		return err
//	}
//	return rep.WriteText(os.Stdout, language.Chinese)
//
// assess.LateOrders lists the records that count late for a unit, and
// package assess/xlsx writes the scorecards, a chart and the late orders
// as an Excel workbook.
//
// # Classification, knowledge base and repeats by meaning
//
// [github.com/hotline12345/hotline/classify] holds the request
// classification (诉求分类: 城乡建设 > 市容环境 > 噪音扰民) as a tree of
// dotted codes, and the coded reasons a return, a cancellation or a
// refusal to accept gives; orders carry a code, rules match a subtree
// and lists and assessments group by it. [github.com/hotline12345/hotline/kb]
// is a knowledge base of versioned answers, searched in Chinese without
// word segmentation, from which the centre answers many orders itself
// (直接答复, Service.AnswerDirectly); the order keeps the entry and version
// it was answered with, and assess.ComputeIntake counts the direct-answer
// rate (直接答复率) and the orders transferred to other bodies (转办,
// Service.Transfer) apart from any unit's figures.
// [github.com/hotline12345/hotline/similar] finds orders about the same
// matter told in different words, within a time window and a region;
// [github.com/hotline12345/hotline/repeats] links them as the service
// accepts orders, and [github.com/hotline12345/hotline/digest] sends each
// department its week: hotspots, rising topics, repeat clusters, its late
// and supervised orders.
//
// # Supervision and fair assessment
//
// A policy's ladder (sla.Policy.Ladder) escalates a late order: an urge
// at the deadline, a supervision order (督办单) with its own deadline for
// the unit's explanation, then a supervisor's decision on a talk (约谈)
// or a public criticism (通报), each raised once however many nodes run
// monitors. Steps name the person in a unit who took them (经办人) and
// orders led by a unit's leader (领办); assessment scores units, posts
// and persons, and a supervisor may approve leaving an unreasonable
// verdict out (差评甄别, Service.Exempt), listed in every report.
//
// # Running it
//
// [github.com/hotline12345/hotline/api] serves the service as JSON over
// HTTP with an OpenAPI document, [github.com/hotline12345/hotline/board]
// is the web board, both asking an auth.Authenticator who is calling, and
// cmd/hotline runs both with the monitor, metrics and health checks:
// go run ./cmd/hotline serve.
//
// # Examples
//
// The examples directory has runnable programs: qingxi (a town's year of
// orders and its report), quickstart (one order from receipt to close),
// deadline (by when is an order due?), route (route orders with a rules
// file), customrule (extend routing in Go), intake (the centre's own
// answers from the knowledge base, a refused return and a transfer to 110)
// and digest (a department's week).
package hotline

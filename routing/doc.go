// Package routing decides which unit handles a 12345 hotline order: the
// lead unit (主办), the assisting units (协办), whether the order goes to
// joint handling coordinated by the centre, whether it repeats earlier
// orders, and which hotspots it raises. It does not depend on the
// lifecycle (package workorder): it imports only the shared vocabulary,
// the classification codes and the unit directory.
//
// # Rules
//
// Rules are written in YAML (see Parse and LoadFile) or built in Go as a Config,
// then compiled once by Compile into an immutable RuleSet:
//
//	centre: 政务服务中心        # coordinates joint handling
//	fallback: 政务服务中心      # takes what nothing claims; or see Options.Units
//	jurisdictions:             # region path prefix -> unit; the longest wins
//	  清溪镇: 清溪镇人民政府
//	  清溪镇/三中村: 三中村委会
//	rules:
//	  - name: 噪音扰民
//	    priority: 50
//	    categories: [complaint, report]
//	    any: [噪音, 噪声, 扰民]
//	    none: [吵架]
//	    lead: 生态环境分局
//	    assist: [城管分局, 派出所]
//	  - name: 夜间施工
//	    priority: 60
//	    any: [施工, 打桩]
//	    when: [night_time]       # a named condition
//	    lead: 住建局
//	joint:
//	  multi_unit: true
//	  attention_tags: [媒体关注, 领导批示]
//	  repeat: {window: 720h, count: 3, key: [address, category]}
//	hotspot: {window: 24h, count: 5, region_depth: 2, keywords: [停水, 停电]}
//
// A rule matches when every filter it sets holds: categories, urgency,
// regions (path prefixes by whole segments), any, all and none (keywords in
// the text), tags, codes (classification subtrees, such as "01.02" for
// 城乡建设 > 市容环境 and every class below it, matched against
// Request.Code by whole segments), and when (named conditions). The
// highest priority that matches leads, ties going to the earlier rule. Its assists, and with
// multi_unit every other matching rule's lead and assists, assist: without
// duplicates, never the lead, in priority then file order. When no rule
// matches, the longest jurisdiction prefix of the region leads, else the
// fallback. An order is joint when it has assisting units, carries an
// attention tag, or is a repeat; the centre coordinates joint orders. Every
// decision carries a reason, in Chinese or English as Options.Language
// chooses: Chinese for any Chinese tag, English otherwise, und included.
//
// Given the directory of units (Options.Units, see package unit), Compile
// checks that the rules name only its active units and takes its fallback
// unit, so that the fallback is configured once, in the directory; the
// rules file may then leave fallback out.
//
// Keywords match on text normalised by Normalize (NFKC, then case folding),
// so ＡＢＣ１２ matches abc12. All keywords of all rules are found in one pass
// of an Aho-Corasick automaton; only rules with a keyword present, and rules
// without keywords, are then checked. Compile reports rules that can never
// lead as warnings.
//
// # Extending in Go
//
// Options.Rules adds rules written in Go (Rule, RuleFunc), and
// Options.Conditions adds conditions that a rules file names in when
// (Condition, ConditionFunc); night_time is built in (see
// BuiltinConditions).
//
// # Routing with history
//
// RuleSet.Decide is stateless. A Router adds repeat detection (the count-th
// or later order with the same key inside the window is a repeat, naming
// the latest RepeatOfMax earlier ones and counting them all) and hotspots
// (at least count orders in a window from one region with one category, or
// one watched keyword, raise one alert per window for the units concerned).
// Time comes from each request's At, never from a clock, and memory is
// bounded by what arrives within a window. In memory a decision costs the
// same at the first call of a burst about one power cut as at the
// 100,000th.
// Router.Swap replaces the rule set atomically while orders are routed.
// Router.SetHistory makes a router read earlier repeats and count hotspots
// from a History instead of its own memory: a workorder.Store is one, so
// that repeats and hotspot alerts survive restarts and are shared by every
// node on one database.
//
// # Errors
//
// Mistakes in rules, YAML syntax errors among them, are *RuleError values
// naming the rule, field and line where they are known; they match
// ErrInvalidRules, and mistakes in content a precise sentinel such as
// hotline.ErrUnknownName, ErrNoLead or ErrUnknownField, under errors.Is. Bad
// requests match ErrInvalidRequest.
package routing

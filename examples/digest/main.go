// Command digest runs two weeks of a town's orders through a
// workorder.Service, links likely repeats by meaning as they are accepted
// (package repeats), and writes each department's digest of the second
// week (package digest): new hotspots, rising topics, repeat clusters,
// late and supervised orders.
//
//	go run ./examples/digest                 # Markdown in Chinese on stdout
//	go run ./examples/digest -lang en        # in English
//	go run ./examples/digest -out digests    # Markdown and xlsx, both languages, one file each per department
//
// With -out DIR it writes DIR/DEPARTMENT.zh.md, .en.md, .zh.xlsx and
// .en.xlsx, and prints the files written. The week ends on Monday 10
// March 2025 00:00 (China Standard Time); the orders are scripted, so the
// output is the same on every run.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess/xlsx"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/digest"
	"github.com/hotline12345/hotline/repeats"
	"github.com/hotline12345/hotline/similar"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

var cst = time.FixedZone("CST", 8*3600)

// Departments of the town.
const (
	urban    = "清溪镇城管办"
	env      = "清溪镇环保分局"
	fallback = "清溪镇综合办"
)

// call is one scripted order: when it comes in, from where, to whom it
// is dispatched, its classification code, what happens to it.
type call struct {
	day, hour, minute int // March 2025; 0 and below are February's last days
	unit, code        string
	region, text      string
	finishAfter       time.Duration // the unit replies this long after; 0 never
	supervise         bool          // the centre supervises it a day after
}

var script = []call{
	// The week before, 24 February to 2 March.
	{-4, 22, 0, urban, "01.02.03", "清溪镇/三中村", "三中村工地夜间施工噪音扰民", 12 * time.Hour, false},
	{-2, 23, 0, urban, "01.02.03", "清溪镇/三中村/二组", "三中村工地晚上打桩", 11 * time.Hour, false},
	{-1, 20, 0, urban, "01.01.02", "清溪镇/三中村", "三中村路灯不亮", 0, true},
	{-3, 9, 0, urban, "01.02.02", "清溪镇", "菜市场门口占道经营", 30 * time.Hour, false},
	// The week, 3 to 9 March.
	{4, 21, 0, urban, "01.02.03", "清溪镇/三中村/一组", "三中村工地晚上还在打桩，吵得睡不着", 24 * time.Hour, false},
	{4, 21, 10, urban, "01.02.03", "清溪镇/三中村/一组", "三中村建筑工地夜间施工噪音扰民", 24 * time.Hour, false},
	{4, 21, 20, urban, "01.02.03", "清溪镇/三中村/一组", "市民来电反映：三中村工地夜间施工噪音扰民，请求相关部门处理", 24 * time.Hour, false},
	{4, 21, 30, urban, "01.02.03", "清溪镇/三中村/一组", "三中村工地半夜打桩，噪音很大", 24 * time.Hour, false},
	{4, 21, 40, urban, "01.02.03", "清溪镇/三中村/一组", "三中村工地夜间施工，吵得睡不着", 24 * time.Hour, false},
	{5, 8, 0, env, "02.01.03", "清溪镇/三中村", "三中村建筑工地夜间施工扰民，灰尘也大", 48 * time.Hour, false},
	{6, 19, 0, urban, "01.01.02", "清溪镇/五里村", "五里村路灯不亮", 0, false},
	{7, 20, 0, urban, "01.01.02", "清溪镇/五里村", "五里村路灯坏了好几天", 0, false},
	{8, 21, 0, urban, "01.01.02", "清溪镇/五里村/三组", "五里村的路灯晚上不亮", 0, false},
	{5, 9, 0, env, "02.01.01", "清溪镇/五里村", "工厂排放废气", 72 * time.Hour, false},
	{6, 9, 0, env, "02.01.01", "清溪镇/五里村", "工厂晚上偷偷排黑烟", 0, false},
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("digest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write Markdown and xlsx in both languages under this directory")
	lang := fs.String("lang", "zh", "language on stdout: zh or en")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	tag := language.Chinese
	switch *lang {
	case "zh":
	case "en":
		tag = language.English
	default:
		fmt.Fprintf(stderr, "digest: -lang %q: want zh or en\n", *lang)
		return 2
	}
	ds, links, err := simulate()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *out == "" {
		for _, l := range links {
			fmt.Fprintln(stdout, l)
		}
		fmt.Fprintln(stdout)
		n := digest.NotifierFunc(func(_ context.Context, d digest.Digest) error {
			if err := d.WriteMarkdown(stdout, tag); err != nil {
				return err
			}
			_, err := fmt.Fprintln(stdout)
			return err
		})
		if err := digest.Send(context.Background(), n, ds); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		return 0
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := digest.Send(context.Background(), files{dir: *out, log: stdout}, ds); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// files is a Notifier that writes each digest as Markdown and xlsx, in
// Chinese and English, under dir, and names each file on log.
type files struct {
	dir string
	log io.Writer
}

func (f files) Notify(_ context.Context, d digest.Digest) error {
	for _, l := range []struct {
		tag  language.Tag
		code string
	}{{language.Chinese, "zh"}, {language.English, "en"}} {
		var md, book bytes.Buffer
		if err := d.WriteMarkdown(&md, l.tag); err != nil {
			return err
		}
		if err := xlsx.WriteTables(&book, d.Tables(l.tag)...); err != nil {
			return err
		}
		base := filepath.Join(f.dir, d.Department+"."+l.code)
		for _, file := range []struct {
			path string
			data []byte
		}{{base + ".md", md.Bytes()}, {base + ".xlsx", book.Bytes()}} {
			if err := os.WriteFile(file.path, file.data, 0o644); err != nil {
				return err
			}
			fmt.Fprintln(f.log, file.path)
		}
	}
	return nil
}

// simulate runs the script through a service and returns the digests of
// the week ending Monday 10 March 2025 and the repeats linked on
// acceptance.
func simulate() ([]digest.Digest, []string, error) {
	var us []unit.Unit
	for _, id := range []string{urban, env, fallback} {
		us = append(us, unit.Unit{ID: id, Name: id, Kind: unit.KindDepartment, Regions: []string{"清溪镇"}})
	}
	dir, err := unit.New(us, fallback)
	if err != nil {
		return nil, nil, err
	}
	x, err := similar.New(similar.Config{})
	if err != nil {
		return nil, nil, err
	}
	var links []string
	linker, err := repeats.New(repeats.Config{Index: x,
		OnRepeat: func(_ context.Context, o *workorder.Order, ms []similar.Match) {
			links = append(links, fmt.Sprintf("%s %s ≈ %s (%.2f)", o.ID, o.Text, ms[0].ID, ms[0].Score))
		}})
	if err != nil {
		return nil, nil, err
	}
	var now time.Time
	s, err := workorder.NewService(workorder.Config{
		Store: workorder.NewMemStore(), Calendar: cn.Calendar(), Units: dir,
		Clock: workorder.ClockFunc(func() time.Time { return now }), IDs: workorder.Sequence("QX"),
		Observer: linker,
	})
	if err != nil {
		return nil, nil, err
	}
	ctx, centre := context.Background(), workorder.Centre("agent-7")
	for _, c := range script {
		now = time.Date(2025, 3, c.day, c.hour, c.minute, 0, 0, cst)
		o, err := s.Accept(ctx, centre, &workorder.Order{
			Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint,
			Text: c.text, Location: workorder.Location{Region: c.region}, Code: classify.Code(c.code),
		})
		if err != nil {
			return nil, nil, err
		}
		now = now.Add(10 * time.Minute)
		if _, err := s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: c.unit}); err != nil {
			return nil, nil, err
		}
		now = now.Add(20 * time.Minute)
		if _, err := s.Sign(ctx, workorder.Unit(c.unit), o.ID); err != nil {
			return nil, nil, err
		}
		if c.supervise {
			now = now.Add(24 * time.Hour)
			if _, err := s.Supervise(ctx, workorder.Supervisor("supervisor-1"), o.ID, "群众反映强烈"); err != nil {
				return nil, nil, err
			}
		}
		if c.finishAfter > 0 {
			now = now.Add(c.finishAfter)
			if _, err := s.Reply(ctx, workorder.Unit(c.unit), o.ID, "已处理"); err != nil {
				return nil, nil, err
			}
		}
	}
	orders, err := s.List(ctx, centre, workorder.Filter{})
	if err != nil {
		return nil, nil, err
	}
	in := make([]digest.Order, 0, len(orders))
	for _, o := range orders {
		in = append(in, digest.FromWorkorder(o))
	}
	b, err := digest.New(digest.Config{Classes: classify.Default()})
	if err != nil {
		return nil, nil, err
	}
	end := b.PeriodEnd(time.Date(2025, 3, 12, 15, 0, 0, 0, cst))
	return b.Build(in, end), links, nil
}

package assess_test

import (
	"io"
	"testing"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/assess/xlsx"
	"github.com/hotline12345/hotline/calendar/cn"
	"golang.org/x/text/language"
)

var sinkReport *assess.Report

func BenchmarkAssess(b *testing.B) {
	recs := generate(3000, 42)
	year := assess.Year(2025, shanghai)
	town, err := assess.New(assess.SchemeTown())
	if err != nil {
		b.Fatal(err)
	}
	rep, err := town.Compute(recs, year)
	if err != nil {
		b.Fatal(err)
	}
	late, err := assess.LateOrders(recs, year, assess.LateOptions{Workdays: cn.Calendar()})
	if err != nil {
		b.Fatal(err)
	}
	// The same records with a person of five per unit, every tenth
	// leader-led and every twentieth verdict exempted.
	staffed := make([]assess.Record, len(recs))
	for i, r := range recs {
		r.Person, r.Post = []string{"王五", "李四", "张三", "赵六", "钱七"}[i%5], []string{"执法队", "市容股"}[i%2]
		if i%10 == 0 {
			r.Leader = "陈镇长"
		}
		if i%20 == 0 && r.Satisfaction.Answered() {
			r.Exempt, r.ExemptReason = assess.ExemptVerdict, assess.ExemptUnreasonable
		}
		staffed[i] = r
	}
	cases := []struct {
		name string
		fn   func() error
	}{
		{"ComputeBy/person/3000", func() (err error) {
			sinkReport, err = town.ComputeBy(staffed, year, assess.ByPerson)
			return err
		}},
		{"Compute/exemptions/3000", func() (err error) { sinkReport, err = town.Compute(staffed, year); return err }},
		{"Compute/3000", func() (err error) { sinkReport, err = town.Compute(recs, year); return err }},
		{"ComputeBy/category/3000", func() (err error) {
			sinkReport, err = town.ComputeBy(recs, year, assess.ByCategory)
			return err
		}},
		{"WriteCSV/15units", func() error { return rep.WriteCSV(io.Discard) }},
		{"WriteText/zh/15units", func() error { return rep.WriteText(io.Discard, language.Chinese) }},
		{"WriteText/en/15units", func() error { return rep.WriteText(io.Discard, language.English) }},
		{"Table/WriteCSV/15units", func() error { return rep.Table(language.English).WriteCSV(io.Discard) }},
		{"LateOrders/3000", func() error {
			_, err := assess.LateOrders(recs, year, assess.LateOptions{Workdays: cn.Calendar()})
			return err
		}},
		{"xlsx.Write/15units+late", func() error { return xlsx.Write(io.Discard, rep, xlsx.Options{Late: late}) }},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.fn(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

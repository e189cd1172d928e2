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
	cases := []struct {
		name string
		fn   func() error
	}{
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

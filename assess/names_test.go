package assess_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
)

func TestMetricName(t *testing.T) {
	tests := []struct {
		m      assess.Metric
		en, zh string
	}{
		{assess.MetricResponse, "response", "响应率"},
		{assess.MetricOnTime, "on-time", "按期办结率"},
		{assess.MetricResolution, "resolution", "解决率"},
		{assess.MetricSatisfaction, "satisfaction", "满意率"},
		{assess.MetricReturn, "return", "退单率"},
		{assess.MetricReopen, "reopen", "重办率"},
		{assess.MetricExtension, "extension", "延期率"},
		{0, "Metric(0)", "Metric(0)"},
		{42, "Metric(42)", "Metric(42)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.en, tt.m.String())
		assert.Equal(t, tt.en, tt.m.Name(language.English))
		assert.Equal(t, tt.en, tt.m.Name(language.German))
		assert.Equal(t, tt.zh, tt.m.Name(language.Chinese))
		assert.Equal(t, tt.zh, tt.m.Name(language.MustParse("zh-Hant")))
	}
}

func TestSchemeName(t *testing.T) {
	tests := []struct {
		name, en, zh string
	}{
		{assess.SchemeTown().Name, "town", "镇级"},
		{assess.SchemeCounty().Name, "county", "县级"},
		{assess.SchemeBeijing().Name, "beijing", "北京"},
		{"清溪镇2025", "清溪镇2025", "清溪镇2025"},
		{"Town", "Town", "Town"},
		{"", "", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.en, assess.SchemeName(tt.name, language.English), tt.name)
		assert.Equal(t, tt.en, assess.SchemeName(tt.name, language.Und), tt.name)
		assert.Equal(t, tt.zh, assess.SchemeName(tt.name, language.SimplifiedChinese), tt.name)
		assert.Equal(t, tt.zh, assess.Scheme{Name: tt.name}.Title(language.Chinese), tt.name)
	}
}

func TestSchemeSummary(t *testing.T) {
	tests := []struct {
		s      assess.Scheme
		en, zh string
	}{
		{assess.SchemeTown(), "scheme town: response 20, on-time 30, resolution 20, satisfaction 30", "镇级方案：响应率 20、按期办结率 30、解决率 20、满意率 30"},
		{assess.SchemeBeijing(), "scheme beijing: response 10, resolution 45, satisfaction 45", "北京方案：响应率 10、解决率 45、满意率 45"},
		{assess.Scheme{}, "response 30, on-time 35, satisfaction 35", "响应率 30、按期办结率 35、满意率 35"},
		{assess.Scheme{Name: "x", Weights: []assess.Weight{}}, "scheme x: no score", "x方案：不计分"},
		{assess.Scheme{Weights: []assess.Weight{{assess.MetricReturn, 12.5}, {assess.MetricOnTime, 1500}}},
			"return 12.5, on-time 1,500", "退单率 12.5、按期办结率 1,500"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.en, tt.s.Summary(language.English))
		assert.Equal(t, tt.zh, tt.s.Summary(language.Chinese))
	}
}

func ExampleScheme_Summary() {
	for _, tag := range []language.Tag{language.English, language.Chinese} {
		fmt.Println(assess.SchemeCounty().Summary(tag))
	}
	// Output:
	// scheme county: response 30, resolution 35, satisfaction 35
	// 县级方案：响应率 30、解决率 35、满意率 35
}

package i18n

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/language"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		tag  string
		want Lang
	}{
		{"zh", Chinese}, {"zh-Hans", Chinese}, {"zh-CN", Chinese}, {"zh-TW", Chinese}, {"zh-Hant-HK", Chinese},
		{"en", English}, {"en-GB", English}, {"und", English},
		{"fr", English}, {"ja", English}, {"ar", English},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Match(language.MustParse(tt.tag)), tt.tag)
	}
	assert.Equal(t, language.Chinese, Chinese.Tag())
	assert.Equal(t, language.English, English.Tag())
}

func TestPick(t *testing.T) {
	zh, en, fr := language.Chinese, language.English, language.French
	tests := []struct {
		zh, en string
		t      language.Tag
		want   string
	}{
		{"春节", "Spring Festival", zh, "春节"},
		{"春节", "Spring Festival", language.MustParse("zh-HK"), "春节"},
		{"春节", "Spring Festival", en, "Spring Festival"},
		{"春节", "Spring Festival", fr, "Spring Festival"},
		{"春节", "", en, "春节"},
		{"", "Typhoon closure", zh, "Typhoon closure"},
		{"", "", zh, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Pick(tt.zh, tt.en, tt.t), "%q %q %v", tt.zh, tt.en, tt.t)
	}
}

func TestNames(t *testing.T) {
	n := NewNames([]string{"", "phone", "mini_program"}, []string{"", "电话", "小程序"}, map[string]int{"手机": 1})
	assert.Equal(t, 3, n.Len())
	assert.Equal(t, []string{"phone", "mini_program"}, n.Keys())
	assert.Equal(t, "小程序", n.Name(2, language.SimplifiedChinese))
	assert.Equal(t, "mini_program", n.Name(2, language.French))
	assert.Equal(t, "", n.Name(3, language.Chinese))
	assert.Equal(t, "", n.Key(-1))
	for s, want := range map[string]int{
		"phone": 1, " PHONE ": 1, "Mini_Program": 2, "电话": 1, " 小程序\t": 2, "手机": 1,
		"": -1, " ": -1, "fax": -1, "phonE2": -1, "ſms": -1, "\u212Aphone": -1,
	} {
		assert.Equal(t, want, n.Parse(s), "%q", s)
	}
	assert.Equal(t, 2, n.Index("mini_program"))
	assert.Equal(t, -1, n.Index("MINI_PROGRAM"))
	assert.Equal(t, -1, n.Index(""))
	assert.Panics(t, func() { NewNames([]string{"a"}, nil, nil) })
}

func TestWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"城管办", 6},
		{"清溪镇 office 3", 15},
		{"满意率 95.0%", 12},
		{"（全角）", 8}, // fullwidth parentheses
		{"—", 1},    // ambiguous: one column
		{"ｱ", 1},    // halfwidth katakana
		{"A１", 3},   // fullwidth digit
		{"é中", 3},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Width(tt.s), "%q", tt.s)
	}
	assert.Equal(t, "城管  |", Pad("城管", 6)+"|")
	assert.Equal(t, "  城管", PadLeft("城管", 6))
	assert.Equal(t, "城管办", Pad("城管办", 4))
}

func BenchmarkMatch(b *testing.B) {
	b.ReportAllocs()
	for _, tag := range []language.Tag{language.Chinese, language.MustParse("zh-HK"), language.French} {
		b.Run(tag.String(), func(b *testing.B) {
			for b.Loop() {
				Match(tag)
			}
		})
	}
}

func TestTable(t *testing.T) {
	rows := [][]string{{"单位", "受理", "Rate"}, {"城管分局", "4", "66.7%"}, {"Police", "12", "-"}, {"合计", "16", "70.0%"}}
	want := "" +
		"单位      受理   Rate\n" +
		"---------------------\n" +
		"城管分局     4  66.7%\n" +
		"Police      12      -\n" +
		"---------------------\n" +
		"合计        16  70.0%\n"
	assert.Equal(t, want, Table(rows, true))
	assert.Equal(t, ""+
		"单位      受理   Rate\n"+
		"---------------------\n"+
		"城管分局     4  66.7%\n"+
		"Police      12      -\n"+
		"合计        16  70.0%\n", Table(rows, false), "no totals, no rule above the last row")
	assert.Equal(t, "a    1\n------\nbbb  2\n", Table([][]string{{"a", "1"}, {"bbb", "2"}}, true), "header and one row: one rule")
	assert.Equal(t, "", Table(nil, true))
	assert.Equal(t, "a\n", Table([][]string{{"a"}}, true), "one row, no rule")

	assert.Equal(t, ""+
		"目标  Due\n"+
		"sign  9月26日 12:00\n"+
		"x\n", Columns([][]string{{"目标", "Due"}, {"sign", "9月26日 12:00"}, {"x", ""}}))
}

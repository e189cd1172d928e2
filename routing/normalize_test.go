package routing

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

var normalizeCases = []struct{ in, want string }{
	{"ＡＢＣ１２", "abc12"},
	{"abc12", "abc12"},
	{"ABC超市", "abc超市"},
	{"井盖丢失，很危险！", "井盖丢失,很危险!"},
	{"（噪音）", "(噪音)"},
	{"「噪音」、。", "「噪音」、。"},
	{"ｅ\u0301", "é"},           // a full-width letter then a combining accent
	{"E\u0301", "é"},           // an ASCII letter then a combining accent
	{"噪\u0301音", "噪\u0301音"},   // a mark after an ideograph stays
	{"ﬁ ｶﾞ ㈱ ①", "fi ガ (株) 1"}, // compatibility forms
	{"STRASSE Straße", "strasse strasse"},
	{"ΣΑΣ", "σασ"},
	{"\u3000夜间\u3000", " 夜间 "}, // ideographic space
	{"", ""},
}

func TestNormalize(t *testing.T) {
	for _, c := range normalizeCases {
		assert.Equal(t, c.want, Normalize(c.in), "%q", c.in)
		assert.Equal(t, reference(c.in), Normalize(c.in), "%q", c.in)
	}
	assert.Equal(t, Normalize("ＡＢＣ１２"), Normalize("abc12"))
}

// reference is NFKC then case folding of the whole string by x/text alone.
func reference(s string) string {
	return cases.Fold().String(norm.NFKC.String(s))
}

func FuzzNormalize(f *testing.F) {
	for _, c := range normalizeCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			Normalize(s) // must not panic
			return
		}
		if got, want := Normalize(s), reference(s); got != want {
			t.Fatalf("Normalize(%q) = %q, want %q", s, got, want)
		}
	})
}

// cleanRegion returns a region path in normal form: normalised, spaces
// around segments and empty segments dropped, joined by "/".
func cleanRegion(s string) string {
	var n normalizer
	return string(n.region(nil, s))
}

func TestCleanRegion(t *testing.T) {
	for in, want := range map[string]string{
		"清溪镇/三中村":       "清溪镇/三中村",
		" 清溪镇 / 三中村 / ": "清溪镇/三中村",
		"/清溪镇//三中村/":    "清溪镇/三中村",
		"清溪镇／三中村":       "清溪镇/三中村",
		`清溪镇\三中村`:       "清溪镇/三中村",
		"清溪镇/三中村/ A栋":   "清溪镇/三中村/a栋",
		"清溪镇/三 中村":      "清溪镇/三 中村",
		"":              "",
		" / ":           "",
	} {
		assert.Equal(t, want, cleanRegion(in), "%q", in)
	}
}

func TestAutomaton(t *testing.T) {
	keywords := []string{"he", "she", "his", "hers", "噪音", "夜间噪音", "音", "井盖", "盖子", "𠀋字"}
	a := buildAutomaton(keywords)
	for _, c := range []struct {
		text string
		want []string
	}{
		{"ushers", []string{"she", "he", "hers"}},
		{"ahishers", []string{"his", "she", "he", "hers"}},
		{"夜间噪音很大", []string{"音", "夜间噪音", "噪音"}},
		{"井盖子", []string{"井盖", "盖子"}},
		{"一个𠀋字", []string{"𠀋字"}},
		{"h e", nil},
		{"", nil},
		{"\xff\xfehe\xe4", []string{"he"}},
	} {
		seen := make([]uint64, 1)
		var got []string
		for _, id := range a.scan([]byte(c.text), seen, nil) {
			got = append(got, keywords[id])
		}
		slices.Sort(got)
		want := slices.Clone(c.want)
		slices.Sort(want)
		assert.Equal(t, want, got, c.text)
		for i, k := range keywords {
			assert.Equal(t, strings.Contains(c.text, k), seen[0]&(1<<i) != 0, "%q in %q", k, c.text)
		}
	}
}

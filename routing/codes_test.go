package routing

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const codesYAML = `centre: 政务服务中心
fallback: 政务服务中心
rules:
  - name: 市容环境
    priority: 10
    codes: ["01.02"]
    lead: 城管分局
  - name: 噪音扰民
    priority: 50
    codes: ["01.02.03", "05.01.02"]
    lead: 生态环境分局
  - name: 夜间噪音
    priority: 60
    codes: ["01.02.03"]
    any: [夜间, 凌晨]
    lead: 派出所
`

func TestRuleCodes(t *testing.T) {
	cfg, err := Parse(strings.NewReader(codesYAML))
	require.NoError(t, err)
	assert.Equal(t, []string{"01.02.03", "05.01.02"}, cfg.Rules[1].Codes)
	rs := mustCompile(t, cfg, Options{})
	nv := newNaive(cfg)
	cases := []struct {
		code, text string
		rules      []string
	}{
		{"01.02", "", []string{"市容环境"}},
		{"01.02.01", "", []string{"市容环境"}},
		{"01.02.03", "", []string{"噪音扰民", "市容环境"}},
		{"01.02.03", "凌晨施工", []string{"夜间噪音", "噪音扰民", "市容环境"}},
		{"05.01.02", "", []string{"噪音扰民"}},
		{"05.01", "", []string{}},  // above the subtree
		{"01.020", "", []string{}}, // not below 01.02 by whole segments
		{"01", "", []string{}},     // a parent of the rule's code
		{"", "凌晨施工噪音", []string{}}, // no code: no rule with codes
	}
	for _, tc := range cases {
		req := &Request{ID: "1", Code: tc.code, Text: tc.text}
		d, err := rs.Decide(req)
		require.NoError(t, err, tc.code)
		assert.Equal(t, tc.rules, d.Rules, "code %q text %q", tc.code, tc.text)
		want := nv.matches(req)
		if want == nil {
			want = []string{}
		}
		assert.Equal(t, want, d.Rules, "naive, code %q", tc.code)
	}
}

func TestRequestCodeValidated(t *testing.T) {
	rs := mustCompile(t, &Config{Centre: "c", Fallback: "f"}, Options{})
	for _, code := range []string{"01..02", "a", "01.", " 01"} {
		_, err := rs.Decide(&Request{ID: "1", Code: code})
		assert.True(t, errors.Is(err, ErrInvalidRequest), "code %q: %v", code, err)
	}
	_, err := rs.Decide(&Request{ID: "1", Code: "01.02.03"})
	assert.NoError(t, err)
}

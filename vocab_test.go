package hotline_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
)

// parsers maps each kind to its parser, returning the English key of the
// value parsed.
var parsers = map[string]func(string) (string, error){
	"category":     parseAs(hotline.ParseCategory),
	"urgency":      parseAs(hotline.ParseUrgency),
	"channel":      parseAs(hotline.ParseChannel),
	"satisfaction": parseAs(hotline.ParseSatisfaction),
	"resolution":   parseAs(hotline.ParseResolution),
}

func parseAs[T fmt.Stringer](parse func(string) (T, error)) func(string) (string, error) {
	return func(s string) (string, error) {
		v, err := parse(s)
		if err != nil {
			return "", err
		}
		return v.String(), nil
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		kind, in, want string
	}{
		{"category", "complaint", "complaint"},
		{"category", " Complaint ", "complaint"},
		{"category", "COMPLAINT", "complaint"},
		{"category", "投诉", "complaint"},
		{"category", "\t咨询\n", "consultation"},
		{"urgency", "Emergency", "emergency"},
		{"urgency", "紧急", "emergency"},
		{"urgency", "一般", "normal"},
		{"urgency", "普通", "normal"},
		{"channel", "MINI_PROGRAM", "mini_program"},
		{"channel", "微信公众号", "wechat"},
		{"channel", " sms ", "sms"},
		{"satisfaction", "satisfied", "satisfied"},
		{"satisfaction", "Basically_Satisfied", "basically_satisfied"},
		{"satisfaction", "非常满意", "very_satisfied"},
		{"satisfaction", "非常不满意", "very_dissatisfied"},
		{"satisfaction", "不满意", "dissatisfied"},
		{"satisfaction", "unreachable", "unreachable"},
		{"satisfaction", "未接通", "unreachable"},
		{"resolution", "Resolved", "resolved"},
		{"resolution", "未解决", "unresolved"},
	}
	for _, tt := range tests {
		got, err := parsers[tt.kind](tt.in)
		require.NoError(t, err, "%s %q", tt.kind, tt.in)
		assert.Equal(t, tt.want, got, "%s %q", tt.kind, tt.in)
	}
}

func TestParseUnknown(t *testing.T) {
	accepted := map[string][]string{
		"category":     {"consultation", "help", "complaint", "report", "suggestion", "praise", "other"},
		"urgency":      {"normal", "emergency"},
		"channel":      {"phone", "web", "app", "mini_program", "wechat", "sms", "email", "letter", "visit", "transfer"},
		"satisfaction": {"very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied", "unreachable"},
		"resolution":   {"resolved", "unresolved"},
	}
	for kind, parse := range parsers {
		for _, in := range []string{"", " ", "fax", "complaint!", "ＣＯＭＰＬＡＩＮＴ", "0", "1"} {
			_, err := parse(in)
			require.Error(t, err, "%s %q", kind, in)
			assert.ErrorIs(t, err, hotline.ErrUnknownName)
			var ne *hotline.NameError
			require.ErrorAs(t, err, &ne)
			assert.Equal(t, kind, ne.Kind)
			assert.Equal(t, in, ne.Name)
			assert.Equal(t, accepted[kind], ne.Accepted)
			assert.Contains(t, err.Error(), accepted[kind][1])
		}
	}
	_, err := hotline.ParseChannel("fax")
	assert.EqualError(t, err, `unknown channel "fax" (accepted: phone, web, app, mini_program, wechat, sms, email, letter, visit, transfer, or their Chinese names)`)
}

func TestNames(t *testing.T) {
	zh, en, fr, tw := language.Chinese, language.English, language.French, language.MustParse("zh-TW")
	tests := []struct {
		v      interface{ Name(language.Tag) string }
		zh, en string
	}{
		{hotline.CategoryComplaint, "投诉", "complaint"},
		{hotline.Category("noise"), "noise", "noise"},
		{hotline.Category(""), "", ""},
		{hotline.UrgencyEmergency, "紧急", "emergency"},
		{hotline.UrgencyNormal, "一般", "normal"},
		{hotline.ChannelMiniProgram, "小程序", "mini_program"},
		{hotline.Channel(0), "Channel(0)", "Channel(0)"},
		{hotline.Channel(200), "Channel(200)", "Channel(200)"},
		{hotline.BasicallySatisfied, "基本满意", "basically_satisfied"},
		{hotline.Unreachable, "未接通", "unreachable"},
		{hotline.Unrated, "", ""},
		{hotline.Satisfaction(9), "Satisfaction(9)", "Satisfaction(9)"},
		{hotline.Resolved, "已解决", "resolved"},
		{hotline.Unanswered, "", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.zh, tt.v.Name(zh), "%v", tt.v)
		assert.Equal(t, tt.zh, tt.v.Name(tw), "%v", tt.v)
		assert.Equal(t, tt.en, tt.v.Name(en), "%v", tt.v)
		assert.Equal(t, tt.en, tt.v.Name(fr), "%v fallback", tt.v)
	}
	assert.Equal(t, []language.Tag{language.English, language.Chinese}, hotline.Languages())
}

func TestValidAndLists(t *testing.T) {
	assert.Len(t, hotline.Categories(), 7)
	assert.Equal(t, []hotline.Urgency{hotline.UrgencyNormal, hotline.UrgencyEmergency}, hotline.Urgencies())
	assert.Len(t, hotline.Channels(), 10)
	assert.Equal(t, hotline.ChannelPhone, hotline.Channels()[0])
	assert.Equal(t, []hotline.Satisfaction{hotline.VerySatisfied, hotline.Satisfied, hotline.BasicallySatisfied,
		hotline.Dissatisfied, hotline.VeryDissatisfied, hotline.Unreachable}, hotline.Satisfactions())
	assert.Equal(t, []hotline.Resolution{hotline.Resolved, hotline.Unresolved}, hotline.Resolutions())

	c := hotline.Categories()
	c[0] = "changed"
	assert.Equal(t, hotline.CategoryConsultation, hotline.Categories()[0], "a fresh slice each call")

	for _, v := range hotline.Categories() {
		assert.True(t, v.Valid())
	}
	assert.False(t, hotline.Category("").Valid())
	assert.False(t, hotline.Category("Complaint").Valid(), "Valid takes the key as stored")
	assert.False(t, hotline.Urgency("").Valid())
	assert.False(t, hotline.Channel(0).Valid())
	assert.False(t, hotline.Channel(11).Valid())
	assert.False(t, hotline.Unrated.Valid())
	assert.True(t, hotline.Unreachable.Valid())
	assert.False(t, hotline.Satisfaction(7).Valid())
	assert.False(t, hotline.Unanswered.Valid())
	assert.False(t, hotline.Resolution(3).Valid())

	for s, want := range map[hotline.Satisfaction]bool{hotline.Unrated: false, hotline.VerySatisfied: true,
		hotline.Dissatisfied: true, hotline.VeryDissatisfied: true, hotline.Unreachable: false, 9: false} {
		assert.Equal(t, want, s.Answered(), "%v", s)
	}
	assert.Equal(t, 2, hotline.CategoryComplaint.Index())
	assert.Equal(t, -1, hotline.Category("x").Index())
}

type form struct {
	Category     hotline.Category     `json:"category" yaml:"category"`
	Urgency      hotline.Urgency      `json:"urgency" yaml:"urgency"`
	Channel      hotline.Channel      `json:"channel" yaml:"channel"`
	Satisfaction hotline.Satisfaction `json:"satisfaction" yaml:"satisfaction"`
	Resolution   hotline.Resolution   `json:"resolution" yaml:"resolution"`
}

func TestText(t *testing.T) {
	in := form{hotline.CategoryHelp, hotline.UrgencyEmergency, hotline.ChannelWeChat, hotline.VeryDissatisfied, hotline.Unresolved}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"category":"help","urgency":"emergency","channel":"wechat","satisfaction":"very_dissatisfied","resolution":"unresolved"}`, string(b))
	var out form
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)

	// Zero verdicts are written and read as "".
	b, err = json.Marshal(form{Category: hotline.CategoryOther, Urgency: hotline.UrgencyNormal, Channel: hotline.ChannelWeb})
	require.NoError(t, err)
	assert.JSONEq(t, `{"category":"other","urgency":"normal","channel":"web","satisfaction":"","resolution":""}`, string(b))
	out = form{Satisfaction: hotline.Satisfied, Resolution: hotline.Resolved}
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, hotline.Unrated, out.Satisfaction)
	assert.Equal(t, hotline.Unanswered, out.Resolution)

	// YAML reads Chinese names.
	require.NoError(t, yaml.Unmarshal([]byte("category: 投诉\nurgency: 普通\nchannel: 电话\nsatisfaction: 基本满意\nresolution: 已解决\n"), &out))
	assert.Equal(t, form{hotline.CategoryComplaint, hotline.UrgencyNormal, hotline.ChannelPhone, hotline.BasicallySatisfied, hotline.Resolved}, out)

	// Unknown names on either side are errors naming the kind.
	err = json.Unmarshal([]byte(`{"channel":"fax"}`), &out)
	assert.ErrorIs(t, err, hotline.ErrUnknownName)
	for _, v := range []any{form{Category: "noise"}, form{Urgency: "soon"}, form{Channel: 11},
		form{Category: hotline.CategoryHelp, Urgency: hotline.UrgencyNormal, Channel: 1, Satisfaction: 7},
		form{Resolution: 3}} {
		_, err := json.Marshal(v)
		assert.ErrorIs(t, err, hotline.ErrUnknownName, "%+v", v)
	}

	// Zero values, which mean "not set", are written and read as "".
	b, err = json.Marshal(form{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"category":"","urgency":"","channel":"","satisfaction":"","resolution":""}`, string(b))
	out = in
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, form{}, out)
	// Blank is not empty: it is an unknown name.
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"channel":" "}`), &out), hotline.ErrUnknownName)
}

// FuzzParse checks that no input makes a parser panic, that a parsed value
// is valid, and that every value's key and names parse back to it.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"complaint", " 投诉 ", "EMERGENCY", "普通", "mini_program", "未接通", "resolved", "", "ſms", "\u212Aomplaint"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, err := hotline.ParseCategory(s); err == nil {
			roundTrip(t, c, hotline.ParseCategory)
		}
		if u, err := hotline.ParseUrgency(s); err == nil {
			roundTrip(t, u, hotline.ParseUrgency)
		}
		if c, err := hotline.ParseChannel(s); err == nil {
			roundTrip(t, c, hotline.ParseChannel)
		}
		if v, err := hotline.ParseSatisfaction(s); err == nil {
			roundTrip(t, v, hotline.ParseSatisfaction)
		}
		if r, err := hotline.ParseResolution(s); err == nil {
			roundTrip(t, r, hotline.ParseResolution)
		}
	})
}

type named interface {
	comparable
	fmt.Stringer
	Name(language.Tag) string
	Valid() bool
}

func roundTrip[T named](t *testing.T, v T, parse func(string) (T, error)) {
	t.Helper()
	if !v.Valid() {
		t.Fatalf("parsed %v is not valid", v)
	}
	for _, s := range []string{v.String(), v.Name(language.Chinese), v.Name(language.English)} {
		got, err := parse(s)
		if err != nil || got != v {
			t.Fatalf("parse(%q) = %v, %v; want %v", s, got, err, v)
		}
	}
}

func TestAllRoundTrip(t *testing.T) {
	for _, v := range hotline.Categories() {
		roundTrip(t, v, hotline.ParseCategory)
	}
	for _, v := range hotline.Urgencies() {
		roundTrip(t, v, hotline.ParseUrgency)
	}
	for _, v := range hotline.Channels() {
		roundTrip(t, v, hotline.ParseChannel)
	}
	for _, v := range hotline.Satisfactions() {
		roundTrip(t, v, hotline.ParseSatisfaction)
	}
	for _, v := range hotline.Resolutions() {
		roundTrip(t, v, hotline.ParseResolution)
	}
}

func TestErrorsIs(t *testing.T) {
	err := fmt.Errorf("sla: policy %q: %w", "x", &hotline.NameError{Kind: "category", Name: "y"})
	assert.True(t, errors.Is(err, hotline.ErrUnknownName))

	own := errors.New("unknown clock")
	err = fmt.Errorf("sla: %w", &hotline.NameError{Kind: "clock", Name: "y", Accepted: []string{"natural"}, Also: own})
	assert.ErrorIs(t, err, hotline.ErrUnknownName)
	assert.ErrorIs(t, err, own)
	assert.EqualError(t, err, `sla: unknown clock "y" (accepted: natural, or their Chinese names)`)
}

func TestValidate(t *testing.T) {
	assert.NoError(t, hotline.CategoryPraise.Validate())
	assert.NoError(t, hotline.UrgencyNormal.Validate())
	assert.NoError(t, hotline.ChannelVisit.Validate())
	assert.NoError(t, hotline.Unreachable.Validate())
	assert.NoError(t, hotline.Resolved.Validate())
	var ne *hotline.NameError
	for _, err := range []error{hotline.Category("Praise").Validate(), hotline.Urgency("").Validate(),
		hotline.Channel(0).Validate(), hotline.Satisfaction(8).Validate(), hotline.Unanswered.Validate()} {
		assert.ErrorIs(t, err, hotline.ErrUnknownName)
		assert.ErrorAs(t, err, &ne)
	}
	assert.EqualError(t, hotline.Urgency("soon").Validate(), `unknown urgency "soon" (accepted: normal, emergency, or their Chinese names)`)
	assert.EqualError(t, hotline.Channel(12).Validate(), `unknown channel "Channel(12)" (accepted: phone, web, app, mini_program, wechat, sms, email, letter, visit, transfer, or their Chinese names)`)
}

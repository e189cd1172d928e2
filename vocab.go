package hotline

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
)

// ErrUnknownName is wrapped by every error about a name that is not one of
// an enumeration's names: a category, urgency, channel, satisfaction or
// resolution here, and a state, step or role in package workorder.
var ErrUnknownName = errors.New("unknown name")

// NameError reports a name that is not one of an enumeration's names. It
// wraps [ErrUnknownName], and Also when set.
type NameError struct {
	Kind     string   // what was parsed, e.g. "category"
	Name     string   // the name as given
	Accepted []string // the accepted English keys, in order; Chinese names are accepted too
	// Also is a package's own sentinel for the kind that the error wraps
	// too, such as sla.ErrUnknownClock; nil for none.
	Also error
}

// Error returns e.g. `unknown channel "fax" (accepted: phone, web, ...)`.
func (e *NameError) Error() string {
	return fmt.Sprintf("unknown %s %q (accepted: %s, or their Chinese names)", e.Kind, e.Name, strings.Join(e.Accepted, ", "))
}

// Unwrap returns [ErrUnknownName], and Also when set.
func (e *NameError) Unwrap() []error {
	if e.Also == nil {
		return []error{ErrUnknownName}
	}
	return []error{ErrUnknownName, e.Also}
}

// Languages returns the languages every Name method of the library knows,
// English first. A Name method given any other tag answers in English.
func Languages() []language.Tag { return i18n.Languages() }

// Category is the kind of request an order carries (诉求类别), stored as its
// English key. The zero value is no category and is not valid; in an sla
// policy or key an empty Category matches any.
type Category string

// The categories of 12345 requests.
const (
	CategoryConsultation Category = "consultation" // 咨询
	CategoryHelp         Category = "help"         // 求助
	CategoryComplaint    Category = "complaint"    // 投诉
	CategoryReport       Category = "report"       // 举报
	CategorySuggestion   Category = "suggestion"   // 建议
	CategoryPraise       Category = "praise"       // 表扬
	CategoryOther        Category = "other"        // 其他
)

var categoryEnum = &enum{kind: "category", typ: "Category", names: i18n.NewNames(
	[]string{"consultation", "help", "complaint", "report", "suggestion", "praise", "other"},
	[]string{"咨询", "求助", "投诉", "举报", "建议", "表扬", "其他"},
	nil)}

// Categories returns every category in a fixed order, in a new slice.
func Categories() []Category { return keys[Category](categoryEnum) }

// String returns c's English key, which is c itself.
func (c Category) String() string { return string(c) }

// Name returns c's name in the language best matching t: "投诉" for
// Chinese tags, "complaint" for all others. An unknown category is
// returned as it is.
func (c Category) Name(t language.Tag) string { return nameOf(categoryEnum, string(c), t) }

// Valid reports whether c is one of the categories.
func (c Category) Valid() bool { return categoryEnum.names.Index(string(c)) >= 0 }

// Validate returns nil when c is valid, else a [*NameError] naming it.
func (c Category) Validate() error { return categoryEnum.check(c.Valid(), string(c)) }

// Index returns c's position in [Categories], or -1 when c is not valid.
func (c Category) Index() int { return categoryEnum.names.Index(string(c)) }

// ParseCategory returns the category named s: its English key in any ASCII
// case or its Chinese name, surrounding spaces ignored. Anything else,
// the empty string included, gives a [*NameError].
func ParseCategory(s string) (Category, error) {
	return parseString[Category](categoryEnum, s)
}

// MarshalText encodes c as its English key, and the zero value (no
// category) as ""; any other invalid c is a [*NameError].
func (c Category) MarshalText() ([]byte, error) {
	return marshalString(categoryEnum, string(c))
}

// UnmarshalText decodes any name [ParseCategory] accepts, and "" as the
// zero value.
func (c *Category) UnmarshalText(b []byte) error { return unmarshal(c, ParseCategory, b) }

// Urgency says how fast an order must be handled (紧急程度), stored as its
// English key. The zero value is no urgency and is not valid; in an sla
// policy or key an empty Urgency matches any, and routing treats it as
// normal.
type Urgency string

// The urgencies.
const (
	UrgencyNormal    Urgency = "normal"    // 一般 (also 普通)
	UrgencyEmergency Urgency = "emergency" // 紧急
)

var urgencyEnum = &enum{kind: "urgency", typ: "Urgency", names: i18n.NewNames(
	[]string{"normal", "emergency"},
	[]string{"一般", "紧急"},
	map[string]int{"普通": 0})}

// Urgencies returns every urgency in a fixed order, in a new slice.
func Urgencies() []Urgency { return keys[Urgency](urgencyEnum) }

// String returns u's English key, which is u itself.
func (u Urgency) String() string { return string(u) }

// Name returns u's name in the language best matching t: "紧急" or
// "emergency". An unknown urgency is returned as it is.
func (u Urgency) Name(t language.Tag) string { return nameOf(urgencyEnum, string(u), t) }

// Valid reports whether u is one of the urgencies.
func (u Urgency) Valid() bool { return urgencyEnum.names.Index(string(u)) >= 0 }

// Validate returns nil when u is valid, else a [*NameError] naming it.
func (u Urgency) Validate() error { return urgencyEnum.check(u.Valid(), string(u)) }

// ParseUrgency returns the urgency named s: its English key in any ASCII
// case, its Chinese name or 普通 for normal, surrounding spaces ignored.
// Anything else, the empty string included, gives a [*NameError].
func ParseUrgency(s string) (Urgency, error) {
	return parseString[Urgency](urgencyEnum, s)
}

// MarshalText encodes u as its English key, and the zero value (no
// urgency) as ""; any other invalid u is a [*NameError].
func (u Urgency) MarshalText() ([]byte, error) {
	return marshalString(urgencyEnum, string(u))
}

// UnmarshalText decodes any name [ParseUrgency] accepts, and "" as the
// zero value.
func (u *Urgency) UnmarshalText(b []byte) error { return unmarshal(u, ParseUrgency, b) }

// Channel is how a request reached the hotline (来源渠道). The zero value is
// no channel and is not valid.
type Channel uint8

// The channels.
const (
	ChannelPhone       Channel = iota + 1 // 电话
	ChannelWeb                            // 网站
	ChannelApp                            // 手机应用
	ChannelMiniProgram                    // 小程序
	ChannelWeChat                         // 微信公众号
	ChannelSMS                            // 短信
	ChannelEmail                          // 电子邮件
	ChannelLetter                         // 来信
	ChannelVisit                          // 来访
	ChannelTransfer                       // 转办: from 110 or a higher-level platform
)

var channelEnum = &enum{kind: "channel", typ: "Channel", names: i18n.NewNames(
	[]string{"", "phone", "web", "app", "mini_program", "wechat", "sms", "email", "letter", "visit", "transfer"},
	[]string{"", "电话", "网站", "手机应用", "小程序", "微信公众号", "短信", "电子邮件", "来信", "来访", "转办"},
	nil)}

// Channels returns every channel in declaration order, in a new slice.
func Channels() []Channel { return values[Channel](channelEnum) }

// String returns c's English key ("mini_program"), or "Channel(n)" for an
// undeclared value, the zero value included.
func (c Channel) String() string { return channelEnum.str(int(c)) }

// Name returns c's name in the language best matching t ("小程序" or
// "mini_program"), or c.String() for an undeclared value.
func (c Channel) Name(t language.Tag) string { return channelEnum.name(int(c), t) }

// Valid reports whether c is a declared channel (not zero).
func (c Channel) Valid() bool { return channelEnum.names.Key(int(c)) != "" }

// Validate returns nil when c is valid, else a [*NameError] naming it.
func (c Channel) Validate() error { return channelEnum.check(c.Valid(), c.String()) }

// ParseChannel returns the channel named s: its English key in any ASCII
// case or its Chinese name, surrounding spaces ignored. Anything else
// gives a [*NameError].
func ParseChannel(s string) (Channel, error) { return parseValue[Channel](channelEnum, s) }

// MarshalText encodes c as its English key, and the zero value (no
// channel) as ""; any other undeclared c is a [*NameError].
func (c Channel) MarshalText() ([]byte, error) { return marshalValue(channelEnum, c) }

// UnmarshalText decodes any name [ParseChannel] accepts, and "" as the
// zero value.
func (c *Channel) UnmarshalText(b []byte) error { return unmarshalValue(channelEnum, c, b) }

// Satisfaction is the caller's verdict at the callback (回访满意度), on a
// five-level scale (非常满意, 满意, 基本满意, 不满意, 非常不满意) of which the
// three-level scale uses the middle three, or Unreachable when the caller
// could not be reached. The zero value, Unrated, means no callback yet or
// no verdict; its String and Name are "".
type Satisfaction uint8

// The verdicts, best first, then Unreachable.
const (
	Unrated            Satisfaction = iota // no verdict
	VerySatisfied                          // 非常满意 (five-level scale)
	Satisfied                              // 满意
	BasicallySatisfied                     // 基本满意
	Dissatisfied                           // 不满意
	VeryDissatisfied                       // 非常不满意 (five-level scale)
	Unreachable                            // 未接通: the caller could not be reached
)

var satisfactionEnum = &enum{kind: "satisfaction", typ: "Satisfaction", none: true, names: i18n.NewNames(
	[]string{"", "very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied", "unreachable"},
	[]string{"", "非常满意", "满意", "基本满意", "不满意", "非常不满意", "未接通"},
	nil)}

// Satisfactions returns every declared verdict, Unrated excluded, in a new
// slice.
func Satisfactions() []Satisfaction { return values[Satisfaction](satisfactionEnum) }

// String returns s's English key ("basically_satisfied"), "" for Unrated,
// or "Satisfaction(n)" for an undeclared value.
func (s Satisfaction) String() string { return satisfactionEnum.str(int(s)) }

// Name returns s's name in the language best matching t ("基本满意" or
// "basically_satisfied"), "" for Unrated, or s.String() for an undeclared
// value.
func (s Satisfaction) Name(t language.Tag) string { return satisfactionEnum.name(int(s), t) }

// Valid reports whether s is a declared verdict (not Unrated).
func (s Satisfaction) Valid() bool { return satisfactionEnum.names.Key(int(s)) != "" }

// Validate returns nil when s is valid, else a [*NameError] naming it.
func (s Satisfaction) Validate() error { return satisfactionEnum.check(s.Valid(), s.String()) }

// Answered reports whether s is an answer on the satisfaction scale, from
// VerySatisfied to VeryDissatisfied: not Unrated, not Unreachable.
func (s Satisfaction) Answered() bool { return s >= VerySatisfied && s <= VeryDissatisfied }

// ParseSatisfaction returns the verdict named s: its English key in any
// ASCII case or its Chinese name, surrounding spaces ignored. Anything
// else, the empty string included, gives a [*NameError].
func ParseSatisfaction(s string) (Satisfaction, error) {
	return parseValue[Satisfaction](satisfactionEnum, s)
}

// MarshalText encodes s as its English key, Unrated as ""; an undeclared s
// is a [*NameError].
func (s Satisfaction) MarshalText() ([]byte, error) {
	return marshalValue(satisfactionEnum, s)
}

// UnmarshalText decodes any name [ParseSatisfaction] accepts, and "" as
// Unrated.
func (s *Satisfaction) UnmarshalText(b []byte) error { return unmarshalValue(satisfactionEnum, s, b) }

// Resolution is the caller's answer at the callback to whether the matter
// was resolved (是否解决), which assessment schemes count apart from
// satisfaction (解决率). The zero value, Unanswered, means not asked or no
// answer; its String and Name are "".
type Resolution uint8

// The answers.
const (
	Unanswered Resolution = iota // not asked or no answer
	Resolved                     // 已解决
	Unresolved                   // 未解决
)

var resolutionEnum = &enum{kind: "resolution", typ: "Resolution", none: true, names: i18n.NewNames(
	[]string{"", "resolved", "unresolved"},
	[]string{"", "已解决", "未解决"},
	nil)}

// Resolutions returns every declared answer, Unanswered excluded, in a new
// slice.
func Resolutions() []Resolution { return values[Resolution](resolutionEnum) }

// String returns r's English key ("resolved"), "" for Unanswered, or
// "Resolution(n)" for an undeclared value.
func (r Resolution) String() string { return resolutionEnum.str(int(r)) }

// Name returns r's name in the language best matching t ("已解决" or
// "resolved"), "" for Unanswered, or r.String() for an undeclared value.
func (r Resolution) Name(t language.Tag) string { return resolutionEnum.name(int(r), t) }

// Valid reports whether r is a declared answer (not Unanswered).
func (r Resolution) Valid() bool { return resolutionEnum.names.Key(int(r)) != "" }

// Validate returns nil when r is valid, else a [*NameError] naming it.
func (r Resolution) Validate() error { return resolutionEnum.check(r.Valid(), r.String()) }

// ParseResolution returns the answer named s: its English key in any ASCII
// case or its Chinese name, surrounding spaces ignored. Anything else, the
// empty string included, gives a [*NameError].
func ParseResolution(s string) (Resolution, error) {
	return parseValue[Resolution](resolutionEnum, s)
}

// MarshalText encodes r as its English key, Unanswered as ""; an
// undeclared r is a [*NameError].
func (r Resolution) MarshalText() ([]byte, error) { return marshalValue(resolutionEnum, r) }

// UnmarshalText decodes any name [ParseResolution] accepts, and "" as
// Unanswered.
func (r *Resolution) UnmarshalText(b []byte) error { return unmarshalValue(resolutionEnum, r, b) }

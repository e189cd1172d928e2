package classify

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/internal/conf"
	"github.com/hotline12345/hotline/internal/i18n"
)

// Errors about a reason given for an action, matched with errors.Is; the
// error is a *ReasonError.
var (
	// ErrUnknownReason: the reason list has no reason with that code for
	// that kind of action.
	ErrUnknownReason = errors.New("unknown reason")
	// ErrTextRequired: the reason needs an explanation in free text and
	// none was given.
	ErrTextRequired = errors.New("explanation required")
)

// ReasonKind is the action a reason is given for. The zero value is no
// kind and is not valid.
type ReasonKind uint8

// The kinds of reason.
const (
	ReasonNotAccepted ReasonKind = iota + 1 // 不予受理: the hotline does not take the request
	ReasonCancel                            // 撤单: the order is withdrawn before it is handled
	ReasonReturn                            // 退单: a unit sends a dispatched order back

	numReasonKinds = iota + 1
)

var reasonKindNames = i18n.NewNames(
	[]string{"", "not_accepted", "cancel", "return"},
	[]string{"", "不予受理", "撤单", "退单"},
	nil)

// ReasonKinds returns every kind in declaration order, in a new slice.
func ReasonKinds() []ReasonKind { return []ReasonKind{ReasonNotAccepted, ReasonCancel, ReasonReturn} }

// Valid reports whether k is a declared kind (not zero).
func (k ReasonKind) Valid() bool { return k > 0 && k < numReasonKinds }

// String returns k's English key ("not_accepted"), which is also its key in
// a reasons file, or "ReasonKind(n)" for an undeclared value.
func (k ReasonKind) String() string {
	if k.Valid() {
		return reasonKindNames.Key(int(k))
	}
	return "ReasonKind(" + strconv.Itoa(int(k)) + ")"
}

// Name returns k's name in the language best matching t ("退单" or
// "return"), or k.String() for an undeclared value.
func (k ReasonKind) Name(t language.Tag) string {
	if k.Valid() {
		return reasonKindNames.Name(int(k), t)
	}
	return k.String()
}

// ParseReasonKind returns the kind named s: its English key in any ASCII
// case or its Chinese name, surrounding spaces ignored. Anything else gives
// a *hotline.NameError.
func ParseReasonKind(s string) (ReasonKind, error) {
	if i := reasonKindNames.Parse(s); i > 0 {
		return ReasonKind(i), nil
	}
	return 0, &hotline.NameError{Kind: "reason kind", Name: s, Accepted: reasonKindNames.Keys()}
}

// MarshalText encodes k as its English key; an undeclared k is a
// *hotline.NameError.
func (k ReasonKind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, &hotline.NameError{Kind: "reason kind", Name: k.String(), Accepted: reasonKindNames.Keys()}
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes any name ParseReasonKind accepts.
func (k *ReasonKind) UnmarshalText(b []byte) error {
	v, err := ParseReasonKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// MaxReasonCodeLen is the most bytes a reason code has.
const MaxReasonCodeLen = 40

// Reason is one coded reason for an action, such as the return reason
// "not_our_duty" (非本单位职责). The zero value has no code and is refused
// by Validate.
type Reason struct {
	// Code is what orders and audit records keep: lower-case ASCII
	// letters, digits and "_", starting with a letter, at most
	// MaxReasonCodeLen bytes.
	Code   string
	NameZH string // the name in Chinese; required
	NameEN string // the name in English; optional
	// NeedsText is true when the reason must come with an explanation in
	// free text, as "other" does.
	NeedsText bool
}

// Name returns r's name in the language best matching t: NameZH for any
// Chinese tag, NameEN for the others, or NameZH when NameEN is empty.
func (r Reason) Name(t language.Tag) string { return i18n.Pick(r.NameZH, r.NameEN, t) }

// Validate reports the first problem with r: a malformed code or a bad
// name (see Node.Validate). The error is a *ConfigError naming the code
// and the field.
func (r Reason) Validate() error {
	if !validReasonCode(r.Code) {
		return &ConfigError{Code: r.Code, Field: "code", Err: fmt.Errorf("%w: want lower-case letters, digits and _, starting with a letter", ErrBadValue)}
	}
	if why := checkName(r.NameZH, true); why != "" {
		return &ConfigError{Code: r.Code, Field: "name", Err: fmt.Errorf("%w: %s", ErrBadName, why)}
	}
	if why := checkName(r.NameEN, false); why != "" {
		return &ConfigError{Code: r.Code, Field: "name_en", Err: fmt.Errorf("%w: %s", ErrBadName, why)}
	}
	return nil
}

func validReasonCode(s string) bool {
	if s == "" || len(s) > MaxReasonCodeLen || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_') {
			return false
		}
	}
	return true
}

// ReasonError reports a reason that may not be given: unknown for its kind
// (ErrUnknownReason), or without the explanation it needs
// (ErrTextRequired). It matches its cause.
type ReasonError struct {
	Kind ReasonKind
	Code string // the reason's code as given
	Err  error
}

// Error returns e.g. `classify: return reason "lost": unknown reason`.
func (e *ReasonError) Error() string {
	return "classify: " + e.Kind.String() + " reason " + strconv.Quote(e.Code) + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *ReasonError) Unwrap() error { return e.Err }

// Reasons holds the coded reasons for each kind of action. Build it with
// NewReasons, ParseReasons, LoadReasonsFile or DefaultReasons. It cannot be
// changed once built, so it is safe for concurrent use and may be shared.
// The zero value, and a nil *Reasons, has no reasons: Check refuses every
// code.
type Reasons struct {
	lists [numReasonKinds][]Reason
	index map[reasonKey]int
}

type reasonKey struct {
	kind ReasonKind
	code string
}

// NewReasons builds the reason lists from lists, one list per kind of
// action, each reason in the order given. Every kind needs at least one
// reason, every reason must pass Validate, and no code may be given twice
// in one kind (one code may serve several kinds, as "duplicate" does in the
// defaults). Errors are *ConfigError values matching ErrInvalid, with Field
// the place in a reasons file, such as "cancel[2].code".
func NewReasons(lists map[ReasonKind][]Reason) (*Reasons, error) {
	rs := &Reasons{index: make(map[reasonKey]int)}
	for _, k := range slices.Sorted(maps.Keys(lists)) { // the same error every time
		if !k.Valid() {
			return nil, &ConfigError{Field: k.String(), Err: fmt.Errorf("%w: not a kind of reason", ErrBadValue)}
		}
	}
	for _, k := range ReasonKinds() {
		list := lists[k]
		if len(list) == 0 {
			return nil, &ConfigError{Field: k.String(), Err: fmt.Errorf("%w: want a list of at least one reason", ErrBadValue)}
		}
		for i, r := range list {
			at := fmt.Sprintf("%s[%d]", k, i)
			if err := r.Validate(); err != nil {
				return nil, inNode(err, at)
			}
			if j, dup := rs.index[reasonKey{k, r.Code}]; dup {
				return nil, &ConfigError{Code: r.Code, Field: at + ".code", Err: fmt.Errorf("%w, first at %s[%d]", ErrDuplicateCode, k, j)}
			}
			rs.index[reasonKey{k, r.Code}] = i
		}
		rs.lists[k] = append([]Reason(nil), list...)
	}
	return rs, nil
}

// List returns the reasons for kind in order, in a new slice; nil for an
// undeclared kind.
func (rs *Reasons) List(kind ReasonKind) []Reason {
	if rs == nil || !kind.Valid() {
		return nil
	}
	return append([]Reason(nil), rs.lists[kind]...)
}

// Lookup returns the reason of kind with code and true, or false when
// there is none. It does not allocate.
func (rs *Reasons) Lookup(kind ReasonKind, code string) (Reason, bool) {
	if rs == nil {
		return Reason{}, false
	}
	i, ok := rs.index[reasonKey{kind, code}]
	if !ok {
		return Reason{}, false
	}
	return rs.lists[kind][i], true
}

// Check returns nil when code is a reason for kind, else a *ReasonError
// wrapping ErrUnknownReason.
func (rs *Reasons) Check(kind ReasonKind, code string) error {
	_, err := rs.reason(kind, code)
	return err
}

// CheckText is Check for a reason given with the explanation text: it
// also returns a *ReasonError wrapping ErrTextRequired when the reason
// NeedsText and text is blank.
func (rs *Reasons) CheckText(kind ReasonKind, code, text string) error {
	r, err := rs.reason(kind, code)
	if err == nil && r.NeedsText && strings.TrimSpace(text) == "" {
		err = &ReasonError{Kind: kind, Code: code, Err: ErrTextRequired}
	}
	return err
}

func (rs *Reasons) reason(kind ReasonKind, code string) (Reason, error) {
	r, ok := rs.Lookup(kind, code)
	if !ok {
		return r, &ReasonError{Kind: kind, Code: code, Err: ErrUnknownReason}
	}
	return r, nil
}

// fileReason is one reason in a reasons file.
type fileReason struct {
	Code      string `yaml:"code"`
	Name      string `yaml:"name"`
	NameEN    string `yaml:"name_en"`
	NeedsText bool   `yaml:"needs_text"`
}

// ParseReasons reads reason lists in YAML (JSON reads as YAML too): a
// mapping with one list per kind, under the kind's English key, each
// reason a mapping of code, name (Chinese), name_en (English, optional)
// and needs_text (false when left out):
//
//	not_accepted:
//	  - {code: out_of_scope, name: 不属于热线受理范围}
//	cancel:
//	  - {code: caller_withdrew, name: 市民主动撤销}
//	return:
//	  - {code: not_our_duty, name: 非本单位职责, needs_text: true}
//	  - {code: other, name: 其他, needs_text: true}
//
// The rules are those of NewReasons. Every error is a *ConfigError with
// the line and column of the mistake, matching ErrInvalid; an error
// reading r is returned as it is.
func ParseReasons(r io.Reader) (*Reasons, error) {
	root, err := conf.Parse(r)
	if err != nil {
		if _, ok := err.(*conf.Error); !ok {
			return nil, err
		}
		return nil, fileError(root, "", "", err)
	}
	var f struct {
		NotAccepted []fileReason `yaml:"not_accepted"`
		Cancel      []fileReason `yaml:"cancel"`
		Return      []fileReason `yaml:"return"`
	}
	if err := conf.DecodeNode(root, &f); err != nil {
		return nil, fileError(root, "", "", err)
	}
	lists := map[ReasonKind][]Reason{}
	for k, frs := range map[ReasonKind][]fileReason{ReasonNotAccepted: f.NotAccepted, ReasonCancel: f.Cancel, ReasonReturn: f.Return} {
		for _, fr := range frs {
			lists[k] = append(lists[k], Reason{Code: fr.Code, NameZH: fr.Name, NameEN: fr.NameEN, NeedsText: fr.NeedsText})
		}
	}
	rs, err := NewReasons(lists)
	if err != nil {
		return nil, fileError(root, "", "", err)
	}
	return rs, nil
}

// LoadReasonsFile reads the reasons file at path; see ParseReasons. Errors
// start with the path.
func LoadReasonsFile(path string) (*Reasons, error) { return conf.LoadFile(path, ParseReasons) }

//go:embed default_reasons.yaml
var defaultReasonsYAML []byte

// DefaultReasonsYAML returns the default reasons as a file, in a new
// slice. Parsing it gives DefaultReasons.
func DefaultReasonsYAML() []byte { return bytes.Clone(defaultReasonsYAML) }

// DefaultReasons returns the default reasons, each kind ending in "other",
// which needs an explanation; so does the return reason "not_our_duty",
// whose explanation names the unit that should handle the order. The file
// is parsed once; the lists cannot be changed, so every call returns the
// same value.
func DefaultReasons() *Reasons { return defaultReasons() }

var defaultReasons = sync.OnceValue(func() *Reasons {
	rs, err := ParseReasons(bytes.NewReader(defaultReasonsYAML))
	if err != nil {
		panic(err) // the file is embedded, and the tests load it
	}
	return rs
})

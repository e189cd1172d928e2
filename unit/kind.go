package unit

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/internal/i18n"
)

// Kind is what sort of body a unit is. The zero value is no kind, which
// Validate refuses.
type Kind uint8

// The kinds of unit.
const (
	KindDepartment Kind = iota + 1 // 部门: a government department or its branch office
	KindTown                       // 镇（街道）: a town government or street office
	KindCommittee                  // 村（社区）委员会: a village or community committee
	KindEnterprise                 // 公共企事业单位: a public utility or institution

	numKinds = iota + 1
)

var kindNames = i18n.NewNames(
	[]string{"", "department", "town", "committee", "enterprise"},
	[]string{"", "部门", "镇（街道）", "村（社区）委员会", "公共企事业单位"},
	nil)

// Kinds lists every kind, in declaration order.
func Kinds() []Kind { return []Kind{KindDepartment, KindTown, KindCommittee, KindEnterprise} }

// Valid reports whether k is one of the declared kinds.
func (k Kind) Valid() bool { return k > 0 && k < numKinds }

// String returns the kind's English key ("committee"), or "Kind(n)" for an
// unknown value.
func (k Kind) String() string {
	if k.Valid() {
		return kindNames.Key(int(k))
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Name returns the kind's name in the language best matching t, as every
// name of the library: Chinese ("村（社区）委员会") for a Chinese tag, the
// English key otherwise; k.String() ("Kind(9)") for an unknown kind.
func (k Kind) Name(t language.Tag) string {
	if !k.Valid() {
		return k.String()
	}
	return kindNames.Name(int(k), t)
}

// ParseKind returns the kind whose English key (ASCII case ignored) or
// Chinese name is s, surrounding spaces ignored. Otherwise the error is a
// *hotline.NameError, which wraps ErrInvalid too.
func ParseKind(s string) (Kind, error) {
	if i := kindNames.Parse(s); i > 0 {
		return Kind(i), nil
	}
	return 0, kindError(s)
}

// kindError says that s is no kind.
func kindError(s string) error {
	return &hotline.NameError{Kind: "unit kind", Name: s, Accepted: kindNames.Keys(), Also: ErrInvalid}
}

// MarshalText encodes the kind as its English key; an unknown kind is a
// *hotline.NameError wrapping ErrInvalid.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, kindError(k.String())
	}
	return []byte(kindNames.Key(int(k))), nil
}

// UnmarshalText decodes an English key or Chinese name (see ParseKind).
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

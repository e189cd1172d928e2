package sla

import (
	"fmt"
	"strings"
)

// Category is the kind of request an order carries. The zero value is not a
// valid category; in a [Policy] or [Key] an empty Category matches any.
type Category string

// Categories of 12345 orders.
const (
	CategoryConsultation Category = "consultation" // 咨询
	CategoryHelp         Category = "help"         // 求助
	CategoryComplaint    Category = "complaint"    // 投诉
	CategoryReport       Category = "report"       // 举报
	CategorySuggestion   Category = "suggestion"   // 建议
	CategoryPraise       Category = "praise"       // 表扬
	CategoryOther        Category = "other"        // 其他
)

var categories = []Category{
	CategoryConsultation, CategoryHelp, CategoryComplaint, CategoryReport,
	CategorySuggestion, CategoryPraise, CategoryOther,
}

var categoryZH = map[Category]string{
	CategoryConsultation: "咨询", CategoryHelp: "求助", CategoryComplaint: "投诉", CategoryReport: "举报",
	CategorySuggestion: "建议", CategoryPraise: "表扬", CategoryOther: "其他",
}

// Categories returns every valid category in a fixed order.
func Categories() []Category { return append([]Category(nil), categories...) }

// Valid reports whether c is one of the defined categories.
func (c Category) Valid() bool { _, ok := categoryZH[c]; return ok }

// Chinese returns the category's Chinese name, e.g. "投诉", or "" when c is
// not valid.
func (c Category) Chinese() string { return categoryZH[c] }

// ParseCategory parses a category by its English name (any case, surrounding
// spaces ignored) or its Chinese name. Errors wrap [ErrUnknownCategory] and
// list the accepted names.
func ParseCategory(s string) (Category, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, c := range categories {
		if t == string(c) || t == categoryZH[c] {
			return c, nil
		}
	}
	return "", fmt.Errorf("sla: category %q: %w (accepted: %s)", s, ErrUnknownCategory, joinNames(categories))
}

// Urgency says how fast an order must be handled. The zero value is not a
// valid urgency; in a [Policy] or [Key] an empty Urgency matches any.
type Urgency string

// Urgencies.
const (
	UrgencyNormal    Urgency = "normal"    // 一般
	UrgencyEmergency Urgency = "emergency" // 紧急
)

var urgencies = []Urgency{UrgencyNormal, UrgencyEmergency}

// Urgencies returns every valid urgency in a fixed order.
func Urgencies() []Urgency { return append([]Urgency(nil), urgencies...) }

// Valid reports whether u is one of the defined urgencies.
func (u Urgency) Valid() bool { return u == UrgencyNormal || u == UrgencyEmergency }

// Chinese returns the urgency's Chinese name, e.g. "紧急", or "" when u is
// not valid.
func (u Urgency) Chinese() string {
	switch u {
	case UrgencyNormal:
		return "一般"
	case UrgencyEmergency:
		return "紧急"
	}
	return ""
}

// ParseUrgency parses an urgency by its English name (any case, surrounding
// spaces ignored) or its Chinese name. Errors wrap [ErrUnknownUrgency] and
// list the accepted names.
func ParseUrgency(s string) (Urgency, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, u := range urgencies {
		if t == string(u) || t == u.Chinese() {
			return u, nil
		}
	}
	return "", fmt.Errorf("sla: urgency %q: %w (accepted: %s)", s, ErrUnknownUrgency, joinNames(urgencies))
}

func joinNames[T ~string](xs []T) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(x))
	}
	return b.String()
}

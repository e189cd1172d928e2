package hotline

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxRegionLen is the longest region path [ValidateRegion] accepts, in
// characters (runes), separators included.
const MaxRegionLen = 500

// ErrInvalidRegion is wrapped by every error of [ValidateRegion].
var ErrInvalidRegion = errors.New("invalid region")

// ValidateRegion reports whether s is a region path: not empty, valid
// UTF-8, at most [MaxRegionLen] characters, without control or invisible
// formatting characters, made of non-empty places separated by single "/"
// (none leading or trailing; "／" and "\" are refused, since routing reads
// them as separators), none with white space at its start or end. Spaces inside a
// place are kept ("Qingxi Town/Sanzhong"). The error wraps
// [ErrInvalidRegion] and says what is wrong. Callers for whom an empty
// region means "unknown" or "any" check for "" first.
func ValidateRegion(s string) error {
	why := regionFault(s)
	if why == "" {
		return nil
	}
	return fmt.Errorf("%w %q: %s", ErrInvalidRegion, s, why)
}

// regionFault returns why s is not a region path, or "".
func regionFault(s string) string {
	switch {
	case s == "":
		return "empty"
	case !utf8.ValidString(s):
		return "not valid UTF-8"
	case len(s) > MaxRegionLen && utf8.RuneCountInString(s) > MaxRegionLen:
		return fmt.Sprintf("longer than %d characters", MaxRegionLen)
	case strings.ContainsFunc(s, unicode.IsControl):
		return "contains control characters"
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cf, r) }):
		return "contains invisible formatting characters (such as a zero-width space)"
	case strings.ContainsAny(s, "／\\"):
		// Routing reads them as separators, and everything else as part
		// of a place: one spelling only.
		return `separates places with "／" or "\"; write "/"`
	case s[0] == '/':
		return `starts with "/"`
	case s[len(s)-1] == '/':
		return `ends with "/"`
	case strings.Contains(s, "//"):
		return `has an empty place between "//"`
	}
	for seg := range strings.SplitSeq(s, "/") {
		if strings.TrimSpace(seg) != seg {
			return fmt.Sprintf("place %q has white space around it", seg)
		}
	}
	return ""
}

// RegionCovers reports whether area is region or one of its ancestors,
// comparing whole places: "清溪镇" covers "清溪镇" and "清溪镇/三中村" but
// not "清溪镇外". The empty area covers every region, the empty one too; an
// empty region is covered only by the empty area. Both are compared as
// given, without validation or normalisation, and nothing is allocated.
// The region may be given as bytes, so that a caller holding it in a buffer
// need not convert it.
func RegionCovers[R string | []byte](area string, region R) bool {
	return area == "" || len(region) >= len(area) && string(region[:len(area)]) == area &&
		(len(region) == len(area) || region[len(area)] == '/')
}

// RegionDepth returns the number of places in the region path r: 0 for
// "", 1 for "清溪镇", 2 for "清溪镇/三中村".
func RegionDepth(r string) int {
	if r == "" {
		return 0
	}
	return strings.Count(r, "/") + 1
}

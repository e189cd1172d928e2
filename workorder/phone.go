package workorder

import (
	"fmt"
	"strings"
)

// NormalizePhone checks a caller's phone number and returns it in canonical
// form. Spaces, hyphens and parentheses are ignored, and a leading "+86",
// "0086" or "(+86)" country code is dropped. Accepted, and returned as:
//
//   - mainland mobile numbers, 1[3-9] and nine more digits: "13812345678";
//   - landlines with their area code, the code and the 7- or 8-digit local
//     number (first digit 2-9) joined by a hyphen: "010-12345678" for the
//     3-digit codes 010 and 020-029, "0769-22123456" for the 4-digit ones;
//     after a country code the area code's leading 0 may be missing;
//   - short service numbers a call can be transferred from: three digits
//     starting with 1 (110, 119, 120, 122), five starting with 1 (12345,
//     12315) or with 95 or 96 (95598): returned as given.
//
// Anything else, including local numbers without an area code and
// extensions, returns an error wrapping ErrInvalidPhone.
func NormalizePhone(s string) (string, error) {
	var buf [24]byte
	d := buf[:0]
	plus := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if len(d) == cap(buf) {
				return "", fmt.Errorf("workorder: phone %q: too long: %w", s, ErrInvalidPhone)
			}
			d = append(d, c)
		case c == ' ' || c == '-' || c == '(' || c == ')':
		case c == '+' && len(d) == 0 && !plus:
			plus = true
		default:
			return "", fmt.Errorf("workorder: phone %q: unexpected %q: %w", s, c, ErrInvalidPhone)
		}
	}
	n := string(d)
	intl := false
	switch {
	case plus && strings.HasPrefix(n, "86"):
		n, intl = n[2:], true
	case plus:
		return "", fmt.Errorf("workorder: phone %q: country code other than +86: %w", s, ErrInvalidPhone)
	case strings.HasPrefix(n, "0086"):
		n, intl = n[4:], true
	}
	if intl && n != "" && n[0] != '0' && !(len(n) == 11 && n[0] == '1') {
		n = "0" + n // an area code written without its 0
	}
	switch {
	case len(n) == 11 && n[0] == '1' && n[1] >= '3':
		return n, nil
	case !intl && isShortNumber(n):
		return n, nil
	case len(n) >= 10 && n[0] == '0' && n[1] != '0':
		code := 4
		if n[1] == '1' || n[1] == '2' {
			code = 3
		}
		if n[1] == '1' && n[2] != '0' {
			break // 010 is the only code starting 01
		}
		local := n[code:]
		if (len(local) == 7 || len(local) == 8) && local[0] >= '2' {
			return n[:code] + "-" + local, nil
		}
	}
	return "", fmt.Errorf("workorder: phone %q: %w", s, ErrInvalidPhone)
}

func isShortNumber(n string) bool {
	switch len(n) {
	case 3:
		return n[0] == '1'
	case 5:
		return n[0] == '1' || strings.HasPrefix(n, "95") || strings.HasPrefix(n, "96")
	}
	return false
}

package workorder

import (
	"bytes"
	"fmt"
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
	var buf [phoneBuf]byte
	n, err := normalizePhone(s, &buf)
	if err != nil {
		return "", err
	}
	if string(n) == s {
		return s, nil
	}
	return string(n), nil
}

// phoneBuf is room for the most digits a phone number may have, and one
// byte more.
const phoneBuf = 25

// normalizePhone is NormalizePhone building its answer in buf, without
// allocating unless it fails.
func normalizePhone(s string, buf *[phoneBuf]byte) ([]byte, error) {
	d := buf[:0]
	plus := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if len(d) == phoneBuf-1 {
				return nil, fmt.Errorf("workorder: phone %q: too long: %w", s, ErrInvalidPhone)
			}
			d = append(d, c)
		case c == ' ' || c == '-' || c == '(' || c == ')':
		case c == '+' && len(d) == 0 && !plus:
			plus = true
		default:
			return nil, fmt.Errorf("workorder: phone %q: unexpected %q: %w", s, c, ErrInvalidPhone)
		}
	}
	n := d
	cc := 0 // the length of the country code
	switch {
	case plus && bytes.HasPrefix(n, []byte("86")):
		cc = 2
	case plus:
		return nil, fmt.Errorf("workorder: phone %q: country code other than +86: %w", s, ErrInvalidPhone)
	case bytes.HasPrefix(n, []byte("0086")):
		cc = 4
	}
	intl := cc > 0
	n = n[cc:]
	if intl && len(n) > 0 && n[0] != '0' && !(len(n) == 11 && n[0] == '1') {
		// An area code written without its 0: put it back, over the
		// country code's last digit.
		n = buf[cc-1 : len(d)]
		n[0] = '0'
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
		local := len(n) - code
		if (local == 7 || local == 8) && n[code] >= '2' {
			n = n[:len(n)+1] // room for the hyphen: n has at most 12 digits here
			copy(n[code+1:], n[code:])
			n[code] = '-'
			return n, nil
		}
	}
	return nil, fmt.Errorf("workorder: phone %q: %w", s, ErrInvalidPhone)
}

func isShortNumber(n []byte) bool {
	switch len(n) {
	case 3:
		return n[0] == '1'
	case 5:
		return n[0] == '1' || n[0] == '9' && (n[1] == '5' || n[1] == '6')
	}
	return false
}

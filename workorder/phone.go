package workorder

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/hotline12345/hotline/routing"
)

// NormalizePhone checks a caller's phone number and returns it in canonical
// form. Full-width digits and signs (１３８, ＋８６, （０１０）) are first
// folded as routing folds text (routing.Normalize). Spaces, hyphens and
// parentheses are ignored, and a leading "+86", "0086" or "(+86)" country
// code is dropped. Accepted, and returned as:
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
// extensions, returns an error wrapping ErrInvalidPhone that says why:
// `workorder: phone "22123456": 8 digits without an area code: invalid
// phone number`.
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

// phoneError says why a phone number is refused. It matches
// ErrInvalidPhone.
type phoneError struct {
	phone, why string
}

func (e *phoneError) Error() string {
	return "workorder: phone " + strconv.Quote(e.phone) + ": " + e.why + ": " + ErrInvalidPhone.Error()
}

func (e *phoneError) Unwrap() error { return ErrInvalidPhone }

// normalizePhone is NormalizePhone building its answer in buf, without
// allocating unless it fails or s is not ASCII. Its errors are
// *phoneError values.
func normalizePhone(s string, buf *[phoneBuf]byte) ([]byte, error) {
	t := s
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			t = routing.Normalize(s)
			break
		}
	}
	d := buf[:0]
	plus := false
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9':
			if len(d) == phoneBuf-1 {
				return nil, &phoneError{s, "more than " + strconv.Itoa(phoneBuf-1) + " digits"}
			}
			d = append(d, c)
		case c == ' ' || c == '-' || c == '(' || c == ')':
		case c == '+' && len(d) == 0 && !plus:
			plus = true
		default:
			r, _ := utf8.DecodeRuneInString(t[i:])
			return nil, &phoneError{s, fmt.Sprintf("%q: want digits, spaces, hyphens, parentheses and a leading +", r)}
		}
	}
	n := d
	cc := 0 // the length of the country code
	switch {
	case plus && bytes.HasPrefix(n, []byte("86")):
		cc = 2
	case plus:
		return nil, &phoneError{s, "country code other than +86"}
	case bytes.HasPrefix(n, []byte("0086")):
		cc = 4
	}
	intl := cc > 0
	n = n[cc:]
	given := n // the digits after the country code, as given
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
	if intl && isShortNumber(given) {
		return nil, &phoneError{s, "a service number takes no country code"}
	}
	return nil, &phoneError{s, phoneWhy(n)}
}

// phoneWhy says why the digits n, after any country code, are no phone
// number NormalizePhone accepts.
func phoneWhy(n []byte) string {
	switch {
	case len(n) == 0:
		return "no digits"
	case n[0] == '1' && len(n) == 11:
		return "mobile numbers start 13 to 19"
	case n[0] == '0' && len(n) > 1 && n[1] == '0':
		return "starts 00: no area code starts so"
	case n[0] == '0' && len(n) > 2 && n[1] == '1' && n[2] != '0':
		return "area code " + string(n[:3]) + ": 010 is the only one starting 01"
	case n[0] == '0' && len(n) >= 3:
		code := 4
		if n[1] == '1' || n[1] == '2' {
			code = 3
		}
		if len(n) <= code {
			return "no local number after the area code"
		}
		local := len(n) - code
		if local != 7 && local != 8 {
			return fmt.Sprintf("local number of %d digits after area code %s: want 7 or 8, and no extension", local, n[:code])
		}
		return fmt.Sprintf("local number after area code %s starts with %c: want 2 to 9", n[:code], n[code])
	case n[0] == '0':
		return fmt.Sprintf("%d digits: too short", len(n))
	case n[0] == '1':
		return fmt.Sprintf("%d digits starting 1: a mobile number has 11, a service number 3 or 5", len(n))
	case n[0] == '9' && len(n) == 5:
		return "5-digit service numbers start 95 or 96, or 1"
	}
	return fmt.Sprintf("%d digits without an area code", len(n))
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

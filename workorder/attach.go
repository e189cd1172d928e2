package workorder

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Attachment describes a file that comes with a step as evidence, such as
// a photo of the repaired manhole cover sent with a reply (附件): its
// metadata only. The library keeps no file bytes; the platform stores
// them under Key and the SHA-256 lets anyone check that the bytes found
// there are the ones recorded. The zero value fails Validate. It is a
// plain value. Its JSON form is {"name", "media_type", "size", "sha256",
// "key"}, the hash as 64 lowercase hexadecimal digits.
type Attachment struct {
	// Name is the file's name as the sender gave it, such as "井盖.jpg":
	// 1 to MaxAttachmentNameLen characters, without '/', '\', control
	// characters or surrounding spaces.
	Name string
	// MediaType is the file's media type, such as "image/jpeg": a type
	// and a subtype as RFC 6838 names them, without parameters; kept in
	// lower case.
	MediaType string
	// Size is the file's length in bytes, 0 or more.
	Size int64
	// SHA256 is the SHA-256 digest of the file's bytes; all zeros is
	// refused as not set.
	SHA256 [32]byte
	// Key is where the platform's file storage keeps the bytes, such as
	// "2026/12/WO000123/1.jpg": 1 to MaxAttachmentKeyLen bytes of UTF-8
	// without white space or control characters.
	Key string
}

// Limits on attachments.
const (
	MaxAttachments       = 20   // attachments of one step
	MaxAttachmentNameLen = 255  // characters of Name
	MaxAttachmentKeyLen  = 1024 // bytes of Key
)

// Validate reports the first problem with a, as an error naming the field
// and matching ErrInvalidArgument: `workorder: attachment media type
// "image": want type/subtype, ...: invalid argument`.
func (a *Attachment) Validate() error {
	if field, why := a.check(); field != "" {
		return fmt.Errorf("workorder: attachment %s: %s: %w", field, why, ErrInvalidArgument)
	}
	return nil
}

// check returns the field of a that is wrong and why, or "", "".
func (a *Attachment) check() (field, why string) {
	switch {
	case a.Name == "" || !trimmed(a.Name):
		return "name", "want a name without surrounding spaces"
	case checkText(a.Name, MaxAttachmentNameLen) != "":
		return "name", checkText(a.Name, MaxAttachmentNameLen)
	case strings.ContainsFunc(a.Name, func(r rune) bool { return r == '/' || r == '\\' || unicode.IsControl(r) }):
		return "name", strconv.Quote(a.Name) + " has a '/', '\\' or control character"
	case !validMediaType(a.MediaType):
		return "media type", fmt.Sprintf("%.80q: want type/subtype, such as image/jpeg, without parameters", a.MediaType)
	case a.Size < 0:
		return "size", strconv.FormatInt(a.Size, 10) + " bytes"
	case a.SHA256 == [32]byte{}:
		return "sha256", "not set"
	case a.Key == "" || len(a.Key) > MaxAttachmentKeyLen:
		return "key", "want 1 to " + strconv.Itoa(MaxAttachmentKeyLen) + " bytes"
	case !utf8.ValidString(a.Key) || strings.ContainsFunc(a.Key, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		return "key", fmt.Sprintf("%.80q: want UTF-8 without white space or control characters", a.Key)
	}
	return "", ""
}

// ParseSHA256 reads a SHA-256 digest written as 64 hexadecimal digits,
// either case, or fails with ErrInvalidArgument.
func ParseSHA256(s string) ([32]byte, error) {
	var h [32]byte
	if len(s) != hex.EncodedLen(len(h)) {
		return h, fmt.Errorf("workorder: sha256 %.80q: want 64 hexadecimal digits: %w", s, ErrInvalidArgument)
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return [32]byte{}, fmt.Errorf("workorder: sha256 %.80q: want 64 hexadecimal digits: %w", s, ErrInvalidArgument)
	}
	return h, nil
}

// validMediaType reports whether s is type/subtype, each a restricted
// name of RFC 6838: a letter or digit, then up to 126 letters, digits and
// !#$&-^_.+ characters.
func validMediaType(s string) bool {
	typ, sub, ok := strings.Cut(s, "/")
	return ok && restrictedName(typ) && restrictedName(sub)
}

func restrictedName(s string) bool {
	if s == "" || len(s) > 127 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || !strings.ContainsRune("!#$&-^_.+", rune(c))) {
			return false
		}
	}
	return true
}

// WithAttachments returns ctx carrying atts as the evidence of the step
// taken with it, such as
//
//	svc.Reply(workorder.WithAttachments(ctx, photo), unit, id, "井盖已更换")
//
// A step, Accept and AcceptWithCode included, checks the attachments its
// context carries (Validate; at most MaxAttachments) and fails with
// ErrInvalidArgument before reading the order when one is bad; else each
// goes into the step's audit record, after the step's own data, as a pair
// attachment=<sha256 hex> <size> <media type> <key> <name>, so that the
// record's hash covers it: read them back with Record.Attachments. The
// steps the service takes by itself on other orders, such as closing the
// orders merged into a closed master, carry none. Attachments given
// again replace those ctx carries.
func WithAttachments(ctx context.Context, atts ...Attachment) context.Context {
	return context.WithValue(ctx, attachCtx{}, slices.Clone(atts))
}

type attachCtx struct{}

// withoutAttachments returns ctx carrying no attachments, for the steps
// the service takes by itself on other orders.
func withoutAttachments(ctx context.Context) context.Context {
	if ctx.Value(attachCtx{}) == nil {
		return ctx
	}
	return context.WithValue(ctx, attachCtx{}, []Attachment(nil))
}

// attachmentsOf returns the attachments ctx carries, or an error matching
// ErrInvalidArgument when one is bad or there are too many.
func attachmentsOf(ctx context.Context) ([]Attachment, error) {
	atts, _ := ctx.Value(attachCtx{}).([]Attachment)
	if len(atts) > MaxAttachments {
		return nil, fmt.Errorf("workorder: %d attachments, more than %d: %w", len(atts), MaxAttachments, ErrInvalidArgument)
	}
	for i := range atts {
		if field, why := atts[i].check(); field != "" {
			return nil, fmt.Errorf("attachment %d %s: %s: %w", i, field, why, ErrInvalidArgument)
		}
	}
	return atts, nil
}

// addAttachments appends atts to d.
func addAttachments(d data, atts []Attachment) data {
	for i := range atts {
		a := &atts[i]
		v := make([]byte, 0, 80+len(a.MediaType)+len(a.Key)+len(a.Name))
		v = hex.AppendEncode(v, a.SHA256[:])
		v = append(v, ' ')
		v = strconv.AppendInt(v, a.Size, 10)
		v = append(v, ' ')
		v = append(v, strings.ToLower(a.MediaType)...)
		v = append(v, ' ')
		v = append(v, a.Key...)
		v = append(v, ' ')
		v = append(v, a.Name...)
		d = d.add("attachment", string(v))
	}
	return d
}

// Attachments returns the attachments recorded with the step, in the
// order given, or nil when there are none. It fails with ErrCorrupt when
// an attachment pair of Data is malformed.
func (r *Record) Attachments() ([]Attachment, error) {
	var out []Attachment
	for d := r.Data; d != ""; {
		var kv string
		if i := strings.IndexByte(d, '&'); i >= 0 {
			kv, d = d[:i], d[i+1:]
		} else {
			kv, d = d, ""
		}
		k, v, _ := strings.Cut(kv, "=")
		if k != "attachment" {
			continue
		}
		a, ok := parseAttachment(unescapeValue(v))
		if !ok {
			return nil, fmt.Errorf("workorder: record %q #%d: attachment %.120q: %w", r.OrderID, r.Seq, v, ErrCorrupt)
		}
		out = append(out, a)
	}
	return out, nil
}

// parseAttachment reads an attachment written by addAttachments.
func parseAttachment(v string) (Attachment, bool) {
	f := strings.SplitN(v, " ", 5)
	if len(f) != 5 {
		return Attachment{}, false
	}
	h, err := ParseSHA256(f[0])
	if err != nil {
		return Attachment{}, false
	}
	n, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return Attachment{}, false
	}
	a := Attachment{SHA256: h, Size: n, MediaType: f[2], Key: f[3], Name: f[4]}
	field, _ := a.check()
	return a, field == ""
}

// attachmentJSON is the public JSON form of an Attachment.
type attachmentJSON struct {
	Name      string  `json:"name"`
	MediaType string  `json:"media_type"`
	Size      int64   `json:"size"`
	SHA256    hexHash `json:"sha256"`
	Key       string  `json:"key"`
}

// MarshalJSON writes the attachment as {"name", "media_type", "size",
// "sha256", "key"}, the hash as 64 lowercase hexadecimal digits.
func (a Attachment) MarshalJSON() ([]byte, error) {
	return json.Marshal(attachmentJSON{Name: a.Name, MediaType: a.MediaType, Size: a.Size, SHA256: a.SHA256, Key: a.Key})
}

// UnmarshalJSON reads an attachment written by MarshalJSON, such as one a
// platform's upload service sends; a hash that is not 64 hexadecimal
// digits fails with ErrInvalidArgument. It does not Validate the rest.
func (a *Attachment) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var w attachmentJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("workorder: attachment from JSON: %w", err)
	}
	*a = Attachment{Name: w.Name, MediaType: w.MediaType, Size: w.Size, SHA256: w.SHA256, Key: w.Key}
	return nil
}

package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/hotline12345/hotline/workorder"
)

// Every step body, the draft of POST /orders included, may carry the key
// "attachments": an array of workorder.Attachment in its JSON form. The
// handler takes it out of the body before decoding the rest, so that the
// step bodies need no field of their own, and takes the step through
// workorder.WithAttachments.

// attachmentsKey is the body key of a step's attachments.
const attachmentsKey = "attachments"

// attachmentBody is one attachment as a request gives it; pointers tell
// an absent key from a zero one.
type attachmentBody struct {
	Name      *string `json:"name"`
	MediaType *string `json:"media_type"`
	Size      *int64  `json:"size"`
	SHA256    *string `json:"sha256"`
	Key       *string `json:"key"`
}

// splitAttachments returns the JSON object b without its key
// "attachments", and the attachments that key holds, checked. A b that is
// not a JSON object is returned as it is, for the decoder to refuse.
// Errors name the attachment and its key, such as "attachments[1].sha256".
func splitAttachments(b []byte) ([]byte, []workorder.Attachment, error) {
	if !bytes.Contains(b, []byte(`"`+attachmentsKey+`"`)) {
		return b, nil, nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return b, nil, nil
	}
	raw, ok := m[attachmentsKey]
	if !ok {
		return b, nil, nil
	}
	delete(m, attachmentsKey)
	rest, err := json.Marshal(m)
	if err != nil {
		return nil, nil, bad("body", "not a JSON object of the expected form")
	}
	atts, err := parseAttachments(raw)
	if err != nil {
		return nil, nil, err
	}
	return rest, atts, nil
}

// parseAttachments reads and checks the value of the key "attachments".
func parseAttachments(raw json.RawMessage) ([]workorder.Attachment, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, bad(attachmentsKey, "want an array of attachments")
	}
	if len(items) > workorder.MaxAttachments {
		return nil, bad(attachmentsKey, "more than "+strconv.Itoa(workorder.MaxAttachments)+" items")
	}
	out := make([]workorder.Attachment, 0, len(items))
	for i, it := range items {
		a, err := parseAttachment(it)
		if err != nil {
			var bi *badInput
			if errors.As(err, &bi) {
				p := attachmentsKey + "[" + strconv.Itoa(i) + "]"
				if bi.field != "" {
					p += "." + bi.field
				}
				bi.field = p
			}
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// parseAttachment reads one attachment; its errors name the key within
// the attachment, or none when the item is not an object.
func parseAttachment(raw json.RawMessage) (workorder.Attachment, error) {
	var w attachmentBody
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		bi, ok := jsonError(err).(*badInput)
		if !ok || bi.field == "body" {
			return workorder.Attachment{}, bad("", "want an object with name, media_type, size, sha256 and key")
		}
		return workorder.Attachment{}, bi
	}
	for _, k := range []struct {
		name string
		set  bool
	}{{"name", w.Name != nil}, {"media_type", w.MediaType != nil}, {"size", w.Size != nil}, {"sha256", w.SHA256 != nil}, {"key", w.Key != nil}} {
		if !k.set {
			return workorder.Attachment{}, bad(k.name, "required")
		}
	}
	h, err := workorder.ParseSHA256(*w.SHA256)
	if err != nil {
		return workorder.Attachment{}, &badInput{field: "sha256", why: "want 64 hexadecimal digits", err: err}
	}
	a := workorder.Attachment{Name: *w.Name, MediaType: *w.MediaType, Size: *w.Size, SHA256: h, Key: *w.Key}
	if err := a.Validate(); err != nil {
		return workorder.Attachment{}, &badInput{field: attachmentField(err), why: strings.TrimPrefix(err.Error(), "workorder: "), err: err}
	}
	return a, nil
}

// attachmentField is the JSON key Attachment.Validate's error is about;
// it names the field in its message after "attachment ".
func attachmentField(err error) string {
	msg := strings.TrimPrefix(err.Error(), "workorder: attachment ")
	for _, f := range []struct{ said, key string }{
		{"media type", "media_type"}, {"name", "name"}, {"size", "size"}, {"sha256", "sha256"}, {"key", "key"},
	} {
		if strings.HasPrefix(msg, f.said) {
			return f.key
		}
	}
	return ""
}

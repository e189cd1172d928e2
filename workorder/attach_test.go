package workorder

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// photo is the repaired manhole cover.
var photo = Attachment{Name: "井盖 修复后.jpg", MediaType: "image/jpeg", Size: 182044,
	SHA256: sha256.Sum256([]byte("the repaired manhole cover")), Key: "2025/09/WO000001/1.jpg"}

func TestAttachmentValidate(t *testing.T) {
	bend := func(f func(a *Attachment)) Attachment {
		a := photo
		f(&a)
		return a
	}
	cases := []struct {
		name  string
		a     Attachment
		field string // "" when valid
	}{
		{"photo", photo, ""},
		{"empty file", bend(func(a *Attachment) { a.Size = 0 }), ""},
		{"upper-case type", bend(func(a *Attachment) { a.MediaType = "Image/JPEG" }), ""},
		{"vendor type", bend(func(a *Attachment) { a.MediaType = "application/vnd.ms-excel" }), ""},
		{"plus type", bend(func(a *Attachment) { a.MediaType = "image/svg+xml" }), ""},
		{"zero value", Attachment{}, "name"},
		{"name with a path", bend(func(a *Attachment) { a.Name = "photos/1.jpg" }), "name"},
		{"name with a backslash", bend(func(a *Attachment) { a.Name = `C:\1.jpg` }), "name"},
		{"name with spaces around", bend(func(a *Attachment) { a.Name = " 1.jpg" }), "name"},
		{"name with a tab", bend(func(a *Attachment) { a.Name = "1\t.jpg" }), "name"},
		{"name with a NUL", bend(func(a *Attachment) { a.Name = "1\x00.jpg" }), "name"},
		{"name too long", bend(func(a *Attachment) { a.Name = strings.Repeat("图", MaxAttachmentNameLen+1) }), "name"},
		{"name not UTF-8", bend(func(a *Attachment) { a.Name = "\xff.jpg" }), "name"},
		{"no media type", bend(func(a *Attachment) { a.MediaType = "" }), "media type"},
		{"media type without subtype", bend(func(a *Attachment) { a.MediaType = "image" }), "media type"},
		{"media type with parameters", bend(func(a *Attachment) { a.MediaType = "text/plain; charset=utf-8" }), "media type"},
		{"media type with an empty subtype", bend(func(a *Attachment) { a.MediaType = "image/" }), "media type"},
		{"media type with two slashes", bend(func(a *Attachment) { a.MediaType = "image/jpeg/x" }), "media type"},
		{"media type starting with a dot", bend(func(a *Attachment) { a.MediaType = "image/.jpeg" }), "media type"},
		{"negative size", bend(func(a *Attachment) { a.Size = -1 }), "size"},
		{"no hash", bend(func(a *Attachment) { a.SHA256 = [32]byte{} }), "sha256"},
		{"no key", bend(func(a *Attachment) { a.Key = "" }), "key"},
		{"key with a space", bend(func(a *Attachment) { a.Key = "2025/09/a b.jpg" }), "key"},
		{"key with an ideographic space", bend(func(a *Attachment) { a.Key = "2025/09/a\u3000b.jpg" }), "key"},
		{"key too long", bend(func(a *Attachment) { a.Key = strings.Repeat("k", MaxAttachmentKeyLen+1) }), "key"},
		{"key not UTF-8", bend(func(a *Attachment) { a.Key = "k\xff" }), "key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.a.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "attachment "+tc.field+":") {
				t.Fatalf("Validate: %v, want an ErrInvalidArgument naming %s", err, tc.field)
			}
		})
	}
}

func TestParseSHA256(t *testing.T) {
	sum := sha256.Sum256([]byte("abc"))
	const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	cases := []struct {
		in string
		ok bool
	}{
		{abc, true},
		{strings.ToUpper(abc), true},
		{abc[:62], false},
		{abc + "00", false},
		{abc[:63] + "g", false},
		{"", false},
	}
	for _, tc := range cases {
		h, err := ParseSHA256(tc.in)
		switch {
		case tc.ok && (err != nil || h != sum):
			t.Errorf("ParseSHA256(%q) = %x, %v; want %x", tc.in, h, err, sum)
		case !tc.ok && !errors.Is(err, ErrInvalidArgument):
			t.Errorf("ParseSHA256(%q): %v, want ErrInvalidArgument", tc.in, err)
		}
	}
}

// TestStepAttachments: the attachments of a step go into its record, in
// order, covered by the hash chain, and show in History and the record's
// JSON; a bad one refuses the step before the order is read.
func TestStepAttachments(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	o := handling(t, s, draft())
	lead := Unit(cityMgmt)
	second := Attachment{Name: "现场=1&2%.png", MediaType: "IMAGE/PNG", Size: 0, SHA256: sha256.Sum256(nil), Key: "k/现场%26.png"}
	must(t)(s.Reply(WithAttachments(ctx, photo, second), lead, o.ID, "井盖已更换"))
	must(t)(s.ApproveReply(ctx, centre, o.ID, ""))

	hist, err := s.History(ctx, centre, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	reply := hist[len(hist)-2]
	got, err := reply.Attachments()
	wantSecond := second
	wantSecond.MediaType = "image/png"
	if err != nil || len(got) != 2 || got[0] != photo || got[1] != wantSecond {
		t.Fatalf("reply's attachments %+v, %v; want the photo and %+v", got, err, wantSecond)
	}
	if v, _ := reply.Value("reply"); v != "井盖已更换" {
		t.Errorf("reply's data %q lost the reply", reply.Data)
	}
	if got, err := hist[len(hist)-1].Attachments(); err != nil || got != nil {
		t.Errorf("approval carries attachments %v, %v; want none", got, err)
	}
	if err := s.Verify(ctx, o.ID); err != nil {
		t.Fatal(err)
	}

	// The hash covers the attachments: another file breaks the chain.
	forged := hist[len(hist)-2]
	forged.Data = strings.Replace(forged.Data, "182044", "182045", 1)
	hist[len(hist)-2] = forged
	if err := Verify(o.ID, hist); !errors.Is(err, ErrTampered) {
		t.Errorf("Verify with an attachment's size changed: %v, want ErrTampered", err)
	}

	b, err := json.Marshal(reply)
	if err != nil {
		t.Fatal(err)
	}
	want := `"attachments":[{"name":"井盖 修复后.jpg","media_type":"image/jpeg","size":182044,"sha256":"` +
		hex.EncodeToString(photo.SHA256[:]) + `","key":"2025/09/WO000001/1.jpg"},{"name":"现场=1\u00262%.png","media_type":"image/png"`
	if !strings.Contains(string(b), want) {
		t.Errorf("record JSON %s lacks %s", b, want)
	}
	var back Record
	if err := json.Unmarshal(b, &back); err != nil || !back.At.Equal(reply.At) {
		t.Errorf("record JSON round trip: %+v, %v; want %+v", back, err, reply)
	}
	back.At = reply.At
	reply.Key = "" // the idempotency key stays out of the public JSON
	if back != reply {
		t.Errorf("record JSON round trip: %+v, %v; want %+v", back, err, reply)
	}

	// Bad attachments refuse the step, even on an order that does not exist.
	bad := photo
	bad.SHA256 = [32]byte{}
	for _, id := range []string{o.ID, "WO-none"} {
		_, err := s.Urge(WithAttachments(ctx, bad), centre, id, "")
		if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "urge: attachment 0 sha256: not set") {
			t.Errorf("urge of %s with a bad attachment: %v, want ErrInvalidArgument naming it", id, err)
		}
	}
	many := make([]Attachment, MaxAttachments+1)
	for i := range many {
		many[i] = photo
	}
	_, err = s.Urge(WithAttachments(ctx, many...), centre, o.ID, "")
	wantErr(t, err, ErrInvalidArgument)
	_, err = s.Accept(WithAttachments(ctx, bad), centre, draft())
	wantErr(t, err, ErrInvalidArgument)
	if after := must(t)(s.Get(ctx, centre, o.ID)); after.Version != int64(len(hist)) {
		t.Errorf("refused steps changed the order: version %d, want %d", after.Version, len(hist))
	}

	// Attachments given again replace those the context carries.
	a := must(t)(s.Accept(WithAttachments(WithAttachments(ctx, photo), second), centre, draft()))
	hist, _ = s.History(ctx, centre, a.ID)
	if got, _ := hist[0].Attachments(); len(got) != 1 || got[0] != wantSecond {
		t.Errorf("accept's attachments %+v, want only the second", got)
	}
}

// TestAttachmentsNotOnMergedOrders: closing a master with attachments
// closes the orders merged into it without them.
func TestAttachmentsNotOnMergedOrders(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	master := handling(t, s, draft())
	child := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Merge(ctx, centre, child.ID, master.ID, ""))
	must(t)(s.Reply(ctx, Unit(cityMgmt), master.ID, "已处理"))
	must(t)(s.ApproveReply(ctx, centre, master.ID, ""))
	must(t)(s.Callback(ctx, centre, master.ID, 4, ""))
	must(t)(s.Close(WithAttachments(ctx, photo), centre, master.ID, ""))
	for id, n := range map[string]int{master.ID: 1, child.ID: 0} {
		hist, err := s.History(ctx, centre, id)
		if err != nil {
			t.Fatal(err)
		}
		last := hist[len(hist)-1]
		if got, _ := last.Attachments(); last.Step != StepClose || len(got) != n {
			t.Errorf("%s's %s carries %d attachments, want %d", id, last.Step, len(got), n)
		}
	}
}

func TestRecordAttachmentsMalformed(t *testing.T) {
	good := string(data(nil).add("attachment", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad 3 text/plain k a b.txt"))
	cases := []struct {
		data string
		n    int // -1: ErrCorrupt
	}{
		{"", 0},
		{"reply=ok", 0},
		{good, 1},
		{"reply=ok&" + good + "&" + good, 2},
		{"attachment=", -1},
		{"attachment=ba78 3 text/plain k a", -1},
		{strings.Replace(good, " 3 ", " -3 ", 1), -1},
		{strings.Replace(good, " 3 ", " x ", 1), -1},
		{strings.Replace(good, "text/plain", "text", 1), -1},
		{strings.TrimSuffix(good, " a b.txt"), -1},
	}
	for _, tc := range cases {
		r := Record{OrderID: "WO1", Seq: 2, Data: tc.data}
		got, err := r.Attachments()
		switch {
		case tc.n < 0 && !errors.Is(err, ErrCorrupt):
			t.Errorf("Attachments of %q: %v, %v; want ErrCorrupt", tc.data, got, err)
		case tc.n >= 0 && (err != nil || len(got) != tc.n):
			t.Errorf("Attachments of %q: %d, %v; want %d", tc.data, len(got), err, tc.n)
		}
		if tc.n < 0 {
			if _, err := json.Marshal(r); !errors.Is(err, ErrCorrupt) {
				t.Errorf("JSON of a record with %q: %v, want ErrCorrupt", tc.data, err)
			}
		}
	}
}

func TestAttachmentJSON(t *testing.T) {
	b, err := json.Marshal(photo)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"name":"井盖 修复后.jpg","media_type":"image/jpeg","size":182044,"sha256":"`
	if !strings.HasPrefix(string(b), want) {
		t.Errorf("JSON %s, want it to start %s", b, want)
	}
	var back Attachment
	if err := json.Unmarshal(b, &back); err != nil || back != photo {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	err = json.Unmarshal([]byte(`{"name":"a","media_type":"image/png","size":1,"sha256":"abc","key":"k"}`), &back)
	if !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("short hash: %v, want ErrInvalidArgument", err)
	}
}

// FuzzRecordAttachments: any data either gives attachments that are
// valid and are written back as they were read, or fails with ErrCorrupt.
func FuzzRecordAttachments(f *testing.F) {
	f.Add(string(data(nil).add("attachment", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad 3 text/plain k a b.txt")))
	f.Add("reply=ok&attachment=x")
	f.Add("attachment=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad%20 0 a/b %26 %3D")
	f.Fuzz(func(t *testing.T, d string) {
		r := Record{Data: d}
		got, err := r.Attachments()
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("%q: %v", d, err)
			}
			return
		}
		again := Record{Data: string(addAttachments(nil, got))}
		back, err := again.Attachments()
		if err != nil || len(back) != len(got) {
			t.Fatalf("%q: read %v, written back %q read as %v, %v", d, got, again.Data, back, err)
		}
		for i := range got {
			if got[i].Validate() != nil || strings.ToLower(got[i].MediaType) != back[i].MediaType {
				t.Fatalf("%q: attachment %d %+v, back %+v", d, i, got[i], back[i])
			}
		}
	})
}

// TestAttachmentsNotForged: text a caller gives cannot pass for an
// attachment, whatever it holds.
func TestAttachmentsNotForged(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	o := handling(t, s, draft())
	forged := "已处理&attachment=" + hex.EncodeToString(photo.SHA256[:]) + " 1 image/jpeg k x.jpg"
	must(t)(s.Reply(ctx, Unit(cityMgmt), o.ID, forged))
	hist, _ := s.History(ctx, centre, o.ID)
	last := hist[len(hist)-1]
	if got, err := last.Attachments(); err != nil || got != nil {
		t.Errorf("a reply of %q reads as attachments %v, %v", forged, got, err)
	}
	if v, _ := last.Value("reply"); v != forged {
		t.Errorf("reply %q, want %q", v, forged)
	}
}

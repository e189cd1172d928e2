package api

import (
	"net/http"
	"strings"
	"testing"
)

// photoJSON is a valid attachment.
const photoJSON = `{"name":"井盖.jpg","media_type":"image/jpeg","size":48213,` +
	`"sha256":"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08","key":"2025/09/WO000001/1.jpg"}`

// A step's attachments go into its audit record; history shows them.
func TestAttachmentsOnSteps(t *testing.T) {
	f := newFixture(t)
	id := f.handling()
	f.step(lead, id, "reply", `{"reply":"井盖已更换","attachments":[`+photoJSON+`]}`)
	f.step(centre, id, "urge", `{"attachments":[`+photoJSON+`,`+strings.Replace(photoJSON, `1.jpg"`, `2.jpg"`, 1)+`]}`)
	// A draft takes them too; an empty list is none.
	other := f.accept(strings.Replace(draftJSON, `"tags":["噪音"]`, `"tags":["噪音"],"attachments":[`+photoJSON+`]`, 1))
	f.step(centre, other, "urge", `{"remark":"r","attachments":[]}`)

	for _, c := range []struct {
		id   string
		step string
		want []string // keys of the step's attachments
	}{
		{id, "reply", []string{"2025/09/WO000001/1.jpg"}},
		{id, "urge", []string{"2025/09/WO000001/1.jpg", "2025/09/WO000001/2.jpg"}},
		{id, "sign", nil},
		{other, "accept", []string{"2025/09/WO000001/1.jpg"}},
		{other, "urge", nil},
	} {
		recs := f.must(http.StatusOK, centre, "GET", "/api/orders/"+c.id+"/history", "").json()["records"].([]any)
		var found map[string]any
		for _, r := range recs {
			if r := r.(map[string]any); r["step"] == c.step {
				found = r
			}
		}
		if found == nil {
			t.Fatalf("%s %s: no record", c.id, c.step)
		}
		atts, _ := found["attachments"].([]any)
		var keys []string
		for _, a := range atts {
			a := a.(map[string]any)
			keys = append(keys, a["key"].(string))
			if a["sha256"] != "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" || a["name"] != "井盖.jpg" ||
				a["media_type"] != "image/jpeg" || a["size"] != 48213.0 {
				t.Errorf("%s %s: attachment %v", c.id, c.step, a)
			}
		}
		if strings.Join(keys, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s %s: attachments %v, want %v", c.id, c.step, keys, c.want)
		}
	}
}

// A bad attachment is a 400 naming it and its key, and takes no step.
func TestAttachmentsRefused(t *testing.T) {
	f := newFixture(t)
	id := f.handling()
	with := func(s string) string {
		return `{"reply":"井盖已更换","attachments":[` + photoJSON + `,` + s + `]}`
	}
	many := strings.Repeat(photoJSON+",", 20) + photoJSON
	for _, c := range []struct {
		body, field string
	}{
		{`{"reply":"x","attachments":{}}`, "attachments"},
		{`{"reply":"x","attachments":"a.jpg"}`, "attachments"},
		{`{"reply":"x","attachments":[` + many + `]}`, "attachments"},
		{with(`5`), "attachments[1]"},
		{with(`null`), "attachments[1].name"},
		{with(strings.Replace(photoJSON, `"name":"井盖.jpg",`, ``, 1)), "attachments[1].name"},
		{with(strings.Replace(photoJSON, `"井盖.jpg"`, `"a/井盖.jpg"`, 1)), "attachments[1].name"},
		{with(strings.Replace(photoJSON, `"井盖.jpg"`, `" 井盖.jpg"`, 1)), "attachments[1].name"},
		{with(strings.Replace(photoJSON, `"image/jpeg"`, `"image"`, 1)), "attachments[1].media_type"},
		{with(strings.Replace(photoJSON, `"image/jpeg"`, `"image/jpeg; q=1"`, 1)), "attachments[1].media_type"},
		{with(strings.Replace(photoJSON, `48213`, `-1`, 1)), "attachments[1].size"},
		{with(strings.Replace(photoJSON, `48213`, `"48213"`, 1)), "attachments[1].size"},
		{with(strings.Replace(photoJSON, `"size":48213,`, ``, 1)), "attachments[1].size"},
		{with(strings.Replace(photoJSON, `9F86D0`, `9F86`, 1)), "attachments[1].sha256"},
		{with(strings.Replace(photoJSON, `9F86D0`, `ZZ86D0`, 1)), "attachments[1].sha256"},
		{with(`{"name":"a.jpg","media_type":"image/jpeg","size":1,"sha256":"` + strings.Repeat("0", 64) + `","key":"k"}`), "attachments[1].sha256"},
		{with(strings.Replace(photoJSON, `"2025/09/WO000001/1.jpg"`, `"a b.jpg"`, 1)), "attachments[1].key"},
		{with(strings.Replace(photoJSON, `"2025/09/WO000001/1.jpg"`, `""`, 1)), "attachments[1].key"},
		{with(strings.Replace(photoJSON, `"key"`, `"url"`, 1)), "attachments[1].url"},
		// The body's own keys are still checked strictly.
		{`{"reply":"x","attachment":[]}`, "attachment"},
		{`{"attachments":[]}`, "reply"},
	} {
		r := f.must(http.StatusBadRequest, lead, "POST", "/api/orders/"+id+"/reply", c.body)
		if p := r.problem(t); p.Field != c.field || p.Type != TypeBadRequest {
			t.Errorf("%.80s: field %q (%s), want %q", c.body, p.Field, p.Detail, c.field)
		}
	}
	if o := f.must(http.StatusOK, lead, "GET", "/api/orders/"+id, "").order(t); o.State.String() != "handling" {
		t.Fatalf("state %v after refused replies", o.State)
	}
	// The draft's attachments are checked the same way.
	r := f.must(http.StatusBadRequest, centre, "POST", "/api/orders",
		strings.Replace(draftJSON, `"tags":["噪音"]`, `"attachments":[{"name":"a"}]`, 1))
	if p := r.problem(t); p.Field != "attachments[0].media_type" {
		t.Errorf("draft: field %q", p.Field)
	}
}

// What reading the attachments apart from a step's body costs: nothing
// but a scan when the body has none.
func BenchmarkSplitAttachments(b *testing.B) {
	for _, c := range []struct{ name, body string }{
		{"none", `{"reply":"井盖已更换，现场已恢复通行。"}`},
		{"one", `{"reply":"井盖已更换，现场已恢复通行。","attachments":[` + photoJSON + `]}`},
		{"five", `{"reply":"井盖已更换，现场已恢复通行。","attachments":[` + strings.Repeat(photoJSON+",", 4) + photoJSON + `]}`},
	} {
		b.Run(c.name, func(b *testing.B) {
			body := []byte(c.body)
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := splitAttachments(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

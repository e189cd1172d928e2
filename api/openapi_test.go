package api

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

// The served document is the built one, and valid JSON of OpenAPI 3.1.
func TestOpenAPIServed(t *testing.T) {
	f := newFixture(t)
	r := f.must(http.StatusOK, "", "GET", "/api/openapi.json", "")
	want, err := buildDoc("/api")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.body, want) || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("served document differs from the built one")
	}
	doc := r.json()
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi %v", doc["openapi"])
	}
	// Every component schema compiles as JSON Schema 2020-12.
	for name := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
		schema(t, "/components/schemas/"+name)
	}
}

// Every route served is documented, and every documented operation is
// served: a request to each reaches a route (it is not the mux's 404 or
// 405) and its answer follows the document (checked by do).
func TestOpenAPIRoutes(t *testing.T) {
	f := newFixture(t)
	f.handling()
	doc := loadDoc(t)
	documented := map[string]bool{}
	for tmpl, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			if method == "parameters" {
				continue
			}
			m := strings.ToUpper(method)
			documented[m+" "+tmpl] = true
			path := "/api" + strings.ReplaceAll(tmpl, "{id}", "WO000001")
			r := f.do(centre, m, path, "")
			if r.status == http.StatusNotFound || r.status == http.StatusMethodNotAllowed {
				if p := r.problem(t); p.Type == TypeNotFound && p.Title == "No such route" || p.Type == TypeMethod {
					t.Errorf("documented %s %s is not served", m, tmpl)
				}
			}
		}
	}
	served := f.h.(*handler).patterns
	if len(served) != 7+len(steps) {
		t.Fatalf("%d routes served: %v", len(served), served)
	}
	for _, s := range served {
		if !documented[s] {
			t.Errorf("served %s is not documented", s)
		}
	}
	if len(documented) != len(served) {
		t.Errorf("%d operations documented, %d served", len(documented), len(served))
	}
	// Each step's documented body is the one decoded.
	for _, sr := range steps {
		if _, ok := doc["components"].(map[string]any)["schemas"].(map[string]any)[bodyName(sr.name)]; !ok {
			t.Errorf("no schema for the body of %s", sr.name)
		}
	}
}

// The schemas refuse what the API refuses: the document is not looser
// than the handler.
func TestOpenAPIRefuses(t *testing.T) {
	for _, c := range []struct{ ptr, body string }{
		{"/components/schemas/ReplyBody", `{"reply":"x","actor":{"role":"centre"}}`},
		{"/components/schemas/ReplyBody", `{}`},
		{"/components/schemas/SuspendBody", `{"reason":"  "}`},
		{"/components/schemas/DispatchBody", `{"assist":[""]}`},
		{"/components/schemas/Draft", `{"channel":"phone","category":"complaint","text":"x","state":"closed"}`},
		{"/components/schemas/Problem", `{"type":"x","title":"t"}`},
		{"/components/schemas/ReplyBody", `{"reply":"x","attachments":[{"name":"a.jpg"}]}`},
		{"/components/schemas/Attachment", `{"name":"a/b.jpg","media_type":"image/jpeg","size":1,"sha256":"` + strings.Repeat("a", 64) + `","key":"k"}`},
		{"/components/schemas/Attachment", `{"name":"b.jpg","media_type":"image","size":1,"sha256":"` + strings.Repeat("a", 64) + `","key":"k"}`},
		{"/components/schemas/Attachment", `{"name":"b.jpg","media_type":"image/jpeg","size":-1,"sha256":"` + strings.Repeat("a", 64) + `","key":"k"}`},
		{"/components/schemas/Attachment", `{"name":"b.jpg","media_type":"image/jpeg","size":1,"sha256":"abc","key":"k"}`},
	} {
		v := map[string]any{}
		if err := json.Unmarshal([]byte(c.body), &v); err != nil {
			t.Fatal(err)
		}
		if err := schema(t, c.ptr).Validate(v); err == nil {
			t.Errorf("%s accepts %s", c.ptr, c.body)
		}
	}
}

// One log record per request, with the order, the step, the actor, the
// status and the duration; Observe hears every step request.
func TestLogAndObserve(t *testing.T) {
	type seen struct {
		step string
		err  bool
	}
	var obs []seen
	f := newFixture(t, func(o *Options) {
		o.Observe = func(r *http.Request, step string, err error, took time.Duration) {
			if took <= 0 {
				t.Errorf("took %v", took)
			}
			obs = append(obs, seen{step, err != nil})
		}
	})
	id := f.accept(draftJSON)
	f.step(centre, id, "dispatch", `{"lead":"`+cityMgmt+`"}`)
	f.must(http.StatusConflict, centre, "POST", "/api/orders/"+id+"/dispatch", `{"lead":"`+cityMgmt+`"}`)
	f.must(http.StatusOK, lead, "GET", "/api/orders/"+id, "")
	f.must(http.StatusNotFound, centre, "GET", "/api/nothing", "")

	if want := []seen{{"accept", false}, {"dispatch", false}, {"dispatch", true}}; !slices.Equal(obs, want) {
		t.Fatalf("observed %v, want %v", obs, want)
	}
	var recs []map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(f.logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, m)
	}
	if len(recs) != 5 {
		t.Fatalf("%d records for 5 requests:\n%s", len(recs), f.logs)
	}
	for i, want := range []map[string]any{
		{"status": 201.0, "order": id, "step": "accept", "actor": "centre:agent-7", "method": "POST"},
		{"status": 200.0, "order": id, "step": "dispatch", "actor": "centre:agent-7"},
		{"status": 409.0, "order": id, "step": "dispatch", "level": "INFO"},
		{"status": 200.0, "order": id, "actor": "unit:" + cityMgmt, "path": "/api/orders/" + id},
		{"status": 404.0, "path": "/api/nothing"},
	} {
		for k, v := range want {
			if recs[i][k] != v {
				t.Errorf("record %d: %s = %v, want %v", i, k, recs[i][k], v)
			}
		}
		if _, ok := recs[i]["duration"]; !ok {
			t.Errorf("record %d has no duration", i)
		}
	}
	if _, ok := recs[3]["step"]; ok {
		t.Errorf("a read has a step: %v", recs[3])
	}
	if !strings.Contains(recs[2]["error"].(string), "not allowed") {
		t.Errorf("the refused step's record lacks the error: %v", recs[2])
	}
}

// The API on SQLite: steps, reads and a basic listing.
func TestSQLite(t *testing.T) {
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "hotline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := newFixture(t, func(c *workorder.Config) { c.Store = st })
	id := f.handling(envBur)
	f.accept(draftJSON)
	f.step(helper, id, "submit_opinion", `{"opinion":"同意"}`)
	f.step(lead, id, "reply", `{"reply":"已处理"}`)
	got, _ := ids(t, f.must(http.StatusOK, centre, "GET", "/api/orders", ""))
	if !slices.Equal(got, []string{"WO000001", "WO000002"}) {
		t.Fatalf("listed %v", got)
	}
	got, _ = ids(t, f.must(http.StatusOK, centre, "GET", "/api/orders?state=replied", ""))
	if !slices.Equal(got, []string{"WO000001"}) {
		t.Fatalf("listed %v", got)
	}
	got, _ = ids(t, f.must(http.StatusOK, helper, "GET", "/api/orders", ""))
	if !slices.Equal(got, []string{"WO000001"}) {
		t.Fatalf("the assisting unit listed %v", got)
	}
	h := f.must(http.StatusOK, centre, "GET", "/api/orders/"+id+"/history", "").json()["records"].([]any)
	if len(h) != 5 {
		t.Fatalf("%d records", len(h))
	}
	f.must(http.StatusOK, centre, "GET", "/api/orders/"+id+"/deadlines", "")
	f.must(http.StatusNotFound, centre, "GET", "/api/orders/WO404", "")
}

// A logger that is off for Info costs no record.
func TestLogLevel(t *testing.T) {
	var buf bytes.Buffer
	f := newFixture(t, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelError}))
	})
	f.accept(draftJSON)
	if buf.Len() != 0 {
		t.Fatalf("logged %s", buf.String())
	}
	f.must(http.StatusInternalServerError, "broken", "GET", "/api/orders", "")
	if !strings.Contains(buf.String(), "status=500") {
		t.Fatalf("the 500 was not logged: %s", buf.String())
	}
}

var update = flag.Bool("update", false, "rewrite docs/openapi.json")

// docs/openapi.json is the document of the API mounted at /api, kept for
// readers of the repository; regenerate it with
// go test ./api -run TestOpenAPIFile -update.
func TestOpenAPIFile(t *testing.T) {
	want, err := buildDoc(PrefixDefault)
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	path := filepath.Join("..", "docs", "openapi.json")
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: go test ./api -run TestOpenAPIFile -update", path)
	}
}

// A body's schema follows its struct: keys, kinds, limits and the
// required ones.
func TestSchemaOf(t *testing.T) {
	type inner struct {
		N int `json:"n"`
	}
	type body struct {
		Name  string   `json:"name" api:"required,short"`
		Text  string   `json:"text,omitempty"`
		Units []string `json:"units,omitempty" api:"short"`
		Flag  bool     `json:"flag,omitempty"`
		In    inner    `json:"in" api:"required"`
	}
	s, err := schemaOf(reflect.TypeFor[body]())
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"additionalProperties":false,"properties":{"flag":{"type":"boolean"},` +
		`"in":{"additionalProperties":false,"properties":{"n":{"type":"integer"}},"type":"object"},` +
		`"name":{"maxLength":500,"pattern":"\\S","type":"string"},"text":{"maxLength":10000,"type":"string"},` +
		`"units":{"items":{"maxLength":500,"pattern":"\\S","type":"string"},"maxItems":20,"type":"array"}},` +
		`"required":["name","in"],"type":"object"}`
	if string(got) != want {
		t.Fatalf("schema\n%s\nwant\n%s", got, want)
	}
	type bad struct {
		F float64 `json:"f"`
	}
	if _, err := schemaOf(reflect.TypeFor[bad]()); err == nil {
		t.Fatal("a float field has a schema")
	}
}

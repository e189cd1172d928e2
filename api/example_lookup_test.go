package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/hotline12345/hotline/api"
	"github.com/hotline12345/hotline/auth"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
)

// The caller's progress lookup: the centre takes an order in with a query
// code, reads it out to the caller, and the caller looks the order up
// without signing in. Behind a proxy, ClientKey reads the client's
// address from the header the trusted proxy sets.
func ExampleOptions_clientKey() {
	svc, err := workorder.NewService(workorder.Config{
		Store: workorder.NewMemStore(), Calendar: cn.Calendar(), IDs: workorder.Sequence("WO"),
		Clock:    workorder.ClockFunc(func() time.Time { return time.Date(2025, 9, 15, 2, 0, 0, 0, time.UTC) }),
		QueryKey: []byte("the deployment's secret, 16+ bytes"),
	})
	if err != nil {
		panic(err)
	}
	agent := auth.Func(func(r *http.Request) (workorder.Actor, error) {
		if r.Header.Get("X-Demo-User") == "agent" {
			return workorder.Centre("agent-7"), nil
		}
		return workorder.Actor{}, auth.ErrUnauthenticated
	})
	h, err := api.New(svc, api.Options{Auth: agent, Logger: slog.New(slog.DiscardHandler),
		ClientKey: func(r *http.Request) string { return r.Header.Get("X-Real-IP") }})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	req, _ := http.NewRequest("POST", srv.URL+"/api/orders?query_code=true",
		strings.NewReader(`{"channel":"phone","category":"complaint","text":"工地夜间施工噪音扰民","caller":{"name":"李女士"}}`))
	req.Header.Set("X-Demo-User", "agent")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	// The answer is the order with "query_code" beside its keys.
	var accepted struct {
		ID        string `json:"id"`
		QueryCode string `json:"query_code"`
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	_ = json.Unmarshal(b, &accepted)
	fmt.Println(res.StatusCode, accepted.ID, len(accepted.QueryCode), "digits")

	lookup := func(code string) {
		req, _ := http.NewRequest("GET", srv.URL+"/api/lookup/"+accepted.ID+"?code="+code, nil)
		req.Header.Set("X-Real-IP", "198.51.100.7")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		fmt.Println(res.StatusCode, strings.TrimSpace(string(b)))
	}
	lookup(accepted.QueryCode)
	lookup("00000000")
	// Output:
	// 201 WO000001 8 digits
	// 200 {"id":"WO000001","state":"received","category":"complaint","accepted":"2025-09-15T02:00:00Z","updated":"2025-09-15T02:00:00Z","due":"2025-09-22T16:00:00Z","deadlines":[{"target":"finish","due":"2025-09-22T16:00:00Z"}]}
	// 404 {"type":"urn:hotline:problem:not-found","title":"Order not found","status":404,"detail":"no order with this id and query code"}
}

package api_test

import (
	"encoding/json"
	"errors"
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

// The API mounted in a server, with an authenticator that trusts a
// header (a real application checks its own session or token): the
// centre takes an order in and dispatches it, the unit signs it, and a
// unit that tries a centre's step is refused with a problem.
func ExampleNew() {
	svc, err := workorder.NewService(workorder.Config{
		Store: workorder.NewMemStore(), Calendar: cn.Calendar(), IDs: workorder.Sequence("WO"),
		Clock: workorder.ClockFunc(func() time.Time { return time.Date(2025, 9, 15, 2, 0, 0, 0, time.UTC) }),
	})
	if err != nil {
		panic(err)
	}
	who := auth.Func(func(r *http.Request) (workorder.Actor, error) {
		switch r.Header.Get("X-Demo-User") {
		case "agent":
			return workorder.Centre("agent-7"), nil
		case "city":
			return workorder.Unit("清溪镇城管办"), nil
		}
		return workorder.Actor{}, auth.ErrUnauthenticated
	})
	h, err := api.New(svc, api.Options{Auth: who, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	post := func(user, path, body string) {
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
		req.Header.Set("X-Demo-User", user)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		defer res.Body.Close()
		var v struct {
			ID, State, Lead string
			Title, Detail   string
			Allowed         []string
		}
		b, _ := io.ReadAll(res.Body)
		_ = json.Unmarshal(b, &v)
		if res.StatusCode >= 400 {
			fmt.Println(res.StatusCode, res.Header.Get("Content-Type"), v.Title)
			return
		}
		fmt.Println(strings.TrimSpace(fmt.Sprint(res.StatusCode, " ", v.ID, " ", v.State, " ", v.Lead)))
	}
	post("agent", "/api/orders", `{"channel":"phone","category":"complaint","text":"工地夜间施工噪音扰民"}`)
	post("agent", "/api/orders/WO000001/dispatch", `{"lead":"清溪镇城管办"}`)
	post("city", "/api/orders/WO000001/sign", ``)
	post("city", "/api/orders/WO000001/close", `{}`)
	// Output:
	// 201 WO000001 received
	// 200 WO000001 dispatched 清溪镇城管办
	// 200 WO000001 handling 清溪镇城管办
	// 403 application/problem+json Forbidden
}

// The problem an error is answered with: for metrics labelled by status,
// or a front end of its own.
func ExampleProblemFor() {
	p := api.ProblemFor(&workorder.TransitionError{ID: "WO1", State: workorder.StateClosed, Step: workorder.StepSign})
	fmt.Println(p.Status, p.Type, p.State, p.Allowed)
	p = api.ProblemFor(errors.New("pq: connection refused"))
	fmt.Println(p.Status, p.Detail)
	// Output:
	// 409 urn:hotline:problem:invalid-transition closed [reopen exempt]
	// 500 the server failed; the error is in its log
}

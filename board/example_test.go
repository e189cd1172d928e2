package board_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/hotline12345/hotline/auth"
	"github.com/hotline12345/hotline/board"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
)

// Mount the board under /board in an application's server. The hub is
// the service's observer, so that pages update live; the authenticator is
// the application's (here: every request is the centre's agent 7).
func Example() {
	hub := board.NewHub()
	svc, err := workorder.NewService(workorder.Config{
		Store: workorder.NewMemStore(), Calendar: cn.Calendar(), Observer: hub,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := board.New(svc, board.Options{
		Prefix: "/board",
		Hub:    hub,
		Auth: auth.Func(func(r *http.Request) (workorder.Actor, error) {
			return workorder.Centre("agent-7"), nil
		}),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	mux := http.NewServeMux()
	mux.Handle("/board/", h)

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/board/?lang=en", nil))
	fmt.Println(rec.Code, strings.Contains(rec.Body.String(), "No orders match."))
	fmt.Println(strings.Contains(rec.Header().Get("Content-Security-Policy"), "script-src 'self'"))
	// Output:
	// 200 true
	// true
}

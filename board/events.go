package board

import (
	"encoding/json"
	"net/http"
	"time"
)

// heartbeat is how often an idle event stream sends a comment, so that
// proxies keep it open and a closed browser is noticed.
const heartbeat = 20 * time.Second

// events streams the hub's events the actor may hear, as server-sent
// events named "step", until the browser goes, the request's context ends
// or the hub is closed.
func (s *server) events(c *call) {
	l, ok := s.opts.Hub.subscribe(c.actor)
	if !ok {
		http.Error(c.w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.opts.Hub.unsubscribe(l)
	rc := http.NewResponseController(c.w)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	h := c.w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	c.w.WriteHeader(http.StatusOK)
	if _, err := c.w.Write([]byte("retry: 2000\n: hello\n\n")); err != nil {
		return
	}
	if rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		var msg []byte
		select {
		case <-c.r.Context().Done():
			return
		case <-s.opts.Hub.done:
			return
		case <-tick.C:
			msg = []byte(": ping\n\n")
		case e := <-l.ch:
			if e.step != 0 {
				e.StepName = e.step.Name(c.lang.Tag())
			}
			e.StateName = e.state.Name(c.lang.Tag())
			b, _ := json.Marshal(e)
			msg = append(append([]byte("event: step\ndata: "), b...), "\n\n"...)
		}
		if _, err := c.w.Write(msg); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}

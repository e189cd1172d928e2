package main

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/workorder"
)

// chromium returns the path of a Chromium or Chrome to drive, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// screenshots returns the folder the browser test saves its screenshots
// in: $HOTLINE_SCREENSHOTS, else a temporary one.
func screenshots(t *testing.T) string {
	dir := os.Getenv("HOTLINE_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// console collects the error messages of a chromedp context's pages.
type console struct {
	mu   sync.Mutex
	errs []string
}

func (c *console) watch(ctx context.Context) {
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				c.mu.Lock()
				c.errs = append(c.errs, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
				c.mu.Unlock()
			}
		}
	}()
}

func (c *console) errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errs...)
}

// TestBrowser drives the server's board in headless Chromium as its
// users would, signed in as the demo users:
// the centre dispatches, the unit signs and replies in another browser
// context, and the centre's page shows the reply by itself.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium()
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no chromium installed: .ci/run installs it")
		}
		t.Skip("no chromium installed (.ci/run installs it)")
	}
	shots := screenshots(t)

	// The server as `hotline serve` starts it: a temporary SQLite file
	// seeded with part of the simulated year, the demo users.
	ctx := context.Background()
	s := testServer(t, filepath.Join(t.TempDir(), "hotline.db"), 300, io.Discard, "-kb", "../../kb/testdata/qingxi.yaml")
	srv := httptest.NewServer(s.handler)
	t.Cleanup(srv.Close)
	centre := workorder.Centre("话务组")
	target, err := s.svc.Accept(ctx, centre, &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint,
		Title: "工地夜间噪音", Text: "三中村工地凌晨仍在施工，噪音扰民。<script>alert(1)</script>",
		Caller:   workorder.Caller{Name: "李秀英", Phone: "13812345678", Confidential: true},
		Location: workorder.Location{Region: "清溪镇/三中村", Address: "工业路 8 号"},
	})
	if err != nil {
		t.Fatal(err)
	}
	orderURL := srv.URL + "/orders/" + target.ID

	actx, cancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 900))
	defer cancel()
	cctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(cctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	var centreLog, unitLog console
	centreLog.watch(cctx)

	step := func(ctx context.Context, what string, d time.Duration, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	shot := func(ctx context.Context, name string) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	signIn := func(ctx context.Context, id, password string) {
		t.Helper()
		step(ctx, "sign in as "+id, 20*time.Second,
			chromedp.Navigate(srv.URL+"/login"),
			chromedp.WaitVisible(chromedp.CSS(`input[name="id"]`)),
			chromedp.SetValue(chromedp.CSS(`input[name="id"]`), id),
			chromedp.SetValue(chromedp.CSS(`input[name="password"]`), password),
			chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`table.orders`)),
		)
	}

	// The centre signs in with a demo user, sees the board and dispatches
	// the order to the town's urban management.
	step(cctx, "sign-in page", 20*time.Second, chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS(`form`)))
	shot(cctx, "login.png")
	signIn(cctx, "centre", "centre-demo")
	shot(cctx, "board.png")
	step(cctx, "open the received order", 20*time.Second,
		chromedp.Navigate(orderURL),
		chromedp.WaitVisible(chromedp.CSS(`form[data-step="answer"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[data-step="transfer"] button`)),
	)
	shot(cctx, "received.png")
	step(cctx, "dispatch", 20*time.Second,
		chromedp.WaitVisible(chromedp.CSS(`form[data-step="dispatch"] button`)),
		chromedp.SetValue(chromedp.CSS(`form[data-step="dispatch"] select[name="lead"]`), "城管分局"),
		chromedp.Click(chromedp.CSS(`form[data-step="dispatch"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)),
	)
	if o, _ := s.svc.Get(ctx, centre, target.ID); o.State != workorder.StateDispatched || o.Lead != "城管分局" {
		t.Fatalf("after dispatch: %v led by %q", o.State, o.Lead)
	}

	// The unit, in a browser context of its own, signs and replies.
	uctx, cancel := chromedp.NewContext(cctx, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(uctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	unitLog.watch(uctx)
	signIn(uctx, "cgb", "unit-demo")
	step(uctx, "open the order", 20*time.Second,
		chromedp.Navigate(orderURL),
		chromedp.WaitVisible(chromedp.CSS(`form[data-step="sign"] button`)),
	)
	for _, page := range []string{orderURL, srv.URL + "/"} {
		step(uctx, "open "+page, 20*time.Second, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(`main`)))
		src, err := chromedp.Run(uctx, chromedp.OuterHTML(chromedp.CSS("html")))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(src, target.ID) {
			t.Errorf("%s: the unit's page does not show %s", page, target.ID)
		}
		for _, secret := range []string{"李秀英", "13812345678", "138 1234 5678"} {
			if strings.Contains(src, secret) {
				t.Errorf("%s: the confidential caller's %q reaches the unit's page", page, secret)
			}
		}
	}
	step(uctx, "open the order again", 20*time.Second,
		chromedp.Navigate(orderURL), chromedp.WaitVisible(chromedp.CSS(`form[data-step="sign"] button`)))
	shot(uctx, "unit-order.png")
	step(uctx, "sign", 20*time.Second,
		chromedp.WaitVisible(chromedp.CSS(`form[data-step="sign"] button`)),
		chromedp.Click(chromedp.CSS(`form[data-step="sign"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form[data-step="reply"] textarea`)),
		chromedp.SetValue(chromedp.CSS(`form[data-step="reply"] textarea`), "已责令工地夜间停工，并现场复查。"),
		chromedp.Click(chromedp.CSS(`form[data-step="reply"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)),
	)
	replied := time.Now()

	// The centre's page, untouched since the dispatch, shows the reply
	// and the step to approve it by itself.
	step(cctx, "live update", 10*time.Second,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`document.querySelector('form[data-step="approve_reply"]') !== null`)(ctx, tg)
			return err
		}))
	t.Logf("the centre's page showed the reply %v after it was sent", time.Since(replied).Round(time.Millisecond))
	shot(cctx, "order.png")
	html, err := chromedp.Run(cctx, chromedp.OuterHTML(chromedp.CSS("#summary")))
	if err != nil || !strings.Contains(html, "已责令工地夜间停工") || !strings.Contains(html, "李秀英") {
		t.Errorf("centre's summary after the live update lacks the reply or the caller (%v)", err)
	}

	// The unit signs out; the board then sends it to sign in again.
	step(uctx, "sign out", 20*time.Second,
		chromedp.Click(chromedp.CSS(`header form button`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="password"]`)),
		chromedp.Navigate(orderURL),
		chromedp.WaitVisible(chromedp.CSS(`input[name="password"]`)),
	)

	// The leaders' charts.
	step(cctx, "charts", 30*time.Second,
		chromedp.Navigate(srv.URL+"/charts"),
		chromedp.WaitVisible(chromedp.CSS(`#charts[data-ready="1"]`)),
	)
	shot(cctx, "charts.png")

	for _, c := range []struct {
		who string
		log *console
	}{{"centre", &centreLog}, {"unit", &unitLog}} {
		for _, e := range c.log.errors() {
			t.Errorf("%s's console: %s", c.who, e)
		}
	}
	t.Logf("screenshots in %s", shots)
}

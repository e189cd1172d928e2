package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hotline12345/hotline/api"
	"github.com/hotline12345/hotline/auth"
	"github.com/hotline12345/hotline/board"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/internal/qingxi"
	"github.com/hotline12345/hotline/kb"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/telemetry"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
	"golang.org/x/text/language"
)

// Defaults of serve's flags.
const (
	addrDefault  = "127.0.0.1:8080"
	dbDefault    = "hotline.db"
	graceDefault = 30 * time.Second
)

// demoUsers is the users file serve uses without -users.
//
//go:embed users.demo.yaml
var demoUsers []byte

// serveConfig is what serve's flags ask for.
type serveConfig struct {
	addr     string
	db       string // SQLite file, when postgres is ""
	postgres string // PostgreSQL DSN
	rules    string // files; "" means the town's or the default
	units    string
	policies string
	kb       string
	users    string
	seed     int // orders simulated into an empty store; 0 for none
	seedYear int
	grace    time.Duration
	logJSON  bool
	logLevel slog.Level
}

const serveUsage = `usage: hotline serve [flags]

Serves the web board at /, the JSON API under /api/ (OpenAPI document at
/api/openapi.json), metrics at /metrics, and /healthz and /readyz, and
prints the URL to open. An empty store is first seeded with the simulated
year of the town of 清溪镇 (-seed orders), so the board has orders to show:
this year's up to the present, some still open, or a past year's, all
closed (-seed-year).

Without -users, these demo users may sign in at /login:
  centre      password centre-demo      the hotline centre (话务组)
  cgb         password unit-demo        a unit (城管分局)
  sanzhong    password unit-demo        a village committee (三中村委会)
  supervisor  password supervisor-demo  a supervisor (督查室)

flags:
`

// flagError is a flag value out of range, with what is wanted.
type flagError struct{ msg string }

func (e *flagError) Error() string { return e.msg }

// parseServe reads serve's flags; env looks up DATABASE_URL. It returns
// flag.ErrHelp for -h, having printed the usage to stdout.
func parseServe(args []string, env func(string) string, stdout, stderr io.Writer) (*serveConfig, error) {
	c := &serveConfig{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", addrDefault, "`host:port` to listen on")
	fs.StringVar(&c.db, "db", dbDefault, "SQLite `file` of the store, created when missing")
	fs.StringVar(&c.postgres, "postgres", env("DATABASE_URL"), "PostgreSQL `DSN` of the store instead of SQLite (default $DATABASE_URL)")
	fs.StringVar(&c.rules, "rules", "", "routing rules `file` (default: the town of 清溪镇's)")
	fs.StringVar(&c.units, "units", "", "directory of units `file` (default: the town of 清溪镇's)")
	fs.StringVar(&c.policies, "policies", "", "sla policies `file` (default: the library's default policies)")
	fs.StringVar(&c.kb, "kb", "", "knowledge-base `file` the centre answers orders from directly (default: none)")
	fs.StringVar(&c.users, "users", "", "users `file` of who may sign in (default: the demo users above)")
	fs.IntVar(&c.seed, "seed", qingxi.OrdersDefault, "orders of the simulated year to seed an empty store with; 0 seeds nothing")
	fs.IntVar(&c.seedYear, "seed-year", min(time.Now().Year(), qingxi.YearMax), "year the seeded orders are received in; the current year stops at the present, with orders still open")
	fs.DurationVar(&c.grace, "grace", graceDefault, "how long a shutdown waits for requests in flight")
	fs.BoolVar(&c.logJSON, "log-json", false, "write logs as JSON lines instead of text")
	level := fs.String("log-level", "info", "least level logged: debug, info, warn or error")
	usage := func(w io.Writer) {
		fmt.Fprint(w, serveUsage)
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	// The usage is printed once: to stdout when asked for, to stderr
	// after a mistake (which the flag package names there first).
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
		} else {
			usage(stderr)
		}
		return nil, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	bad := func(format string, a ...any) (*serveConfig, error) {
		return nil, &flagError{fmt.Sprintf(format, a...)}
	}
	if fs.NArg() > 0 {
		return bad("unexpected argument %q", fs.Arg(0))
	}
	_, port, err := net.SplitHostPort(c.addr)
	if err != nil {
		return bad("-addr %q: want host:port, such as %s", c.addr, addrDefault)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return bad("-addr %q: port %q: want a number from 0 to 65535", c.addr, port)
	}
	switch {
	case set["db"] && set["postgres"]:
		return bad("-db and -postgres: give one store, not both")
	case set["db"] && c.db == "":
		return bad("-db: want a file name")
	case set["postgres"] && c.postgres == "":
		return bad("-postgres: want a DSN such as postgres://user@localhost/hotline")
	case c.seed < 0:
		return bad("-seed %d: want 0 or more orders", c.seed)
	case c.seed > 0 && (c.seedYear < qingxi.YearMin || c.seedYear > qingxi.YearMax):
		return bad("-seed-year %d: want %d to %d, the years the calendar computes", c.seedYear, qingxi.YearMin, qingxi.YearMax)
	case c.grace <= 0:
		return bad("-grace %v: want a positive duration such as 30s", c.grace)
	}
	if err := c.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return bad("-log-level %q: want debug, info, warn or error", *level)
	}
	return c, nil
}

// serveCommand runs serve until ctx is done.
func serveCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServe(args, os.Getenv, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		// The flag package has printed its own errors with the usage.
		if fe := (*flagError)(nil); errors.As(err, &fe) {
			fmt.Fprintf(stderr, "hotline serve: %v\nrun 'hotline serve -h' for the flags\n", err)
		}
		return 2
	}
	log := newLogger(cfg, stderr)
	srv, err := newServer(ctx, cfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "hotline serve:", err)
		return 1
	}
	defer srv.close()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		fmt.Fprintln(stderr, "hotline serve:", err)
		return 1
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "hotline: open %s/ (sign in at %s/login; API at %s/api/, metrics at %s/metrics)\n", base, base, base, base)
	if cfg.users == "" {
		fmt.Fprintln(stdout, "hotline: demo users: centre/centre-demo, cgb/unit-demo, sanzhong/unit-demo, supervisor/supervisor-demo")
	}
	if err := srv.serve(ctx, ln); err != nil {
		fmt.Fprintln(stderr, "hotline serve:", err)
		return 1
	}
	return 0
}

func newLogger(cfg *serveConfig, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.logLevel}
	if cfg.logJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// server is a running hotline: its store, service, monitor and handler.
type server struct {
	cfg     *serveConfig
	log     *slog.Logger
	store   workorder.Store
	closeDB func()
	svc     *workorder.Service
	metrics *telemetry.Metrics
	// monitor raises the sla alerts until its context is done.
	monitor func(ctx context.Context) error
	handler http.Handler
	// hub sends the board's live pages their updates; closed at shutdown
	// so that open pages do not hold it up.
	hub *board.Hub
}

// files are the configuration files a server reads, or the town's.
type files struct {
	rules    *routing.Config
	units    *unit.Directory
	policies *sla.PolicySet
	kb       *kb.Base // nil: no direct answers
}

func loadFiles(cfg *serveConfig) (*files, error) {
	f := &files{policies: sla.DefaultPolicies()}
	var err error
	if cfg.rules == "" {
		f.rules, err = routing.Parse(bytes.NewReader(qingxi.RulesYAML()))
	} else {
		f.rules, err = routing.LoadFile(cfg.rules)
	}
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if cfg.units == "" {
		f.units, err = unit.Parse(bytes.NewReader(qingxi.UnitsYAML()))
	} else {
		f.units, err = unit.LoadFile(cfg.units)
	}
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	if cfg.policies != "" {
		if f.policies, err = sla.LoadFile(cfg.policies); err != nil {
			return nil, fmt.Errorf("policies: %w", err)
		}
	}
	if cfg.kb != "" {
		if f.kb, err = kb.LoadFile(cfg.kb); err != nil {
			return nil, fmt.Errorf("knowledge base: %w", err)
		}
	}
	return f, nil
}

// loadUsers reads the users file, or the demo users.
func loadUsers(path string) (*auth.Users, error) {
	if path != "" {
		return auth.LoadUsers(path)
	}
	return auth.ParseUsers(demoUsers)
}

// newServer opens and seeds the store and builds the service and the
// handler; it starts nothing.
func newServer(ctx context.Context, cfg *serveConfig, log *slog.Logger) (_ *server, err error) {
	f, err := loadFiles(cfg)
	if err != nil {
		return nil, err
	}
	users, err := loadUsers(cfg.users)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	rs, _, err := routing.Compile(f.rules, routing.Options{Language: language.Chinese, Units: f.units})
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	cal := cn.Calendar()
	s := &server{cfg: cfg, log: log}
	defer func() {
		if err != nil {
			s.close()
		}
	}()

	var pg *pgstore.Store
	if cfg.postgres != "" {
		pg, err = pgstore.Open(ctx, cfg.postgres, pgstore.WithAlerts(pgstore.PolicyPlanner(f.policies, cal)))
		if err != nil {
			return nil, fmt.Errorf("postgres: %w", err)
		}
		s.store, s.closeDB = pg, pg.Close
		log.Info("store open", "kind", "postgres")
	} else {
		db, err := sqlitestore.Open(ctx, cfg.db)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
		s.store = db
		s.closeDB = func() {
			if err := db.Close(); err != nil {
				log.Error("closing the store", "err", err)
			}
		}
		log.Info("store open", "kind", "sqlite", "file", cfg.db)
	}
	if err := s.seed(ctx, f); err != nil {
		return nil, err
	}

	router := routing.NewRouter(rs)
	router.SetHistory(s.store)
	hub := board.NewHub()
	s.hub = hub
	s.metrics, err = telemetry.New(telemetry.Options{Open: s.openLevels})
	if err != nil {
		return nil, err
	}
	s.svc, err = workorder.NewService(workorder.Config{
		Store:     s.store,
		Calendar:  cal,
		Policies:  f.policies,
		Observer:  telemetry.Observers{hub, s.metrics.Observer(), s.logObserver()},
		Watch:     pg == nil,
		Router:    router,
		Units:     f.units,
		Knowledge: f.kb,
	})
	if err != nil {
		return nil, err
	}
	if pg != nil {
		host, _ := os.Hostname()
		m, err := pgstore.NewMonitor(pg, pgstore.MonitorConfig{Node: fmt.Sprintf("%s-%d", host, os.Getpid()), Handler: s.svc,
			OnError: func(err error) { log.Warn("sla monitor poll", "err", err) }})
		if err != nil {
			return nil, err
		}
		s.monitor = m.Run
	} else {
		s.monitor = s.svc.Run
	}

	apiH, err := api.New(s.svc, api.Options{Auth: users, Prefix: "/api", Logger: log, Observe: s.observe(users)})
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	boardH, err := board.New(s.svc, board.Options{Auth: users, Prefix: "/", LoginURL: "/login", Hub: hub, Units: f.units, Router: router, Knowledge: f.kb})
	if err != nil {
		return nil, fmt.Errorf("board: %w", err)
	}
	s.handler = s.routes(apiH, boardH, users.Handler())
	return s, nil
}

// routes mounts the parts of the server.
func (s *server) routes(apiH, boardH, loginH http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics.Handler())
	// The API takes the board's sign-in cookie, so a page of another
	// origin must not be able to make a browser post to it; other clients
	// (no Origin or Sec-Fetch-Site header) are not affected. The board's
	// forms carry their own CSRF token.
	mux.Handle("/api/", http.NewCrossOriginProtection().Handler(apiH))
	mux.Handle("/login", loginH)
	mux.Handle("/logout", loginH)
	mux.Handle("/", boardH)
	return mux
}

// The server's timeouts: to read a whole request, to write an answer
// (the board's live streams excepted) and to keep an idle connection.
const (
	readTimeout  = 30 * time.Second
	writeTimeout = 2 * time.Minute
	idleTimeout  = 2 * time.Minute
)

// readyTimeout bounds the store probe of /readyz.
const readyTimeout = 2 * time.Second

// readyz answers 200 when the store, opened and migrated before the
// server listens, answers a read within readyTimeout, and 503 otherwise.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := s.store.Get(ctx, "readyz-probe")
	if err != nil && !errors.Is(err, workorder.ErrNotFound) {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "store unreachable\n")
		return
	}
	io.WriteString(w, "ready\n")
}

// seed fills an empty store with the simulated year.
func (s *server) seed(ctx context.Context, f *files) error {
	if s.cfg.seed == 0 {
		return nil
	}
	some, err := s.store.List(ctx, workorder.Filter{Limit: 1})
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if len(some) > 0 {
		return nil
	}
	start := time.Now()
	s.log.Info("seeding the empty store with the simulated year", "orders", s.cfg.seed, "year", s.cfg.seedYear)
	// This year's orders are simulated up to now, so that the board has
	// open orders coming due; a past year's are all closed.
	var until time.Time
	if now := time.Now(); now.Year() == s.cfg.seedYear {
		until = now
	}
	rep, err := qingxi.Simulate(ctx, qingxi.Config{Seed: qingxi.SeedDefault, Orders: s.cfg.seed, Year: s.cfg.seedYear,
		Until: until, Rules: f.rules, Units: f.units, Store: s.store})
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	s.log.Info("seeded", "closed", rep.Orders, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// openLevels counts the open orders by their most pressing sla level now.
func (s *server) openLevels(ctx context.Context) (map[sla.Level]int64, error) {
	os, err := s.store.List(ctx, workorder.Filter{Open: true})
	if err != nil {
		return nil, err
	}
	now := time.Now()
	n := map[sla.Level]int64{}
	for _, o := range os {
		rs, err := s.svc.Deadlines(o, now)
		if err != nil {
			return nil, err
		}
		level := sla.LevelNormal
		for _, r := range rs {
			if !r.Met && r.Level > level {
				level = r.Level
			}
		}
		n[level]++
	}
	return n, nil
}

// observe returns the API's hook: a log record and the metrics of each
// step over HTTP, with the actor that users says made it.
func (s *server) observe(users auth.Authenticator) func(r *http.Request, step string, err error, took time.Duration) {
	return func(r *http.Request, step string, err error, took time.Duration) {
		s.metrics.ObserveStep(r.Context(), step, err, took)
		attrs := []any{"order", orderID(r.URL.Path), "step", step, "outcome", telemetry.Outcome(err), "took", took}
		if users != nil {
			if a, aerr := users.Authenticate(r); aerr == nil {
				attrs = append(attrs, "actor", a.String())
			}
		}
		if err != nil {
			s.log.Info("step refused", append(attrs, "err", err)...)
			return
		}
		s.log.Info("step", attrs...)
	}
}

// orderID returns the order id of an API path /api/orders/{id}/…, or "".
func orderID(path string) string {
	rest, ok := strings.CutPrefix(path, "/api/orders/")
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, "/")
	return id
}

// logObserver logs what the sla monitor does: its urges and failures.
func (s *server) logObserver() workorder.Observer {
	return workorder.ObserverFuncs{
		OnOverdue: func(ctx context.Context, o *workorder.Order, r sla.Result) {
			s.log.Info("overdue", "order", o.ID, "target", r.Name, "unit", o.Lead, "due", r.Due)
		},
		OnAlertFailed: func(ctx context.Context, a sla.Alert, err error) {
			s.log.Warn("alert failed", "order", a.Order, "target", a.Target, "err", err)
		},
	}
}

// serve serves on ln until ctx is done, with the monitor running, then
// shuts down gracefully: no new connections, requests in flight (and the
// steps they take) finished within cfg.grace, then the monitor stopped.
func (s *server) serve(ctx context.Context, ln net.Listener) error {
	// A client that sends its request slowly, or keeps an idle connection,
	// is cut off. The board's live pages lift the write timeout for their
	// stream.
	hs := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	if s.hub != nil {
		hs.RegisterOnShutdown(s.hub.Close)
	}
	monCtx, stopMonitor := context.WithCancel(context.WithoutCancel(ctx))
	defer stopMonitor()
	monDone := make(chan struct{})
	go func() {
		defer close(monDone)
		if err := s.monitor(monCtx); err != nil {
			s.log.Error("sla monitor stopped", "err", err)
		}
	}()
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String())

	var err error
	select {
	case err = <-served:
	case <-ctx.Done():
		s.log.Info("shutting down: finishing requests in flight", "grace", s.cfg.grace)
		sctx, cancel := context.WithTimeout(context.Background(), s.cfg.grace)
		err = hs.Shutdown(sctx)
		cancel()
		if err != nil {
			// Past the grace: cut the connections left, so that nothing
			// is served from a store about to close.
			hs.Close()
		}
		if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
	}
	stopMonitor()
	<-monDone
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if err == nil {
		s.log.Info("stopped")
	}
	return err
}

// close closes the store and the metrics.
func (s *server) close() {
	if s.metrics != nil {
		_ = s.metrics.Shutdown(context.Background())
	}
	if s.closeDB != nil {
		s.closeDB()
		s.closeDB = nil
	}
}

// Command hotline runs a 12345 hotline a town can try out: the HTTP API
// and the web board over one store, with the sla monitor, metrics and
// health checks.
//
//	go run ./cmd/hotline serve [-addr 127.0.0.1:8080] [-db hotline.db | -postgres DSN]
//	go run ./cmd/hotline hash-password < password.txt
//
// serve opens the SQLite file hotline.db in the working directory (or a
// PostgreSQL database named by -postgres or DATABASE_URL), seeds it with
// the simulated year of 清溪镇 up to the present when it holds no order,
// and serves:
//
//	/           the web board (sign in at /login)
//	/api/       the JSON API; its OpenAPI document at /api/openapi.json
//	/metrics    OpenTelemetry metrics in the Prometheus text format
//	/healthz    200 while the process is up
//	/readyz     200 once the store is migrated and answers
//
// The routing rules, the directory of units and the sla policies come
// from files (-rules, -units, -policies), by default the town of 清溪镇's
// and the library's default policies. Who may sign in comes from a users
// file (-users); without one, demo users are made up (see serve -h for
// their passwords). hash-password reads a password from its standard
// input and prints the hash a users file takes.
//
// Logs are structured (log/slog): one record per step over HTTP with the
// order, the step, the actor, the outcome and the time it took. On
// SIGINT or SIGTERM the server stops taking requests, finishes those in
// flight (steps included) within -grace, stops the monitor and closes the
// store.
//
// Wrong flags exit with status 2, -h with 0, and a failure to start or
// serve with 1.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage: hotline <command> [flags]

commands:
  serve          serve the API, the web board and the metrics (serve -h for its flags)
  hash-password  read a password from standard input and print its hash for a users file
`

// run runs the command in args until it is done or ctx is, and returns
// the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serveCommand(ctx, args[1:], stdout, stderr)
	case "hash-password":
		return hashCommand(args[1:], stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "hotline: unknown command %q\n%s", args[0], usage)
	return 2
}

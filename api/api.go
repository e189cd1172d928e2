// Package api serves a workorder.Service over HTTP as JSON.
//
// STUB: the signatures below are agreed; the api branch replaces the body.
package api

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/hotline12345/hotline/auth"
	"github.com/hotline12345/hotline/workorder"
)

// Options configure the handler.
type Options struct {
	// Auth decides who makes each request; required.
	Auth auth.Authenticator
	// Prefix is the path the handler is mounted under; "" means "/api".
	Prefix string
	// Logger receives one record per request; nil means slog.Default().
	Logger *slog.Logger
	// Observe, when set, is called after every step request with the
	// step's name, its error (nil on success) and how long it took.
	Observe func(r *http.Request, step string, err error, took time.Duration)
}

// New returns the API handler for svc.
func New(svc *workorder.Service, opts Options) (http.Handler, error) {
	return http.NotFoundHandler(), nil
}

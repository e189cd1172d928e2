// Package board is the web board of a 12345 hotline, an http.Handler.
//
// STUB: the signatures below are agreed; the board branch replaces the body.
package board

import (
	"context"
	"net/http"

	"github.com/hotline12345/hotline/auth"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
)

// Options configure the board.
type Options struct {
	// Auth decides who makes each request; required.
	Auth auth.Authenticator
	// Prefix is the path the board is mounted under; "" means "/".
	Prefix string
	// LoginURL is where an unauthenticated browser is sent.
	LoginURL string
	// Hub carries steps to the live pages; it must be the service's
	// observer (or one of them).
	Hub *Hub
	// Units and Router, when set, name units and suggest dispatches.
	Units  *unit.Directory
	Router *routing.Router
}

// New returns the board for svc.
func New(svc *workorder.Service, opts Options) (http.Handler, error) {
	return http.NotFoundHandler(), nil
}

// Hub is a workorder.Observer that carries steps to live pages.
type Hub struct{}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{} }

func (h *Hub) StepTaken(ctx context.Context, o *workorder.Order, r workorder.Record) {}
func (h *Hub) Warning(ctx context.Context, o *workorder.Order, r sla.Result)         {}
func (h *Hub) Overdue(ctx context.Context, o *workorder.Order, r sla.Result)         {}
func (h *Hub) AlertFailed(ctx context.Context, a sla.Alert, err error)               {}

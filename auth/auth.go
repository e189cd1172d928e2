// Package auth says who is calling the HTTP API and the web board. The
// embedding application implements Authenticator with its own single
// sign-on or tokens; the API and the board never trust a role sent in a
// request body.
package auth

import (
	"errors"
	"net/http"

	"github.com/hotline12345/hotline/workorder"
)

// ErrUnauthenticated is returned, wrapped, by an Authenticator when a
// request carries no valid credentials. The API answers it with 401 and
// the board sends the browser to its sign-in page.
var ErrUnauthenticated = errors.New("auth: not signed in")

// Authenticator decides who makes a request. It is called for every
// request and must be safe for concurrent use.
type Authenticator interface {
	// Authenticate returns the actor making r, or an error matching
	// ErrUnauthenticated when r carries no valid credentials. Other
	// errors are failures of the authenticator itself (answered with 500).
	Authenticate(r *http.Request) (workorder.Actor, error)
}

// Func adapts a function to Authenticator.
type Func func(r *http.Request) (workorder.Actor, error)

// Authenticate calls f(r).
func (f Func) Authenticate(r *http.Request) (workorder.Actor, error) { return f(r) }

package auth

// STUB: the signatures below are agreed; the board branch replaces the body.

import (
	"net/http"

	"github.com/hotline12345/hotline/workorder"
)

// Users is a demo authenticator: a users file with hashed passwords and
// roles, and signed session cookies.
type Users struct{}

// LoadUsers reads a users file.
func LoadUsers(path string) (*Users, error) { return &Users{}, nil }

// Authenticate implements Authenticator from the session cookie.
func (u *Users) Authenticate(r *http.Request) (workorder.Actor, error) {
	return workorder.Actor{}, ErrUnauthenticated
}

// Handler serves the sign-in page and form at /login and /logout.
func (u *Users) Handler() http.Handler { return http.NotFoundHandler() }

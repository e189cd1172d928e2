package pgstore

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hotline12345/hotline/workorder"
)

// writeError classifies the error of a write's statement, which commits
// on its own: a key the unique index refused matches
// workorder.ErrKeyReused; an error after which the statement may have
// been committed matches workorder.ErrOutcomeUnknown. Either way err
// stays wrapped.
//
// The server answered for the statement when err is an ERROR it sent:
// the statement failed and its transaction was rolled back. Nothing
// reached the server when no connection was made, or when pgx says so
// (pgconn.SafeToRetry). Anything else, such as io.ErrUnexpectedEOF, a
// reset or closed connection, a timeout or a cancelled context after the
// statement was sent, or a FATAL message as the server shuts down (as
// pg_ctl stop -m immediate does), leaves the outcome unknown: the server
// may have committed before the connection went.
func writeError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505" && (pe.ConstraintName == "order_records_step_key" || pe.ConstraintName == stepKeysPkey):
			return fmt.Errorf("%w: %w", workorder.ErrKeyReused, err)
		case pe.Severity == "ERROR" || pe.SeverityUnlocalized == "ERROR":
			return err
		}
		return fmt.Errorf("%w: %w", workorder.ErrOutcomeUnknown, err)
	}
	if notSent(err) {
		return err
	}
	return fmt.Errorf("%w: %w", workorder.ErrOutcomeUnknown, err)
}

// notSent reports whether err certainly came before the statement was
// sent to the server.
func notSent(err error) bool {
	var ce *pgconn.ConnectError
	switch {
	case errors.As(err, &ce), pgconn.SafeToRetry(err):
		return true
	}
	// Encoding an argument fails before anything is sent.
	return strings.Contains(err.Error(), "failed to encode args")
}

package pgstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hotline12345/hotline/workorder"
)

// TestWriteError classifies the errors a write's statement may end with.
func TestWriteError(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		unknown  bool
		keyTaken bool
	}{
		{"unexpected EOF", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), true, false},
		{"connection reset", &net.OpError{Op: "read", Net: "unix", Err: syscall.ECONNRESET}, true, false},
		{"closed connection", net.ErrClosed, true, false},
		{"cancelled after sending", context.Canceled, true, false},
		{"shutdown", &pgconn.PgError{Severity: "FATAL", Code: "57P01", Message: "terminating connection due to administrator command"}, true, false},
		{"server error", &pgconn.PgError{Severity: "ERROR", Code: "40P01", Message: "deadlock detected"}, false, false},
		{"NUL in text", &pgconn.PgError{Severity: "ERROR", Code: "22021", Message: "invalid byte sequence"}, false, false},
		{"key taken", &pgconn.PgError{Severity: "ERROR", Code: "23505", ConstraintName: "order_records_step_key"}, false, true},
		{"key taken, records by month", &pgconn.PgError{Severity: "ERROR", Code: "23505", ConstraintName: "order_step_keys_pkey"}, false, true},
		{"other unique index", &pgconn.PgError{Severity: "ERROR", Code: "23505", ConstraintName: "order_records_pkey"}, false, false},
		{"not connected", &pgconn.ConnectError{}, false, false},
		{"bad argument", errors.New("failed to encode args[3]: unable to encode"), false, false},
	}
	for _, tc := range tests {
		err := writeError(tc.err)
		if got := errors.Is(err, workorder.ErrOutcomeUnknown); got != tc.unknown {
			t.Errorf("%s: %v matches ErrOutcomeUnknown: %v, want %v", tc.name, err, got, tc.unknown)
		}
		if got := errors.Is(err, workorder.ErrKeyReused); got != tc.keyTaken {
			t.Errorf("%s: %v matches ErrKeyReused: %v, want %v", tc.name, err, got, tc.keyTaken)
		}
		if !errors.Is(err, tc.err) {
			t.Errorf("%s: %v does not wrap the driver's error", tc.name, err)
		}
	}
}

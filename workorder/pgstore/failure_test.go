package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
)

// injectFailure installs a trigger in schema that kills the transaction
// of any step whose record has the remark "kill" or the actor "killer":
// it runs after the statement has written the order's row and before the
// record is stored, and its message reports the version the order's row
// had by then.
func injectFailure(t *testing.T, schema string) {
	t.Helper()
	s := pgx.Identifier{schema}.Sanitize()
	exec(t, testDSN(t), `CREATE FUNCTION `+s+`.kill() RETURNS trigger LANGUAGE plpgsql AS $$
		DECLARE v bigint;
		BEGIN
			IF NEW.remark = 'kill' OR NEW.actor = 'killer' THEN
				SELECT version INTO v FROM `+s+`.orders WHERE id = NEW.order_id;
				RAISE EXCEPTION 'injected failure: order at version %', coalesce(v, 0) USING ERRCODE = 'P0001';
			END IF;
			RETURN NEW;
		END $$`)
	exec(t, testDSN(t), `CREATE TRIGGER kill BEFORE INSERT ON `+s+`.order_records
		FOR EACH ROW EXECUTE FUNCTION `+s+`.kill()`)
}

// alertRows returns the order's rows of sla_alerts, one line each.
func alertRows(t *testing.T, schema, id string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT target, level, due_at, fired_at IS NOT NULL FROM `+
		pgx.Identifier{schema}.Sanitize()+`.sla_alerts WHERE order_id = $1 ORDER BY target, level`, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var target, level string
		var due time.Time
		var fired bool
		if err := rows.Scan(&target, &level, &due, &fired); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %s %s fired=%v", target, level, due.UTC().Format(time.RFC3339), fired))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFailureBetweenOrderAndRecords kills steps after their order's row
// is written and before their audit record is: the order, its history
// and its alerts stay as they were, and the next step goes through.
func TestFailureBetweenOrderAndRecords(t *testing.T) {
	ctx := context.Background()
	schema := newSchema(t)
	s := openStore(t, schema, pgstore.WithAlerts(pgstore.PolicyPlanner(nil, cn.Calendar())))
	injectFailure(t, schema)
	svc := newService(t, s, nil)
	id := dispatched(t, svc, complaint(), true)
	before, _ := s.Get(ctx, id)
	history, _ := s.History(ctx, id)
	alerts := alertRows(t, schema, id)
	if len(alerts) == 0 {
		t.Fatal("no alerts planned for a signed complaint")
	}

	// Suspending pauses the targets: the step would remove the alerts.
	_, err := svc.Suspend(ctx, workorder.Unit(cityMgmt), id, "kill")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "P0001" {
		t.Fatalf("Suspend: %v, want the injected failure", err)
	}
	// The trigger saw the order's row at the step's version already: the
	// transaction died between the two writes.
	if want := fmt.Sprintf("order at version %d", before.Version+1); !strings.Contains(pgErr.Message, want) {
		t.Errorf("injected failure says %q, want %q", pgErr.Message, want)
	}
	after, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("order changed by a killed step:\nbefore %+v\n after %+v", before, after)
	}
	if h, _ := s.History(ctx, id); !reflect.DeepEqual(history, h) {
		t.Errorf("history changed by a killed step: %d records, want %d", len(h), len(history))
	}
	if a := alertRows(t, schema, id); !reflect.DeepEqual(alerts, a) {
		t.Errorf("alerts changed by a killed step:\nbefore %q\n after %q", alerts, a)
	}

	// A killed create leaves nothing.
	d := complaint()
	d.ID = "WO-lost"
	if _, err := svc.Accept(ctx, workorder.Centre("killer"), d); !errors.As(err, &pgErr) || pgErr.Code != "P0001" {
		t.Fatalf("Accept: %v, want the injected failure", err)
	}
	if _, err := s.Get(ctx, "WO-lost"); !errors.Is(err, workorder.ErrNotFound) {
		t.Errorf("Get after a killed create: %v, want ErrNotFound", err)
	}
	if a := alertRows(t, schema, "WO-lost"); len(a) != 0 {
		t.Errorf("a killed create left alerts %q", a)
	}

	if _, err := svc.Suspend(ctx, workorder.Unit(cityMgmt), id, "等待检测报告"); err != nil {
		t.Fatal(err)
	}
	if err := svc.Verify(ctx, id); err != nil {
		t.Error(err)
	}
	for _, a := range alertRows(t, schema, id) {
		if strings.Contains(a, "fired=false") {
			t.Errorf("suspended order keeps the pending alert %q", a)
		}
	}
}

package workorder_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// A request sent twice with one idempotency key, as a client retries an
// HTTP request with the same Idempotency-Key header when its connection
// broke, takes its step once; the second answer is the order as it is.
// A key already used for another step is refused.
func ExampleWithKey() {
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, time.UTC)
	s := exampleService(&now)
	ctx := context.Background()
	centre, super := workorder.Centre("agent-7"), workorder.Supervisor("督查室")

	o, _ := s.Accept(workorder.WithKey(ctx, "req-accept-1"), centre, complaint())
	again, _ := s.Accept(workorder.WithKey(ctx, "req-accept-1"), centre, complaint())
	fmt.Println(o.ID, again.ID)
	for range 2 {
		u, err := s.Urge(workorder.WithKey(ctx, "req-urge-1"), super, o.ID, "请尽快处理")
		fmt.Println(u.Urges, u.Version, err)
	}
	_, err := s.Urge(workorder.WithKey(ctx, "req-accept-1"), super, o.ID, "")
	fmt.Println(errors.Is(err, workorder.ErrKeyReused))
	fmt.Println(err)
	// Output:
	// QX000001 QX000001
	// 1 2 <nil>
	// 1 2 <nil>
	// true
	// workorder: order "QX000001": urge: idempotency key "req-accept-1" already used for another step
}

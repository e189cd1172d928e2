package workorder_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// A draft arrives as JSON, for example in the body of an HTTP request;
// DecodeOrder refuses keys the form does not have. The accepted order and
// its audit record are written back in the same form.
func ExampleDecodeOrder() {
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	svc := exampleService(&now)
	ctx := context.Background()

	draft, err := workorder.DecodeOrder(strings.NewReader(`{
		"channel": "wechat", "category": "complaint", "urgency": "normal",
		"text": "路灯不亮", "location": {"region": "清溪镇/三中村"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	o, err := svc.Accept(ctx, workorder.Centre("agent-7"), draft)
	if err != nil {
		fmt.Println(err)
		return
	}
	// A few of the order's fields, to keep the example short.
	b, _ := json.Marshal(workorder.Order{ID: o.ID, Channel: o.Channel, Location: o.Location, State: o.State, Created: o.Created})
	fmt.Println(string(b))
	h, _ := svc.History(ctx, workorder.Centre("agent-7"), o.ID)
	b, _ = json.Marshal(h[0])
	fmt.Println(string(b))

	_, err = workorder.DecodeOrder(strings.NewReader(`{"text": "路灯不亮", "colour": "red"}`))
	fmt.Println(err)
	// Output:
	// {"id":"QX000001","channel":"wechat","location":{"region":"清溪镇/三中村"},"state":"received","created":"2025-09-15T02:00:00Z"}
	// {"order_id":"QX000001","seq":1,"at":"2025-09-15T02:00:00Z","actor":{"role":"centre","id":"agent-7"},"step":"accept","from":"new","to":"received","remark":"","data":"","hash":"bd05bfd9d00be7112b917c34707fefe7fef57ae370b58f33a04fd9669ca4c467"}
	// workorder: decode order: invalid argument: json: unknown field "colour"
}

package workorder_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// A unit replies with a photo of the repaired manhole cover: the
// attachment's metadata goes into the reply's audit record, covered by its
// hash; the bytes stay in the platform's file storage.
func ExampleWithAttachments() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, shanghai)
	s := exampleService(&now)
	ctx := context.Background()
	centre, unit := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")

	o, _ := s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪镇城管办"})
	s.Sign(ctx, unit, o.ID)
	photo := workorder.Attachment{Name: "井盖.jpg", MediaType: "image/jpeg", Size: 182044,
		SHA256: sha256.Sum256([]byte("photo bytes")), Key: "2025/09/QX000001/1.jpg"}
	if _, err := s.Reply(workorder.WithAttachments(ctx, photo), unit, o.ID, "井盖已更换。"); err != nil {
		fmt.Println(err)
	}

	rs, _ := s.History(ctx, centre, o.ID)
	last := rs[len(rs)-1]
	atts, _ := last.Attachments()
	for _, a := range atts {
		fmt.Println(last.Step.Name(language.Chinese), a.Name, a.MediaType, a.Size, a.Key)
	}
	fmt.Println("verified:", s.Verify(ctx, o.ID) == nil)
	// Output:
	// 回复 井盖.jpg image/jpeg 182044 2025/09/QX000001/1.jpg
	// verified: true
}

// The centre accepts an order and reads the caller a query code; the
// caller later looks the order up with its id and the code. A wrong code
// tells nothing about the order.
func ExampleService_Lookup() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, shanghai)
	s := exampleService(&now, func(c *workorder.Config) {
		c.QueryKey = []byte("the platform's secret, 32 bytes!") // from the platform's secret store
	})
	ctx := context.Background()
	centre, unit := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")

	o, code, _ := s.AcceptWithCode(ctx, centre, complaint())
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪镇城管办", Remark: "内部备注不给来电人看"})
	s.Sign(ctx, unit, o.ID)

	p, _ := s.Lookup(ctx, o.ID, code, "203.0.113.9")
	fmt.Println(p.ID, p.State.Name(language.Chinese), p.Units)
	for _, d := range p.Deadlines {
		fmt.Println(d.Target, d.Due.Format("2006-01-02 15:04"))
	}
	_, err := s.Lookup(ctx, o.ID, "00000000", "203.0.113.9")
	fmt.Println(errors.Is(err, workorder.ErrLookupRefused), err)
	// Output:
	// QX000001 签收办理 [清溪镇城管办]
	// finish 2025-09-23 00:00
	// true workorder: lookup: no order with this id and query code
}

// The centre declines a request outside the hotline's remit (不予受理), with
// a coded reason, and a platform that allows it reopens a closed order
// within two working days.
func ExampleService_Decline() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, shanghai)
	s := exampleService(&now, func(c *workorder.Config) { c.ReopenWindow = sla.Amount{Days: 2} })
	ctx := context.Background()
	centre, unit := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")

	o, _ := s.Accept(ctx, centre, complaint())
	_, err := s.Decline(ctx, centre, o.ID, workorder.CodedReason{Code: "lost"})
	fmt.Println(err)
	o, _ = s.Decline(ctx, centre, o.ID, workorder.CodedReason{Code: "legal_procedure", Text: "已向法院起诉"})
	fmt.Println(o.State.Name(language.Chinese), o.State)

	o, _ = s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪镇城管办"})
	s.Sign(ctx, unit, o.ID)
	s.Reply(ctx, unit, o.ID, "已责令工地夜间停工。")
	s.ApproveReply(ctx, centre, o.ID, "")
	s.Callback(ctx, centre, o.ID, hotline.Satisfied, "")
	s.Close(ctx, centre, o.ID, "")
	now = time.Date(2025, 9, 17, 20, 0, 0, 0, shanghai)
	o, _ = s.Reopen(ctx, centre, o.ID, "来电人反映夜间又开始施工")
	fmt.Println(o.State.Name(language.Chinese), "reopenings", o.Reopenings, "due", o.Due.Format("2006-01-02 15:04"))
	// Output:
	// workorder: order "QX000001": decline: classify: not_accepted reason "lost": unknown reason: invalid argument
	// 不予受理 not_accepted
	// 签收办理 reopenings 1 due 2025-09-25 00:00
}

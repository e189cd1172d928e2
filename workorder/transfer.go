package workorder

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
)

// ErrUnknownBody reports a transfer to a body that Config.Bodies does not
// list. It comes with ErrInvalidArgument.
var ErrUnknownBody = errors.New("unknown transfer body")

// Body is somewhere an order can be handed over to (转办对象): the police
// through 110 linkage, another hotline, a higher platform. The zero value
// has no key and is refused by NewService. A Body is a plain value.
type Body struct {
	// Key names the body in orders and audit records, such as "110":
	// 1 to 40 ASCII letters, digits, '_' or '-'.
	Key string
	// Name is the body's Chinese name, NameEN its English one; Name is
	// required.
	Name, NameEN string
}

// Title returns the body's name in the language best matching t: Name
// for zh tags, NameEN (or Name when it has none) otherwise.
func (b Body) Title(t language.Tag) string { return i18n.Pick(b.Name, b.NameEN, t) }

// The keys of BodiesDefault.
const (
	BodyPolice         = "110"             // 110 报警服务台 (警情联动)
	BodyFire           = "119"             // 119 消防
	BodyAmbulance      = "120"             // 120 急救
	BodyOtherHotline   = "other_hotline"   // 外地 12345 热线
	BodyHigherPlatform = "higher_platform" // 上级 12345 平台
	BodySpecialLine    = "special_line"    // 未并入的专业服务热线 (如供电 95598)
)

// BodiesDefault returns the bodies a town's hotline usually hands orders
// over to: 110, 119 and 120 for emergencies (the linkage with the police,
// fire and ambulance services), another region's 12345, the higher
// 12345 platform and a special service line not merged into 12345. Each
// call returns a new slice.
func BodiesDefault() []Body {
	return []Body{
		{BodyPolice, "110报警服务台", "110 police"},
		{BodyFire, "119消防救援", "119 fire and rescue"},
		{BodyAmbulance, "120急救中心", "120 ambulance"},
		{BodyOtherHotline, "外地12345热线", "another region's 12345 hotline"},
		{BodyHigherPlatform, "上级12345平台", "the higher 12345 platform"},
		{BodySpecialLine, "专业服务热线", "a special service line"},
	}
}

// maxBodyKeyLen is the longest Body.Key, in bytes.
const maxBodyKeyLen = 40

// fillBodies puts BodiesDefault in c.Bodies when it is nil, copies it
// otherwise and checks it.
func (c *Config) fillBodies() error {
	if c.Bodies == nil {
		c.Bodies = BodiesDefault()
		return nil
	}
	c.Bodies = slices.Clone(c.Bodies)
	for i, b := range c.Bodies {
		if !bodyKey(b.Key) {
			return fmt.Errorf("[%d]: key %q: want 1 to %d ASCII letters, digits, '_' or '-'", i, b.Key, maxBodyKeyLen)
		}
		if blank(b.Name) || !trimmed(b.Name) || checkText(b.Name, MaxNameLen) != "" || checkText(b.NameEN, MaxNameLen) != "" {
			return fmt.Errorf("[%d] %s: want a name of up to %d characters without surrounding spaces", i, b.Key, MaxNameLen)
		}
		for _, d := range c.Bodies[:i] {
			if d.Key == b.Key {
				return fmt.Errorf("[%d]: key %q given twice", i, b.Key)
			}
		}
	}
	return nil
}

// bodyKey reports whether k is a well-formed Body.Key.
func bodyKey(k string) bool {
	if k == "" || len(k) > maxBodyKeyLen {
		return false
	}
	for i := 0; i < len(k); i++ {
		switch c := k[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// Body returns the transfer body with that key among the service's
// (Config.Bodies), and whether there is one.
func (s *Service) Body(key string) (Body, bool) {
	i := slices.IndexFunc(s.cfg.Bodies, func(b Body) bool { return b.Key == key })
	if i < 0 {
		return Body{}, false
	}
	return s.cfg.Bodies[i], true
}

// Bodies returns the bodies orders can be transferred to, in a new slice.
func (s *Service) Bodies() []Body { return slices.Clone(s.cfg.Bodies) }

// Transfer is where an order was handed over to (转办), as kept on the
// order (Order.Transfer). It is a plain value.
type Transfer struct {
	// Body is the Key of the body in Config.Bodies, such as "110".
	Body string
	// Decision is the centre's decision to hand the order over: why the
	// matter belongs to that body (转办意见). Required.
	Decision string
	// ThreeWay is set when the caller was joined to the body in a
	// three-way call (三方通话) rather than told to call it.
	ThreeWay bool
	// Reference is the body's own number for the matter, such as a 110
	// incident number; empty when it gave none.
	Reference string
	// At is when the order was transferred.
	At time.Time
}

// TransferRequest is what the centre gives to transfer an order. The
// zero value names no body and is refused.
type TransferRequest struct {
	// Body is the Key of one of Config.Bodies. Required.
	Body string
	// Decision says why the order goes to that body. Required.
	Decision string
	// ThreeWay is set when the caller was joined in a three-way call.
	ThreeWay bool
	// Reference is the body's number for the matter; optional, at most
	// MaxFieldLen characters.
	Reference string
	// Remark goes into the audit record.
	Remark string
}

// Transfer hands the order over to another body (转办): the police by 110
// linkage, another hotline, a higher platform, one of Config.Bodies. The
// centre may transfer a received order, before any dispatch, or one a
// unit returned. The order moves to StateTransferred, which is final: it
// leaves the monitor, has no deadline, and our sla clocks no longer count
// (AssessmentRecords gives its units no finish deadline); assessment
// counts it apart (see IntakeRecord). The order keeps the body, the
// decision, whether the caller was joined in a three-way call and the
// body's reference (Order.Transfer), and the audit record has them as
// body=…, three_way=true|false, decision=… and reference=… (left out when
// empty). Errors match ErrForbidden (only the centre transfers, and the
// system merged orders), ErrInvalidTransition, ErrBadMaster (a merged
// order whose master is not transferred), or ErrInvalidArgument: an
// unknown body (also ErrUnknownBody), no decision, a reference that is too
// long.
//
// Orders merged into it (并单) go with it: the service transfers each, as
// the system, to the same body, and when some cannot be, returns the
// transferred order with a *ChildrenError naming them; a merged order can
// be transferred (by the centre or the system) only once its master is,
// and takes the master's transfer whatever req says.
func (s *Service) Transfer(ctx context.Context, a Actor, id string, req TransferRequest) (*Order, error) {
	o, err := s.step(ctx, a, id, StepTransfer, req.Remark, func(c *change) error {
		if c.o.State == StateMerged {
			return s.checkMasterTransferred(ctx, c)
		}
		b, ok := s.Body(req.Body)
		if !ok {
			return fmt.Errorf("body %q: %w: %w", req.Body, ErrUnknownBody, ErrInvalidArgument)
		}
		if err := needText("decision", req.Decision); err != nil {
			return err
		}
		if err := checkText(req.Reference, MaxFieldLen); err != "" {
			return fmt.Errorf("reference %s: %w", err, ErrInvalidArgument)
		}
		c.o.Transfer = &Transfer{Body: b.Key, Decision: req.Decision, ThreeWay: req.ThreeWay, Reference: req.Reference, At: c.at}
		c.data = c.data.add("body", b.Key).add("three_way", strconv.FormatBool(req.ThreeWay)).add("decision", req.Decision)
		if req.Reference != "" {
			c.data = c.data.add("reference", req.Reference)
		}
		return nil
	})
	// A merged order transferred with its master transfers the orders
	// merged into it in turn.
	if err != nil {
		return o, err
	}
	if err := s.transferChildren(ctx, id); err != nil {
		return o, err
	}
	return o, nil
}

// checkMasterTransferred lets a merged order go with its master once the
// master is transferred, copying the master's transfer.
func (s *Service) checkMasterTransferred(ctx context.Context, c *change) error {
	o := c.o
	m, err := s.store.Get(ctx, o.MergedInto)
	if err != nil {
		return fmt.Errorf("master %q: %w", o.MergedInto, err)
	}
	if m.State != StateTransferred || m.Transfer == nil {
		return fmt.Errorf("master %q is %s: %w", m.ID, m.State, ErrBadMaster)
	}
	t := *m.Transfer
	t.At = c.at
	o.Transfer = &t
	c.data = c.data.add("body", t.Body).add("three_way", strconv.FormatBool(t.ThreeWay)).add("master", m.ID)
	return nil
}

// transferChildren transfers the orders merged into the transferred order
// id with it, as the system. Its error is a *ChildrenError naming those
// left merged; Transfer of each of them as the centre, or of the system
// again, finishes the job.
func (s *Service) transferChildren(ctx context.Context, id string) error {
	kids, err := s.store.List(ctx, Filter{State: StateMerged, MergedInto: id})
	if err != nil {
		return &ChildrenError{ID: id, Step: StepTransfer, Errs: []error{err}}
	}
	var ce *ChildrenError
	for _, k := range kids {
		if _, err := s.transferMerged(ctx, k.ID, id); err != nil {
			if ce == nil {
				ce = &ChildrenError{ID: id, Step: StepTransfer}
			}
			ce.Open = append(ce.Open, k.ID)
			ce.Errs = append(ce.Errs, err)
		}
	}
	if ce != nil {
		return ce
	}
	return nil
}

// transferMerged transfers order id, merged into the transferred order
// master, as the system. When that fails because the order is transferred
// already, it returns the transferred order.
func (s *Service) transferMerged(ctx context.Context, id, master string) (*Order, error) {
	// The system's own step: not the caller's key, nor its attachments.
	o, err := s.Transfer(withoutKey(withoutAttachments(ctx)), System(), id, TransferRequest{Remark: "transferred with master " + master})
	if err != nil {
		if k, gerr := s.store.Get(ctx, id); gerr == nil && k.State == StateTransferred {
			return s.view(k, System()), nil
		}
	}
	return o, err
}

// validateTransfer checks o.Transfer, when set, as Validate does.
func (o *Order) validateTransfer() error {
	t := o.Transfer
	if t == nil {
		return nil
	}
	if !bodyKey(t.Body) {
		return &ValidationError{Field: "transfer.body", Reason: "want 1 to 40 ASCII letters, digits, '_' or '-'"}
	}
	if err := checkText(t.Decision, MaxTextLen); err != "" {
		return &ValidationError{Field: "transfer.decision", Reason: err}
	}
	if err := checkText(t.Reference, MaxFieldLen); err != "" {
		return &ValidationError{Field: "transfer.reference", Reason: err}
	}
	return nil
}

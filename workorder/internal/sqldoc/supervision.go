package sqldoc

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hotline12345/hotline/workorder"
)

// The JSON documents of the stores' supervisions and sanctions tables: the
// records with each actor as "role:id" ("" for none).
type (
	supervisionDoc struct {
		workorder.Supervision
		IssuedBy    string `json:"IssuedBy"`
		ExplainedBy string `json:"ExplainedBy"`
		ClosedBy    string `json:"ClosedBy"`
	}
	sanctionDoc struct {
		workorder.Sanction
		DecidedBy string `json:"DecidedBy"`
	}
)

// MarshalSupervision returns the JSON document of s.
func MarshalSupervision(s *workorder.Supervision) ([]byte, error) {
	return json.Marshal(supervisionDoc{Supervision: *s, IssuedBy: actorName(s.IssuedBy), ExplainedBy: actorName(s.ExplainedBy), ClosedBy: actorName(s.ClosedBy)})
}

// UnmarshalSupervision reads a document of MarshalSupervision; errors
// wrap ErrCorrupt.
func UnmarshalSupervision(doc []byte) (*workorder.Supervision, error) {
	var d supervisionDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("supervision: %w: %w", ErrCorrupt, err)
	}
	return d.supervision()
}

// MarshalSanction returns the JSON document of s.
func MarshalSanction(s *workorder.Sanction) ([]byte, error) {
	return json.Marshal(sanctionDoc{Sanction: *s, DecidedBy: actorName(s.DecidedBy)})
}

// UnmarshalSanction reads a document of MarshalSanction; errors wrap
// ErrCorrupt.
func UnmarshalSanction(doc []byte) (*workorder.Sanction, error) {
	var d sanctionDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("sanction: %w: %w", ErrCorrupt, err)
	}
	s := d.Sanction
	var err error
	if s.DecidedBy, err = parseActor(d.DecidedBy); err != nil {
		return nil, fmt.Errorf("sanction %q: %w", s.ID, err)
	}
	return &s, nil
}

func (d *supervisionDoc) supervision() (*workorder.Supervision, error) {
	s := d.Supervision
	var err error
	for _, a := range []struct {
		to   *workorder.Actor
		from string
	}{{&s.IssuedBy, d.IssuedBy}, {&s.ExplainedBy, d.ExplainedBy}, {&s.ClosedBy, d.ClosedBy}} {
		if *a.to, err = parseActor(a.from); err != nil {
			return nil, fmt.Errorf("supervision %q: %w", s.ID, err)
		}
	}
	return &s, nil
}

func actorName(a workorder.Actor) string {
	if a == (workorder.Actor{}) {
		return ""
	}
	return RoleName(a.Role) + ":" + a.ID
}

func parseActor(s string) (workorder.Actor, error) {
	if s == "" {
		return workorder.Actor{}, nil
	}
	role, id, _ := strings.Cut(s, ":")
	r, ok := ParseRole(role)
	if !ok {
		return workorder.Actor{}, fmt.Errorf("actor %q: %w", s, ErrCorrupt)
	}
	return workorder.Actor{Role: r, ID: id}, nil
}

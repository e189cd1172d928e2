package sla

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/hotline12345/hotline/internal/conf"
)

// The "ladder" key of a policy in a policy file: DefaultLadderYAML shows
// every field. Days are working days; durations are working time.
type (
	fileLadder struct {
		Targets []string   `yaml:"targets,omitempty,flow" json:"targets,omitempty"`
		Steps   []fileStep `yaml:"steps" json:"steps"`
	}
	fileStep struct {
		Action        string `yaml:"action" json:"action"`
		From          string `yaml:"from,omitempty" json:"from,omitempty"`
		Days          int    `yaml:"days,omitempty" json:"days,omitempty"`
		Duration      string `yaml:"duration,omitempty" json:"duration,omitempty"`
		ReplyDays     int    `yaml:"reply_days,omitempty" json:"reply_days,omitempty"`
		ReplyDuration string `yaml:"reply_duration,omitempty" json:"reply_duration,omitempty"`
	}
)

// ladder turns the ladder decoded from policy n into a Ladder; the order
// of its steps is checked by Policy.Validate.
func (fl *fileLadder) ladder(n *yaml.Node) (Ladder, error) {
	l := Ladder{Targets: fl.Targets}
	if err := required(n, "ladder", "steps"); err != nil {
		return l, err
	}
	for i, fs := range fl.Steps {
		path := fmt.Sprintf("ladder.steps[%d]", i)
		at := func(field string, err error) error { return conf.At(n, path+"."+field, err) }
		if err := required(n, path, "action"); err != nil {
			return l, err
		}
		s := Step{After: Amount{Days: fs.Days}, Reply: Amount{Days: fs.ReplyDays}}
		var err error
		if s.Action, err = ParseAction(fs.Action); err != nil {
			return l, at("action", err)
		}
		if s.From, err = parseAnchor(fs.From); err != nil {
			return l, at("from", err)
		}
		if s.After.Duration, err = duration(fs.Duration); err != nil {
			return l, at("duration", err)
		}
		if s.Reply.Duration, err = duration(fs.ReplyDuration); err != nil {
			return l, at("reply_duration", err)
		}
		l.Steps = append(l.Steps, s)
	}
	return l, nil
}

// writeLadder returns l as a policy file writes it; nil for no ladder.
func writeLadder(l *Ladder) *fileLadder {
	if l.IsZero() && len(l.Targets) == 0 {
		return nil
	}
	fl := &fileLadder{Targets: l.Targets, Steps: []fileStep{}}
	for _, s := range l.Steps {
		fs := fileStep{Action: s.Action.String(), From: s.From.String(), Days: s.After.Days, ReplyDays: s.Reply.Days}
		if s.After.Duration != 0 {
			fs.Duration = FormatDuration(s.After.Duration)
		}
		if s.Reply.Duration != 0 {
			fs.ReplyDuration = FormatDuration(s.Reply.Duration)
		}
		fl.Steps = append(fl.Steps, fs)
	}
	return fl
}

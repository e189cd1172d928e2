package sla

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/internal/i18n"
)

// The names of sla's enumerations are kept in i18n tables, like those of
// package hotline, so that every Name method matches languages and falls
// back to English the same way, and every unknown name reads the same.

var clockNames = i18n.NewNames(
	[]string{"", "natural", "working_time", "working_days", "same_day"},
	[]string{"", "自然时间", "工作时间", "工作日", "当日"},
	nil)

var eventNames = i18n.NewNames(
	[]string{"", "received", "dispatched", "signed", "returned", "contacted", "arrived",
		"suspended", "resumed", "extended", "finished", "replied", "closed", "reopened"},
	[]string{"", "受理", "派单", "签收", "退单", "联系", "到场",
		"挂起", "恢复", "延期", "办结", "答复", "归档", "重办"},
	nil)

var targetNames = i18n.NewNames(
	[]string{TargetSign, TargetReturn, TargetContact, TargetArrive, TargetFinish, TargetFeedback},
	[]string{"签收", "退单", "联系", "到场", "办结", "反馈"},
	nil)

// TargetName returns the name of the target called name in the language
// best matching t: "办结" for [TargetFinish] and a Chinese tag, "finish"
// for other tags. Names other than the default targets' (those of a
// policy file, say) are returned as they are.
func TargetName(name string, t language.Tag) string {
	if i := targetNames.Index(name); i >= 0 {
		return targetNames.Name(i, t)
	}
	return name
}

// unknownName is the error for s, not a name of kind in n: a
// *hotline.NameError that wraps sentinel too.
func unknownName(n *i18n.Names, kind, s string, sentinel error) error {
	return &hotline.NameError{Kind: kind, Name: s, Accepted: n.Keys(), Also: sentinel}
}

// enumName is the name at i in n in the language best matching t, or def
// (the value's String) when i has no names.
func enumName(n *i18n.Names, i int, t language.Tag, def string) string {
	if n.Key(i) == "" {
		return def
	}
	return n.Name(i, t)
}

// parseClock returns the clock named s: its key in any ASCII case, with
// "-" for "_" too, or its Chinese name; anything else is a NameError
// wrapping ErrUnknownClock.
func parseClock(s string) (Clock, error) {
	if i := clockNames.Parse(strings.ReplaceAll(s, "-", "_")); i >= 0 {
		return Clock(i), nil
	}
	return 0, unknownName(clockNames, "clock", s, ErrUnknownClock)
}

// parseEventKind returns the kind named s: its key in any ASCII case or its
// Chinese name; anything else is a NameError wrapping ErrUnknownEvent.
func parseEventKind(s string) (EventKind, error) {
	if i := eventNames.Parse(s); i >= 0 {
		return EventKind(i), nil
	}
	return 0, unknownName(eventNames, "event kind", s, ErrUnknownEvent)
}

package assess

import "errors"

// The supervision ladder's rates (督办率, 约谈率, 通报率): how often a
// unit's late orders climbed to a supervision order, a talk with its
// leaders or a public criticism. Each is lower-is-better and counts the
// records due in P, as 按期办结率 does; see the package documentation.

// The metrics MetricSupervision, MetricTalk and MetricCriticism are
// declared with the others in scheme.go:
//
//   - 督办率: records due in P with at least one supervision order
//     (督办单) / records due in P;
//   - 约谈率: records due in P whose supervision ended in a talk (约谈) /
//     records due in P;
//   - 通报率: records due in P whose supervision ended in a public
//     criticism (通报批评) / records due in P.

// supervisionRate returns s's rate for one of the ladder's metrics, and
// the zero Rate for any other.
func (s *Scorecard) supervisionRate(m Metric) Rate {
	switch m {
	case MetricSupervision:
		return s.Supervised
	case MetricTalk:
		return s.Talked
	case MetricCriticism:
		return s.Criticised
	}
	return Rate{}
}

// countSupervision counts r, due in P, in the ladder's rates.
func (s *Scorecard) countSupervision(r *Record) {
	s.Supervised.count(r.Supervisions > 0)
	s.Talked.count(r.Talks > 0)
	s.Criticised.count(r.Criticisms > 0)
}

func (s *Scorecard) addSupervision(o *Scorecard) {
	s.Supervised.add(o.Supervised)
	s.Talked.add(o.Talked)
	s.Criticised.add(o.Criticised)
}

// validateSupervision reports the first of r's ladder counts that is
// negative, or more talks or criticisms than supervision orders.
func (r *Record) validateSupervision() (string, error) {
	switch {
	case r.Supervisions < 0:
		return "Supervisions", errNegative
	case r.Talks < 0:
		return "Talks", errNegative
	case r.Criticisms < 0:
		return "Criticisms", errNegative
	case r.Talks+r.Criticisms > r.Supervisions:
		return "Talks", errMoreThanSupervisions
	}
	return "", nil
}

var errMoreThanSupervisions = errors.New("more talks and criticisms than supervision orders")

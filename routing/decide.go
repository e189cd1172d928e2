package routing

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/internal/i18n"
)

// scratch holds what one decision needs, reused through the rule set's pool
// so that routing allocates little.
type scratch struct {
	norm     normalizer
	text     []byte   // normalised request text
	region   []byte   // normalised region path
	tagBuf   []byte   // normalised tags, back to back
	tagEnd   []int    // end of each tag in tagBuf
	key      []byte   // repeat or hotspot key
	seen     []uint64 // keywords found in the text
	hits     []int32  // the same, as a list
	ruleSeen []uint64 // rules already tried
	cand     []int32  // rules to try
	matched  []int32  // rules that matched, best first
	units    []Units  // units of each matched rule
	assist   []string
	attn     []string // attention tags carried
}

func newScratch(rs *RuleSet) any {
	return &scratch{
		text:     make([]byte, 0, 1024),
		seen:     make([]uint64, (len(rs.keywords)+63)/64),
		ruleSeen: make([]uint64, (len(rs.rules)+63)/64),
	}
}

func (sc *scratch) tag(i int) []byte {
	start := 0
	if i > 0 {
		start = sc.tagEnd[i-1]
	}
	return sc.tagBuf[start:sc.tagEnd[i]]
}

// hit reports whether keyword k is in the text.
func (sc *scratch) hit(k int32) bool { return sc.seen[k>>6]&(1<<(k&63)) != 0 }

func (rs *RuleSet) getScratch() *scratch { return rs.pool.Get().(*scratch) }

func (rs *RuleSet) putScratch(sc *scratch) {
	sc.reset()
	rs.pool.Put(sc)
}

// reset makes sc ready for the next request.
func (sc *scratch) reset() {
	for _, k := range sc.hits {
		sc.seen[k>>6] = 0
	}
	for _, r := range sc.cand {
		sc.ruleSeen[r>>6] = 0
	}
	for i := range sc.units {
		sc.units[i] = Units{}
	}
	clear(sc.assist)
	clear(sc.attn)
	sc.text, sc.region, sc.tagBuf = small(sc.text), small(sc.region), small(sc.tagBuf)
	sc.key, sc.norm.tmp = small(sc.key), small(sc.norm.tmp)
}

// maxKeep is the largest buffer, in bytes, a scratch keeps for the next
// request: one huge request must not pin its memory in the pool.
const maxKeep = 1 << 16

// small returns b, or nil when its capacity is over maxKeep.
func small(b []byte) []byte {
	if cap(b) > maxKeep {
		return nil
	}
	return b
}

// eval finds the rules that match req, best first, into sc.
func (rs *RuleSet) eval(req *Request, sc *scratch) {
	sc.text = sc.norm.normalize(sc.text[:0], req.Text)
	sc.hits = rs.ac.scan(sc.text, sc.seen, sc.hits[:0])
	sc.region = sc.norm.region(sc.region[:0], req.Region)
	sc.tagBuf, sc.tagEnd = sc.tagBuf[:0], sc.tagEnd[:0]
	for _, t := range req.Tags {
		start := len(sc.tagBuf)
		sc.tagBuf = sc.norm.normalize(sc.tagBuf, t)
		n := copy(sc.tagBuf[start:], bytes.TrimSpace(sc.tagBuf[start:])) // as Compile trims rule tags
		sc.tagBuf = sc.tagBuf[:start+n]
		sc.tagEnd = append(sc.tagEnd, start+n)
	}

	sc.cand = sc.cand[:0]
	for _, k := range sc.hits {
		for _, r := range rs.kwRules[rs.kwStart[k]:rs.kwStart[k+1]] {
			if w, b := r>>6, uint64(1)<<(r&63); sc.ruleSeen[w]&b == 0 {
				sc.ruleSeen[w] |= b
				sc.cand = append(sc.cand, r)
			}
		}
	}
	sc.matched, sc.units = sc.matched[:0], sc.units[:0]
	try := func(i int32) {
		r := &rs.rules[i]
		if u, ok := rs.match(r, req, sc); ok {
			// insert in rank order: priority high to low, then file order
			j := len(sc.matched)
			sc.matched = append(sc.matched, i)
			sc.units = append(sc.units, u)
			for j > 0 {
				p := &rs.rules[sc.matched[j-1]]
				if p.priority > r.priority || p.priority == r.priority && sc.matched[j-1] < i {
					break
				}
				sc.matched[j], sc.units[j] = sc.matched[j-1], sc.units[j-1]
				j--
			}
			sc.matched[j], sc.units[j] = i, u
		}
	}
	for _, i := range sc.cand {
		try(i)
	}
	for _, i := range rs.always {
		try(i)
	}
}

// match tests one rule against req.
func (rs *RuleSet) match(r *crule, req *Request, sc *scratch) (Units, bool) {
	if r.custom != nil {
		u, ok := r.custom.Match(req)
		if !ok || strings.TrimSpace(u.Lead) == "" {
			return Units{}, false
		}
		return u, true
	}
	if r.catMask != 0 && r.catMask&catBit(req.Category) == 0 {
		return Units{}, false
	}
	if r.urgMask != 0 && r.urgMask&urgBit(req.Urgency) == 0 {
		return Units{}, false
	}
	if len(r.any) > 0 {
		ok := false
		for _, k := range r.any {
			if sc.hit(k) {
				ok = true
				break
			}
		}
		if !ok {
			return Units{}, false
		}
	}
	for _, k := range r.all {
		if !sc.hit(k) {
			return Units{}, false
		}
	}
	for _, k := range r.none {
		if sc.hit(k) {
			return Units{}, false
		}
	}
	if len(r.codes) > 0 && !slices.ContainsFunc(r.codes, classify.Code(req.Code).Within) {
		return Units{}, false
	}
	if len(r.regions) > 0 {
		ok := false
		for _, p := range r.regions {
			if hotline.RegionCovers(p, sc.region) {
				ok = true
				break
			}
		}
		if !ok {
			return Units{}, false
		}
	}
	if len(r.tags) > 0 {
		ok := false
		for i := range sc.tagEnd {
			t := sc.tag(i)
			for _, want := range r.tags {
				if string(t) == want {
					ok = true
					break
				}
			}
		}
		if !ok {
			return Units{}, false
		}
	}
	for _, c := range r.conds {
		if !c.Holds(req) {
			return Units{}, false
		}
	}
	return r.units, true
}

// Decide routes req by the rules alone: no repeat detection and no hotspots,
// which need the history a Router keeps. Errors wrap ErrInvalidRequest (a
// nil req among them).
func (rs *RuleSet) Decide(req *Request) (Decision, error) {
	if err := req.Validate(); err != nil {
		return Decision{}, err
	}
	sc := rs.getScratch()
	rs.eval(req, sc)
	d := rs.build(req, sc, nil)
	rs.putScratch(sc)
	return d, nil
}

// repeatInfo is what repeat detection found for a request.
type repeatInfo struct {
	n       int      // how many earlier orders have the same key in the window
	earlier []string // the ids of the latest RepeatOfMax of them, in time order
	repeat  bool
}

// build turns the matched rules in sc into a decision.
func (rs *RuleSet) build(req *Request, sc *scratch, rep *repeatInfo) Decision {
	d := Decision{ID: req.ID, Assist: []string{}, RepeatOf: []string{}, Rules: []string{}}
	var jurisdiction []byte // the region prefix that gave the lead
	switch {
	case len(sc.matched) > 0:
		d.Lead, d.LeadBy = sc.units[0].Lead, ByRule
	default:
		d.Lead, d.LeadBy = rs.fallback, ByFallback
		for p := sc.region; len(p) > 0; {
			if u, ok := rs.juris[string(p)]; ok {
				d.Lead, d.LeadBy, jurisdiction = u, ByJurisdiction, p
				break
			}
			i := bytes.LastIndexByte(p, '/')
			if i < 0 {
				break
			}
			p = p[:i]
		}
	}

	sc.assist = sc.assist[:0]
	add := func(u string) {
		if u != d.Lead && u != "" {
			for _, a := range sc.assist {
				if a == u {
					return
				}
			}
			sc.assist = append(sc.assist, u)
		}
	}
	for i, u := range sc.units {
		if i > 0 {
			if !rs.multiUnit {
				break
			}
			add(u.Lead)
		}
		for _, a := range u.Assist {
			add(a)
		}
	}
	sc.attn = sc.attn[:0]
	for _, want := range rs.attention {
		for i := range sc.tagEnd {
			if string(sc.tag(i)) == want {
				sc.attn = append(sc.attn, want)
				break
			}
		}
	}

	if n := len(sc.matched) + len(sc.assist); n > 0 {
		names := make([]string, n)
		d.Rules = names[:len(sc.matched):len(sc.matched)]
		for i, r := range sc.matched {
			d.Rules[i] = rs.rules[r].name
		}
		if len(sc.assist) > 0 {
			d.Assist = names[len(sc.matched):]
			copy(d.Assist, sc.assist)
		}
	}
	if rep != nil {
		d.Repeat, d.RepeatCount = rep.repeat, rep.n
		if rep.repeat && len(rep.earlier) > 0 {
			d.RepeatOf = rep.earlier
		}
	}
	d.Joint = len(d.Assist) > 0 || len(sc.attn) > 0 || d.Repeat
	if d.Joint {
		d.Coordinator = rs.centre
	}
	d.Reason = rs.reason(&d, sc, jurisdiction, rep)
	return d
}

// reason explains d in the rule set's language. It writes the reason
// piece by piece into one buffer rather than formatting whole sentences
// with fmt: with fmt a decision took 19 allocations instead of 2.
func (rs *RuleSet) reason(d *Decision, sc *scratch, jurisdiction []byte, rep *repeatInfo) string {
	en := rs.lang == i18n.English
	var b strings.Builder
	b.Grow(256)
	var num [20]byte
	itoa := func(n int) { b.Write(strconv.AppendInt(num[:0], int64(n), 10)) }
	lq, rq := pick(en, `"`, "「"), pick(en, `"`, "」")
	quoted := func(s string) {
		b.WriteString(lq)
		b.WriteString(s)
		b.WriteString(rq)
	}
	quotedRegion := func(p []byte) { // bytes, so as not to copy the region
		b.WriteString(lq)
		b.Write(p)
		b.WriteString(rq)
	}
	list := func(items []string, quote bool) {
		for i, s := range items {
			if i > 0 {
				if en {
					b.WriteString(", ")
				} else {
					b.WriteString("、")
				}
			}
			if quote {
				quoted(s)
			} else {
				b.WriteString(s)
			}
		}
	}
	rule := func(i int32) {
		r := &rs.rules[i]
		quoted(r.name)
		if en {
			b.WriteString(" (priority ")
		} else {
			b.WriteString("(优先级")
		}
		itoa(r.priority)
		b.WriteString(")")
	}
	sep := func() {
		if en {
			b.WriteString("; ")
		} else {
			b.WriteString("；")
		}
	}

	switch d.LeadBy {
	case ByRule:
		if en {
			b.WriteString("matched rule ")
			rule(sc.matched[0])
			b.WriteString(": ")
			b.WriteString(d.Lead)
			b.WriteString(" leads")
		} else {
			b.WriteString("命中规则")
			rule(sc.matched[0])
			b.WriteString("，由")
			b.WriteString(d.Lead)
			b.WriteString("主办")
		}
		if len(sc.matched) > 1 {
			sep()
			if en {
				b.WriteString("also matched ")
			} else {
				b.WriteString("另命中")
			}
			for j, i := range sc.matched[1:] {
				if j > 0 {
					if en {
						b.WriteString(", ")
					} else {
						b.WriteString("、")
					}
				}
				rule(i)
			}
			switch {
			case rs.multiUnit && en:
				b.WriteString(", whose units assist (multi-unit)")
			case rs.multiUnit:
				b.WriteString("，其主办、协办单位一并协办")
			case en:
				b.WriteString(", outranked by the first")
			default:
				b.WriteString("，优先级较低，不参与")
			}
		}
	case ByJurisdiction:
		if en {
			b.WriteString("no rule matched; jurisdiction ")
			quotedRegion(jurisdiction)
			b.WriteString(" gives the lead to ")
			b.WriteString(d.Lead)
		} else {
			b.WriteString("未命中任何规则，按属地")
			quotedRegion(jurisdiction)
			b.WriteString("由")
			b.WriteString(d.Lead)
			b.WriteString("主办")
		}
	default:
		switch {
		case len(sc.region) == 0 && en:
			b.WriteString("no rule matched and no region given: fallback ")
		case len(sc.region) == 0:
			b.WriteString("未命中任何规则且未提供区域，由兜底单位")
		case en:
			b.WriteString("no rule matched and region ")
			quotedRegion(sc.region)
			b.WriteString(" has no jurisdiction: fallback ")
		default:
			b.WriteString("未命中任何规则，区域")
			quotedRegion(sc.region)
			b.WriteString("无属地单位，由兜底单位")
		}
		b.WriteString(d.Lead)
		if en {
			b.WriteString(" leads")
		} else {
			b.WriteString("主办")
		}
	}
	if len(d.Assist) > 0 {
		sep()
		if en {
			b.WriteString("assisting: ")
		} else {
			b.WriteString("协办：")
		}
		list(d.Assist, false)
	}
	if len(sc.attn) > 0 {
		sep()
		if en {
			b.WriteString("attention tag ")
		} else {
			b.WriteString("关注标签")
		}
		list(sc.attn, true)
	}
	if rep != nil && rep.n > 0 && rs.repeat != nil {
		sep()
		rc := rs.repeat
		// earlier names the latest earlier orders, saying how many there
		// are in all when they are more than RepeatOf holds.
		earlier := func() {
			list(rep.earlier, false)
			more := rep.n - len(rep.earlier)
			switch {
			case more > 0 && en:
				b.WriteString(" and ")
				itoa(more)
				b.WriteString(" more")
			case more > 0:
				b.WriteString("等")
				itoa(rep.n)
				b.WriteString("件")
			}
		}
		if en {
			if rep.repeat {
				b.WriteString("repeat: request ")
				itoa(rep.n + 1)
				b.WriteString(" with the same ")
			} else {
				itoa(rep.n)
				b.WriteString(" earlier request(s) with the same ")
			}
			keyNames(&b, rc.Key, true)
			b.WriteString(" within ")
			b.WriteString(span(rc.Window, true))
			if rep.repeat {
				b.WriteString(", after ")
				earlier()
			} else {
				b.WriteString(" (")
				earlier()
				b.WriteString("), fewer than ")
				itoa(rc.Count)
				b.WriteString(": not a repeat")
			}
		} else {
			b.WriteString(span(rc.Window, false))
			b.WriteString("内同")
			keyNames(&b, rc.Key, false)
			if rep.repeat {
				b.WriteString("第")
				itoa(rep.n + 1)
				b.WriteString("件，属重复诉求，此前工单：")
				earlier()
			} else {
				b.WriteString("此前有")
				itoa(rep.n)
				b.WriteString("件(")
				earlier()
				b.WriteString(")，未达")
				itoa(rc.Count)
				b.WriteString("件，不算重复")
			}
		}
	}
	sep()
	if d.Joint {
		why := [3]string{}
		n := 0
		if len(d.Assist) > 0 {
			why[n] = pick(en, "assisting units", "有协办单位")
			n++
		}
		if len(sc.attn) > 0 {
			why[n] = pick(en, "attention tag", "带关注标签")
			n++
		}
		if d.Repeat {
			why[n] = pick(en, "repeat", "重复诉求")
			n++
		}
		if en {
			b.WriteString("joint handling (")
			list(why[:n], false)
			b.WriteString("), coordinated by ")
			b.WriteString(d.Coordinator)
			b.WriteString(".")
		} else {
			b.WriteString("因")
			list(why[:n], false)
			b.WriteString("转联合办理，由")
			b.WriteString(d.Coordinator)
			b.WriteString("协调。")
		}
	} else {
		b.WriteString(pick(en, "no joint handling.", "无需联合办理。"))
	}
	return b.String()
}

func pick(en bool, english, chinese string) string {
	if en {
		return english
	}
	return chinese
}

func keyNames(b *strings.Builder, key []KeyField, en bool) {
	t := i18n.Chinese.Tag()
	if en {
		t = i18n.English.Tag()
	}
	for i, k := range key {
		if i > 0 {
			b.WriteString(pick(en, " and ", "、同"))
		}
		b.WriteString(k.Name(t))
	}
}

// span writes a window as people say it: 30天, 12 hours.
func span(d time.Duration, en bool) string {
	unit := func(n int64, one, many, zh string) string {
		if en {
			if n == 1 {
				return "1 " + one
			}
			return strconv.FormatInt(n, 10) + " " + many
		}
		return strconv.FormatInt(n, 10) + zh
	}
	switch {
	case d%(24*time.Hour) == 0:
		return unit(int64(d/(24*time.Hour)), "day", "days", "天")
	case d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hour", "hours", "小时")
	case d%time.Minute == 0:
		return unit(int64(d/time.Minute), "minute", "minutes", "分钟")
	}
	return d.String()
}

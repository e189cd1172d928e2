package routing

import (
	"slices"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Normalize returns s as keywords and text are compared: NFKC (full-width
// letters, digits and punctuation become their ordinary forms), then case
// folded. Normalize("ＡＢＣ１２") == Normalize("abc12").
func Normalize(s string) string {
	var n normalizer
	return string(n.normalize(nil, s))
}

// normalizer holds the buffers for normalising without allocating. It is not
// safe for concurrent use.
type normalizer struct {
	caser cases.Caser
	ready bool
	tmp   []byte
}

// normalize appends the normal form of s to dst. Runes that normalisation
// leaves alone or maps to ASCII (ASCII itself, common CJK ideographs and
// punctuation, full-width ASCII forms) are handled here; the runs between
// them go through x/text. Cutting the text there gives the same result as
// normalising it whole, because those runes are starters that never combine
// with the rune before them: only a fast rune directly before a slow run
// (which a combining mark might attach to) joins that run.
func (n *normalizer) normalize(dst []byte, s string) []byte {
	from := 0            // s[from:i] is unchanged and not yet appended
	prevSrc := -1        // start of the previous rune, when it was fast
	prevChanged := false // it was changed: appended as one ASCII byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c-'A' < 26 {
				dst = append(append(dst, s[from:i]...), c+'a'-'A')
				from, prevChanged = i+1, true
			} else {
				prevChanged = false
			}
			prevSrc = i
			i++
			continue
		}
		var r rune
		var size int
		if c >= 0xE1 && c <= 0xEC && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			r, size = rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if m, ok := fastRune(r); ok {
			if m != r {
				dst = append(append(dst, s[from:i]...), byte(m))
				from, prevChanged = i+size, true
			} else {
				prevChanged = false
			}
			prevSrc = i
			i += size
			continue
		}
		// A slow run, taking in the fast rune before it.
		start := i
		switch {
		case prevSrc < 0:
			dst = append(dst, s[from:i]...)
		case prevChanged:
			dst = dst[:len(dst)-1]
			start = prevSrc
		default:
			dst = append(dst, s[from:prevSrc]...)
			start = prevSrc
		}
		j := i + size
		for j < len(s) && s[j] >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[j:])
			if _, ok := fastRune(r); ok {
				break
			}
			j += size
		}
		dst = n.slow(dst, s[start:j])
		prevSrc, from, i = -1, j, j
	}
	return append(dst, s[from:]...)
}

// fastRune returns what r normalises to when that is r itself or one ASCII
// rune, and whether it is one of those runes.
func fastRune(r rune) (rune, bool) {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF: // CJK ideographs
		return r, true
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		r -= 0xFEE0
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	case r == 0x3001, r == 0x3002, r >= 0x3008 && r <= 0x3011, // 、。《》「」【】
		r == 0x2018, r == 0x2019, r == 0x201C, r == 0x201D: // ‘’“”
		return r, true
	}
	return r, false
}

// slow appends the normal form of s to dst using x/text: NFKC, then case
// folding.
func (n *normalizer) slow(dst []byte, s string) []byte {
	n.tmp = norm.NFKC.AppendString(n.tmp[:0], s)
	src := n.tmp
	if !n.ready {
		n.caser = cases.Fold()
		n.ready = true
	}
	n.caser.Reset()
	if k, err := n.caser.Span(src, true); err == nil && k == len(src) {
		return append(dst, src...)
	}
	start := len(dst)
	need := len(src) + len(src)/2 + 16
	for {
		dst = slices.Grow(dst, need)
		n.caser.Reset()
		nDst, _, err := n.caser.Transform(dst[start:start+need], src, true)
		if err == nil {
			return dst[:start+nDst]
		}
		if err != transform.ErrShortDst {
			// Fold fails on nothing but a short buffer; keep the NFKC text.
			return append(dst[:start], src...)
		}
		need *= 2
	}
}

// region appends the normal form of region path s to dst.
func (n *normalizer) region(dst []byte, s string) []byte {
	start := len(dst)
	dst = n.normalize(dst, s)
	// Squeeze in place: drop spaces next to separators and empty segments.
	w := start
	seg := start // where the current segment starts in the output
	for r := start; r < len(dst); r++ {
		c := dst[r]
		if c == '/' || c == '\\' {
			w = trimSpaceEnd(dst, seg, w)
			if w > seg { // close a non-empty segment
				dst[w] = '/'
				w++
				seg = w
			}
			continue
		}
		if w == seg && (c == ' ' || c == '\t') {
			continue
		}
		dst[w] = c
		w++
	}
	w = trimSpaceEnd(dst, seg, w)
	if w > start && dst[w-1] == '/' {
		w--
	}
	return dst[:w]
}

func trimSpaceEnd(b []byte, from, to int) int {
	for to > from && (b[to-1] == ' ' || b[to-1] == '\t') {
		to--
	}
	return to
}

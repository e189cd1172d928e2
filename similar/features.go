package similar

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hotline12345/hotline/routing"
)

// features is what an order text is compared by: the places it names and
// the character n-grams of the rest, each as a sorted set of hashes.
type features struct {
	grams  []uint32 // n-grams of the text outside place names, sorted, unique
	places []place  // place names, sorted, unique
}

// place is a place name found by its suffix: kind is the hash of the suffix
// (村, 号楼) and key the hash of the whole name (三中村, 3号楼).
type place struct{ kind, key uint32 }

// analyzer turns texts into features. It is immutable once built and safe
// for concurrent use.
type analyzer struct {
	words    map[string]string // stop word -> "", phrase -> term
	wordMax  int               // longest key of words, in runes
	names    map[string]bool   // suffixes of place names
	nameMax  int               // longest of names, in runes
	units    map[string]bool   // suffixes of numbered places
	unitMax  int               // longest of units, in runes
	unigrams bool
}

func newAnalyzer(stop []string, terms map[string]string, names, units []string, unigrams bool) *analyzer {
	a := &analyzer{words: make(map[string]string), unigrams: unigrams}
	add := func(k, v string) {
		k = routing.Normalize(k)
		if k == "" {
			return
		}
		a.words[k] = routing.Normalize(v)
		a.wordMax = max(a.wordMax, utf8.RuneCountInString(k))
	}
	for _, w := range stop {
		add(w, "")
	}
	for k, v := range terms {
		add(k, v)
	}
	a.names, a.nameMax = suffixSet(names)
	a.units, a.unitMax = suffixSet(units)
	return a
}

// suffixSet returns the normal forms of suffixes as a set, and the longest
// in runes (at most 8).
func suffixSet(suffixes []string) (map[string]bool, int) {
	set, longest := make(map[string]bool), 0
	for _, s := range suffixes {
		s = routing.Normalize(s)
		if n := utf8.RuneCountInString(s); n > 0 && n <= 8 {
			set[s] = true
			longest = max(longest, n)
		}
	}
	return set, longest
}

// sep marks a break in the text at punctuation, cut a break at a removed
// or replaced word or a place name. No n-gram spans a break.
const (
	sep = rune(-1)
	cut = rune(-2)
)

// analyze returns the features of text. Any text is accepted; invalid
// UTF-8 counts as breaks.
func (a *analyzer) analyze(text string) features {
	rs := a.clean(routing.Normalize(text))
	rs = a.rewrite(rs)
	var f features
	rs = a.findPlaces(rs, &f)
	f.grams = ngrams(rs, a.unigrams)
	return f
}

// clean returns the runes of s with everything but letters and digits
// turned into breaks, runs of breaks squeezed to one.
func (a *analyzer) clean(s string) []rune {
	rs := make([]rune, 0, len(s)/2+1)
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			r = sep
		}
		if r == sep && (len(rs) == 0 || rs[len(rs)-1] < 0) {
			continue
		}
		rs = append(rs, r)
	}
	return rs
}

// rewrite replaces the words of rs, scanning left to right and taking the
// longest match: a stop word by a break, a phrase by its term between
// breaks.
func (a *analyzer) rewrite(rs []rune) []rune {
	out := make([]rune, 0, len(rs))
	var key []byte
	for i := 0; i < len(rs); {
		n, v := 0, ""
		if rs[i] >= 0 {
			key = key[:0]
			for j := i; j < len(rs) && j-i < a.wordMax && rs[j] >= 0; j++ {
				key = utf8.AppendRune(key, rs[j])
				if w, ok := a.words[string(key)]; ok {
					n, v = j-i+1, w
				}
			}
		}
		if n == 0 {
			out = append(out, rs[i])
			i++
			continue
		}
		out = appendCut(out)
		if v != "" {
			out = append(out, []rune(v)...)
			out = appendCut(out)
		}
		i += n
	}
	return out
}

func appendCut(rs []rune) []rune {
	if len(rs) == 0 || rs[len(rs)-1] < 0 {
		return rs
	}
	return append(rs, cut)
}

// genericPrefix holds what comes before a place suffix without naming a
// place: 那段路, 门口路, 这个小区. A prefix is generic when it is one of
// these or ends with one of two letters.
var genericPrefix = map[string]bool{
	"那段": true, "这段": true, "那条": true, "这条": true, "一条": true, "这个": true, "那个": true,
	"门口": true, "村口": true, "路口": true, "附近": true, "周边": true, "旁边": true, "对面": true,
	"楼下": true, "楼上": true, "所在": true, "整个": true, "本": true, "该": true,
	"这": true, "那": true, "上": true, "下": true,
}

// genericPlace holds words that end with a place suffix without naming a
// place: 道路 is any road.
var genericPlace = map[string]bool{
	"道路": true, "马路": true, "公路": true, "小路": true, "大路": true, "小区": true, "大街": true,
	"小巷": true, "农村": true, "乡村": true,
}

// generic reports whether name, the letters before suffix, names no place.
func generic(name []rune, suffix []rune) bool {
	n := len(name)
	return genericPrefix[string(name)] || (n > 2 && genericPrefix[string(name[n-2:])]) ||
		genericPlace[string(name[n-1:])+string(suffix)]
}

// maxName is the longest place name before its suffix, in runes.
const maxName = 4

// findPlaces records in f the place names of rs and returns rs with them
// turned into breaks. A place name is a name suffix (the longest that
// matches) after letters that start a segment or follow another place and
// are not a generic word: two to four of them, or one at the start of the
// text or after punctuation (三中村, 东湖花园, 北街); or a unit suffix
// after a run of digits or numerals anywhere (3号楼, 二期).
func (a *analyzer) findPlaces(rs []rune, f *features) []rune {
	segStart := 0 // where the current segment or the text after the last place starts
	hard := true  // segStart is at the start of the text or after punctuation
	for i := 0; i < len(rs); i++ {
		if rs[i] < 0 {
			segStart, hard = i+1, rs[i] == sep
			continue
		}
		start, n, kindSeed := i, 0, uint32(0)
		if k := a.suffixAt(rs, i, a.units, a.unitMax); k > 0 && i > 0 && isNumeral(rs[i-1]) {
			for start > segStart && isNumeral(rs[start-1]) {
				start--
			}
			n, kindSeed = k, unitSeed
		} else if k := a.suffixAt(rs, i, a.names, a.nameMax); k > 0 && i-segStart <= maxName &&
			(i-segStart >= 2 || (i-segStart == 1 && hard)) && !generic(rs[segStart:i], rs[i:i+k]) {
			start, n, kindSeed = segStart, k, nameSeed
		}
		if n == 0 {
			continue
		}
		kind := hashRunes(kindSeed, rs[i:i+n])
		name := rs[start : i+n]
		if kindSeed == unitSeed {
			name = append(arabic(rs[start:i]), rs[i:i+n]...)
		}
		f.places = append(f.places, place{kind: kind, key: hashRunes(kind, name)})
		for k := start; k < i+n; k++ {
			rs[k] = cut
		}
		i += n - 1
		segStart, hard = i+1, false
	}
	slices.SortFunc(f.places, func(x, y place) int {
		return cmp.Or(cmp.Compare(x.kind, y.kind), cmp.Compare(x.key, y.key))
	})
	f.places = slices.Compact(f.places)
	return rs
}

// suffixAt returns the length in runes of the longest of set that starts
// at rs[i], or 0.
func (a *analyzer) suffixAt(rs []rune, i int, set map[string]bool, longest int) int {
	n := 0
	var key [4 * 8]byte
	b := key[:0]
	for j := i; j < len(rs) && j-i < longest && rs[j] >= 0; j++ {
		b = utf8.AppendRune(b, rs[j])
		if set[string(b)] {
			n = j - i + 1
		}
	}
	return n
}

// Seeds of the hashes of the kinds of place.
const (
	nameSeed = 0x9e3779b9
	unitSeed = 0x85ebca6b
)

// arabic returns the number ds in Arabic digits when it is written in
// Chinese numerals from 一 to 九十九 (二 -> 2, 十二 -> 12, 二十 -> 20), so
// that 二号楼 and 2号楼 are one building; else ds as it is.
func arabic(ds []rune) []rune {
	digit := func(r rune) int { // 0 to 9, or -1
		if i := strings.IndexRune("零一二三四五六七八九", r); i >= 0 {
			return i / len("零")
		}
		return -1
	}
	val := -1
	switch {
	case len(ds) == 1 && ds[0] == '两':
		val = 2
	case len(ds) == 1 && ds[0] == '十':
		val = 10
	case len(ds) == 1 && digit(ds[0]) >= 0:
		val = digit(ds[0])
	case len(ds) == 2 && ds[0] == '十' && digit(ds[1]) > 0:
		val = 10 + digit(ds[1])
	case len(ds) == 2 && ds[1] == '十' && digit(ds[0]) > 1:
		val = 10 * digit(ds[0])
	case len(ds) == 3 && ds[1] == '十' && digit(ds[0]) > 1 && digit(ds[2]) > 0:
		val = 10*digit(ds[0]) + digit(ds[2])
	}
	if val < 0 {
		return ds
	}
	return []rune(strconv.Itoa(val))
}

func isNumeral(r rune) bool {
	return ('0' <= r && r <= '9') || strings.ContainsRune("一二三四五六七八九十百零两", r)
}

// ngrams returns the sorted set of hashes of the token bigrams of rs,
// with the unigrams when asked, none spanning a break. A token is a letter
// or digit, or a run of ASCII letters and digits (ktv, 303). A segment of
// one token gives its unigram either way.
func ngrams(rs []rune, unigrams bool) []uint32 {
	var gs []uint32
	prev := uint32(0) // hash of the token before, 0 at a break
	lone := false     // prev has no bigram yet
	for i := 0; i <= len(rs); {
		if i == len(rs) || rs[i] < 0 {
			if lone && !unigrams {
				gs = append(gs, prev)
			}
			prev, lone = 0, false
			i++
			continue
		}
		j := i + 1
		for isASCIIWord(rs[i]) && j < len(rs) && isASCIIWord(rs[j]) {
			j++
		}
		tok := hashRunes(1, rs[i:j]) &^ bigram
		if unigrams {
			gs = append(gs, tok)
		}
		if prev != 0 {
			gs = append(gs, (prev*31)^tok|bigram)
		}
		lone = prev == 0
		prev = tok
		i = j
	}
	slices.Sort(gs)
	return slices.Compact(gs)
}

// bigram is the bit set in the hash of a bigram and clear in a unigram's.
const bigram = 1 << 31

func isASCIIWord(r rune) bool {
	return ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
}

// hashRunes is FNV-1a over the runes of rs, started from seed.
func hashRunes(seed uint32, rs []rune) uint32 {
	h := uint32(2166136261) ^ seed
	for _, r := range rs {
		for k := 0; k < 4; k++ {
			h ^= uint32(r>>(8*k)) & 0xff
			h *= 16777619
		}
	}
	return h
}

// conflict reports whether two orders name places that cannot be the same:
// both name places and share none, or both name a place of one kind (two
// villages, two building numbers) and share none of that kind.
func conflict(a, b []place) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	shared := false
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		// Walk one kind at a time.
		var kind uint32
		switch {
		case j == len(b) || (i < len(a) && a[i].kind < b[j].kind):
			kind = a[i].kind
		default:
			kind = b[j].kind
		}
		ie, je := i, j
		for ie < len(a) && a[ie].kind == kind {
			ie++
		}
		for je < len(b) && b[je].kind == kind {
			je++
		}
		if ie > i && je > j {
			if !shareKey(a[i:ie], b[j:je]) {
				return true
			}
			shared = true
		}
		i, j = ie, je
	}
	return !shared
}

// shareKey reports whether two runs of places of one kind, sorted by key,
// have a key in common.
func shareKey(a, b []place) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].key < b[j].key:
			i++
		case a[i].key > b[j].key:
			j++
		default:
			return true
		}
	}
	return false
}

// overlap returns the size of the intersection of two sorted sets.
func overlap(a, b []uint32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

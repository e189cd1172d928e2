// Package kb is a hotline's knowledge base (知识库): the answers operators
// give callers, kept with their history, and a search that finds them from
// a caller's own words.
//
// # Entries and versions
//
// An [Entry] has an id, a title (the question), an answer, optional
// keywords, a category ([hotline.Category]), classification codes
// ("02.03.01"), the region paths it applies to ("清溪镇/三中村"; none means
// everywhere) and the first and last day it applies (either end may be
// open). [Entry.Validate] names the field that is wrong in an
// [*EntryError].
//
// A [Base] keeps every version of every entry. [Base.Add] stores version
// 1; [Base.Edit] stores the next and keeps the ones before, so an order
// that recorded the id and version it was answered with can show that
// answer again with [Base.Version], while [Base.Get] and Search see the
// latest. An edit names the version it was made from, and is refused with
// [ErrConflict] when another edit came first.
//
// # Search
//
// [Base.Search] ranks the latest versions against a query and keeps those
// [SearchOptions] selects: valid on a date, serving a region, of a
// category, under a code. Chinese needs no word segmentation here: text is
// compared by pairs of adjacent characters, so "垃圾没人收" meets an entry
// titled "生活垃圾清运不及时" through 垃圾, and by whole words of letters
// and digits. Full-width forms and case are folded first, as
// routing.Normalize does, so "ＡＰＰ１２" is "app12". Scores are BM25, with
// the title and keywords weighted three times the answer. The index is
// inverted and updated in place by Add and Edit; a 50-character query over
// 10,000 entries takes well under a millisecond.
//
// # Files
//
// [Parse] and [LoadFile] read a base from YAML or JSON strictly: unknown
// keys, keys given twice and values of the wrong kind are refused, and
// every error is an [*EntryError] with the entry, the field and the line.
// An id given again in a file is that entry's next version, so a file can
// carry the history that orders refer to; [Base.WriteYAML] writes such a
// file. testdata/qingxi.yaml is an example for a town.
package kb

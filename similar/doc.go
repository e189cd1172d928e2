// Package similar finds hotline orders that are likely about the same
// matter as a new one even when they say it in other words:
// "三中村工地晚上还在打桩，吵得睡不着" and "三中村建筑工地夜间施工噪音扰民" are
// likely repeats, "三中村路灯不亮" and "五里村工地夜间施工噪音扰民" are not.
//
// # Comparing two texts
//
// A text is normalised as routing.Normalize does (full-width forms and case
// folded), cut at punctuation, and stripped of stop words that say nothing
// about the matter (市民, 来电, 反映, 请求相关部门处理; Config.StopWords).
// Phrases are mapped to one term (打桩 to 施工, 晚上 to 夜间, 坏了 to 故障;
// Config.Terms). Place names are then taken out, found by their suffixes
// (三中村, 阳光小区, 3号楼; Config.PlaceSuffixes and Config.UnitSuffixes).
// What is left is compared as a set of character unigrams and bigrams (a
// run of ASCII letters or digits counting as one character) by cosine
// similarity: shared grams over the square root of the product of the set
// sizes. Two orders that both name places but none in common, or name two
// different places of one kind (two villages, building 3 and building 5),
// score 0 whatever they say.
//
// Each step was measured on a labelled set of 210 pairs written for it
// (testdata/pairs.tsv; TestPairs, TestPairsAlternatives). Character bigrams
// alone, at their best threshold, find 19% of the same-matter pairs at
// precision 0.9; with unigrams, stop words, place names and terms, 83% at
// precision 0.93 with the default threshold, ThresholdDefault. Misspelt
// place names (东胡花园 for 东湖花园) are missed, and short texts that
// differ in one character of a term (停水, 停电) can be taken for one.
//
// # The index
//
// An Index keeps the orders of a window of time (WindowDefault, 30 days)
// and evicts older ones as newer ones are added, and never more than
// Config.MaxOrders. Similar returns the orders close enough in time, in
// the same region subtree (one region path at or under the other), whose
// score reaches the threshold. It does not compare the new order with
// every order kept. The postings of grams are kept apart by the first
// place of the orders' regions (the town), so a look-up reads those of its
// own town and of the orders without a region. Among those, an order that
// names a place is compared with the orders naming one of its places and
// those naming none that share one of its rarer grams; one that names
// none, with every order that shares one of its rarer grams (a match must
// share a number of grams that the threshold sets, so the most common
// ones need not find candidates). The postings of the common grams are
// then read to count exactly, for the candidates found, how many grams
// each shares, which rules most of them out before their texts are read.
// Matches are ordered by a radix sort of numbers that rank them, and a
// look-up with a small Options.Limit keeps the best in a heap. Among
// 100,000 generated orders of eight towns (BenchmarkSimilar, processor
// time on a quiet machine of two cores) a look-up of an order naming a
// place takes about 0.015 ms; one naming none, of a problem one order in
// 28 is about, about 0.06 ms. An order naming neither a place nor a
// region is related to every town's orders: it finds some 3,700 matches
// there and takes about 0.45 to 0.55 ms (0.85 ms on a busy machine), or
// 0.33 ms with a limit of 10. The index takes about 370 bytes per order.
//
// An Index is about one node: it forgets everything on restart. Feeding it
// the orders of the window from a store at start-up is the caller's part.
package similar

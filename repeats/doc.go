// Package repeats links the orders a workorder.Service accepts to the
// earlier orders likely about the same matter, found by meaning with a
// similar.Index: "三中村工地晚上还在打桩，吵得睡不着" accepted a day after
// "三中村建筑工地夜间施工噪音扰民" is a likely repeat of it, though no
// routing repeat key (the same phone, the same address) ties them.
//
// A Linker is the seam between the two packages, which know nothing of
// each other: it turns an order into a similar.Doc ([DocOf]), indexes it
// and looks it up. Use it in either of two ways, or both:
//
//   - as the service's Observer (workorder.Config.Observer): each accepted
//     order is indexed when its acceptance is stored, and Config.OnRepeat
//     hears its likely repeats, to record them where the caller keeps
//     such links (a tag, a remark, a merge proposed to an agent);
//   - through [Linker.Accept], which accepts a draft and returns the new
//     order with its likely repeats, for an agent's screen.
//
// The index lives in memory; at start-up feed it the window's orders from
// the store with [Linker.Load].
package repeats

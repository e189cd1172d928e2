// Package classify holds two kinds of configuration that orders carry as
// codes: the request classification (诉求分类) and the coded reasons for not
// accepting (不予受理), cancelling (撤单) and returning (退单) an order.
//
// # Classification
//
// A [Tree] of classes, each a [Node] with a [Code] and names in Chinese and
// English, such as 城乡建设 "01" > 市容环境 "01.02" > 噪音扰民 "01.02.03". A
// child's code is its parent's and one more segment, so a code tells its
// ancestors by itself: [Code.Within] tests subtree membership by whole
// segments ("03.10" is not within "03.1") and [Code.Ancestor] gives the
// class at a level to group by. The tree adds the names and the shape:
// [Tree.Lookup], [Tree.Path], [Tree.Within], [Tree.Walk], [Tree.Leaves],
// and [Tree.Check], whose errors match [ErrUnknownCode] or [ErrInvalidCode].
//
// A tree is built from Go values with [New] or from a YAML file with
// [Parse] or [LoadFile]; [Default] is a small tree for a town like 清溪镇,
// eleven domains and about a hundred classes, and [DefaultYAML] is its
// file, a starting point for a town's own. Trees cannot be changed once
// built and are safe for concurrent use.
//
// # Reasons
//
// [Reasons] holds a list of [Reason] values for each [ReasonKind]. Each
// reason has a code that orders and audit records keep, names, and
// NeedsText for reasons such as "other" that must come with an
// explanation; [Reasons.Check] and [Reasons.CheckText] test what a caller
// gives. [DefaultReasons] are the defaults, [ParseReasons] and
// [LoadReasonsFile] read a town's own.
//
// # Files
//
// Both files are read strictly, as the library's other configuration
// files are: unknown keys, keys given twice and codes given twice are
// refused, and every mistake is a [*ConfigError] with its line and column
// that matches [ErrInvalid] and its cause.
package classify

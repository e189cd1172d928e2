package routing

import (
	"go.yaml.in/yaml/v3"

	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/internal/i18n"
)

// Config is a rule set before compilation: what a rules file holds, and what
// Go code may build directly. Compile validates it. The zero value has no
// centre or fallback and does not compile.
type Config struct {
	// Centre coordinates joint handling (the coordinator of joint orders).
	Centre string
	// Fallback takes the orders that no rule and no jurisdiction claims.
	// Leave it empty when compiling with a directory of units that names
	// the fallback unit (Options.Units), which is then used.
	Fallback string
	// Jurisdictions maps a region path prefix ("清溪镇/三中村") to the unit
	// in charge there. Prefixes match whole path segments; the longest wins.
	Jurisdictions map[string]string
	// Rules in file order; file order breaks priority ties.
	Rules []RuleSpec
	// Joint says when an order is handled jointly.
	Joint JointConfig
	// Hotspot, when not nil, turns on hotspot alerts in a Router.
	Hotspot *HotspotConfig

	// src is the file Parse read the config from, or nil: Compile's
	// errors name the line of the field they are about.
	src *yaml.Node
}

// RuleSpec is one declarative rule. Every filter that is set must hold for
// the rule to match; an unset filter always holds. Keywords are matched on
// normalised text (see Normalize).
type RuleSpec struct {
	Name string
	// Priority: the highest matching priority leads; ties go to the
	// earlier rule. May be negative; 0 when unset.
	Priority   int
	Categories []hotline.Category // at least one of these
	Urgency    []hotline.Urgency  // at least one of these
	Regions    []string           // a region path prefix, by whole segments
	Any        []string           // at least one keyword in the text
	All        []string           // every keyword in the text
	None       []string           // no keyword in the text
	Tags       []string           // at least one tag on the request
	// Codes are classification codes (诉求分类, such as "01.02"), each
	// standing for its subtree: the request's code must be one of them or
	// lie below one, by whole segments ("01.02.03" is below "01.02",
	// "01.020" is not). A request without a code matches no rule with
	// codes.
	Codes []string
	// When names conditions, registered in Options.Conditions or built in,
	// that must all hold.
	When   []string
	Lead   string
	Assist []string
	// Line is where the rule starts in its file, 0 when built in Go.
	Line int
}

// JointConfig says when an order is handled jointly. The zero value makes an
// order joint only when its best rule names assisting units.
type JointConfig struct {
	// MultiUnit makes every other matching rule's lead and assists
	// assisting units too.
	MultiUnit bool
	// AttentionTags make an order joint when it carries any of them
	// (媒体关注, 领导批示 ...).
	AttentionTags []string
	// Repeat, when not nil, turns on repeat detection in a Router.
	Repeat *RepeatConfig
}

// KeyField is a request field that repeat detection compares.
type KeyField string

// The fields a repeat key may use. Values are compared after normalisation.
const (
	KeyAddress  KeyField = "address"
	KeyCategory KeyField = "category"
	KeyRegion   KeyField = "region"
	KeyUrgency  KeyField = "urgency"
	KeyText     KeyField = "text"
)

var keyFieldNames = i18n.NewNames(
	[]string{"address", "category", "region", "urgency", "text"},
	[]string{"地址", "类别", "区域", "紧急程度", "内容"},
	nil)

// Name returns the field's name in the language best matching t: "地址"
// for Chinese tags, "address" for all others; k itself when unknown.
func (k KeyField) Name(t language.Tag) string {
	if i := keyFieldNames.Index(string(k)); i >= 0 {
		return keyFieldNames.Name(i, t)
	}
	return string(k)
}

// Defaults for RepeatConfig fields left zero.
const (
	RepeatWindowDefault = 30 * 24 * time.Hour
	RepeatCountDefault  = 3
)

// RepeatKeyDefault returns the key used when RepeatConfig.Key is empty:
// address and category. Each call returns a new slice.
func RepeatKeyDefault() []KeyField { return []KeyField{KeyAddress, KeyCategory} }

// RepeatConfig says what a repeat is: the Count-th or later request inside
// Window (measured on Request.At) with equal Key fields. A request with an empty
// key field (no address, say) is never a repeat and is not remembered.
type RepeatConfig struct {
	Window time.Duration // RepeatWindowDefault when 0
	Count  int           // RepeatCountDefault when 0; at least 2
	Key    []KeyField    // RepeatKeyDefault() when empty
}

// Defaults for HotspotConfig fields left zero.
const (
	HotspotWindowDefault = 24 * time.Hour
	HotspotCountDefault  = 5
)

// HotspotConfig says what a hotspot is: at least Count requests inside
// Window (measured on Request.At) from the same region with the same
// category, or with the same watched keyword in the text. A hotspot raises
// one alert per window. Requests without a region are not counted.
type HotspotConfig struct {
	Window time.Duration // HotspotWindowDefault when 0
	Count  int           // HotspotCountDefault when 0; at least 2
	// RegionDepth cuts regions to their first RegionDepth segments before
	// grouping ("清溪镇/三中村/一组" at depth 2 is "清溪镇/三中村"); 0 keeps
	// the whole path.
	RegionDepth int
	// Keywords are watched words (停水, 停电 ...): requests from one region
	// whose text has the same keyword are counted together.
	Keywords []string
}

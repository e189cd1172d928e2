package classify

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/language"
)

// small is a tree with the edge cases of codes: "03.1" beside "03.10".
func small(t testing.TB) *Tree {
	t.Helper()
	tr, err := New([]Node{
		{Code: "01", NameZH: "城乡建设", NameEN: "Urban and rural construction"},
		{Code: "01.02", NameZH: "市容环境", NameEN: "Townscape"},
		{Code: "01.02.03", NameZH: "噪音扰民", NameEN: "Noise nuisance"},
		{Code: "01.02.01", NameZH: "垃圾清运"}, // no English name
		{Code: "03", NameZH: "交通出行", NameEN: "Transport"},
		{Code: "03.1", NameZH: "公共交通", NameEN: "Public transport"},
		{Code: "03.10", NameZH: "乡村道路", NameEN: "Village roads"},
		{Code: "03.1.2", NameZH: "公交线路", NameEN: "Bus routes"},
		{Code: "02", NameZH: "生态环境", NameEN: "Environment"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func codes(ns []Node) []Code {
	out := make([]Code, len(ns))
	for i, n := range ns {
		out[i] = n.Code
	}
	return out
}

func TestTreeShape(t *testing.T) {
	tr := small(t)
	if tr.Len() != 9 {
		t.Errorf("Len = %d, want 9", tr.Len())
	}
	var walked []Code
	for n := range tr.Walk {
		walked = append(walked, n.Code)
	}
	want := []Code{"01", "01.02", "01.02.03", "01.02.01", "03", "03.1", "03.1.2", "03.10", "02"}
	if !slices.Equal(walked, want) {
		t.Errorf("Walk = %v, want %v (preorder, siblings as given)", walked, want)
	}
	if got, want := codes(tr.Leaves()), []Code{"01.02.03", "01.02.01", "03.1.2", "03.10", "02"}; !slices.Equal(got, want) {
		t.Errorf("Leaves = %v, want %v", got, want)
	}
	if got, want := codes(tr.Roots()), []Code{"01", "03", "02"}; !slices.Equal(got, want) {
		t.Errorf("Roots = %v, want %v", got, want)
	}
	if got, want := codes(tr.Children("03")), []Code{"03.1", "03.10"}; !slices.Equal(got, want) {
		t.Errorf("Children(03) = %v, want %v", got, want)
	}
	if got := tr.Children("03.10"); got != nil {
		t.Errorf("Children of a leaf = %v, want nil", got)
	}
	if got := tr.Children("09"); got != nil {
		t.Errorf("Children of an unknown code = %v, want nil", got)
	}
	n := 0
	for range tr.Walk {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("Walk went on after yield returned false")
	}
}

func TestTreeLookup(t *testing.T) {
	tr := small(t)
	tests := []struct {
		code   Code
		ok     bool
		zh, en string
		parent Code // "" for none
		path   string
	}{
		{"01.02.03", true, "噪音扰民", "Noise nuisance", "01.02", "城乡建设 > 市容环境 > 噪音扰民"},
		{"01.02.01", true, "垃圾清运", "垃圾清运", "01.02", "城乡建设 > 市容环境 > 垃圾清运"}, // English falls back to Chinese
		{"01", true, "城乡建设", "Urban and rural construction", "", "城乡建设"},
		{"03.10", true, "乡村道路", "Village roads", "03", "交通出行 > 乡村道路"},
		{"03.1.2", true, "公交线路", "Bus routes", "03.1", "交通出行 > 公共交通 > 公交线路"},
		{"01.02.04", false, "", "", "", ""},
		{"1", false, "", "", "", ""}, // codes compare as written
		{"", false, "", "", "", ""},
		{"01.x", false, "", "", "", ""},
	}
	for _, tt := range tests {
		n, ok := tr.Lookup(tt.code)
		if ok != tt.ok || n.Name(language.Chinese) != tt.zh || n.Name(language.English) != tt.en {
			t.Errorf("Lookup(%q) = %+v, %v; want %v, %q, %q", tt.code, n, ok, tt.ok, tt.zh, tt.en)
		}
		if ok && n.Code != tt.code {
			t.Errorf("Lookup(%q).Code = %q", tt.code, n.Code)
		}
		p, ok := tr.Parent(tt.code)
		if ok != (tt.parent != "") || p.Code != tt.parent {
			t.Errorf("Parent(%q) = %q, %v; want %q", tt.code, p.Code, ok, tt.parent)
		}
		if got := tr.PathName(tt.code, language.SimplifiedChinese); got != tt.path {
			t.Errorf("PathName(%q) = %q, want %q", tt.code, got, tt.path)
		}
		path := tr.Path(tt.code)
		if !tt.ok && path != nil || tt.ok && (len(path) != tt.code.Depth() || path[len(path)-1].Code != tt.code) {
			t.Errorf("Path(%q) = %v", tt.code, codes(path))
		}
		err := tr.Check(tt.code)
		switch {
		case tt.ok && err != nil:
			t.Errorf("Check(%q) = %v", tt.code, err)
		case !tt.ok && tt.code.Valid() && !errors.Is(err, ErrUnknownCode):
			t.Errorf("Check(%q) = %v, want ErrUnknownCode", tt.code, err)
		case !tt.code.Valid() && !errors.Is(err, ErrInvalidCode):
			t.Errorf("Check(%q) = %v, want ErrInvalidCode", tt.code, err)
		}
	}
	if got, want := tr.PathName("01.02.01", language.English), "Urban and rural construction > Townscape > 垃圾清运"; got != want {
		t.Errorf("PathName in English = %q, want %q", got, want)
	}
	err := tr.Check("01.99")
	var ce *CodeError
	if !errors.As(err, &ce) || ce.Code != "01.99" || err.Error() != `classify: code "01.99": not in the classification` {
		t.Errorf("Check(01.99) = %v", err)
	}
}

func TestTreeWithin(t *testing.T) {
	tr := small(t)
	tests := []struct {
		code, subtree Code
		want          bool
	}{
		{"01.02.03", "01.02.03", true}, // a code is within itself
		{"01.02.03", "01.02", true},
		{"01.02.03", "01", true},
		{"01.02.01", "01.02", true},
		{"01", "01.02", false},
		{"03.10", "03.1", false}, // "03.1" is no prefix of "03.10" by segments
		{"03.1", "03.10", false},
		{"03.1.2", "03.1", true},
		{"03.1.2", "03.10", false},
		{"03.10", "03", true},
		{"02", "01", false},
		{"01.02.04", "01.02", false}, // unknown code
		{"01.02.03", "01.03", false}, // unknown subtree
		{"01", "", false},
	}
	for _, tt := range tests {
		if got := tr.Within(tt.code, tt.subtree); got != tt.want {
			t.Errorf("Within(%q, %q) = %v, want %v", tt.code, tt.subtree, got, tt.want)
		}
	}
	// For codes in the tree, the tree agrees with the codes' segments.
	for a := range tr.Walk {
		for b := range tr.Walk {
			if tr.Within(a.Code, b.Code) != a.Code.Within(b.Code) {
				t.Errorf("Within(%q, %q): tree and code disagree", a.Code, b.Code)
			}
		}
	}
}

func TestTreeZeroAndNil(t *testing.T) {
	for name, tr := range map[string]*Tree{"zero": {}, "nil": nil} {
		if _, ok := tr.Lookup("01"); ok || tr.Len() != 0 || tr.Within("01", "01") ||
			tr.Path("01") != nil || tr.Leaves() != nil || tr.Roots() != nil || tr.Children("01") != nil {
			t.Errorf("%s tree is not empty", name)
		}
		if _, ok := tr.Parent("01.02"); ok {
			t.Errorf("%s tree has a parent", name)
		}
		if err := tr.Check("01"); !errors.Is(err, ErrUnknownCode) {
			t.Errorf("%s tree: Check = %v, want ErrUnknownCode", name, err)
		}
		for range tr.Walk {
			t.Errorf("%s tree walks a node", name)
		}
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name  string
		nodes []Node
		is    error
		want  string
	}{
		{"duplicate", []Node{{Code: "01", NameZH: "甲"}, {Code: "02", NameZH: "乙"}, {Code: "01", NameZH: "丙"}},
			ErrDuplicateCode, `classify: "01": nodes[2].code: code given twice, first at nodes[0]`},
		{"no parent", []Node{{Code: "01", NameZH: "甲"}, {Code: "01.02.03", NameZH: "乙"}},
			ErrNoParent, `classify: "01.02.03": nodes[1].code: parent not in the tree: no node "01.02"`},
		{"malformed code", []Node{{Code: "01", NameZH: "甲"}, {Code: "01..02", NameZH: "乙"}},
			ErrInvalidCode, `classify: "01..02": nodes[1].code: malformed code`},
		{"empty name", []Node{{Code: "01", NameZH: " "}},
			ErrBadName, `classify: "01": nodes[0].name: bad name: surrounding spaces`},
		{"no name", []Node{{Code: "01", NameEN: "Urban"}},
			ErrBadName, `classify: "01": nodes[0].name: bad name: empty`},
		{"control in English", []Node{{Code: "01", NameZH: "甲", NameEN: "a\nb"}},
			ErrBadName, `classify: "01": nodes[0].name_en: bad name: contains control characters`},
		{"long name", []Node{{Code: "01", NameZH: strings.Repeat("长", MaxNameLen+1)}},
			ErrBadName, `nodes[0].name: bad name: longer than 100 characters`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.nodes)
			if !errors.Is(err, tt.is) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: %v\nwant %v, ErrInvalid and %q", err, tt.is, tt.want)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Line != 0 {
				t.Errorf("New: %#v, want a *ConfigError without a line", err)
			}
		})
	}
}

// TestNewParentsAnywhere: New takes the parent after its children, and
// keeps the children in the order given.
func TestNewParentsAnywhere(t *testing.T) {
	tr, err := New([]Node{{Code: "01.02", NameZH: "乙"}, {Code: "01.01", NameZH: "甲"}, {Code: "01", NameZH: "根"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := codes(tr.Children("01")), []Code{"01.02", "01.01"}; !slices.Equal(got, want) {
		t.Errorf("Children = %v, want %v", got, want)
	}
}

// TestNewCopies: changing the nodes given to New, or the slices a tree
// returns, leaves the tree as it was.
func TestNewCopies(t *testing.T) {
	nodes := []Node{{Code: "01", NameZH: "甲"}, {Code: "01.01", NameZH: "乙"}}
	tr, err := New(nodes)
	if err != nil {
		t.Fatal(err)
	}
	nodes[1].NameZH = "改"
	tr.Children("01")[0].NameZH = "改"
	tr.Path("01.01")[1].NameZH = "改"
	tr.Leaves()[0].NameZH = "改"
	if n, _ := tr.Lookup("01.01"); n.NameZH != "乙" {
		t.Errorf("the tree changed: %q", n.NameZH)
	}
}

func TestTreeConcurrent(t *testing.T) {
	tr := Default()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for n := range tr.Walk {
				if !tr.Within(n.Code, n.Code.Ancestor(1)) || len(tr.Path(n.Code)) != n.Code.Depth() {
					t.Errorf("%q: not within its domain", n.Code)
				}
			}
		})
	}
	wg.Wait()
}

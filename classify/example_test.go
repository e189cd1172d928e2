package classify_test

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/classify"
)

func ExampleDefault() {
	tree := classify.Default()
	code := classify.Code("01.02.03")
	fmt.Println(tree.PathName(code, language.Chinese))
	fmt.Println(tree.PathName(code, language.English))
	for _, n := range tree.Path(code) {
		fmt.Println(n.Code, n.NameZH)
	}
	// Output:
	// 城乡建设 > 市容环境 > 噪音扰民
	// Urban and rural construction > Townscape and cleanliness > Noise nuisance
	// 01 城乡建设
	// 01.02 市容环境
	// 01.02.03 噪音扰民
}

func ExampleTree_Within() {
	tree := classify.Default()
	// A routing rule for the whole townscape subtree, and one for a leaf.
	for _, code := range []classify.Code{"01.02.03", "01.02", "01.01.02", "02.03"} {
		fmt.Println(code, tree.Within(code, "01.02"), tree.Within(code, "02.03"))
	}
	// Output:
	// 01.02.03 true false
	// 01.02 true false
	// 01.01.02 false false
	// 02.03 false true
}

func ExampleCode_Within() {
	// Whole segments: "03.10" is not in the subtree "03.1".
	fmt.Println(classify.Code("03.1.2").Within("03.1"))
	fmt.Println(classify.Code("03.10").Within("03.1"))
	fmt.Println(classify.Code("03.1").Within("03.1"))
	// Output:
	// true
	// false
	// true
}

func ExampleCode_Ancestor() {
	// Counting orders by top-level domain.
	counts := map[classify.Code]int{}
	for _, c := range []classify.Code{"01.02.03", "01.01.04", "07.02.02", "01.02.01"} {
		counts[c.Ancestor(1)]++
	}
	tree := classify.Default()
	for _, d := range []classify.Code{"01", "07"} {
		n, _ := tree.Lookup(d)
		fmt.Println(n.Name(language.Chinese), counts[d])
	}
	// Output:
	// 城乡建设 3
	// 市场监管 1
}

func ExampleTree_Check() {
	tree := classify.Default()
	for _, c := range []classify.Code{"07.02.02", "07.02.09", "07.x"} {
		err := tree.Check(c)
		fmt.Println(err, errors.Is(err, classify.ErrUnknownCode))
	}
	// Output:
	// <nil> false
	// classify: code "07.02.09": not in the classification true
	// classify: code "07.x": malformed code false
}

func ExampleParse() {
	tree, err := classify.Parse(strings.NewReader(`
codes:
  - code: "01"
    name: 城乡建设
    children:
      - {code: "01.01", name: 市政设施}
      - {code: "01.02", name: 市容环境, name_en: Townscape}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for n := range tree.Walk {
		fmt.Println(n.Code, n.Name(language.English))
	}
	_, err = classify.Parse(strings.NewReader(`
codes:
  - code: "01"
    name: 城乡建设
    children:
      - {code: "02.01", name: 市政设施}
`))
	fmt.Println(err)
	// Output:
	// 01 城乡建设
	// 01.01 市政设施
	// 01.02 Townscape
	// classify: "02.01": codes[0].children[0].code: does not extend its parent's code "01" (line 6, column 16)
}

func ExampleReasons_CheckText() {
	reasons := classify.DefaultReasons()
	for _, r := range reasons.List(classify.ReasonReturn) {
		fmt.Println(r.Code, r.NameZH, r.NeedsText)
	}
	fmt.Println(reasons.CheckText(classify.ReasonReturn, "not_our_duty", "应由县供电公司办理"))
	fmt.Println(reasons.CheckText(classify.ReasonReturn, "not_our_duty", ""))
	fmt.Println(reasons.Check(classify.ReasonCancel, "not_our_duty"))
	// Output:
	// not_our_duty 非本单位职责 true
	// outside_area 不在本单位辖区 false
	// duplicate 重复工单 false
	// insufficient_info 信息不全无法办理 false
	// other 其他 true
	// <nil>
	// classify: return reason "not_our_duty": explanation required
	// classify: cancel reason "not_our_duty": unknown reason
}

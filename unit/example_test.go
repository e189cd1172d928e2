package unit_test

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/unit"
)

func ExampleNew() {
	d, err := unit.New([]unit.Unit{
		{ID: "镇政府", Name: "清溪镇人民政府", Kind: unit.KindTown, Regions: []string{"清溪镇"}},
		{ID: "三中村委会", Name: "三中村村民委员会", Kind: unit.KindCommittee, Regions: []string{"清溪镇/三中村"}},
		{ID: "旧办", Name: "已撤销的办公室", Kind: unit.KindDepartment, Inactive: true},
	}, "镇政府")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("fallback:", d.Fallback())
	for _, id := range []string{"三中村委会", "旧办", "综合办"} {
		err := d.Check(id)
		fmt.Println(id, err, errors.Is(err, unit.ErrUnknown), errors.Is(err, unit.ErrInactive))
	}
	for _, u := range d.Serving("清溪镇/三中村/一组") {
		fmt.Println("serves 清溪镇/三中村/一组:", u.Name, u.Kind.Name(language.Chinese))
	}
	// Output:
	// fallback: 镇政府
	// 三中村委会 <nil> false false
	// 旧办 unit "旧办": inactive false true
	// 综合办 unit "综合办": not in the directory true false
	// serves 清溪镇/三中村/一组: 清溪镇人民政府 镇（街道）
	// serves 清溪镇/三中村/一组: 三中村村民委员会 村（社区）委员会
}

func ExampleParse() {
	d, err := unit.Parse(strings.NewReader(`
fallback: 镇政府
units:
  - id: 镇政府
    name: 清溪镇人民政府
    kind: 镇（街道）
    regions: [清溪镇]
  - id: 城管分局
    name: 清溪镇城管分局
    kind: department
    regions: [清溪镇]
    inactive: true
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range d.Units() {
		fmt.Println(u.ID, u.Kind, u.Inactive)
	}
	_, err = unit.Parse(strings.NewReader("units:\n  - {id: 城管分局, name: 城管, kind: bureau}\n"))
	fmt.Println(err)
	if fe, ok := errors.AsType[*unit.FileError](err); ok {
		fmt.Println(fe.Unit, fe.Field, fe.Line, fe.Column, errors.Is(err, unit.ErrInvalid))
	}
	// Output:
	// 镇政府 town false
	// 城管分局 department true
	// unit "城管分局": kind: unknown unit kind "bureau" (accepted: department, town, committee, enterprise, or their Chinese names) (line 2, column 32)
	// 城管分局 kind 2 32 true
}

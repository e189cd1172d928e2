package similar_test

import (
	"fmt"
	"time"

	"github.com/hotline12345/hotline/similar"
)

func Example() {
	x, err := similar.New(similar.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	cst := time.FixedZone("CST", 8*3600)
	for _, d := range []similar.Doc{
		{ID: "QX-0001", Text: "三中村工地晚上还在打桩，吵得睡不着", Region: "清溪镇/三中村", At: time.Date(2025, 3, 1, 23, 10, 0, 0, cst)},
		{ID: "QX-0002", Text: "三中村路灯不亮", Region: "清溪镇/三中村", At: time.Date(2025, 3, 1, 23, 20, 0, 0, cst)},
		{ID: "QX-0003", Text: "五里村工地夜间施工噪音扰民", Region: "清溪镇/五里村", At: time.Date(2025, 3, 1, 23, 30, 0, 0, cst)},
	} {
		if err := x.Add(d); err != nil {
			fmt.Println(err)
			return
		}
	}
	next := similar.Doc{ID: "QX-0004", Text: "市民来电反映：三中村建筑工地夜间施工噪音扰民，请求处理", Region: "清溪镇/三中村/一组", At: time.Date(2025, 3, 2, 9, 0, 0, 0, cst)}
	for _, m := range x.Similar(next, similar.Options{}) {
		fmt.Printf("%s %.2f\n", m.ID, m.Score)
	}
	fmt.Printf("%.2f\n", x.Score("幸福路１２号门口井盖丢失", "幸福路12号井盖没了"))
	fmt.Printf("%.2f\n", x.Score("金水湾小区3号楼电梯故障", "金水湾小区5号楼电梯故障"))
	// Output:
	// QX-0001 0.76
	// 0.77
	// 0.00
}

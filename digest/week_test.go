package digest_test

import (
	"fmt"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/digest"
)

var cst = time.FixedZone("CST", 8*3600)

// at returns 2025-03-dd hh:mm in China Standard Time (February before
// the 1st: day 0 is 28 February, -1 the 27th).
func at(dd, hh, mm int) time.Time { return time.Date(2025, 3, dd, hh, mm, 0, 0, cst) }

// Departments of the generated week.
const (
	urban = "清溪镇城管办"
	env   = "清溪镇环保分局"
)

// weekEnd is the end of the generated week: Monday 10 March 2025 00:00,
// the week running from Monday the 3rd.
var weekEnd = at(10, 0, 0)

// week returns the orders of the generated week and the one before, with
// codes of classify.Default: night construction at 三中村 (01.02.03, 噪音扰民)
// five times in one evening, twice the week before; street lights out at
// 五里村 (01.01.02, 路灯不亮) three times, none
// the week before; late and supervised orders of 城管办 due around the
// period; and orders the digest must ignore.
func week() []digest.Order {
	var os []digest.Order
	n := 0
	add := func(unit, code, region, text string, received time.Time, mod ...func(*digest.Order)) {
		n++
		o := digest.Order{
			ID: fmt.Sprintf("QX%04d", n), Unit: unit, Code: classify.Code(code), Category: hotline.CategoryComplaint,
			Region: region, Text: text, Received: received,
		}
		for _, m := range mod {
			m(&o)
		}
		os = append(os, o)
	}
	closed := func(t time.Time) func(*digest.Order) { return func(o *digest.Order) { o.Closed = t } }
	due := func(t time.Time) func(*digest.Order) { return func(o *digest.Order) { o.Due = t } }
	supervised := func(l int) func(*digest.Order) { return func(o *digest.Order) { o.Supervision = l } }

	// The week before (24 February to 3 March).
	add(urban, "01.02.03", "清溪镇/三中村", "三中村工地夜间施工噪音扰民", at(-4, 22, 0), closed(at(-3, 10, 0)))           // QX0001
	add(urban, "01.02.03", "清溪镇/三中村/二组", "三中村工地晚上打桩", at(-2, 23, 0), closed(at(-1, 10, 0)))            // QX0002
	add(urban, "01.01.02", "清溪镇/三中村", "三中村路灯不亮", at(-1, 20, 0), due(at(5, 0, 0)), closed(at(6, 9, 0))) // QX0003: late, finished in the week
	add(urban, "01.02.02", "清溪镇", "占道经营", at(-3, 9, 0), closed(at(1, 9, 0)), supervised(2))            // QX0004: supervised, finished before
	// The week.
	for i, text := range []string{
		"三中村工地晚上还在打桩，吵得睡不着",
		"三中村建筑工地夜间施工噪音扰民",
		"市民来电反映：三中村工地夜间施工噪音扰民，请求相关部门处理",
		"三中村工地半夜打桩，噪音很大",
		"三中村工地夜间施工，吵得睡不着",
	} { // QX0005 to QX0009
		add(urban, "01.02.03", "清溪镇/三中村/一组", text, at(4, 21, 10*i))
	}
	add(env, "01.02.03", "清溪镇/三中村", "三中村建筑工地夜间施工扰民", at(5, 8, 0))                                   // QX0010: same matter, other department
	add(urban, "01.01.02", "清溪镇/五里村", "五里村路灯不亮", at(6, 19, 0))                                      // QX0011
	add(urban, "01.01.02", "清溪镇/五里村", "五里村路灯坏了好几天", at(7, 20, 0))                                   // QX0012
	add(urban, "01.01.02", "清溪镇/五里村/三组", "五里村的路灯晚上不亮", at(8, 21, 0))                                // QX0013
	add(urban, "01.02.02", "清溪镇", "菜市场门口占道经营", at(3, 9, 0), due(at(7, 17, 30)), supervised(1))      // QX0014: late and open, supervised
	add(urban, "01.01.03", "清溪镇", "幸福路井盖缺失", at(4, 9, 0), due(at(12, 0, 0)))                        // QX0015: due after the week
	add(urban, "01.02.01", "清溪镇", "阳光小区垃圾未清运", at(4, 9, 0), due(at(6, 0, 0)), closed(at(5, 16, 0))) // QX0016: on time
	add(env, "02.01.01", "清溪镇/五里村", "工厂排放废气", at(5, 9, 0), closed(at(8, 9, 0)))
	add(env, "02.01.01", "清溪镇/五里村", "工厂晚上偷偷排黑烟", at(6, 9, 0), func(o *digest.Order) { o.Overdue = true }) // QX0018: overdue, deadline unknown
	// Ignored: no unit, received after the week.
	add("", "01.02.03", "清溪镇/三中村", "三中村工地夜间施工噪音扰民", at(5, 22, 0))
	add(urban, "01.02.03", "清溪镇/三中村", "三中村工地夜间施工噪音扰民", at(10, 1, 0))
	return os
}

package similar

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// generator makes order texts by combining places, problems and ways of
// saying them, for benchmarks and for checking the index against a scan.
type generator struct {
	r      *rand.Rand
	places int // how many first letters of place names to use; all when 0
	narrow int // how many problems and towns to use; all when 0
}

var (
	genFirst  = []rune("东西南北金银光明幸福阳青龙凤桃李春秋红星和平锦绣翠竹石桥柳林")
	genSecond = []rune("山水湖江河园花城苑湾坪岭塘庄溪")
	genKinds  = []string{"村", "小区", "花园", "路", "社区"}
	genTowns  = []string{"清溪镇", "龙泉镇", "青山镇", "柳林镇", "城关街道", "新华街道", "东城街道", "西城街道"}
	// Each problem is said in a few ways, official and colloquial.
	genProblems = [][]string{
		{"夜间施工噪音扰民", "工地晚上还在打桩，吵得睡不着"},
		{"路灯不亮", "路灯坏了好几天，晚上黑漆漆的"},
		{"井盖缺失", "有个井盖没了，很危险"},
		{"停水", "又停水了，一滴水都没有"},
		{"垃圾长期未清运", "垃圾好几天没人收，臭死了"},
		{"电梯故障", "电梯又坏了，老人上不了楼"},
		{"烧烤油烟扰民", "烧烤摊油烟太大"},
		{"广场舞噪音扰民", "跳广场舞的音响开得特别大声"},
		{"道路坑洼不平", "那段路坑坑洼洼的"},
		{"下水道堵塞污水外溢", "下水道堵了，污水冒出来了"},
		{"暖气不热", "暖气一点都不热"},
		{"工厂夜间排放废气", "工厂晚上偷偷排黑烟"},
		{"楼顶违章搭建", "有人在楼顶私自搭房子"},
		{"商贩缺斤少两", "卖菜的缺斤短两"},
		{"拖欠农民工工资", "老板欠了三个月工资不给"},
		{"自来水发黄有异味", "自来水发黄，还有一股味道"},
		{"犬只未拴绳", "有条大狗没拴绳，吓到小孩了"},
		{"消防通道被占用", "消防通道被车堵死了"},
		{"占道经营", "楼下天天有人摆摊卖菜"},
		{"停电", "停电一整天了"},
		{"建筑工地扬尘污染", "工地扬尘太大，灰都飘进家里了"},
		{"交通信号灯故障", "红绿灯坏了，车和人乱走"},
		{"楼顶渗漏", "楼顶漏水，一下雨家里就滴水"},
		{"燃气泄漏", "燃气有很大的味道，怕是漏气了"},
		{"物业不作为楼道脏乱", "物业天天不扫地，楼道脏得不行"},
		{"共享单车乱停乱放", "共享单车堆成山"},
		{"高空抛物", "楼上老往下扔东西"},
		{"停车场乱收费", "停车场乱收费，停半小时要二十块"},
	}
	genTemplates = []string{"%s%s", "市民来电反映：%s%s，请求相关部门处理", "%s那边%s，好几天了", "你好，我是%s的居民，%s", "来电人称%s%s，要求尽快解决"}
)

func newGenerator(seed uint64) *generator {
	return &generator{r: rand.New(rand.NewPCG(seed, seed^0x5eed))}
}

// place returns one of 2,250 place names, or fewer when g.places is set.
func (g *generator) place() string {
	first := genFirst
	if g.places > 0 {
		first = first[:g.places]
	}
	return string(first[g.r.IntN(len(first))]) + string(genSecond[g.r.IntN(len(genSecond))]) + genKinds[g.r.IntN(len(genKinds))]
}

// doc returns an order numbered n taken at at.
func (g *generator) doc(n int, at time.Time) Doc {
	problems, towns := genProblems, genTowns
	if g.narrow > 0 {
		problems, towns = problems[:g.narrow], towns[:g.narrow]
	}
	p := problems[g.r.IntN(len(problems))]
	text := fmt.Sprintf(genTemplates[g.r.IntN(len(genTemplates))], g.place(), p[g.r.IntN(len(p))])
	region := towns[g.r.IntN(len(towns))]
	if g.r.IntN(2) == 0 {
		region += fmt.Sprintf("/%d组", g.r.IntN(5)+1)
	}
	return Doc{ID: fmt.Sprintf("G%06d", n), Text: text, Region: region, At: at}
}

package qingxi

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/workorder"
)

// arrival says when in the day a kind of order comes in.
type arrival uint8

const (
	byDay     arrival = iota // office hours mostly, else 07:00-22:00 any day
	byEvening                // 19:00-22:00 any day
	byNight                  // 22:00-24:00 any day
	anyTime                  // any instant of the year
)

// topic is a kind of order the town's callers raise. Texts hold
// placeholders: {村} the village or community, {路} and {路2} roads, {号} a
// house number, {店} a shop, {厂} a factory, {小区} a housing estate,
// {场所} an entertainment venue.
type topic struct {
	title  string
	cat    hotline.Category
	weight float64
	when   arrival
	town   bool // about the town as a whole rather than one village
	texts  []string
}

// topics are the ordinary orders, weighted by how often they come.
var topics = []topic{
	// consultations
	{"社保咨询", hotline.CategoryConsultation, 4, byDay, false, []string{
		"咨询{村}户籍人员如何办理社保转移接续，需要带哪些材料",
		"咨询在{村}{厂}工作满一年，单位不签劳动合同该怎么办"}},
	{"入学咨询", hotline.CategoryConsultation, 4.5, byDay, false, []string{
		"孩子今年九月入学，咨询{村}附近公办小学的学位申请需要哪些材料",
		"咨询{村}幼儿园的报名时间和收费标准"}},
	{"医疗咨询", hotline.CategoryConsultation, 3, byDay, false, []string{
		"咨询{村}社区卫生服务站新生儿疫苗接种的时间和预约方式",
		"咨询在{村}附近哪家医院可以办理健康证"}},
	{"公交咨询", hotline.CategoryConsultation, 2.5, byDay, false, []string{
		"咨询从{村}到清溪汽车站的公交线路和首末班时间"}},
	{"村务咨询", hotline.CategoryConsultation, 7, byDay, false, []string{
		"咨询{村}高龄津贴的申领条件和办理地点",
		"咨询{村}出租屋租赁登记备案需要哪些材料",
		"咨询{村}残疾人两项补贴如何申请",
		"咨询{村}集体分红的发放时间"}},
	{"开店咨询", hotline.CategoryConsultation, 3, byDay, false, []string{
		"咨询在{村}开小吃店办理食品经营许可证需要哪些手续"}},
	{"政策咨询", hotline.CategoryConsultation, 4, byDay, true, []string{
		"咨询今年镇里的人才入户政策和申请时间",
		"咨询新生儿家庭育儿补贴的申领流程",
		"咨询镇便民服务中心周末是否办公"}},
	{"宽带咨询", hotline.CategoryConsultation, 2, byDay, false, []string{
		"咨询{村}{小区}什么时候能开通光纤宽带"}},
	{"劳动咨询", hotline.CategoryConsultation, 3, byDay, false, []string{
		"咨询在{村}{厂}试用期内被辞退能否要求经济补偿"}},
	// help
	{"停水", hotline.CategoryHelp, 3, byDay, false, []string{
		"{村}{路}一带从早上开始停水，没有看到停水通知，请尽快恢复供水",
		"{村}{小区}水压低，高楼层基本没水"}},
	{"停电", hotline.CategoryHelp, 3, byDay, false, []string{
		"{村}{路}{号}号附近停电三个多小时，家里有老人，请尽快抢修",
		"{村}{小区}经常跳闸断电，请供电部门检查线路"}},
	{"路灯损坏", hotline.CategoryHelp, 3.5, byDay, false, []string{
		"{村}{路}路灯已经坏了一个多星期，晚上出行很不安全"}},
	{"下水道堵塞", hotline.CategoryHelp, 2.5, byDay, false, []string{
		"{村}{路}下水道堵塞，污水外溢到路面，臭味很大"}},
	{"垃圾清运", hotline.CategoryHelp, 3.5, byDay, false, []string{
		"{村}{路}垃圾桶满了两天都没人清运，气味很大"}},
	{"村居事务", hotline.CategoryHelp, 2, byDay, false, []string{
		"{村}{路}有大树枝断裂悬在路边，担心砸到行人，请尽快派人修剪",
		"{村}有流浪狗聚集，晚上追咬路人"}},
	{"通信信号", hotline.CategoryHelp, 1.5, byDay, false, []string{
		"{村}{小区}室内手机信号差，经常打不通电话"}},
	// complaints
	{"商铺噪音", hotline.CategoryComplaint, 2, byDay, false, []string{
		"{村}{路}{店}每天用大音响招揽生意，噪音扰民"}},
	{"广场舞噪音", hotline.CategoryComplaint, 1.5, byEvening, false, []string{
		"{村}{小区}楼下广场舞音响太吵，影响老人小孩休息"}},
	{"夜间噪音", hotline.CategoryComplaint, 2, byNight, false, []string{
		"晚上十一点多了{村}{路}{号}号的{场所}还在大声唱歌，太吵了无法休息"}},
	{"夜间施工", hotline.CategoryComplaint, 1.5, byNight, false, []string{
		"{村}{路}工地晚上十点后还在打桩施工，噪音很大，严重影响附近居民休息"}},
	{"工地扬尘", hotline.CategoryComplaint, 2, byDay, false, []string{
		"{村}{路}工地渣土车进出带泥上路，扬尘很大"}},
	{"占道经营", hotline.CategoryComplaint, 3.5, byDay, false, []string{
		"{村}{路}流动摊贩占道经营，早晚高峰堵塞交通",
		"{村}市场门口乱摆卖，行人无法通行"}},
	{"消费维权", hotline.CategoryComplaint, 3, byDay, false, []string{
		"在{村}{店}买到假货，商家不给退款",
		"{村}{店}价格欺诈，标价与结算价格不一致"}},
	{"道路破损", hotline.CategoryComplaint, 2.5, byDay, false, []string{
		"{村}{路}路面坑洼严重，电动车经过容易摔倒"}},
	{"拖欠工资", hotline.CategoryComplaint, 3, byDay, false, []string{
		"来电人在{村}{厂}工作，工厂拖欠工资两个月未发，多次讨要无果"}},
	{"物业管理", hotline.CategoryComplaint, 3, byDay, false, []string{
		"{村}{小区}物业管理混乱，门禁长期损坏无人维修",
		"{村}{小区}电梯经常出故障，物业不处理"}},
	{"工厂废气", hotline.CategoryComplaint, 2, byDay, false, []string{
		"{村}{厂}晚上排放废气，气味刺鼻，附近居民不敢开窗"}},
	{"公交服务", hotline.CategoryComplaint, 1, byDay, false, []string{
		"{村}公交站台的班车经常不按时发车，等车时间过长"}},
	{"医疗服务", hotline.CategoryComplaint, 1, byDay, false, []string{
		"{村}卫生院医生服务态度差，看病排队时间过长"}},
	{"教育收费", hotline.CategoryComplaint, 1, byDay, false, []string{
		"{村}一家民办幼儿园乱收费，学费上涨没有公示"}},
	// reports
	{"违法建设", hotline.CategoryReport, 2, byDay, false, []string{
		"举报{村}{路}有人私自加建三层楼房，属于违章建筑"}},
	{"过期食品", hotline.CategoryReport, 2, byDay, false, []string{
		"举报{村}{店}销售过期食品"}},
	{"聚众赌博", hotline.CategoryReport, 1.5, byDay, false, []string{
		"举报{村}{路}{号}号出租屋有人聚众赌博"}},
	{"污水偷排", hotline.CategoryReport, 1.5, byDay, false, []string{
		"举报{村}{厂}夜间将污水直排进河道"}},
	// suggestions
	{"增设红绿灯", hotline.CategorySuggestion, 2, byDay, false, []string{
		"建议在{村}{路}与{路2}交叉口增设红绿灯"}},
	{"垃圾分类", hotline.CategorySuggestion, 1.5, byDay, false, []string{
		"建议在{村}{小区}增设垃圾分类投放点"}},
	{"公共设施", hotline.CategorySuggestion, 1.5, byDay, false, []string{
		"建议{村}文化广场增加健身器材和休息座椅"}},
	{"校车停靠", hotline.CategorySuggestion, 1, byDay, false, []string{
		"建议在{村}小学门口增设校车停靠点"}},
	// praise and other
	{"表扬", hotline.CategoryPraise, 1.5, byDay, false, []string{
		"感谢{村}工作人员上门帮助独居老人办理业务，服务热情周到",
		"感谢{村}网格员及时帮助调解邻里纠纷"}},
	{"其他", hotline.CategoryOther, 1, byDay, false, []string{
		"反映{村}{路}有车辆长期占用消防通道",
		"反映{村}{小区}门口共享单车乱停放"}},
}

// hazards are the emergencies: missing manhole covers and road hazards.
var hazards = []topic{
	{"井盖缺失", hotline.CategoryHelp, 11, anyTime, false, []string{
		"{村}{路}{号}号门口井盖缺失，已有电动车差点掉进去，请紧急处理",
		"{村}{路}人行道上的井盖被盗，洞口没有任何警示"}},
	{"路面塌陷", hotline.CategoryReport, 7, anyTime, false, []string{
		"{村}{路}路面塌陷出现大坑，车辆无法通行，请紧急处置"}},
	{"电线掉落", hotline.CategoryHelp, 3, anyTime, false, []string{
		"{村}{路}电线掉落在人行道上，存在触电危险"}},
	{"水管爆裂", hotline.CategoryHelp, 2, anyTime, false, []string{
		"{村}{路}自来水管爆裂，路面大量积水，车辆难以通行"}},
	{"树木倒伏", hotline.CategoryHelp, 2, anyTime, false, []string{
		"{村}{路}大树倒伏横在路中间，车辆无法通行"}},
}

// bursts are incidents that bring many calls from one place in a few
// hours: the stuff of hotspot alerts.
var bursts = []topic{
	{"停水", hotline.CategoryHelp, 1, byDay, false, []string{
		"{村}{路}突然停水了，什么时候恢复供水？",
		"{村}{小区}停水，没有接到任何通知",
		"{村}{路}附近停水半天了，家里没水做饭"}},
	{"停电", hotline.CategoryHelp, 1, byDay, false, []string{
		"{村}{路}一带停电了，请问什么时候恢复？",
		"{村}{小区}突然停电，冰箱里的东西都要坏了"}},
	{"内涝", hotline.CategoryHelp, 1, byDay, false, []string{
		"暴雨后{村}{路}出现内涝，积水没过膝盖，车辆无法通行",
		"{村}{小区}地下车库内涝，多辆汽车被水浸"}},
}

// noise is what neighbours of a noisy venue say, night after night.
var noise = []string{
	"晚上十一点了{地址}的{场所}还在大声唱歌，噪音太大，无法休息",
	"又是{地址}的{场所}，半夜还很吵，已经投诉过好几次了",
	"{地址}{场所}夜间噪音扰民，请相关部门彻底解决",
}

var (
	roads    = []string{"振兴路", "文化路", "新村路", "环城路", "富康路", "兴业路", "聚富路", "工业大道", "鹿湖大道", "清溪大道", "银湖路", "香芒东路", "松岗路", "荔横路", "青皇路", "府前路", "育才路", "健康路"}
	shops    = []string{"便利店", "烧烤店", "奶茶店", "超市", "水果店", "服装店", "手机店", "五金店"}
	plants   = []string{"鸿达五金制品厂", "旭日电子厂", "永盛塑胶厂", "金源印刷厂", "宏图家具厂", "恒通纸品厂"}
	estates  = []string{"翠苑小区", "金域花园", "锦绣华庭", "碧水湾小区", "丽景花园", "富华苑"}
	venues   = []string{"KTV", "酒吧", "烧烤档", "棋牌室", "娱乐城"}
	surnames = []string{"陈", "李", "张", "黄", "王", "刘", "叶", "何", "林", "罗", "谢", "钟", "袁", "黎", "梁", "蔡", "邓", "莫", "吴", "赵"}
	channels = []hotline.Channel{hotline.ChannelPhone, hotline.ChannelWeChat, hotline.ChannelApp,
		hotline.ChannelMiniProgram, hotline.ChannelWeb, hotline.ChannelTransfer}
	channelWeights = []float64{0.68, 0.10, 0.08, 0.06, 0.05, 0.03}
)

// generator draws a year's orders.
type generator struct {
	rng        *rand.Rand
	cal        *calendar.Calendar
	loc        *time.Location
	cfg        Config
	town       string
	places     []string // villages and communities: the rules' regions one below the town
	start, end time.Time
	days       int
	work       time.Duration // working time of the year
	weights    []float64
}

func newGenerator(rng *rand.Rand, cal *calendar.Calendar, rules *routing.Config, cfg Config) *generator {
	g := &generator{rng: rng, cal: cal, loc: cal.Location(), cfg: cfg, town: townOf(rules)}
	for p := range rules.Jurisdictions {
		if strings.Count(p, "/") == 1 && strings.HasPrefix(p, g.town+"/") {
			g.places = append(g.places, p)
		}
	}
	slices.Sort(g.places)
	g.start, g.end = cfg.period(g.loc)
	g.days = int(g.end.Sub(g.start).Hours()/24 + 0.5)
	g.work = cal.WorkTimeBetween(g.start, g.end)
	for _, t := range topics {
		g.weights = append(g.weights, t.weight)
	}
	return g
}

// scaled is n orders' share of what OrdersDefault orders have count of.
func (g *generator) scaled(count float64) int {
	return int(math.Round(float64(g.cfg.Orders) * count / OrdersDefault))
}

// orders draws the year's orders in arrival order, with their paths.
func (g *generator) orders() []*spec {
	n := g.cfg.Orders
	var out []*spec
	hazardWeights := make([]float64, len(hazards))
	for i, h := range hazards {
		hazardWeights[i] = h.weight
	}
	for range min(n, g.scaled(emergenciesDefault)) {
		sp := g.draw(&hazards[pick(g.rng, hazardWeights)], g.place(), g.instant(anyTime))
		sp.urgency = hotline.UrgencyEmergency
		out = append(out, sp)
	}
	add := func(group []*spec) {
		if len(out)+len(group) <= n {
			out = append(out, group...)
		}
	}
	for range g.scaled(7) {
		add(g.noisy(4 + g.rng.IntN(5)))
	}
	for i, count := range []float64{4, 4, 2} { // water and power cuts, floods
		for range g.scaled(count) {
			at := g.instant(byDay)
			if bursts[i].title == "内涝" { // in the rainy season
				at = g.within(time.April, time.September)
			}
			add(g.burst(&bursts[i], at, 5+g.rng.IntN(5)))
		}
	}
	for len(out) < n {
		t := &topics[pick(g.rng, g.weights)]
		place := g.place()
		if t.town {
			place = g.town
		}
		out = append(out, g.draw(t, place, g.instant(t.when)))
	}
	slices.SortStableFunc(out, func(a, b *spec) int { return a.at.Compare(b.at) })
	for _, sp := range out {
		g.plan(sp)
	}
	return out
}

// plan draws what will happen to an ordinary order on its way.
func (g *generator) plan(sp *spec) {
	if sp.urgency == hotline.UrgencyEmergency {
		return
	}
	if g.rng.Float64() < shareReturned {
		sp.returns = 1
		if g.rng.Float64() < shareFallback {
			sp.returns = 2
		}
	}
	switch x := g.rng.Float64(); {
	case x < shareSuspended:
		sp.suspend = true
	case x < shareSuspended+shareExtension && sp.cat != hotline.CategoryPraise:
		sp.extend = true
	}
	sp.reject = g.rng.Float64() < shareRejected
}

// noisy draws k complaints about one venue, a few nights apart, late in
// the evening (most after 22:00, when the night rules apply).
func (g *generator) noisy(k int) []*spec {
	place := g.place()
	venue := venues[g.rng.IntN(len(venues))]
	address := g.short(place) + roads[g.rng.IntN(len(roads))] + strconv.Itoa(1+g.rng.IntN(300)) + "号"
	day := g.rng.IntN(g.days)
	var out []*spec
	for range k {
		if day >= g.days {
			break
		}
		at := time.Date(g.start.Year(), g.start.Month(), g.start.Day()+day, 21, 40+g.rng.IntN(140), g.rng.IntN(60), 0, g.loc)
		text := strings.NewReplacer("{地址}", address, "{场所}", venue).Replace(noise[g.rng.IntN(len(noise))])
		sp := g.draw(&topic{title: "夜间噪音", cat: hotline.CategoryComplaint, texts: []string{text}}, place, at)
		sp.address = address
		out = append(out, sp)
		day += 2 + g.rng.IntN(5)
	}
	return out
}

// burst draws k calls about one incident in one place within hours of at.
func (g *generator) burst(t *topic, at time.Time, k int) []*spec {
	place := g.place()
	var out []*spec
	for range k {
		out = append(out, g.draw(t, place, at))
		at = at.Add(time.Duration(5+g.rng.IntN(50)) * time.Minute)
	}
	return out
}

// place draws a village or community.
func (g *generator) place() string { return g.places[g.rng.IntN(len(g.places))] }

// short is a region's last segment: 三中村 of 清溪镇/三中村.
func (g *generator) short(region string) string {
	return region[strings.LastIndexByte(region, '/')+1:]
}

// instant draws an arrival instant in the year.
func (g *generator) instant(when arrival) time.Time {
	day := func(fromMin, toMin int) time.Time {
		d := g.rng.IntN(g.days)
		m := fromMin + g.rng.IntN(toMin-fromMin)
		return time.Date(g.start.Year(), g.start.Month(), g.start.Day()+d, 0, m, g.rng.IntN(60), 0, g.loc)
	}
	switch when {
	case byEvening:
		return day(19*60, 22*60)
	case byNight:
		return day(22*60, 24*60)
	case anyTime:
		return day(0, 24*60)
	}
	if g.rng.Float64() < shareWorkingHours && g.work > 0 {
		return g.cal.AddWorkTime(g.start, time.Duration(g.rng.Int64N(int64(g.work))))
	}
	return day(7*60, 22*60)
}

// within draws an instant between 07:00 and 22:00 from the first day of
// month from to the last day of month to, in the period's first year and
// inside the period; any daytime instant of the period when the months
// fall outside it.
func (g *generator) within(from, to time.Month) time.Time {
	first := later(time.Date(g.start.Year(), from, 1, 0, 0, 0, 0, g.loc), g.start)
	last := time.Date(g.start.Year(), to+1, 1, 0, 0, 0, 0, g.loc)
	if g.end.Before(last) {
		last = g.end
	}
	days := int(last.Sub(first).Hours()/24 + 0.5)
	if days < 1 {
		return g.instant(byDay)
	}
	return first.AddDate(0, 0, g.rng.IntN(days)).Add(time.Duration(7*60+g.rng.IntN(15*60)) * time.Minute)
}

// draw makes an order of topic t from place at t.
func (g *generator) draw(t *topic, place string, at time.Time) *spec {
	// Every value is drawn, used or not, in this order, so that a seed
	// gives the same orders. The text, address and caller are written
	// from the draws when the order is received (spec.text).
	var d draws
	d.road = uint8(g.rng.IntN(len(roads)))
	d.number = uint16(1 + g.rng.IntN(300))
	d.road2 = uint8(g.rng.IntN(len(roads)))
	d.shop = uint8(g.rng.IntN(len(shops)))
	d.plant = uint8(g.rng.IntN(len(plants)))
	d.estate = uint8(g.rng.IntN(len(estates)))
	d.venue = uint8(g.rng.IntN(len(venues)))
	tmpl := t.texts[g.rng.IntN(len(t.texts))]
	sp := &spec{at: at, cat: t.cat, urgency: hotline.UrgencyNormal, title: t.title, tmpl: tmpl,
		region: place, channel: channels[pick(g.rng, channelWeights)]}
	g.caller(&d)
	sp.draws = d
	return sp
}

// draws are what is drawn of an order's text, address and caller: which
// road, shop, factory, estate and venue, the house number, the mobile
// number and the caller's surname and title.
type draws struct {
	road, road2, shop, plant, estate, venue uint8
	number                                  uint16
	phone                                   uint64 // the mobile number
	surname                                 uint8
	named, madam                            bool
}

// caller draws who calls: mostly named, always with a mobile number.
func (g *generator) caller(d *draws) {
	d.phone = uint64(1)*10 + uint64("3456789"[g.rng.IntN(7)]-'0')
	for range 9 {
		d.phone = d.phone*10 + uint64(g.rng.IntN(10))
	}
	if g.rng.Float64() < 0.08 {
		return
	}
	d.named = true
	d.madam = g.rng.IntN(2) == 0
	d.surname = uint8(g.rng.IntN(len(surnames)))
}

// text writes the order's text from its template and draws.
func (sp *spec) text() string {
	d := &sp.draws
	return fill(sp.tmpl, func(key string) (string, bool) {
		switch key {
		case "村":
			return sp.village(), true
		case "路":
			return roads[d.road], true
		case "路2":
			return roads[d.road2], true
		case "号":
			return strconv.Itoa(int(d.number)), true
		case "店":
			return shops[d.shop], true
		case "厂":
			return plants[d.plant], true
		case "小区":
			return estates[d.estate], true
		case "场所":
			return venues[d.venue], true
		}
		return "", false
	})
}

// village is the last segment of the order's region: 三中村 of
// 清溪镇/三中村.
func (sp *spec) village() string { return sp.region[strings.LastIndexByte(sp.region, '/')+1:] }

// addressText is the order's address: the one drawn whole, or the
// village, road and house number drawn.
func (sp *spec) addressText() string {
	if sp.address != "" {
		return sp.address
	}
	return sp.village() + roads[sp.draws.road] + strconv.Itoa(int(sp.draws.number)) + "号"
}

// callerOf is who calls about the order.
func (sp *spec) callerOf() workorder.Caller {
	phone := strconv.FormatUint(sp.draws.phone, 10)
	if !sp.draws.named {
		return workorder.Caller{Anonymous: true, Phone: phone}
	}
	title := "先生"
	if sp.draws.madam {
		title = "女士"
	}
	return workorder.Caller{Name: surnames[sp.draws.surname] + title, Phone: phone}
}

// fill replaces each placeholder {key} of template by its value; a
// placeholder without one is kept as it is. It does what a
// strings.Replacer of the placeholders does, without building one for
// each order.
func fill(template string, value func(key string) (string, bool)) string {
	var b strings.Builder
	b.Grow(len(template) + 32)
	for {
		i := strings.IndexByte(template, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(template[i:], '}')
		if j < 0 {
			break
		}
		v, ok := value(template[i+1 : i+j])
		if !ok {
			b.WriteString(template[:i+1])
			template = template[i+1:]
			continue
		}
		b.WriteString(template[:i])
		b.WriteString(v)
		template = template[i+j+1:]
	}
	b.WriteString(template)
	return b.String()
}

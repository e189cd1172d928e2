package similar

// StopWordsDefault returns the words removed from order texts before
// comparing them when Config.StopWords is nil: greetings, the call centre's
// own phrases (市民来电反映, 请求相关部门处理) and particles that say nothing
// about the matter. Each call returns a new slice.
func StopWordsDefault() []string {
	return []string{
		"市民", "来电人", "来电", "反映", "一下", "我们", "你们", "我想", "我要", "想说",
		"请求", "要求", "希望", "麻烦", "帮忙", "相关部门", "有关部门", "尽快", "处理",
		"解决", "你好", "您好", "投诉", "求助", "打电话", "上次", "已经", "还是", "一直",
		"问题", "情况", "存在", "严重", "特别", "非常", "扰民", "这里", "那边", "那个",
		"这个", "居民", "称", "又", "还", "了", "的", "在", "是", "有", "太", "很", "都",
	}
}

// TermsDefault returns the phrases mapped to one term before comparing when
// Config.Terms is nil: colloquial and official words for the same thing in
// 12345 orders (打桩 and 施工, 晚上 and 夜间, 坏了 and 故障). Each call
// returns a new map.
func TermsDefault() map[string]string {
	groups := map[string][]string{
		"噪音":   {"噪声", "吵闹", "太吵", "很吵", "吵得", "吵", "声音太大", "声音大", "大声"},
		"夜间":   {"晚上", "夜里", "半夜", "深夜", "凌晨", "夜晚"},
		"施工":   {"打桩", "动工", "施工作业"},
		"工地":   {"建筑工地", "施工工地"},
		"故障":   {"坏了", "坏掉", "损坏", "不能用", "用不了", "停运", "停了", "不亮", "没亮", "黑漆漆"},
		"缺失":   {"没了", "丢了", "丢失", "不见了", "被偷"},
		"停水":   {"没水", "没有水", "断水", "一滴水都没有", "不来水"},
		"停电":   {"没电", "断电"},
		"未清运":  {"没人收", "没人清理", "没人拉走", "没清运", "不清运", "没人管的垃圾"},
		"异味":   {"臭死了", "臭气熏天", "很臭", "发臭", "臭", "味道"},
		"困人":   {"关人", "困住人"},
		"烧烤":   {"烧烤摊", "烧烤店", "露天烧烤"},
		"广场舞":  {"跳广场舞", "跳舞"},
		"音响":   {"喇叭", "音箱"},
		"坑洼":   {"坑坑洼洼", "坑洼不平", "路面破损", "大坑"},
		"下水道":  {"排水管", "管网", "下水管"},
		"堵塞":   {"堵了", "不通"},
		"外溢":   {"冒出来", "漫出来", "返水", "溢出"},
		"暖气":   {"供暖", "供热", "暖气片"},
		"不热":   {"温度不达标", "不达标", "太冷", "冰冷"},
		"废气":   {"黑烟", "排烟", "冒烟"},
		"排放":   {"偷排", "违规排放", "偷偷排"},
		"违建":   {"私自搭", "私搭乱建", "违章搭建", "乱搭乱建", "搭房子", "违章建筑"},
		"缺斤少两": {"缺斤短两", "短斤少两"},
		"欠薪":   {"欠工资", "拖欠工资", "工资不给", "不发工资", "拖欠农民工工资", "工钱"},
		"废弃车辆": {"僵尸车", "废弃车", "报废车"},
		"拥堵":   {"堵车", "走不动", "交通拥堵"},
		"乱收费":  {"违规收费", "收费过高", "收费太贵", "多收费"},
		"发黄":   {"浑浊", "黄水"},
		"犬只":   {"狗", "大狗", "狗狗"},
		"未拴绳":  {"没拴绳", "不拴绳", "不牵绳", "没牵绳"},
		"扬尘":   {"灰尘", "灰"},
		"信号灯":  {"红绿灯", "交通信号灯", "交通灯"},
		"燃气":   {"煤气", "天然气"},
		"泄漏":   {"漏气", "泄露"},
		"拒载":   {"不拉客", "不载客"},
		"单车":   {"共享单车"},
		"占道经营": {"摆摊", "占道", "摆地摊"},
		"漏水":   {"渗漏", "滴水", "渗水"},
		"楼顶":   {"屋顶", "顶楼"},
		"死鱼":   {"鱼死了", "死了好多鱼"},
		"过期":   {"过了保质期"},
	}
	m := make(map[string]string)
	for term, phrases := range groups {
		for _, p := range phrases {
			m[p] = term
		}
	}
	return m
}

// PlaceSuffixesDefault returns the word endings that mark a place name
// when Config.PlaceSuffixes is nil: 三中村, 幸福路, 阳光小区. Each call
// returns a new slice.
func PlaceSuffixesDefault() []string {
	return []string{
		"村", "小区", "社区", "花园", "街道", "大道", "路", "街", "巷", "弄", "镇", "乡",
		"广场", "市场", "公园", "小学", "中学", "学校", "医院", "卫生院", "苑", "园",
		"大厦", "车站",
	}
}

// UnitSuffixesDefault returns the word endings that, after a number, mark a
// numbered place when Config.UnitSuffixes is nil: 3号楼, 12号, 二期, 5栋,
// 303路 (a bus route). Each call returns a new slice.
func UnitSuffixesDefault() []string {
	return []string{"号楼", "号", "栋", "幢", "单元", "期", "路", "组", "室"}
}

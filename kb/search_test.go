package kb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/kb"
)

var shanghai = time.FixedZone("CST", 8*3600)

// at returns noon of y-m-d in China.
func at(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, shanghai) }

func qingxi(t testing.TB) *kb.Base {
	t.Helper()
	b, err := kb.LoadFile("testdata/qingxi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// phrasings are callers' words, as an operator would type them, and the
// entry that answers each: colloquial, with typos, full-width digits and
// letters, and words in another order than the entry's.
var phrasings = []struct {
	query, want string
}{
	{"请问明天有没有计划停水，在哪看通知", "QX-001"},
	{"停水的通知去哪里能查到啊", "QX-001"},
	{"楼下水管爆了一直在漏水，快派人来修", "QX-002"},
	{"水龙头出来的水发黄还有股怪味", "QX-003"},
	{"小区晚上突然停电了，什么时候能来电", "QX-004"},
	{"电费欠了几天被停了，交完多久能恢复", "QX-005"},
	{"我是打零工的，灵活就业怎么自己交社保", "QX-006"},
	{"之前在外地上班，社保怎么转过来", "QX-007"},
	{"退休老人领养老金每年都要认证吗", "QX-008"},
	{"宝宝刚出生，怎么给小孩上户口", "QX-009"},
	{"身份正丢了去哪里补办", "QX-010"},
	{"买了房子想把户口迁过来", "QX-011"},
	{"外地人在这边办居住证要什么材料", "QX-012"},
	{"租房子可以取公积金吗，一个月能取多少", "QX-013"},
	{"买房想用公积金贷款，最多能贷多少", "QX-014"},
	{"我们巷子的垃圾三天没人收了，臭死了", "QX-015"},
	{"家里有旧沙发要扔，怎么处理", "QX-016"},
	{"隔壁工地晚上十一点还在施工，吵得睡不着", "QX-017"},
	{"小区广场舞音响太大声了", "QX-018"},
	{"门口那条路的路灯坏了好几天", "QX-019"},
	{"邻居在楼顶私自加盖房子，我要举报违建", "QX-020"},
	{"今年的居民医保怎么交", "QX-021"},
	{"在外地住院医保能报销吗，要不要备案", "QX-022"},
	{"厨房里有很大的煤气味怎么办", "QX-023"},
	{"新房子要开通天然气找谁", "QX-024"},
	{"去镇医院坐几路公交车", "QX-025"},
	{"那个公交司机招手也不停站，我要投诉", "QX-026"},
	{"孩子明年上一年级，学位怎么申请", "QX-027"},
	{"外地户口的孩子在这里上学要积分吗", "QX-028"},
	{"养狗要不要办狗证，在哪办", "QX-029"},
	{"小区里流浪狗很多晚上一直叫", "QX-030"},
	{"路边有人摆摊占道卖水果", "QX-031"},
	{"楼下烧烤店的油烟熏到家里", "QX-032"},
	{"老板拖了两个月工资不发", "QX-033"},
	{"房产证什么时候能办下来", "QX-034"},
	{"网上买东西商家不给退款", "QX-035"},
	{"马路上井盖丢了很危险", "QX-036"},
	{"台风把路边的树吹倒了挡住路", "QX-037"},
	{"下水道堵了污水冒出来", "QX-038"},
	{"共享单车乱停堵在店门口", "QX-039"},
	{"去哪里领结婚证", "QX-040"},
	{"８０岁老人的高龄津贴怎么申请", "QX-041"},
	{"办残疾证要什么材料", "QX-042"},
	{"小孩打预防针在哪里打", "QX-044"},
	{"开店的个体户营业执照在ＡＰＰ上怎么年报", "QX-045"},
	{"三中村１２月停水几天", "QX-043"},
}

// TestPhrasingsFirst checks that each caller's phrasing finds its entry
// first, in the example base, on a day all of them are valid and in
// 清溪镇.
func TestPhrasingsFirst(t *testing.T) {
	b := qingxi(t)
	opts := kb.SearchOptions{At: at(2026, 12, 6), Region: "清溪镇/三中村", Limit: 3}
	for _, p := range phrasings {
		hits := b.Search(p.query, opts)
		if len(hits) == 0 || hits[0].Entry.ID != p.want {
			t.Errorf("Search(%q) = %s, want %s first", p.query, ids(hits), p.want)
		}
	}
	if len(phrasings) < 30 {
		t.Errorf("only %d phrasings", len(phrasings))
	}
}

func ids(hits []kb.Hit) string {
	var s []string
	for _, h := range hits {
		s = append(s, h.Entry.ID+" "+h.Entry.Title)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func TestSearchFilters(t *testing.T) {
	b := qingxi(t)
	tests := []struct {
		name  string
		query string
		opts  kb.SearchOptions
		want  []string // the ids of the hits, in order
	}{
		{"no filter finds both towns' garbage entries", "垃圾没人收", kb.SearchOptions{Limit: 2}, []string{"QX-015", "QX-046"}},
		{"a village of 清溪镇 is served by the town's entry", "垃圾没人收", kb.SearchOptions{Region: "清溪镇/三中村", Limit: 1}, []string{"QX-015"}},
		{"塘厦镇 gets its own", "垃圾没人收", kb.SearchOptions{Region: "塘厦镇", Limit: 1}, []string{"QX-046"}},
		{"a region is matched by whole places", "垃圾没人收", kb.SearchOptions{Region: "清溪镇外", Limit: 1}, []string{"QX-016"}},
		{"the village's outage before its first day", "三中村停水", kb.SearchOptions{At: at(2026, 11, 24), Limit: 1}, []string{"QX-001"}},
		{"the village's outage on its first day", "三中村停水", kb.SearchOptions{At: time.Date(2026, 11, 25, 0, 0, 0, 0, shanghai), Limit: 1}, []string{"QX-043"}},
		{"the village's outage on its last day", "三中村停水", kb.SearchOptions{At: time.Date(2026, 12, 10, 23, 59, 0, 0, shanghai), Limit: 1}, []string{"QX-043"}},
		{"the village's outage after its last day", "三中村停水", kb.SearchOptions{At: time.Date(2026, 12, 11, 0, 0, 0, 0, shanghai), Limit: 1}, []string{"QX-001"}},
		{"the date is At's own date: 16:00 UTC on the 10th is the 11th in China", "三中村停水", kb.SearchOptions{At: time.Date(2026, 12, 10, 16, 0, 0, 0, time.UTC).In(shanghai), Limit: 1}, []string{"QX-001"}},
		{"the village's outage not for another village", "三中村停水", kb.SearchOptions{Region: "清溪镇/上元村", Limit: 1}, []string{"QX-001"}},
		{"an expired subsidy", "电动车以旧换新", kb.SearchOptions{At: at(2026, 1, 1)}, nil},
		{"the subsidy while it ran", "电动车以旧换新补贴", kb.SearchOptions{At: at(2025, 6, 1), Limit: 1}, []string{"QX-047"}},
		{"category keeps its entries", "自来水", kb.SearchOptions{Category: hotline.CategoryComplaint}, []string{"QX-003"}},
		{"code keeps the entries under it", "自来水公司", kb.SearchOptions{Code: "02.01"}, []string{"QX-001", "QX-003", "QX-002"}},
		{"code is matched by whole segments", "停水", kb.SearchOptions{Code: "02.0"}, nil},
		{"limit", "停水", kb.SearchOptions{Limit: 1}, []string{"QX-001"}},
		{"nothing in common", "火星探测", kb.SearchOptions{}, nil},
		{"only punctuation", "，。！？ ", kb.SearchOptions{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := b.Search(tt.query, tt.opts)
			var got []string
			for _, h := range hits {
				got = append(got, h.Entry.ID)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Search(%q) = %s, want %v", tt.query, ids(hits), tt.want)
			}
		})
	}
}

func TestSearchDefaultLimitAndOrder(t *testing.T) {
	b := qingxi(t)
	hits := b.Search("热线转镇综合行政执法队", kb.SearchOptions{})
	if len(hits) != kb.DefaultLimit {
		t.Fatalf("got %d hits, want %d", len(hits), kb.DefaultLimit)
	}
	for i := 1; i < len(hits); i++ {
		a, c := hits[i-1], hits[i]
		if a.Score < c.Score || a.Score == c.Score && a.Entry.ID > c.Entry.ID {
			t.Errorf("hit %d (%s %v) before hit %d (%s %v)", i-1, a.Entry.ID, a.Score, i, c.Entry.ID, c.Score)
		}
	}
}

// TestSearchFolding checks that full-width forms and case are folded on
// both sides.
func TestSearchFolding(t *testing.T) {
	b := kb.New()
	for _, e := range []kb.Entry{
		{ID: "a", Title: "ＡＰＰ 缴费 Guide", Answer: "第１２３号"},
		{ID: "b", Title: "其他", Answer: "无关内容"},
	} {
		if _, err := b.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"app", "APP", "ａｐｐ", "guide", "ＧＵＩＤＥ", "123", "１２３", "缴费"} {
		if hits := b.Search(q, kb.SearchOptions{}); len(hits) != 1 || hits[0].Entry.ID != "a" {
			t.Errorf("Search(%q) = %s, want [a]", q, ids(hits))
		}
	}
	// A whole word of letters or digits must match: a part of one does not.
	for _, q := range []string{"ap", "12"} {
		if hits := b.Search(q, kb.SearchOptions{}); len(hits) != 0 {
			t.Errorf("Search(%q) = %s, want none", q, ids(hits))
		}
	}
}

// TestTitleOutweighsAnswer: the same words in a title count for more than
// in an answer of the same length.
func TestTitleOutweighsAnswer(t *testing.T) {
	b := kb.New()
	b.Add(kb.Entry{ID: "in-answer", Title: "其他事项", Answer: "路灯报修"})
	b.Add(kb.Entry{ID: "in-title", Title: "路灯报修", Answer: "其他事项"})
	if hits := b.Search("路灯", kb.SearchOptions{}); len(hits) != 2 || hits[0].Entry.ID != "in-title" {
		t.Errorf("got %s, want in-title first", ids(hits))
	}
}

func TestSearchEmptyBase(t *testing.T) {
	var b kb.Base
	if hits := b.Search("停水", kb.SearchOptions{}); hits != nil {
		t.Errorf("got %v from an empty base", hits)
	}
}

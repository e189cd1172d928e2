package similar

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestArabic(t *testing.T) {
	for in, want := range map[string]string{
		"二": "2", "两": "2", "十": "10", "十二": "12", "二十": "20", "二十三": "23", "九十九": "99",
		"零": "0", "3": "3", "12": "12", "一百": "一百", "十十": "十十", "一十": "一十", "二十零": "二十零",
	} {
		assert.Equal(t, want, string(arabic([]rune(in))), in)
	}
}

func TestPlaces(t *testing.T) {
	x, err := New(Config{})
	assert.NoError(t, err)
	for _, c := range []struct {
		a, b string
		same bool // the same place, or places that do not rule each other out
	}{
		{"金水湾小区二号楼电梯故障", "金水湾小区2号楼电梯故障", true},
		{"金水湾小区二十三号楼电梯故障", "金水湾小区23号楼电梯故障", true},
		{"金水湾小区二号楼电梯故障", "金水湾小区3号楼电梯故障", false},
		{"三中村路灯不亮", "五里村路灯不亮", false},
		{"三中村路灯不亮", "路灯不亮", true},
		{"五里村那段路坑坑洼洼", "五里村道路坑洼不平", true},
		{"西关菜市场缺斤少两", "东关菜市场缺斤少两", false},
		{"北街KTV噪音", "南街KTV噪音", false},
		{"东湖花园1期停水", "东湖花园2期停水", false},
		{"东湖花园停水", "东湖花园2期停水", true},
		{"解放大道长期停放废弃车辆", "解放大道废弃车辆", true},
	} {
		fa, fb := x.an.analyze(c.a), x.an.analyze(c.b)
		assert.Equal(t, !c.same, conflict(fa.places, fb.places), "%s | %s", c.a, c.b)
		assert.Equal(t, !c.same, conflict(fb.places, fa.places), "%s | %s", c.b, c.a)
	}
}

package i18n

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/language"
	"golang.org/x/text/number"
)

func TestMsg(t *testing.T) {
	m := Msg{EN: "%[1]d orders in %[2]s", ZH: "%[2]s受理%[1]d件"}
	assert.Equal(t, m.ZH, m.In(Chinese))
	assert.Equal(t, m.EN, m.In(English))
	assert.Equal(t, m.ZH, m.Text(language.MustParse("zh-TW")))
	assert.Equal(t, m.EN, m.Text(language.Und), "und falls back to English")
	assert.Equal(t, m.EN, m.Text(language.French))

	zh, en, fr := NewPrinter(language.SimplifiedChinese), NewPrinter(language.English), NewPrinter(language.French)
	assert.Equal(t, Chinese, zh.Lang())
	assert.Equal(t, English, fr.Lang())
	assert.Equal(t, "清溪镇受理2,917件", zh.Sprintf(m, 2917, "清溪镇"))
	assert.Equal(t, "2,917 orders in Qingxi", en.Sprintf(m, 2917, "Qingxi"))
	assert.Equal(t, "2,917 orders in Qingxi", fr.Sprintf(m, 2917, "Qingxi"), "French falls back to English, digits too")
	assert.Equal(t, m.ZH, zh.Text(m), "Text does not expand verbs")
	assert.Equal(t, "66.7%", en.Sprint(number.Percent(2.0/3, number.MaxFractionDigits(1))))
	assert.Equal(t, "", Msg{}.Text(language.Chinese))
}

func TestFormatDeadline(t *testing.T) {
	sh := time.FixedZone("CST", 8*3600)
	at := func(y int, mo time.Month, d, h, mi, s int) time.Time { return time.Date(y, mo, d, h, mi, s, 0, sh) }
	tests := []struct {
		t      time.Time
		en, zh string
	}{
		{at(2025, 10, 11, 0, 0, 0), "2025-10-10 24:00 Fri", "2025-10-10 24:00 周五"},
		{at(2025, 10, 10, 17, 30, 0), "2025-10-10 17:30 Fri", "2025-10-10 17:30 周五"},
		{at(2025, 10, 10, 0, 1, 0), "2025-10-10 00:01 Fri", "2025-10-10 00:01 周五"},
		{at(2025, 10, 10, 0, 0, 30), "2025-10-10 00:00 Fri", "2025-10-10 00:00 周五"}, // not an end of day
		{at(2026, 1, 1, 0, 0, 0), "2025-12-31 24:00 Wed", "2025-12-31 24:00 周三"},    // across the year end
		{at(2025, 12, 31, 23, 59, 59), "2025-12-31 23:59 Wed", "2025-12-31 23:59 周三"},
		{at(2025, 3, 1, 0, 0, 0), "2025-02-28 24:00 Fri", "2025-02-28 24:00 周五"},
		{at(2025, 9, 28, 9, 0, 0), "2025-09-28 09:00 Sun", "2025-09-28 09:00 周日"},
		{time.Date(2025, 10, 10, 16, 0, 0, 0, time.UTC), "2025-10-10 16:00 Fri", "2025-10-10 16:00 周五"}, // in t's location
		{time.Time{}, "-", "-"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.en, FormatDeadline(tt.t, language.English), "%v", tt.t)
		assert.Equal(t, tt.en, FormatDeadline(tt.t, language.Und), "%v", tt.t)
		assert.Equal(t, tt.zh, FormatDeadline(tt.t, language.Chinese), "%v", tt.t)
	}
}

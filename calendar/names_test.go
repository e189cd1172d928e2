package calendar_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/calendar"
)

func TestKindName(t *testing.T) {
	tests := []struct {
		k      calendar.Kind
		en, zh string
	}{
		{calendar.Workday, "workday", "工作日"},
		{calendar.Weekend, "weekend", "休息日"},
		{calendar.DayOff, "day off", "放假"},
		{calendar.MakeupWorkday, "make-up workday", "调休上班"},
		{0, "Kind(0)", "Kind(0)"},
		{9, "Kind(9)", "Kind(9)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.en, tt.k.String())
		assert.Equal(t, tt.en, tt.k.Name(language.English))
		assert.Equal(t, tt.en, tt.k.Name(language.French))
		assert.Equal(t, tt.zh, tt.k.Name(language.Chinese))
		assert.Equal(t, tt.zh, tt.k.Name(language.MustParse("zh-Hant-TW")))
	}
}

func TestDayInfoFestival(t *testing.T) {
	c, err := calendar.New(calendar.Config{
		Location: shanghai,
		Overrides: []calendar.Override{
			{Date: calendar.D(2025, 10, 1), Kind: calendar.DayOff, Name: "国庆节", NameEN: "National Day"},
			{Date: calendar.D(2025, 10, 11), Kind: calendar.DayOff, NameEN: "Typhoon closure"},
			{Date: calendar.D(2025, 9, 28), Kind: calendar.MakeupWorkday, Name: "国庆节"},
		},
	})
	require.NoError(t, err)
	tests := []struct {
		d      calendar.Date
		en, zh string
	}{
		{calendar.D(2025, 10, 1), "National Day", "国庆节"},
		{calendar.D(2025, 10, 11), "Typhoon closure", "Typhoon closure"},
		{calendar.D(2025, 9, 28), "国庆节", "国庆节"},
		{calendar.D(2025, 10, 9), "", ""},
	}
	for _, tt := range tests {
		info := c.DayOf(tt.d)
		assert.Equal(t, tt.en, info.Festival(language.English), "%v", tt.d)
		assert.Equal(t, tt.en, info.Festival(language.Und), "%v", tt.d)
		assert.Equal(t, tt.zh, info.Festival(language.SimplifiedChinese), "%v", tt.d)
	}
}

func ExampleDayInfo_Festival() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	c, err := calendar.New(calendar.Config{
		Location: shanghai,
		Overrides: []calendar.Override{
			{Date: calendar.D(2025, 10, 1), Kind: calendar.DayOff, Name: "国庆节", NameEN: "National Day", Statutory: true},
			{Date: calendar.D(2025, 9, 28), Kind: calendar.MakeupWorkday, Name: "国庆节", NameEN: "National Day"},
		},
	})
	if err != nil {
		panic(err)
	}
	for _, d := range []calendar.Date{calendar.D(2025, 9, 28), calendar.D(2025, 10, 1)} {
		info := c.DayOf(d)
		for _, tag := range []language.Tag{language.English, language.Chinese} {
			fmt.Printf("%v  %s: %s\n", d, info.Kind.Name(tag), info.Festival(tag))
		}
	}
	// Output:
	// 2025-09-28  make-up workday: National Day
	// 2025-09-28  调休上班: 国庆节
	// 2025-10-01  day off: National Day
	// 2025-10-01  放假: 国庆节
}

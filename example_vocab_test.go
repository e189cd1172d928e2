package hotline_test

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
)

// Every enumeration parses its English key in any case and its Chinese
// name, and names itself in the language asked for.
func ExampleParseCategory() {
	c, err := hotline.ParseCategory(" Complaint ")
	fmt.Println(c, err)
	c, _ = hotline.ParseCategory("举报")
	fmt.Println(c, c.Name(language.Chinese), c.Name(language.French))
	_, err = hotline.ParseCategory("noise")
	fmt.Println(errors.Is(err, hotline.ErrUnknownName))
	fmt.Println(err)
	// Output:
	// complaint <nil>
	// report 举报 report
	// true
	// unknown category "noise" (accepted: consultation, help, complaint, report, suggestion, praise, other, or their Chinese names)
}

// A callback verdict: the zero value is "no verdict", and Unreachable is a
// verdict that is no answer.
func ExampleSatisfaction() {
	for _, s := range []hotline.Satisfaction{hotline.Unrated, hotline.BasicallySatisfied, hotline.Unreachable} {
		fmt.Printf("%q %q %v %v\n", s, s.Name(language.SimplifiedChinese), s.Valid(), s.Answered())
	}
	// Output:
	// "" "" false false
	// "basically_satisfied" "基本满意" true true
	// "unreachable" "未接通" true false
}

// An unknown channel lists the accepted names.
func ExampleNameError() {
	_, err := hotline.ParseChannel("fax")
	var ne *hotline.NameError
	if errors.As(err, &ne) {
		fmt.Println(ne.Kind, ne.Name, ne.Accepted[:3])
	}
	// Output:
	// channel fax [phone web app]
}

// A deadline at the end of a working day prints as 24:00 of that day.
func ExampleFormatDeadline() {
	shanghai := time.FixedZone("CST", 8*3600)
	due := time.Date(2025, 10, 11, 0, 0, 0, 0, shanghai) // the end of 10 October
	fmt.Println(hotline.FormatDeadline(due, language.Chinese))
	fmt.Println(hotline.FormatDeadline(due.Add(-6*time.Hour-30*time.Minute), language.English))
	// Output:
	// 2025-10-10 24:00 周五
	// 2025-10-10 17:30 Fri
}

package assess_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"golang.org/x/text/language"
)

// exampleRecords returns four orders of two units in May 2025, Beijing time.
func exampleRecords() []assess.Record {
	loc := time.FixedZone("CST", 8*3600)
	t := func(d, h int) time.Time { return time.Date(2025, time.May, d, h, 0, 0, 0, loc) }
	return []assess.Record{
		{OrderID: "250506-001", Unit: "住建局", Category: "complaint",
			Received: t(6, 9), SignDue: t(6, 11), Signed: t(6, 10), Due: t(13, 17), Closed: t(12, 15),
			Satisfaction: hotline.Satisfied, Resolution: hotline.Resolved, Rated: t(13, 10)},
		{OrderID: "250507-002", Unit: "住建局", Category: "help",
			Received: t(7, 9), SignDue: t(7, 11), Signed: t(7, 13), Due: t(14, 17), Closed: t(16, 9),
			Satisfaction: hotline.Dissatisfied, Resolution: hotline.Unresolved, Rated: t(16, 15)},
		{OrderID: "250508-003", Unit: "城管分局", Category: "complaint",
			Received: t(8, 9), SignDue: t(8, 11), Signed: t(8, 9), Due: t(15, 17), Closed: t(15, 11),
			Satisfaction: hotline.BasicallySatisfied, Resolution: hotline.Resolved, Rated: t(15, 16)},
		{OrderID: "250520-004", Unit: "城管分局", Category: "report", Emergency: true,
			Received: t(20, 9), SignDue: t(20, 10), Signed: t(20, 9), Due: t(27, 17)},
	}
}

func Example() {
	a, err := assess.New(assess.SchemeTown())
	if err != nil {
		panic(err)
	}
	rep, err := a.Compute(exampleRecords(), assess.Month(2025, time.May, time.FixedZone("CST", 8*3600)))
	if err != nil {
		panic(err)
	}
	for _, row := range append(rep.Rows, rep.Total) {
		name := row.Name
		if name == "" {
			name = "合计"
		}
		fmt.Printf("%s 按期办结率 %v, 满意率 %v, 超期 %d, 得分 %.1f\n", name, row.OnTime, row.Satisfaction, row.Overdue, row.Score)
	}
	// Output:
	// 城管分局 按期办结率 50.0% (1/2), 满意率 100.0% (1/1), 超期 1, 得分 85.0
	// 住建局 按期办结率 50.0% (1/2), 满意率 50.0% (1/2), 超期 0, 得分 50.0
	// 合计 按期办结率 50.0% (2/4), 满意率 66.7% (2/3), 超期 1, 得分 63.3
}

func ExampleReport_WriteText() {
	a, _ := assess.New(assess.SchemeBeijing())
	rep, _ := a.Compute(exampleRecords(), assess.Month(2025, time.May, time.FixedZone("CST", 8*3600)))
	_ = rep.WriteText(os.Stdout, language.Chinese)
	fmt.Println()
	_ = rep.WriteText(os.Stdout, language.English)
	// Output:
	// 单位      受理  办结  响应率  按期办结率  超期  退单率  重办率  延期率  解决率  满意率   得分
	// ---------------------------------------------------------------------------------------------
	// 城管分局     2     1  100.0%       50.0%     1    0.0%    0.0%    0.0%  100.0%  100.0%  100.0
	// 住建局       2     2   50.0%       50.0%     0    0.0%    0.0%    0.0%   50.0%   50.0%   50.0
	// ---------------------------------------------------------------------------------------------
	// 合计         4     3   75.0%       50.0%     1    0.0%    0.0%    0.0%   66.7%   66.7%   67.5
	//
	// Unit      Received  Closed  Response  On time  Overdue  Returned  Reopened  Extended  Resolved  Satisfied  Score
	// ----------------------------------------------------------------------------------------------------------------
	// 城管分局         2       1    100.0%    50.0%        1      0.0%      0.0%      0.0%    100.0%     100.0%  100.0
	// 住建局           2       2     50.0%    50.0%        0      0.0%      0.0%      0.0%     50.0%      50.0%   50.0
	// ----------------------------------------------------------------------------------------------------------------
	// Total            4       3     75.0%    50.0%        1      0.0%      0.0%      0.0%     66.7%      66.7%   67.5
}

func ExampleReport_WriteCSV() {
	a, _ := assess.New(assess.SchemeBeijing())
	rep, _ := a.ComputeBy(exampleRecords(), assess.Month(2025, time.May, time.FixedZone("CST", 8*3600)), assess.ByCategory)
	_ = rep.WriteCSV(os.Stdout)
	// Output:
	// kind,name,received,emergencies,closed,overdue,response_num,response_den,response_rate,on_time_num,on_time_den,on_time_rate,returned_num,returned_den,returned_rate,reopened_num,reopened_den,reopened_rate,extended_num,extended_den,extended_rate,resolved_num,resolved_den,resolved_rate,satisfaction_num,satisfaction_den,satisfaction_rate,rated,very_satisfied,satisfied,basically_satisfied,dissatisfied,very_dissatisfied,score
	// category,complaint,2,0,2,0,2,2,1.0000,2,2,1.0000,0,2,0.0000,0,2,0.0000,0,2,0.0000,2,2,1.0000,2,2,1.0000,2,0,1,1,0,0,100.00
	// category,help,1,0,1,0,0,1,0.0000,0,1,0.0000,0,1,0.0000,0,1,0.0000,0,1,0.0000,0,1,0.0000,0,1,0.0000,1,0,0,0,1,0,0.00
	// category,report,1,1,0,1,1,1,1.0000,0,1,0.0000,0,1,0.0000,0,0,,0,1,0.0000,0,0,,0,0,,0,0,0,0,0,0,100.00
	// total,,4,1,3,1,3,4,0.7500,2,4,0.5000,0,4,0.0000,0,3,0.0000,0,4,0.0000,2,3,0.6667,2,3,0.6667,3,0,1,1,1,0,67.50
}

// A scheme of one's own: the five-level satisfaction scale and a score
// that also rewards few returns.
func ExampleNew() {
	a, err := assess.New(assess.Scheme{
		Name: "town",
		Weights: []assess.Weight{
			{Metric: assess.MetricOnTime, Points: 40},
			{Metric: assess.MetricSatisfaction, Points: 40},
			{Metric: assess.MetricReturn, Points: 20},
		},
		Satisfaction: assess.SatisfactionFiveLevel(),
	})
	if err != nil {
		panic(err)
	}
	rep, _ := a.Compute(exampleRecords(), assess.Month(2025, time.May, time.FixedZone("CST", 8*3600)))
	fmt.Println(rep.Scheme, rep.Total.Satisfaction, fmt.Sprintf("%.1f", rep.Total.Score))

	_, err = assess.New(assess.Scheme{Weights: []assess.Weight{{Metric: assess.MetricOnTime, Points: -1}}})
	var se *assess.SchemeError
	fmt.Println(errors.Is(err, assess.ErrInvalidScheme), errors.As(err, &se) && se.Field == "Weights[0].Points")
	fmt.Println(err)
	// Output:
	// town 50.0% (6/12) 60.0
	// true true
	// assess: scheme Weights[0].Points: not a positive finite number
}

func ExampleRate() {
	fmt.Println(assess.Rate{Num: 11, Den: 12})
	none := assess.Rate{}
	fmt.Println(none, none.Defined(), none.Value())
	// Output:
	// 91.7% (11/12)
	// - (0/0) false 0
}

func ExampleRecord_Validate() {
	rec := exampleRecords()[0]
	rec.Closed = rec.Received.Add(-time.Hour)
	err := rec.Validate()
	var re *assess.RecordError
	if errors.As(err, &re) {
		fmt.Println(re.Field, errors.Is(err, assess.ErrInvalidRecord))
	}
	fmt.Println(err)
	// Output:
	// Closed true
	// assess: order "250506-001": Closed: before Received
}

// 不当退单率 counts the returns the centre refused over all the returns a
// unit made or asked for; a scheme may weigh it, lower being better.
func ExampleMetricImproperReturn() {
	in := time.Date(2025, time.May, 6, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	recs := []assess.Record{
		{OrderID: "A", Unit: "住建局", Received: in, Returns: 2, ImproperReturns: 1},
		{OrderID: "B", Unit: "住建局", Received: in, Returns: 1},
		{OrderID: "C", Unit: "住建局", Received: in},
	}
	a, _ := assess.New(assess.Scheme{Name: "退单审核", Weights: []assess.Weight{{Metric: assess.MetricImproperReturn, Points: 1}}})
	rep, _ := a.Compute(recs, assess.Month(2025, time.May, in.Location()))
	row := rep.Rows[0]
	fmt.Println(row.Name, row.ImproperReturned, row.Returned)
	fmt.Printf("score %.1f\n", row.Score)
	// Output:
	// 住建局 33.3% (1/3) 66.7% (2/3)
	// score 66.7
}

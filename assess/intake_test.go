package assess_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
)

// intakes returns eight intakes; the comment on each says what it counts
// for in October, tallied by hand in TestComputeIntakeHandCounted.
func intakes() []assess.Intake {
	return []assess.Intake{
		// I1: a consultation answered directly in October.
		{OrderID: "I1", Category: "consultation", Code: "02.01.01", Received: at(10, 9, 9, 0), Answered: at(10, 9, 9, 5)},
		// I2: a consultation answered directly on 1 November: not yet
		// answered at To, so in the denominator only.
		{OrderID: "I2", Category: "consultation", Code: "02.01.01", Received: at(10, 31, 23, 50), Answered: at(11, 1, 0, 10)},
		// I3: a complaint handled by a unit: in the denominator.
		{OrderID: "I3", Category: "complaint", Code: "01.02.03", Received: at(10, 10, 9, 0)},
		// I4: transferred to 110: counted apart.
		{OrderID: "I4", Category: "help", Code: "05.01", Received: at(10, 11, 2, 0), Transferred: at(10, 11, 2, 3), Body: "110"},
		// I5: transferred to another hotline.
		{OrderID: "I5", Category: "complaint", Code: "01.02.03", Received: at(10, 12, 9, 0), Transferred: at(10, 13, 9, 0), Body: "other_hotline"},
		// I6: cancelled: received, in no rate.
		{OrderID: "I6", Category: "complaint", Code: "01.02.03", Received: at(10, 14, 9, 0), Withdrawn: at(10, 14, 10, 0)},
		// I7: received in September, answered in October: not counted.
		{OrderID: "I7", Category: "consultation", Code: "02.01.01", Received: at(9, 30, 9, 0), Answered: at(10, 1, 9, 0)},
		// I8: a consultation answered directly in October.
		{OrderID: "I8", Category: "consultation", Code: "02.01.02", Received: at(10, 20, 9, 0), Answered: at(10, 20, 9, 2)},
	}
}

func TestComputeIntakeHandCounted(t *testing.T) {
	rep, err := assess.ComputeIntake(intakes(), october, assess.ByCode)
	require.NoError(t, err)
	want := assess.IntakeRow{
		Received: 7, Withdrawn: 1, Transferred: 2, Bodies: map[string]int{"110": 1, "other_hotline": 1},
		// Answered I1 and I8 of I1, I2, I3, I8.
		DirectAnswer: assess.Rate{Num: 2, Den: 4},
		// I4 and I5 of the six not withdrawn.
		Transfer: assess.Rate{Num: 2, Den: 6},
	}
	assert.Equal(t, want, rep.Total)

	var names []string
	for _, r := range rep.Rows {
		names = append(names, r.Name)
	}
	assert.Equal(t, []string{"01.02.03", "02.01.01", "02.01.02", "05.01"}, names)
	assert.Equal(t, assess.Rate{Num: 1, Den: 2}, rep.Row("02.01.01").DirectAnswer)
	assert.Equal(t, assess.Rate{Num: 0, Den: 1}, rep.Row("01.02.03").DirectAnswer)
	assert.Equal(t, 1, rep.Row("01.02.03").Withdrawn)
	assert.False(t, rep.Row("05.01").DirectAnswer.Defined())
	assert.Nil(t, rep.Row("09"))

	byCat, err := assess.ComputeIntake(intakes(), october, assess.ByCategory)
	require.NoError(t, err)
	assert.Equal(t, rep.Total, byCat.Total)
	assert.Equal(t, assess.Rate{Num: 2, Den: 3}, byCat.Row("consultation").DirectAnswer)

	total, err := assess.ComputeIntake(intakes(), october, assess.ByUnit)
	require.NoError(t, err)
	assert.Empty(t, total.Rows)
	assert.Equal(t, rep.Total, total.Total)

	b, err := json.Marshal(rep)
	require.NoError(t, err)
	var back assess.IntakeReport
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, rep.Rows, back.Rows)
	assert.Equal(t, assess.ByCode, back.By)
}

var zero time.Time

func TestComputeIntakeRefuses(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(r *assess.Intake)
		by    assess.Dimension
		field string
	}{
		{"no id", func(r *assess.Intake) { r.OrderID = "" }, assess.ByUnit, "OrderID"},
		{"no received", func(r *assess.Intake) { r.Received = zero }, assess.ByUnit, "Received"},
		{"answered before received", func(r *assess.Intake) { r.Answered = r.Received.Add(-1) }, assess.ByUnit, "Answered"},
		{"answered and transferred", func(r *assess.Intake) { r.Transferred, r.Body = r.Answered, "110" }, assess.ByUnit, "Transferred"},
		{"transferred nowhere", func(r *assess.Intake) { r.Answered, r.Transferred = zero, r.Answered }, assess.ByUnit, "Body"},
		{"body untransferred", func(r *assess.Intake) { r.Body = "110" }, assess.ByUnit, "Body"},
		{"no code by code", func(r *assess.Intake) { r.Code = "" }, assess.ByCode, "Code"},
		{"no category by category", func(r *assess.Intake) { r.Category = "" }, assess.ByCategory, "Category"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			recs := intakes()
			tc.edit(&recs[0])
			_, err := assess.ComputeIntake(recs, october, tc.by)
			var re *assess.RecordError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tc.field, re.Field)
			assert.Equal(t, recs[0].OrderID, re.OrderID)
			assert.ErrorIs(t, err, assess.ErrInvalidRecord)
		})
	}
	for _, by := range []assess.Dimension{assess.ByPost, assess.ByPerson, assess.ByLeader, assess.ByLeader + 1, 200} {
		_, err := assess.ComputeIntake(intakes(), october, by)
		assert.ErrorIs(t, err, assess.ErrUnknownDimension, "by %s", by)
		assert.NotErrorIs(t, err, assess.ErrInvalidRecord, "by %s", by)
	}
	_, err := assess.ComputeIntake(intakes(), october, assess.ByPerson)
	assert.EqualError(t, err, "assess: compute intake by person: intakes have no unit, post, person or leader: unknown dimension")
	_, err = assess.ComputeIntake(intakes(), assess.Period{From: october.To, To: october.From}, assess.ByUnit)
	assert.ErrorIs(t, err, assess.ErrInvalidPeriod)
}

func TestComputeByCode(t *testing.T) {
	recs := fixture()
	for i := range recs {
		recs[i].Code = "01.02"
	}
	recs[0].Code = "01.01.03"
	rep, err := mustNew(t, assess.SchemeTown()).ComputeBy(recs, october, assess.ByCode)
	require.NoError(t, err)
	require.Len(t, rep.Rows, 2)
	assert.Equal(t, "01.01.03", rep.Rows[0].Name)
	assert.Equal(t, 1, rep.Rows[0].Received)
	byUnit, err := mustNew(t, assess.SchemeTown()).Compute(recs, october)
	require.NoError(t, err)
	assert.Equal(t, byUnit.Total.Received, rep.Total.Received)
	tab := rep.Table(language.Chinese)
	assert.Equal(t, assess.Cell{Text: "分类", Key: "code"}, tab.Rows[0][0])

	recs[3].Code = ""
	_, err = mustNew(t, assess.SchemeTown()).ComputeBy(recs, october, assess.ByCode)
	var re *assess.RecordError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "Code", re.Field)
}

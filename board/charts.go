package board

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/workorder"
)

// figures are a year's and a month's numbers for the leaders' charts, as
// sent to charts.js.
type figures struct {
	Year, Month int
	Total       int // orders accepted in the year
	MonthTotal  int // and in the month
	Labels      map[string]string
	Months      []string
	// Volume is, per category, the orders accepted in each month.
	Volume []series
	// MonthCategories is the month's orders by category.
	MonthCategories []namedValue
	// Units are per lead unit: orders, and on-time, resolved and
	// satisfied percentages (of closed, of asked and of answered
	// orders; -1 when there are none to count).
	Units []unitFigures
	// Hotspots are the regions with the most orders in the year.
	Hotspots []namedValue
	// Ladder is the year's orders by supervision level, and the urged.
	Ladder []namedValue
}

type series struct {
	Name string `json:"name"`
	Data []int  `json:"data"`
}

type namedValue struct {
	Name  string `json:"name"`
	Value int    `json:"value"`
}

type unitFigures struct {
	Unit      string  `json:"unit"`
	Orders    int     `json:"orders"`
	OnTime    float64 `json:"on_time"`
	Resolved  float64 `json:"resolved"`
	Satisfied float64 `json:"satisfied"`
}

// maxHotspots and maxUnits bound the bars of the charts.
const (
	maxHotspots = 15
	maxUnits    = 20
)

// period reads ?year= and ?month=, defaulting to now's.
func (s *server) period(c *call) (int, int, bool) {
	now := s.opts.Now()
	y, m := now.Year(), int(now.Month())
	q := c.r.URL.Query()
	if v := q.Get("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2000 || n > 2200 {
			return 0, 0, false
		}
		y = n
	}
	if v := q.Get("month"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 12 {
			return 0, 0, false
		}
		m = n
	}
	return y, m, true
}

type chartsPage struct {
	view
	Year, Month int
	Years       []int
}

// charts shows the leaders' page; charts.js draws it from chartData.
func (s *server) charts(c *call) {
	v := s.view(c, "charts")
	if !v.Leader() {
		s.fail(c, http.StatusForbidden, v.T("forbidden"))
		return
	}
	y, m, ok := s.period(c)
	if !ok {
		s.fail(c, http.StatusBadRequest, v.Tf("badrequest", "year, month"))
		return
	}
	p := &chartsPage{view: v, Year: y, Month: m}
	for n := s.opts.Now().Year(); n >= s.opts.Now().Year()-4; n-- {
		p.Years = append(p.Years, n)
	}
	s.render(c, http.StatusOK, "charts", p)
}

// chartData answers the figures as JSON.
func (s *server) chartData(c *call) {
	v := s.view(c, "charts")
	if !v.Leader() {
		http.Error(c.w, "forbidden", http.StatusForbidden)
		return
	}
	y, m, ok := s.period(c)
	if !ok {
		http.Error(c.w, "bad year or month", http.StatusBadRequest)
		return
	}
	f, err := s.figures(c, v, y, m)
	if err != nil {
		s.opts.Logger.Error("board: figures", "err", err)
		http.Error(c.w, "internal error", http.StatusInternalServerError)
		return
	}
	c.w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(c.w).Encode(f)
}

// figures counts the orders accepted in year y, reading them newest first
// in pages and stopping at the year's start.
func (s *server) figures(c *call, v view, y, m int) (*figures, error) {
	loc := s.opts.Now().Location()
	start, end := time.Date(y, 1, 1, 0, 0, 0, 0, loc), time.Date(y+1, 1, 1, 0, 0, 0, 0, loc)
	f := &figures{Year: y, Month: m, Labels: map[string]string{}}
	for _, k := range []string{"c.volume", "c.monthcat", "c.units", "c.hotspots", "c.ladder", "c.ontime", "c.resolved", "c.satisfied", "c.orders"} {
		f.Labels[k] = v.T(k)
	}
	f.Labels["c.volume"] = v.Tf("c.volume", strconv.Itoa(y))
	f.Labels["c.monthcat"] = v.Tf("c.monthcat", strconv.Itoa(y), m)
	for i := 1; i <= 12; i++ {
		f.Months = append(f.Months, v.Tf("month.n", i))
	}
	type unitAcc struct{ orders, closed, onTime, asked, resolved, answered, satisfied int }
	vol := map[hotline.Category][]int{}
	monthCat := map[hotline.Category]int{}
	units := map[string]*unitAcc{}
	regions := map[string]int{}
	ladder := map[int]int{}
	urged := 0
	lf := workorder.Filter{Sort: workorder.SortNewest, Limit: 1000}
	for done := false; !done; {
		page, err := s.svc.List(c.r.Context(), c.actor, lf)
		if err != nil {
			return nil, err
		}
		done = len(page) < lf.Limit
		for _, o := range page {
			if !o.Created.Before(end) {
				continue
			}
			if o.Created.Before(start) {
				done = true
				break
			}
			mo := int(o.Created.In(loc).Month())
			f.Total++
			if vol[o.Category] == nil {
				vol[o.Category] = make([]int, 12)
			}
			vol[o.Category][mo-1]++
			if mo == m {
				f.MonthTotal++
				monthCat[o.Category]++
			}
			if o.Location.Region != "" {
				regions[o.Location.Region]++
			}
			ladder[o.Supervision]++
			if o.Urges > 0 {
				urged++
			}
			if o.Lead == "" {
				continue
			}
			u := units[o.Lead]
			if u == nil {
				u = &unitAcc{}
				units[o.Lead] = u
			}
			u.orders++
			if o.State == workorder.StateClosed {
				u.closed++
				if !o.Overdue {
					u.onTime++
				}
			}
			if o.Resolution != hotline.Unanswered {
				u.asked++
				if o.Resolution == hotline.Resolved {
					u.resolved++
				}
			}
			if o.Satisfaction.Answered() {
				u.answered++
				if o.Satisfaction <= hotline.BasicallySatisfied {
					u.satisfied++
				}
			}
		}
		if len(page) > 0 {
			cur := workorder.CursorAfter(page[len(page)-1], lf.Sort)
			lf.After = &cur
		}
	}
	for _, cat := range hotline.Categories() {
		if d := vol[cat]; d != nil {
			f.Volume = append(f.Volume, series{v.Category(cat), d})
		}
		if n := monthCat[cat]; n > 0 {
			f.MonthCategories = append(f.MonthCategories, namedValue{v.Category(cat), n})
		}
	}
	pct := func(a, b int) float64 {
		if b == 0 {
			return -1
		}
		return float64(a*1000/b) / 10
	}
	for name, u := range units {
		f.Units = append(f.Units, unitFigures{name, u.orders, pct(u.onTime, u.closed), pct(u.resolved, u.asked), pct(u.satisfied, u.answered)})
	}
	slices.SortFunc(f.Units, func(a, b unitFigures) int { return cmp.Or(b.Orders-a.Orders, cmp.Compare(a.Unit, b.Unit)) })
	if len(f.Units) > maxUnits {
		f.Units = f.Units[:maxUnits]
	}
	for r, n := range regions {
		f.Hotspots = append(f.Hotspots, namedValue{r, n})
	}
	slices.SortFunc(f.Hotspots, func(a, b namedValue) int { return cmp.Or(b.Value-a.Value, cmp.Compare(a.Name, b.Name)) })
	if len(f.Hotspots) > maxHotspots {
		f.Hotspots = f.Hotspots[:maxHotspots]
	}
	levels := make([]int, 0, len(ladder))
	for l := range ladder {
		levels = append(levels, l)
	}
	slices.Sort(levels)
	for _, l := range levels {
		name := v.T("c.ladder0")
		if l > 0 {
			name = v.Tf("c.laddern", l)
		}
		f.Ladder = append(f.Ladder, namedValue{name, ladder[l]})
	}
	f.Ladder = append(f.Ladder, namedValue{v.T("c.urged"), urged})
	f.Labels["total"] = v.Tf("c.total", strconv.Itoa(y), f.Total, f.MonthTotal)
	return f, nil
}

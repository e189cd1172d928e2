package digest

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/internal/i18n"
)

// Texts of the digest, in English and Chinese.
var (
	msgTitle   = i18n.Msg{EN: "Digest for %s", ZH: "%s信息摘要"}
	msgPeriod  = i18n.Msg{EN: "Period %s to %s: %d orders (period before: %d).", ZH: "周期 %s 至 %s：工单 %d 件（上一周期 %d 件）。"}
	msgNone    = i18n.Msg{EN: "None.", ZH: "无。"}
	msgUnknown = i18n.Msg{EN: "(unknown)", ZH: "（未知）"}
	msgYes     = i18n.Msg{EN: "yes", ZH: "是"}
	msgNo      = i18n.Msg{EN: "no", ZH: "否"}

	titleSummary    = i18n.Msg{EN: "Summary", ZH: "概要"}
	titleHotspots   = i18n.Msg{EN: "Hotspots", ZH: "热点"}
	titleRising     = i18n.Msg{EN: "Rising topics", ZH: "上升诉求"}
	titleClusters   = i18n.Msg{EN: "Repeat clusters", ZH: "重复诉求"}
	titleLate       = i18n.Msg{EN: "Late orders", ZH: "超期工单"}
	titleSupervised = i18n.Msg{EN: "Supervised orders", ZH: "督办工单"}
)

// column is a Table column with its label in both languages.
type column struct {
	key   string
	label i18n.Msg
	kind  assess.ColumnKind
}

var (
	colDepartment = column{"department", i18n.Msg{EN: "Department", ZH: "部门"}, assess.ColumnText}
	colFrom       = column{"from", i18n.Msg{EN: "From", ZH: "起"}, assess.ColumnTime}
	colTo         = column{"to", i18n.Msg{EN: "To", ZH: "止"}, assess.ColumnTime}
	colOrders     = column{"orders", i18n.Msg{EN: "Orders", ZH: "工单数"}, assess.ColumnCount}
	colPrevious   = column{"previous", i18n.Msg{EN: "Period before", ZH: "上一周期"}, assess.ColumnCount}
	colTopic      = column{"topic", i18n.Msg{EN: "Topic", ZH: "诉求分类"}, assess.ColumnText}
	colRegion     = column{"region", i18n.Msg{EN: "Region", ZH: "区域"}, assess.ColumnText}
	colMost       = column{"most_in_window", i18n.Msg{EN: "Most in window", ZH: "窗口内最多"}, assess.ColumnCount}
	colStart      = column{"start", i18n.Msg{EN: "Starting", ZH: "开始"}, assess.ColumnTime}
	colTotal      = column{"total", i18n.Msg{EN: "In period", ZH: "本周期"}, assess.ColumnCount}
	colNew        = column{"new", i18n.Msg{EN: "New", ZH: "新热点"}, assess.ColumnText}
	colSize       = column{"size", i18n.Msg{EN: "Size", ZH: "件数"}, assess.ColumnCount}
	colIDs        = column{"orders", i18n.Msg{EN: "Orders", ZH: "工单"}, assess.ColumnText}
	colText       = column{"text", i18n.Msg{EN: "First text", ZH: "首件内容"}, assess.ColumnText}
	colOrder      = column{"order", i18n.Msg{EN: "Order", ZH: "工单编号"}, assess.ColumnText}
	colDue        = column{"due", i18n.Msg{EN: "Due", ZH: "办结时限"}, assess.ColumnTime}
	colClosed     = column{"finished", i18n.Msg{EN: "Finished", ZH: "办结时间"}, assess.ColumnTime}
	colLevel      = column{"level", i18n.Msg{EN: "Level", ZH: "督办级别"}, assess.ColumnCount}
)

func newTable(title i18n.Msg, l i18n.Lang, cols ...column) *assess.Table {
	t := &assess.Table{Title: title.In(l)}
	for _, c := range cols {
		t.Columns = append(t.Columns, assess.Column{Key: c.key, Label: c.label.In(l), Kind: c.kind})
	}
	return t
}

func text(s string) assess.Cell       { return assess.Cell{Text: s} }
func count(n int) assess.Cell         { return assess.Cell{Num: float64(n)} }
func instant(t time.Time) assess.Cell { return assess.Cell{Time: t, Blank: t.IsZero()} }

// TopicName returns topic, a classification code or a category key, as
// the digest writes it in the language best matching lang: the code's
// name in Config.Classes followed by the code ("市容环境 (01.02)"), the
// category's name, or topic as it is when neither knows it.
func (d *Digest) TopicName(topic string, lang language.Tag) string {
	if c := classify.Code(topic); c.Valid() {
		if d.classes != nil {
			if n, ok := d.classes.Lookup(c); ok {
				return n.Name(lang) + " (" + topic + ")"
			}
		}
		return topic
	}
	if c := hotline.Category(topic); c.Valid() {
		return c.Name(lang)
	}
	return topic
}

func regionName(r string, l i18n.Lang) string {
	if r == "" {
		return msgUnknown.In(l)
	}
	return r
}

// Tables returns the digest as tables in the language best matching lang
// (Chinese for any Chinese tag, else English): a summary, then hotspots,
// rising topics, repeat clusters, late orders and supervised orders, each
// with a title short enough to name a sheet; package assess/xlsx writes
// them to a workbook. A table with no rows is still returned, with its
// header. Times are in the zone of To.
func (d *Digest) Tables(lang language.Tag) []*assess.Table {
	l := i18n.Match(lang)
	loc := d.To.Location()
	in := func(t time.Time) assess.Cell {
		if t.IsZero() {
			return instant(t)
		}
		return instant(t.In(loc))
	}
	sum := newTable(titleSummary, l, colDepartment, colFrom, colTo, colOrders, colPrevious)
	sum.Rows = append(sum.Rows, []assess.Cell{text(d.Department), in(d.From), in(d.To), count(d.Orders), count(d.Previous)})

	hot := newTable(titleHotspots, l, colTopic, colRegion, colMost, colStart, colTotal, colNew)
	for _, h := range d.Hotspots {
		isNew := msgNo
		if h.New {
			isNew = msgYes
		}
		hot.Rows = append(hot.Rows, []assess.Cell{
			{Text: d.TopicName(h.Topic, lang), Key: h.Topic}, text(regionName(h.Region, l)), count(h.Count), in(h.Start), count(h.Total),
			{Text: isNew.In(l), Key: strconv.FormatBool(h.New)},
		})
	}
	rise := newTable(titleRising, l, colTopic, colRegion, colOrders, colPrevious)
	for _, r := range d.Rising {
		rise.Rows = append(rise.Rows, []assess.Cell{{Text: d.TopicName(r.Topic, lang), Key: r.Topic}, text(regionName(r.Region, l)), count(r.Count), count(r.Previous)})
	}
	cl := newTable(titleClusters, l, colSize, colIDs, colRegion, colText)
	for _, c := range d.Clusters {
		cl.Rows = append(cl.Rows, []assess.Cell{count(len(c.Orders)), text(strings.Join(c.Orders, " ")), text(regionName(c.Region, l)), text(c.Text)})
	}
	late := newTable(titleLate, l, colOrder, colTopic, colRegion, colDue, colClosed)
	for _, o := range d.Late {
		late.Rows = append(late.Rows, []assess.Cell{text(o.ID), {Text: d.TopicName(o.Topic, lang), Key: o.Topic}, text(regionName(o.Region, l)), in(o.Due), in(o.Closed)})
	}
	sup := newTable(titleSupervised, l, colOrder, colTopic, colLevel, colDue, colClosed)
	for _, o := range d.Supervised {
		sup.Rows = append(sup.Rows, []assess.Cell{text(o.ID), {Text: d.TopicName(o.Topic, lang), Key: o.Topic}, count(o.Level), in(o.Due), in(o.Closed)})
	}
	return []*assess.Table{sum, hot, rise, cl, late, sup}
}

// WriteMarkdown writes the digest as a Markdown document in the language
// best matching lang: a heading naming the department, the period and
// its counts, then one section per table of Tables after the summary,
// "None." (无。) for an empty one. Deadlines are written as
// i18n.FormatDeadline does (an end of day is 24:00), other times to the
// minute, all in the zone of To. Errors are w's.
func (d *Digest) WriteMarkdown(w io.Writer, lang language.Tag) error {
	l := i18n.Match(lang)
	p := i18n.NewPrinter(lang)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n", p.Sprintf(msgTitle, d.Department))
	fmt.Fprintf(bw, "%s\n", p.Sprintf(msgPeriod, minute(d.From.In(d.To.Location())), minute(d.To), d.Orders, d.Previous))
	for _, t := range d.Tables(lang)[1:] {
		fmt.Fprintf(bw, "\n## %s\n\n", t.Title)
		if len(t.Rows) == 0 {
			fmt.Fprintf(bw, "%s\n", msgNone.In(l))
			continue
		}
		bw.WriteString("|")
		for _, c := range t.Columns {
			bw.WriteString(" " + mdEscape(c.Label) + " |")
		}
		bw.WriteString("\n|")
		for _, c := range t.Columns {
			if c.Kind == assess.ColumnCount {
				bw.WriteString("---:|")
			} else {
				bw.WriteString("---|")
			}
		}
		bw.WriteString("\n")
		for _, row := range t.Rows {
			bw.WriteString("|")
			for i, c := range t.Columns {
				bw.WriteString(" " + mdEscape(mdCell(c, row[i], lang)) + " |")
			}
			bw.WriteString("\n")
		}
	}
	return bw.Flush()
}

func minute(t time.Time) string { return t.Format("2006-01-02 15:04") }

func mdCell(c assess.Column, v assess.Cell, lang language.Tag) string {
	switch {
	case c.Kind == assess.ColumnTime && c.Key == colDue.key:
		return i18n.FormatDeadline(v.Time, lang)
	case v.Blank:
		return "-"
	case c.Kind == assess.ColumnCount:
		return strconv.FormatFloat(v.Num, 'f', 0, 64)
	case c.Kind == assess.ColumnTime:
		return minute(v.Time)
	}
	return v.Text
}

// mdEscape keeps s on one line of a Markdown table cell.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

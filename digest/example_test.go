package digest_test

import (
	"context"
	"fmt"
	"os"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/digest"
)

// The week's digest of 清溪镇城管办 in Chinese, written by a Notifier.
func Example() {
	b, err := digest.New(digest.Config{Classes: classify.Default()}) // weekly, hotspots of 5 in a day
	if err != nil {
		fmt.Println(err)
		return
	}
	ds := b.Build(week(), b.PeriodEnd(at(12, 15, 0)))
	markdown := digest.NotifierFunc(func(_ context.Context, d digest.Digest) error {
		if d.Department != urban {
			return nil
		}
		return d.WriteMarkdown(os.Stdout, language.Chinese)
	})
	if err := digest.Send(context.Background(), markdown, ds); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # 清溪镇城管办信息摘要
	//
	// 周期 2025-03-03 00:00 至 2025-03-10 00:00：工单 11 件（上一周期 4 件）。
	//
	// ## 热点
	//
	// | 诉求分类 | 区域 | 窗口内最多 | 开始 | 本周期 | 新热点 |
	// |---|---|---:|---|---:|---|
	// | 市容环境 (01.02) | 清溪镇/三中村 | 5 | 2025-03-04 21:00 | 5 | 是 |
	//
	// ## 上升诉求
	//
	// | 诉求分类 | 区域 | 工单数 | 上一周期 |
	// |---|---|---:|---:|
	// | 市容环境 (01.02) | 清溪镇/三中村 | 5 | 2 |
	// | 市政设施 (01.01) | 清溪镇/五里村 | 3 | 0 |
	//
	// ## 重复诉求
	//
	// | 件数 | 工单 | 区域 | 首件内容 |
	// |---:|---|---|---|
	// | 6 | QX0005 QX0006 QX0007 QX0008 QX0009 QX0010 | 清溪镇/三中村/一组 | 三中村工地晚上还在打桩，吵得睡不着 |
	// | 3 | QX0011 QX0012 QX0013 | 清溪镇/五里村 | 五里村路灯不亮 |
	//
	// ## 超期工单
	//
	// | 工单编号 | 诉求分类 | 区域 | 办结时限 | 办结时间 |
	// |---|---|---|---|---|
	// | QX0003 | 市政设施 (01.01) | 清溪镇/三中村 | 2025-03-04 24:00 周二 | 2025-03-06 09:00 |
	// | QX0014 | 市容环境 (01.02) | 清溪镇 | 2025-03-07 17:30 周五 | - |
	//
	// ## 督办工单
	//
	// | 工单编号 | 诉求分类 | 督办级别 | 办结时限 | 办结时间 |
	// |---|---|---:|---|---|
	// | QX0014 | 市容环境 (01.02) | 1 | 2025-03-07 17:30 周五 | - |
}

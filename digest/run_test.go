package digest_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/hotline12345/hotline/digest"
)

// Run sends each week's digests when the week ends, on a fake clock, and
// reports a failed delivery with the digest to send again.
func TestRun(t *testing.T) {
	b, _ := digest.New(digest.Config{})
	now := at(5, 15, 0) // a Wednesday
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type sent struct {
		end  time.Time
		dept string
	}
	var got []sent
	var reads [][2]time.Time
	down := errors.New("mail server down")
	var failed []digest.Digest
	r := &digest.Runner{
		Builder: b,
		Source: digest.SourceFunc(func(_ context.Context, from, to time.Time) ([]digest.Order, error) {
			reads = append(reads, [2]time.Time{from, to})
			return week(), nil
		}),
		Notifier: digest.NotifierFunc(func(_ context.Context, d digest.Digest) error {
			got = append(got, sent{d.To, d.Department})
			if len(got) == 4 {
				cancel() // after two weeks
			}
			if d.Department == env {
				return down
			}
			return nil
		}),
		Now: func() time.Time { return now },
		Wait: func(d time.Duration) <-chan time.Time {
			now = now.Add(d)
			c := make(chan time.Time, 1)
			c <- now
			return c
		},
		OnError: func(_ context.Context, end time.Time, err error) {
			if !errors.Is(err, down) {
				t.Errorf("OnError %v: %v, want %v", end, err, down)
			}
			failed = append(failed, digest.Failed(err)...)
		},
	}
	if err := r.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Run: %v, want context.Canceled", err)
	}
	next := weekEnd.AddDate(0, 0, 7)
	want := []sent{{weekEnd, urban}, {weekEnd, env}, {next, urban}, {next, env}}
	if !slices.EqualFunc(got, want, func(a, b sent) bool { return a.end.Equal(b.end) && a.dept == b.dept }) {
		t.Errorf("sent %v, want %v", got, want)
	}
	if len(reads) != 2 || !reads[0][0].Equal(weekEnd.AddDate(0, 0, -14)) || !reads[0][1].Equal(weekEnd) ||
		!reads[1][0].Equal(weekEnd.AddDate(0, 0, -7)) || !reads[1][1].Equal(next) {
		t.Errorf("reads %v, want the two weeks before each end", reads)
	}
	if len(failed) != 2 || failed[0].Department != env || !failed[1].To.Equal(next) {
		t.Errorf("failed %+v, want 环保分局's two digests", failed)
	}
}

func TestRunIncomplete(t *testing.T) {
	r := &digest.Runner{}
	if err := r.Run(context.Background()); !errors.Is(err, digest.ErrIncomplete) {
		t.Errorf("Run: %v, want ErrIncomplete", err)
	}
	if err := r.RunOnce(context.Background(), weekEnd); !errors.Is(err, digest.ErrIncomplete) {
		t.Errorf("RunOnce: %v, want ErrIncomplete", err)
	}
}

func TestRunOnceSourceFails(t *testing.T) {
	b, _ := digest.New(digest.Config{})
	disk := errors.New("disk")
	r := &digest.Runner{Builder: b,
		Source:   digest.SourceFunc(func(context.Context, time.Time, time.Time) ([]digest.Order, error) { return nil, disk }),
		Notifier: digest.NotifierFunc(func(context.Context, digest.Digest) error { t.Error("nothing to send"); return nil }),
	}
	if err := r.RunOnce(context.Background(), weekEnd); !errors.Is(err, disk) || len(digest.Failed(err)) != 0 {
		t.Errorf("RunOnce: %v, want the source's error and no digest", err)
	}
}

package repeats_test

import (
	"time"

	"github.com/hotline12345/hotline/sla"
)

func slaReceived(at time.Time) sla.Event { return sla.Event{Kind: sla.EventReceived, At: at} }

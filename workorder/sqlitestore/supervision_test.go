package sqlitestore_test

import (
	"testing"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/storetest"
)

func TestSupervisionConformance(t *testing.T) {
	storetest.RunSupervision(t, func(t *testing.T) workorder.SupervisionStore { return open(t) })
}

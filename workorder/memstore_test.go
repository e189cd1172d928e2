package workorder_test

import (
	"testing"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/storetest"
)

func TestMemStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) workorder.Store { return workorder.NewMemStore() })
}

func TestMemStoreSupervision(t *testing.T) {
	storetest.RunSupervision(t, func(t *testing.T) workorder.SupervisionStore { return workorder.NewMemStore() })
}

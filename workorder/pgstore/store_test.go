package pgstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/storetest"
)

func TestConformance(t *testing.T) {
	testDSN(t)
	storetest.Run(t, func(t *testing.T) workorder.Store { return openStore(t, newSchema(t)) })
}

var _ = errors.New
var _ = context.Background

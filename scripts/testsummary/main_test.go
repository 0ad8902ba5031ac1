package main

import (
	"strings"
	"testing"
)

func TestSummary(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"run","Package":"m/a","Test":"TestOK"}`,
		`{"Action":"output","Package":"m/a","Test":"TestOK","Output":"=== RUN   TestOK\n"}`,
		`{"Action":"pass","Package":"m/a","Test":"TestOK"}`,
		`{"Action":"output","Package":"m/a","Test":"TestShared","Output":"    x_test.go:12: ../shared/testdata not found\n"}`,
		`{"Action":"output","Package":"m/a","Test":"TestShared","Output":"--- SKIP: TestShared (0.00s)\n"}`,
		`{"Action":"skip","Package":"m/a","Test":"TestShared"}`,
		`{"Action":"output","Package":"m/a","Test":"TestMore","Output":"    y_test.go:3: ../shared/testdata not found\n"}`,
		`{"Action":"skip","Package":"m/a","Test":"TestMore"}`,
		`{"Action":"output","Package":"m/a","Test":"TestBad","Output":"    z_test.go:9: got 1, want 2\n"}`,
		`{"Action":"fail","Package":"m/a","Test":"TestBad"}`,
		`{"Action":"fail","Package":"m/a","Elapsed":1.5}`,
		`{"Action":"pass","Package":"m/b","Elapsed":0.25}`,
		`{"Action":"skip","Package":"m/c"}`,
		`not json: go vet says hello`,
	}, "\n")
	var out strings.Builder
	s := &summary{out: &out, output: map[key][]string{}, reasons: map[string][]string{}}
	if err := s.read(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if failed := s.finish(); !failed {
		t.Error("a failed test did not fail the summary")
	}
	got := out.String()
	for _, want := range []string{
		"z_test.go:9: got 1, want 2",
		"FAIL\tm/a\t1.500s",
		"ok  \tm/b\t0.250s",
		"?   \tm/c\t[no test files]",
		"not json: go vet says hello",
		"2 × ../shared/testdata not found (m/a.TestShared, m/a.TestMore)",
		"\n1 passed, 1 failed, 2 skipped\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "=== RUN   TestOK") {
		t.Errorf("a passing test's output is shown:\n%s", got)
	}
}

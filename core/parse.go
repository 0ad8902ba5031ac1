package core

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxClock is the longest time ParseClock reads, well inside a time.Duration.
const maxClock = 1000 * 24 * time.Hour

// ParseClock reads "90", "90.5", "1:30" or "0:01:30"; "" is 0.
func ParseClock(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, fmt.Errorf("%q is not a time", s)
	}
	var total float64
	for _, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || !(v >= 0) { // NaN too
			return 0, fmt.Errorf("%q is not a time", s)
		}
		total = total*60 + v
	}
	if total > maxClock.Seconds() { // Inf too
		return 0, fmt.Errorf("%q is too long a time", s)
	}
	return time.Duration(total * float64(time.Second)), nil
}

// ParseSize reads a size like "1280x720" (each side at least 16).
func ParseSize(s string) (int, int, error) {
	a, b, ok := strings.Cut(strings.ToLower(s), "x")
	w, err1 := strconv.Atoi(a)
	h, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || w < 16 || h < 16 {
		return 0, 0, fmt.Errorf("%q is not a size like 1280x720", s)
	}
	return w, h, nil
}

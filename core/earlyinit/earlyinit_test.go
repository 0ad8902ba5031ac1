package earlyinit

import "testing"

func TestCLocaleWithCodeset(t *testing.T) {
	for _, tt := range []struct {
		lcAll, lcMessages, lang string
		want                    bool
	}{
		{"", "", "C.UTF-8", true},
		{"", "", "C.utf8", true},
		{"", "", "POSIX.UTF-8", true},
		{"", "", "C", false},
		{"", "", "", false},
		{"", "", "en_US.UTF-8", false},
		{"en_GB.UTF-8", "", "C.UTF-8", false},
		{"C.UTF-8", "", "en_US.UTF-8", true},
		{"", "C.UTF-8", "fr_FR.UTF-8", true},
	} {
		t.Setenv("LC_ALL", tt.lcAll)
		t.Setenv("LC_MESSAGES", tt.lcMessages)
		t.Setenv("LANG", tt.lang)
		if got := cLocaleWithCodeset(); got != tt.want {
			t.Errorf("LC_ALL=%q LC_MESSAGES=%q LANG=%q: %v, want %v", tt.lcAll, tt.lcMessages, tt.lang, got, tt.want)
		}
	}
}

package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/assistant/egress"
)

// EnablePrivacy adds the privacy button: every network request Reel made this session. It
// should only ever show the Ollama server.
func (s *LibraryScreen) EnablePrivacy(requests func() []egress.Request, win fyne.Window) {
	s.requests, s.win = requests, win
	s.privacyBtn.OnTapped = func() { showPrivacy(requests(), win) }
	s.privacyBtn.Show()
}

// PrivacyText is what the privacy view says about requests.
func PrivacyText(reqs []egress.Request) string {
	if len(reqs) == 0 {
		return tr("Reel has made no network request this session: nothing has left this machine.")
	}
	hosts := map[string]int{}
	var order []string
	for _, r := range reqs {
		if hosts[r.Host] == 0 {
			order = append(order, r.Host)
		}
		hosts[r.Host]++
	}
	var b strings.Builder
	b.WriteString(tr("%[1]s, %[2]s", trn("This session Reel made %d network requests", len(reqs)), trn("to %d hosts:", len(order))))
	for _, h := range order {
		fmt.Fprintf(&b, " %s (%d)", h, hosts[h])
	}
	b.WriteString(". " + tr("Only your Ollama server should ever appear here.") + "\n")
	for i := len(reqs) - 1; i >= 0 && i >= len(reqs)-200; i-- {
		r := reqs[i]
		status := fmt.Sprint(r.Status)
		if r.Err != "" {
			status = tr("failed: %s", r.Err)
		}
		fmt.Fprintf(&b, "\n%s  %s %s%s  %s  %s", r.Time.Format("15:04:05"), r.Method, r.Host, r.Path, tr("sent %[1]d B, received %[2]d B", r.Sent, r.Received), status)
	}
	return b.String()
}

func showPrivacy(reqs []egress.Request, win fyne.Window) {
	text := widget.NewLabel(PrivacyText(reqs))
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(tr("Network requests this session"), tr("Close"), container.NewVScroll(text), win)
	d.Resize(fyne.NewSize(720, 480))
	d.Show()
}

package app

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/reel-app/reel/assistant/ollama"
)

// Reel's words in each language it speaks: translations/reel.<lang>.json, keyed by the English
// text (as gettext is), with fmt verbs where a value goes in ("%[1]d films"). Fyne's own words
// (dialog buttons, the file picker) come from Fyne's translations for the same language.
//
//go:embed translations
var translations embed.FS

// Languages are the UI languages Reel has, by settings code; "" follows the system.
var Languages = []struct{ Code, Name string }{
	{"", "System language"},
	{"en", "English"},
	{"zh", "简体中文"},
}

// UseLanguage loads Reel's translations and picks the language: code "en" or "zh", or "" for
// the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them). Call it once,
// before the first window is built: text already on screen keeps its language.
func UseLanguage(code string) error {
	if code == "" && !spoken(string(lang.SystemLocale())) {
		// A system language Reel does not speak (French, say) would leave Fyne's words in
		// French and Reel's in English, each one logged as missing: all in English instead.
		code = "en"
	}
	uiLanguage = "en"
	if code == "zh" || (code == "" && strings.HasPrefix(strings.ToLower(string(lang.SystemLocale())), "zh")) {
		uiLanguage = "zh"
	}
	if code != "" {
		// Fyne picks its language from the environment: point it at the user's choice.
		// A C locale would make it ignore LANGUAGE, so that is lifted to C.UTF-8.
		for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
			if v := os.Getenv(env); v != "" {
				if v == "C" || v == "POSIX" {
					os.Setenv(env, "C.UTF-8")
				}
				break
			}
		}
		os.Setenv("LANGUAGE", map[string]string{"en": "en", "zh": "zh_CN"}[code])
	}
	return lang.AddTranslationsFS(translations, "translations")
}

// uiLanguage is the language Reel speaks: "en" or "zh".
var uiLanguage = "en"

// UILanguage is the language of the UI, as an ISO 639-1 code: "en" or "zh".
func UILanguage() string { return uiLanguage }

// Tr translates a message for the composition root (status lines made in main.go); the
// translations test reads its calls there too.
func Tr(key string, args ...any) string { return tr(key, args...) }

// spoken says whether Reel has a translation for a locale ("zh-CN", "en-GB").
func spoken(locale string) bool {
	base, _, _ := strings.Cut(strings.ToLower(locale), "-")
	return base == "en" || base == "zh"
}

// tr translates a message to the UI language; with args its translation is a fmt format.
func tr(key string, args ...any) string {
	s := lang.L(key)
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Trn is trn for the composition root.
func Trn(key string, n int, args ...any) string { return trn(key, n, args...) }

// trn translates a message that has plural forms: key is its English plural ("%d films"), and
// its translations may give a form for each plural category of the language (English "one"
// and "other", Chinese only "other"), chosen by n. Without args, n is the message's value.
func trn(key string, n int, args ...any) string {
	if len(args) == 0 {
		args = []any{n}
	}
	return fmt.Sprintf(lang.N(key, n), args...)
}

// MoodWord translates a sentiment label (positive, negative, neutral).
func MoodWord(label string) string {
	switch label {
	case "positive":
		return tr("positive")
	case "negative":
		return tr("negative")
	case "neutral":
		return tr("neutral")
	}
	return label
}

// problemText says what went wrong with the model, and what to do, in the UI language.
func problemText(err error) string {
	var (
		missing  *ollama.ModelMissingError
		cut      *ollama.CutError
		silent   *ollama.NoAnswerError
		deadline *ollama.DeadlineError
	)
	switch {
	case errors.As(err, &cut):
		// Part of an answer came: it is shown, with why the rest did not.
		return tr("The answer was cut off: %s", problemText(cut.Reason))
	case errors.As(err, &silent):
		return tr("Ollama at %[1]s accepted the connection but did not answer within %[2]s: restart Ollama, or check its address in Settings.", silent.Host, unitDuration(silent.After))
	case errors.As(err, &deadline):
		return tr("The model took longer than %s and was stopped: try again, ask for something shorter, or use a smaller model.", unitDuration(deadline.After))
	case errors.Is(err, ollama.ErrTooLong):
		return tr("The model reached its length limit and was stopped: ask for something shorter, or try another model.")
	case errors.Is(err, ollama.ErrCut):
		return tr("The connection to Ollama closed before the end of the answer: try again.")
	case errors.Is(err, ollama.ErrNotRunning):
		return tr("Ollama is not running: start Ollama (ollama serve) or set its address in Settings.")
	case errors.Is(err, ollama.ErrStalled):
		return tr("Ollama stopped answering mid-way: try again, or a smaller model.")
	case errors.As(err, &missing):
		return tr("Ollama does not have the model %[1]s: pull it (ollama pull %[1]s, or Models… in Settings).", missing.Model)
	}
	return err.Error()
}

// unitDuration writes a limit as people read it: "20 s", "5 min".
func unitDuration(d time.Duration) string {
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		return tr("%d min", int(d/time.Minute))
	case d >= time.Second && d%time.Second == 0:
		return tr("%d s", int(d/time.Second))
	}
	return d.String()
}

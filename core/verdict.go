package core

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reel-app/reel/index/store"
)

// A verdict is what the user makes of a film: a rating, a review, a watched mark. Each is kept
// in the store's user data, by film id (which follows the film through renames and moves), and
// read by the recommender on its next call.

// MaxReview is the longest review kept, in characters: a few paragraphs.
const MaxReview = 4000

// SetRating rates film id from 1 to 5 stars; 0 takes the rating away.
func SetRating(st *store.Store, id string, stars int) (store.UserData, error) {
	if stars < 0 || stars > 5 {
		return store.UserData{}, fmt.Errorf("rate: %d is not a rating: give 1 to 5 stars, or 0 to take the rating away", stars)
	}
	return st.UpdateUser(id, func(u *store.UserData) {
		u.Rating = stars
		u.VerdictAt = time.Now().UTC()
	})
}

// SetReview keeps the user's review of film id (blank takes it away); a review longer than
// MaxReview characters is cut there.
func SetReview(st *store.Store, id, text string) (store.UserData, error) {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > MaxReview {
		text = strings.TrimSpace(string([]rune(text)[:MaxReview]))
	}
	return st.UpdateUser(id, func(u *store.UserData) {
		if u.Review == text {
			return
		}
		u.Review = text
		u.VerdictAt = time.Now().UTC()
	})
}

// SetWatched marks film id watched (the next play starts from the beginning) or unwatched
// (where the viewer stopped, if anywhere, is kept).
func SetWatched(st *store.Store, id string, watched bool) (store.UserData, error) {
	return st.UpdateUser(id, func(u *store.UserData) {
		if watched && !u.Watched {
			u.PlayCount = max(u.PlayCount, 1)
			u.Position = 0
		}
		u.Watched = watched
		u.VerdictAt = time.Now().UTC()
	})
}

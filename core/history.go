package core

import (
	"time"

	"github.com/reel-app/reel/index/store"
)

// WatchedAt is how far into a film counts as having watched it.
const WatchedAt = 0.9

// Resume is where the viewer stopped film id: 0 after it was watched to the end (the position
// is cleared then), the place in a second viewing otherwise.
func Resume(st *store.Store, id string) (time.Duration, error) {
	u, err := st.User(id)
	if err != nil {
		return 0, err
	}
	return u.Position, nil
}

// SavePosition keeps where the viewer is in film id, dur long. At 90 % or more the film is
// watched: its play count goes up and the next play starts from the beginning.
func SavePosition(st *store.Store, id string, pos, dur time.Duration) error {
	_, err := st.UpdateUser(id, func(u *store.UserData) {
		u.LastPlayed = time.Now()
		if dur > 0 && pos.Seconds() >= WatchedAt*dur.Seconds() {
			if !u.Watched || u.Position > 0 {
				u.PlayCount++
			}
			u.Watched, u.Position = true, 0
		} else {
			u.Position = pos
		}
	})
	return err
}

package player

import (
	"sync"
	"time"
)

// clock is film time that runs at a speed from an anchor: the last moment someone who knows
// (the sound device, or the engine itself) said what time it was.
type clock struct {
	mu     sync.Mutex
	pts    time.Duration // film time at the anchor
	at     time.Time     // wall time of the anchor
	speed  float64       // film seconds per wall second; 0 while frozen
	valid  bool
	serial int
	held   bool // paused: the sound device's late anchors are ignored until run
}

// set anchors the clock: at wall time at, the film is at pts and runs at speed.
func (c *clock) set(pts time.Duration, at time.Time, speed float64, serial int) {
	c.mu.Lock()
	c.pts, c.at, c.speed, c.valid, c.serial = pts, at, speed, true, serial
	c.mu.Unlock()
}

// anchor is set for the sound device: ignored while the clock is held, since a device callback
// that began before a pause may end after it.
func (c *clock) anchor(pts time.Duration, at time.Time, speed float64, serial int) {
	c.mu.Lock()
	if !c.held {
		c.pts, c.at, c.speed, c.valid, c.serial = pts, at, speed, true, serial
	}
	c.mu.Unlock()
}

// hold freezes the clock for a pause: it stays where it is at now until run.
func (c *clock) hold(now time.Time) {
	c.freeze(now)
	c.mu.Lock()
	c.held = true
	c.mu.Unlock()
}

// get returns the film time at now, and false when the clock has no anchor for serial.
func (c *clock) get(now time.Time, serial int) (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid || c.serial != serial {
		return 0, false
	}
	return c.pts + time.Duration(float64(now.Sub(c.at))*c.speed), true
}

// freeze stops the clock where it is at now; run starts it again at speed.
func (c *clock) freeze(now time.Time) {
	c.mu.Lock()
	if c.valid {
		c.pts += time.Duration(float64(now.Sub(c.at)) * c.speed)
		c.at, c.speed = now, 0
	}
	c.mu.Unlock()
}

func (c *clock) run(now time.Time, speed float64) {
	c.mu.Lock()
	c.held = false
	if c.valid {
		c.pts += time.Duration(float64(now.Sub(c.at)) * c.speed)
		c.at, c.speed = now, speed
	}
	c.mu.Unlock()
}

func (c *clock) invalidate() {
	c.mu.Lock()
	c.valid = false
	c.mu.Unlock()
}

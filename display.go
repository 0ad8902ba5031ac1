package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// checkDisplay makes sure a window can open: GLFW panics instead of returning an error when
// the display is set but does not answer.
func checkDisplay() error {
	if w := os.Getenv("WAYLAND_DISPLAY"); w != "" {
		sock := w
		if !filepath.IsAbs(sock) {
			sock = filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), w)
		}
		if c, err := net.DialTimeout("unix", sock, time.Second); err == nil {
			c.Close()
			return nil
		}
	}
	d := os.Getenv("DISPLAY")
	if d == "" {
		return errNoDisplay
	}
	host, rest, ok := strings.Cut(d, ":")
	if !ok {
		return fmt.Errorf("DISPLAY=%q is not a display name (expected something like :0)", d)
	}
	num, _, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(num)
	if err != nil {
		return fmt.Errorf("DISPLAY=%q is not a display name (expected something like :0)", d)
	}
	var c net.Conn
	if host == "" || host == "unix" {
		c, err = net.DialTimeout("unix", fmt.Sprintf("/tmp/.X11-unix/X%d", n), time.Second)
		if err != nil {
			c, err = net.DialTimeout("unix", fmt.Sprintf("@/tmp/.X11-unix/X%d", n), time.Second)
		}
	} else {
		c, err = net.DialTimeout("tcp", net.JoinHostPort(host, strconv.Itoa(6000+n)), 2*time.Second)
	}
	if err != nil {
		return fmt.Errorf("cannot reach the display %s (is the X server running?): %w", d, err)
	}
	c.Close()
	return nil
}

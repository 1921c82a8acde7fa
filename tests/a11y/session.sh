#!/usr/bin/env bash
# A private desktop for the accessibility tests: run it as `dbus-run-session -- session.sh CMD...`.
# Starts a virtual screen, the AT-SPI accessibility bus and its registry (as a desktop session
# would), runs CMD with DISPLAY set, then stops what it started (by process id).
set -u
display=":$(( 90 + RANDOM % 400 ))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY="$display"
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
/usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
launcher=$!
sleep 0.3
/usr/libexec/at-spi2-registryd >/dev/null 2>&1 &
registry=$!
sleep 0.3
"$@"
status=$?
kill "$registry" "$launcher" "$xvfb" 2>/dev/null
wait 2>/dev/null
exit $status

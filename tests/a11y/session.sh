#!/usr/bin/env bash
# A private desktop for the accessibility tests: run it as `dbus-run-session -- session.sh CMD...`.
# Starts a virtual screen, the AT-SPI accessibility bus and its registry (as a desktop session
# would), runs CMD with DISPLAY set, then stops what it started (by process id).
set -u
# Xvfb picks a free display itself and writes its number (no clash with other test runs).
numfile=$(mktemp)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$numfile" >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 100); do [ "$(wc -l <"$numfile")" -ge 1 ] && break; sleep 0.05; done  # the whole number, ended by a newline
if ! [ -s "$numfile" ]; then echo "Xvfb did not start" >&2; kill "$xvfb" 2>/dev/null; exit 1; fi
export DISPLAY=":$(tr -d '[:space:]' <"$numfile")"
rm -f "$numfile"
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

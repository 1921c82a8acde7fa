#!/usr/bin/env bash
# Inside session.sh: with_orca.sh LOG PREFS_DIR CMD... runs Orca with speech off, writing what it
# would say to LOG (under `script`, so its block-buffered debug output arrives whole and in
# order), runs CMD once Orca is listening, then stops Orca (by process id; it may ignore SIGTERM).
set -u
log=$1 prefs=$2
shift 2
script -qfc "orca -d speech -u $prefs --debug-file=/dev/tty" "$log" >/dev/null 2>&1 </dev/null &
orca=$!
for _ in $(seq 100); do grep -q "SPEECH OUTPUT\|Orca is ready\|ORCA: Loading\|Starting" "$log" 2>/dev/null && break; sleep 0.1; done
sleep 2
"$@"
status=$?
sleep 1
pkill -TERM -P "$orca" 2>/dev/null
kill "$orca" 2>/dev/null
for _ in $(seq 20); do kill -0 "$orca" 2>/dev/null || break; sleep 0.1; done
pkill -KILL -P "$orca" 2>/dev/null
kill -KILL "$orca" 2>/dev/null
wait 2>/dev/null
exit $status

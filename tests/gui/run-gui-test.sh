#!/bin/sh
# Runs one GUI test program in its own X server and session bus, so `meson test` needs nothing
# around it. xvfb-run goes outside dbus-run-session: the accessibility bus, activated inside the
# session, must inherit DISPLAY. Usage: run-gui-test.sh PROGRAM [ARG...]
set -eu

if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v dbus-run-session >/dev/null 2>&1; then
    echo "1..0 # SKIP xvfb-run or dbus-run-session is not installed"
    exit 0
fi

# Only the test program may write to stdout, which meson reads as TAP: the daemons that the
# session bus activates (the accessibility registry says hello there) get stderr instead.
# -a alone starts every search at :99, so runs started together (other suites, benchmarks) race
# for the same display and one fails with "cannot open display"; starting the search at a number
# drawn from our pid spreads them out. -noreset: a test that quits and restarts the application
# would otherwise meet the server resetting after its last client left, and fail to connect.
exec 7>&1
exec xvfb-run -a -n $((100 + $$ % 800)) -s '-screen 0 1280x800x24 -noreset' \
    dbus-run-session -- sh -c 'exec "$@" >&7 7>&-' run-gui-test "$@" >&2

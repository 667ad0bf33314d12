#!/bin/bash
# The token goes to the Secret Service when one runs: a throwaway session bus and an unlocked
# gnome-keyring, then `gongkai login` must leave no token file, the keyring must hold the token,
# and `gongkai sync --once` must find it there. Usage: test-keyring.sh GONGKAI GONGKAI-PORTAL
set -euo pipefail

gongkai=$1
portal=$2

if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null ||
   ! command -v secret-tool >/dev/null; then
    echo "1..0 # SKIP dbus-run-session, gnome-keyring-daemon or secret-tool is missing"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/runtime"

export GONGKAI=$gongkai PORTAL=$portal WORK=$work
export XDG_RUNTIME_DIR="$work/runtime" XDG_DATA_HOME="$work/share" HOME="$work"
unset NO_AT_BRIDGE

exec dbus-run-session -- bash -c '
set -euo pipefail
printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
printf "tok-kr\t市民政局\n" > "$WORK/tokens"
"$PORTAL" --listen 127.0.0.1:0 --data-dir "$WORK/portal" --tokens "$WORK/tokens" 2> "$WORK/portal.log" &
portal_pid=$!
trap "kill $portal_pid 2>/dev/null || true" EXIT
for _ in $(seq 100); do
    url=$(grep -o "http://127.0.0.1:[0-9]*/" "$WORK/portal.log" | head -n 1 || true)
    [[ -n "$url" ]] && break
    sleep 0.1
done
[[ -n "$url" ]] || { echo "not ok 1 the portal did not start"; exit 1; }

data="$WORK/data"
"$GONGKAI" profile set --unit 市民政局 --data-dir "$data"
printf "tok-kr\n" | "$GONGKAI" login --portal "$url" --data-dir "$data" > "$WORK/login.out" 2> "$WORK/login.err"

if [[ -e "$data/portal-tokens" ]]; then
    echo "not ok 1 the token was written to a file although a Secret Service runs"; exit 1
fi
stored=$(secret-tool lookup portal "$url" data-dir "$data")
if [[ "$stored" != tok-kr ]]; then
    echo "not ok 1 the keyring does not hold the token"; exit 1
fi
if grep -q tok-kr "$WORK/login.err"; then
    echo "not ok 1 the token appeared in a message"; exit 1
fi
"$GONGKAI" sync --once --data-dir "$data" > /dev/null
echo "1..1"
echo "ok 1 the token is kept in the Secret Service and used from there"
'

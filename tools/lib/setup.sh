# shellcheck shell=bash
# Shared set-up for tools/run and tools/test: install the missing Debian
# packages, then configure and build in _build at the repository root.
# Source this file; it defines functions and GK_ROOT, and runs nothing.
#
# Functions exit the script (gk_die) on failure, so they behave the same
# whether or not the caller's `set -e` is in effect.

GK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
GK_BUILD="$GK_ROOT/_build"
GK_PACKAGES_FILE="$GK_ROOT/tools/lib/packages.txt"

gk_say() { printf '%s\n' "$*"; }
gk_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Print the last lines of a log file to stderr (after a failed step).
gk_show_log() {
    local log="$1" lines="${2:-60}"
    [[ -s "$log" ]] || return 0
    printf -- '--- last %s lines of %s ---\n' "$lines" "$log" >&2
    tail -n "$lines" "$log" >&2
    printf -- '--- end of log ---\n' >&2
}

# The package list, comments and blank lines removed, plus GK_EXTRA_PACKAGES (what one
# command alone needs, such as debhelper for tools/deb).
gk_packages() {
    sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$GK_PACKAGES_FILE"
    local extra
    for extra in ${GK_EXTRA_PACKAGES:-}; do
        echo "$extra"
    done
}

# True when dpkg reports the package as fully installed.
gk_pkg_installed() {
    local status
    status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" || return 1
    [[ "$status" == "install ok installed" ]]
}

# Run a command as root: directly when root, through sudo otherwise
# (gk_install_packages checks beforehand that one of the two is possible).
gk_as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then
        "$@"
    else
        sudo "$@"
    fi
}

# Install every package of packages.txt that is not installed yet.
gk_install_packages() {
    local pkg missing=()
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        gk_say "No dpkg/apt-get here (not Debian?): skipping package installation; install the packages of tools/lib/packages.txt yourself."
        return 0
    fi
    while IFS= read -r pkg; do
        gk_pkg_installed "$pkg" || missing+=("$pkg")
    done < <(gk_packages)
    if [[ ${#missing[@]} -eq 0 ]]; then
        gk_say "All $(gk_packages | wc -l) required packages are installed."
        return 0
    fi

    if [[ "$(id -u)" -ne 0 ]] && ! command -v sudo >/dev/null 2>&1; then
        gk_die "${#missing[@]} required packages are missing (${missing[*]}) and installing them needs root: run this as root, or install sudo, or have an administrator run: apt-get install ${missing[*]}"
    fi
    local log
    log="$(mktemp "${TMPDIR:-/tmp}/gongkai-liaison-apt-XXXXXX")" || gk_die "cannot create a log file in ${TMPDIR:-/tmp}."
    gk_say "Installing ${#missing[@]} missing packages: ${missing[*]}"
    gk_say "  (this takes a few minutes on a fresh machine; apt output goes to $log)"
    if [[ "$(id -u)" -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
        gk_say "  (sudo may ask for your password)"
    fi
    local apt_opts=(-o DPkg::Lock::Timeout=600 -q)
    if ! gk_as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get "${apt_opts[@]}" update >>"$log" 2>&1; then
        gk_show_log "$log"
        gk_die "apt-get update failed (see $log); check the network and the apt sources."
    fi
    if ! gk_as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get "${apt_opts[@]}" install -y --no-install-recommends \
            "${missing[@]}" >>"$log" 2>&1; then
        gk_show_log "$log"
        gk_die "apt-get install failed for: ${missing[*]} (see $log)."
    fi
    # Make sure apt really installed what we asked for.
    local still=()
    for pkg in "${missing[@]}"; do
        gk_pkg_installed "$pkg" || still+=("$pkg")
    done
    [[ ${#still[@]} -eq 0 ]] || gk_die "these packages are still not installed: ${still[*]} (see $log)."
    gk_say "Installed ${#missing[@]} packages."
}

# Python for small JSON jobs: the system one (meson depends on it), so a
# user's pyenv/conda python on PATH does not matter.
gk_python() {
    if [[ -x /usr/bin/python3 ]]; then
        /usr/bin/python3 "$@"
    else
        python3 "$@"
    fi
}

# The meson version that configured $GK_BUILD ("" when unknown).
gk_build_meson_version() {
    local info="$GK_BUILD/meson-info/meson-info.json"
    [[ -f "$info" ]] || return 0
    gk_python -c 'import json,sys; print(json.load(open(sys.argv[1]))["meson_version"]["full"])' \
        "$info" 2>/dev/null || true
}

# Current value of a meson option in $GK_BUILD ("" when unknown).
gk_build_option() {
    local opts="$GK_BUILD/meson-info/intro-buildoptions.json"
    [[ -f "$opts" ]] || return 0
    gk_python - "$opts" "$1" <<'PY' 2>/dev/null || true
import json, sys
for o in json.load(open(sys.argv[1])):
    if o["name"] == sys.argv[2]:
        v = o["value"]
        print(str(v).lower() if isinstance(v, bool) else v)
PY
}

# Configure the build folder $GK_BUILD (_build unless the caller sets it) if
# needed. With werror=1, make sure -Dwerror=true; further arguments are meson
# options for a new configuration (-Db_sanitize=… for the sanitizer build).
gk_configure() {
    local werror="${1:-0}" log
    shift || true
    local name="${GK_BUILD##*/}"
    local setup_args=("$@")
    [[ "$werror" == 1 ]] && setup_args+=(-Dwerror=true)
    log="$(mktemp "${TMPDIR:-/tmp}/gongkai-liaison-meson-XXXXXX")" || gk_die "cannot create a log file in ${TMPDIR:-/tmp}."

    local action=""
    if [[ ! -f "$GK_BUILD/build.ninja" || ! -f "$GK_BUILD/meson-private/coredata.dat" ]]; then
        if [[ -d "$GK_BUILD/meson-private" ]]; then
            action=wipe      # a half-configured build dir
        else
            action=setup
        fi
    else
        local built current
        built="$(gk_build_meson_version)"
        current="$(meson --version 2>/dev/null || true)"
        if [[ -z "$built" || "${built%.*}" != "${current%.*}" ]]; then
            action=wipe      # configured by another meson version
        fi
    fi

    case "$action" in
        setup)
            gk_say "Configuring $name…"
            if ! meson setup "${setup_args[@]}" "$GK_BUILD" "$GK_ROOT" >>"$log" 2>&1; then
                gk_show_log "$log" 40
                gk_die "meson setup failed (see $log)."
            fi ;;
        wipe)
            gk_say "Reconfiguring $name from scratch (it was incomplete or made by another meson version)…"
            if ! meson setup --wipe "${setup_args[@]}" "$GK_BUILD" "$GK_ROOT" >>"$log" 2>&1; then
                # --wipe needs a readable old configuration; start over without it.
                rm -rf "$GK_BUILD"
                if ! meson setup "${setup_args[@]}" "$GK_BUILD" "$GK_ROOT" >>"$log" 2>&1; then
                    gk_show_log "$log" 40
                    gk_die "meson setup failed (see $log)."
                fi
            fi ;;
    esac

    if [[ "$werror" == 1 && "$(gk_build_option werror)" != true ]]; then
        gk_say "Turning on -Dwerror=true in $name…"
        if ! meson configure "$GK_BUILD" -Dwerror=true >>"$log" 2>&1; then
            gk_show_log "$log" 40
            gk_die "meson configure -Dwerror=true failed (see $log)."
        fi
    fi
    rm -f "$log"
}

# Build everything in $GK_BUILD; on failure show the compiler's messages.
gk_build() {
    local log="$GK_BUILD/meson-logs/build.log"
    gk_say "Building ${GK_BUILD##*/}…"
    if ! ninja -C "$GK_BUILD" >"$log" 2>&1; then
        # Drop ninja's progress lines; keep the failing commands and errors.
        grep -v '^\[[0-9]*/[0-9]*\] ' "$log" >&2 || true
        gk_die "the build failed (full log: $log)."
    fi
    gk_say "Build OK."
}

# The independent tus server the interop test runs (tests/interop, @tus/server
# from npm). It needs Node.js 20.19 or newer; without it that test skips itself
# and says why, and nothing else depends on it.
gk_install_interop() {
    local dir="$GK_ROOT/tests/interop"
    local version
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        gk_say "No Node.js: the tus interop test will be skipped."
        return 0
    fi
    version=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
    if ! gk_python - "$version" <<'PY'
import sys
major, minor, *_ = (int(p) for p in sys.argv[1].split(".")) if sys.argv[1] != "0" else (0, 0)
sys.exit(0 if (major, minor) >= (20, 19) else 1)
PY
    then
        gk_say "Node.js $version is older than 20.19: the tus interop test will be skipped."
        return 0
    fi
    if [[ -d "$dir/node_modules/@tus/server" && "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]]; then
        return 0
    fi
    gk_say "Installing the independent tus server for the interop test…"
    local log
    log=$(mktemp)
    if ! (cd "$dir" && npm ci --no-audit --no-fund >"$log" 2>&1); then
        gk_say "npm ci failed: the tus interop test will be skipped."
        tail -n 20 "$log"
    fi
    rm -f "$log"
}

# The liaisons' own locale, zh_CN.UTF-8, in which fontconfig picks other fallbacks than under
# C.UTF-8 with LANGUAGE=zh_CN: one GUI test runs in it. Debian ships the definition (locales)
# but compiles only what is asked for; without root the test that needs it skips itself.
gk_ensure_locale() {
    if locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\?8'; then
        return 0
    fi
    if [[ $(id -u) -eq 0 ]] && command -v localedef >/dev/null 2>&1; then
        gk_say "Generating the zh_CN.UTF-8 locale…"
        localedef -i zh_CN -f UTF-8 zh_CN.UTF-8 || gk_say "  (localedef failed: the real-locale GUI test will skip)"
    fi
}

# Everything both commands need before doing their own work.
gk_setup() {
    local werror="${1:-0}"
    [[ -n "${CI:-}" ]] && werror=1
    [[ -f "$GK_PACKAGES_FILE" ]] || gk_die "missing $GK_PACKAGES_FILE."
    gk_install_packages
    gk_ensure_locale
    gk_configure "$werror"
    gk_build
}

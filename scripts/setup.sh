#!/usr/bin/env bash
# Takes a fresh machine to a working app and green tests: the system packages the app and the tests need,
# then the npm dependencies. Debian/Ubuntu (apt, with sudo when not root) and macOS (Homebrew); anywhere else
# it prints what to install and stops. Idempotent: it installs only what is missing and says what it will
# change before changing it.
#
#   bash scripts/setup.sh            set up (also: npm run setup, once npm is there)
#   bash scripts/setup.sh --dry-run  print the plan, change nothing
#   bash scripts/setup.sh --force    run npm ci even when node_modules matches package-lock.json
#
# Why each system package: Chromium runs the end-to-end tests (playwright-core drives the system browser, it
# never downloads one); libusb-1.0 is linked by node-hid's Linux prebuilds (USB access to the Ledger);
# PyNaCl is the NumerBay Python client's crypto, which the system tests cross-check against.
#
# ELECTRON_SKIP_BINARY_DOWNLOAD=1 keeps npm from fetching the Electron binary (CI, offline build machines);
# when it is not set, the binary is fetched after `npm ci`, and a failure to fetch it is reported, not fatal:
# only `npm start` and `npm run test:electron` need it.
#
# Test hooks (documented in docs/contributing/testing.md): NUMERBAY_SETUP_OS_RELEASE names another
# os-release file, NUMERBAY_SETUP_UNAME another kernel name.
set -euo pipefail

cd "$(dirname "$0")/.."

DRY_RUN=0
FORCE=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    --force) FORCE=1 ;;
    -h | --help)
      sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "setup: unknown option $arg (use --dry-run, --force or --help)" >&2
      exit 2
      ;;
  esac
done

say() { printf 'setup: %s\n' "$*"; }
stop() {
  printf 'setup: %s\n' "$*" >&2
  exit 1
}

# ---- Node ------------------------------------------------------------------------------------------------
NODE_MIN=20.19.0
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  stop "Node.js $NODE_MIN or newer (with npm) is needed first: https://nodejs.org/ or your package manager (then run this again)."
fi
NODE_VERSION="$(node -p 'process.versions.node')"
# version_ge A B: A >= B, numerically per dotted part.
version_ge() {
  node -e 'const [a, b] = process.argv.slice(1).map((v) => v.split(".").map(Number)); for (let i = 0; i < 3; i++) { if ((a[i] || 0) !== (b[i] || 0)) process.exit((a[i] || 0) > (b[i] || 0) ? 0 : 1) } process.exit(0)' "$1" "$2"
}
if ! version_ge "$NODE_VERSION" "$NODE_MIN"; then
  stop "this is Node $NODE_VERSION; NumerBay Desktop needs Node $NODE_MIN or newer. Install a newer Node, then run this again."
fi

# ---- Which system, which packages ------------------------------------------------------------------------
OS_RELEASE="${NUMERBAY_SETUP_OS_RELEASE:-/etc/os-release}"
KERNEL="${NUMERBAY_SETUP_UNAME:-$(uname -s)}"
OS_ID=""
OS_LIKE=""
if [ "$KERNEL" = "Linux" ] && [ -r "$OS_RELEASE" ]; then
  OS_ID="$(. "$OS_RELEASE" && printf '%s' "${ID:-}")"
  OS_LIKE="$(. "$OS_RELEASE" && printf '%s' "${ID_LIKE:-}")"
fi

is_family() { case " $OS_ID $OS_LIKE " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

run() {
  say "running: $*"
  if [ "$DRY_RUN" = 0 ]; then "$@"; fi
}

setup_apt() {
  # Ubuntu ships Chromium as chromium-browser (a snap); Debian as chromium.
  local chromium=chromium
  if is_family ubuntu; then chromium=chromium-browser; fi
  local wanted=("$chromium" libusb-1.0-0 python3-nacl) missing=()
  for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$pkg"); fi
  done
  if [ "${#missing[@]}" = 0 ]; then
    say "system packages: ${wanted[*]} are installed."
    return
  fi
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || stop "installing ${missing[*]} needs root: run as root, or install them yourself: apt-get install ${missing[*]}"
    sudo=(sudo)
  fi
  say "will install with apt-get: ${missing[*]}${sudo:+ (through sudo)}"
  export DEBIAN_FRONTEND=noninteractive
  run "${sudo[@]}" apt-get update -qq
  run "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

setup_brew() {
  command -v brew >/dev/null 2>&1 || stop "on macOS this uses Homebrew (https://brew.sh). Install it, or install Chromium and Python 3 with PyNaCl yourself, then run: npm ci"
  # node-hid uses IOKit on macOS: no libusb needed.
  if [ -d "/Applications/Chromium.app" ] || [ -d "/Applications/Google Chrome.app" ]; then
    say "system packages: Chromium (or Google Chrome) is installed."
  else
    say "will install with Homebrew: the chromium cask"
    run brew install --cask chromium
  fi
  if ! command -v python3 >/dev/null 2>&1; then
    say "will install with Homebrew: python"
    run brew install python
  fi
  # Homebrew's Python refuses system-wide pip installs (PEP 668): PyNaCl goes into a private venv the tests find.
  local venv=.cache/pynacl
  if [ -x "$venv/bin/python3" ] && "$venv/bin/python3" -c 'import nacl' >/dev/null 2>&1; then
    say "PyNaCl: installed in $venv."
  else
    say "will create $venv (a Python venv) and install PyNaCl into it"
    run python3 -m venv "$venv"
    run "$venv/bin/python3" -m pip install --quiet pynacl
  fi
}

if [ "$KERNEL" = "Darwin" ]; then
  setup_brew
elif [ "$KERNEL" = "Linux" ] && { is_family debian || is_family ubuntu; } && { [ -n "${NUMERBAY_SETUP_OS_RELEASE:-}" ] || command -v apt-get >/dev/null 2>&1; }; then
  setup_apt
else
  {
    echo "setup: this system (${OS_ID:-$KERNEL}) is not one this script sets up (Debian/Ubuntu with apt, macOS with Homebrew)."
    echo "Install these yourself, then run: npm ci"
    echo "  - Chromium (the end-to-end tests; found at /usr/bin/chromium, or set NUMERBAY_CHROMIUM_PATH)"
    echo "  - the libusb 1.0 runtime (USB access to the Ledger on Linux)"
    echo "  - Python 3 with PyNaCl (cross-checks; found at /usr/bin/python3, or set NUMERBAY_PYTHON)"
    if is_family fedora || is_family rhel; then echo "  Fedora: sudo dnf install chromium libusb1 python3-pynacl"; fi
    if is_family arch; then echo "  Arch: sudo pacman -S chromium libusb python-pynacl"; fi
    if is_family suse || is_family opensuse; then echo "  openSUSE: sudo zypper install chromium libusb-1_0-0 python3-PyNaCl"; fi
  } >&2
  exit 1
fi

# ---- npm dependencies ------------------------------------------------------------------------------------
# npm ci wipes node_modules: skip it when node_modules was installed from this very lock file by this Node.
STAMP=node_modules/.numerbay-setup
want_stamp="$(node -e 'const c = require("node:crypto"); const fs = require("node:fs"); process.stdout.write(c.createHash("sha256").update(fs.readFileSync("package-lock.json")).digest("hex") + " node-" + process.versions.node)')"
if [ "$FORCE" = 0 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_stamp" ]; then
  say "node_modules matches package-lock.json: npm ci skipped (--force runs it anyway)."
else
  say "will run npm ci (replaces node_modules with exactly package-lock.json; also builds the CLI)"
  if [ "$DRY_RUN" = 0 ]; then
    ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
    printf '%s' "$want_stamp" >"$STAMP"
  else
    say "running: npm ci --no-audit --no-fund"
  fi
fi

# ---- The Electron binary (only npm start and the Electron test tier need it) -----------------------------
if [ "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" = 1 ] || [ "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" = true ]; then
  say "Electron binary: not fetched (ELECTRON_SKIP_BINARY_DOWNLOAD is set); npm start and npm run test:electron need it."
elif [ "$DRY_RUN" = 0 ] && [ -d node_modules/electron ]; then
  # Not require("electron"): that downloads a missing binary as a side effect, unannounced.
  if node scripts/electron-binary.mjs >/dev/null 2>&1; then
    say "Electron binary: installed."
  else
    say "will fetch the Electron binary (node node_modules/electron/install.js)"
    if ! node node_modules/electron/install.js >/dev/null 2>&1; then
      say "Electron binary: could not be fetched here; everything but npm start and npm run test:electron works. Retry later with: node node_modules/electron/install.js"
    fi
  fi
fi

# ---- Packaging needs a newer Node than the rest --------------------------------------------------------------
DIST_NODE="$(node -e '
  let best = "0.0.0", who = []
  for (const name of ["@electron/fuses", "@electron/rebuild", "electron-builder"]) {
    let range
    try { range = require(`./node_modules/${name}/package.json`).engines?.node } catch { continue }
    const m = /(\d+)\.(\d+)\.(\d+)/.exec(range || "")
    if (!m) continue
    const v = m.slice(1).map(Number), b = best.split(".").map(Number)
    const cmp = v[0] - b[0] || v[1] - b[1] || v[2] - b[2]
    if (cmp > 0) { best = v.join("."); who = [name] } else if (cmp === 0) who.push(name)
  }
  process.stdout.write(best === "0.0.0" ? "" : `${best} ${who.join(", ")}`)
' 2>/dev/null || true)"
if [ -n "$DIST_NODE" ]; then
  dist_version="${DIST_NODE%% *}"
  if ! version_ge "$NODE_VERSION" "$dist_version"; then
    say "note: npm run dist (packaging) needs Node $dist_version or newer (${DIST_NODE#* }); this is Node $NODE_VERSION. Everything else works on Node $NODE_MIN+."
  fi
fi

say "done. Next: npm test"

#!/usr/bin/env bash
# `make screenshots`: the real window (xcb, not offscreen) under a private Xvfb, mid-ingestion,
# saved to docs/screenshots/main-window.png and docs/screenshots/dashboard.png; then the analyst
# views: find.png, device.png, device-neighbours.png and port-timeline.png.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
command -v Xvfb >/dev/null 2>&1 || { echo "screenshots: Xvfb is missing (make system-deps installs it)"; exit 1; }
work=$(mktemp -d)
xvfb_pid=""
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# -displayfd: Xvfb picks a free display number itself and writes it to that descriptor.
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp -noreset 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 1 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "screenshots: Xvfb did not start:"; cat "$work/xvfb.log"; exit 1; }
display=":$(tr -d '[:space:]' <"$work/display")"
echo "screenshots: Xvfb on display $display"
DISPLAY="$display" QT_QPA_PLATFORM=xcb "$PY" scripts/screenshot_driver.py --out docs/screenshots "$@"
DISPLAY="$display" QT_QPA_PLATFORM=xcb "$PY" scripts/screenshot_driver.py --out docs/screenshots --views "$@"

#!/usr/bin/env bash
# Smoke test of the built Linux bundle: the frozen executables, not the source tree.
#   1. both executables report the pyproject version; the ui/, icons and default settings are bundled;
#   2. statetrace-cli ingests the bundled sample transcripts headless: exit 0, every host parsed;
#   3. without --home it works in the user data folder and seeds the bundled default settings there;
#   4. --processes 2 on a generated corpus of more than 8 MB: the frozen spawn pool starts worker
#      processes (counted while it runs) and every host parses;
#   5. the GUI opens offscreen (and both programs write their log files), stays up, and ends on SIGTERM (or on its own with --smoke-test, once the
#      app offers that flag) with no traceback and no process left behind.
# Usage: bash packaging/smoke_test.sh [BUNDLE_DIR]   (default dist/StateTraceIngest)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bundle=$(cd "${1:-$root/dist/StateTraceIngest}" && pwd)
cli=$bundle/statetrace-cli
gui=$bundle/statetrace
PY=${PYTHON:-$root/.venv/bin/python}
[ -x "$PY" ] || PY=$(command -v python3)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The frozen app must find everything itself: no workspace or Qt hints from the caller's environment.
unset STATETRACE_HOME STATETRACE_TELEMETRY_DIR
export STATETRACE_LOG_DIR=$tmp/logs  # engine/logs.py: both programs' log files, checked below
export QT_QPA_PLATFORM=offscreen
cd "$tmp"

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
step() { echo "smoke: $*"; }

# check_summary JSON_FILE MIN_FILES: the ingest summary of a run that must have parsed every host.
check_summary() {
  "$PY" - "$1" "$2" <<'PYEOF'
import json
import sys

path, min_files = sys.argv[1], int(sys.argv[2])
s = json.load(open(path))
problems = []
if s["files"] < min_files:
    problems.append(f"{s['files']} files read, expected at least {min_files}")
if s["hosts"] < 1 or s["parsed"] != s["hosts"]:
    problems.append(f"{s['parsed']} of {s['hosts']} hosts parsed")
if s["failed"] or s["failures"]:
    reasons = sorted({f["reason"].split(": ", 2)[-1] for f in s["failures"]})
    problems.append(f"{s['failed']} hosts failed: " + "; ".join(reasons[:5]))
for site, entry in s["sites"].items():
    import os
    if not os.path.isfile(entry["db_path"]):
        problems.append(f"site {site}: no database at {entry['db_path']}")
if problems:
    sys.exit("; ".join(problems))
print(f"{s['files']} files, {s['hosts']} hosts parsed into {len(s['sites'])} site databases in {s['seconds']} s")
PYEOF
}

# 1. versions -------------------------------------------------------------------------------------
[ -x "$cli" ] && [ -x "$gui" ] || fail "$bundle has no statetrace / statetrace-cli executables"
want=$("$PY" -c "import tomllib,sys; print(tomllib.load(open(sys.argv[1],'rb'))['project']['version'])" \
  "$root/pyproject.toml")
[ "$("$cli" --version)" = "StateTrace Ingest $want" ] || fail "statetrace-cli --version: $("$cli" --version)"
[ "$("$gui" --version)" = "StateTrace Ingest $want" ] || fail "statetrace --version: $("$gui" --version)"
step "versions ok ($want)"

# Package data found with importlib.resources (setup.py's mapping: ui/ -> statetrace_gui/ui, ...).
for f in "$root"/ui/*.ui "$root"/resources/icons/*.svg "$root"/data/StateTraceSettings.json; do
  rel=${f#"$root"/}
  case $rel in ui/* | resources/*) rel=statetrace_gui/$rel ;; data/*) rel=engine/$rel ;; esac
  [ -f "$bundle/_internal/$rel" ] || fail "$rel is not in the bundle"
done
step "bundled ui/, resources/ and default settings ok"

# 2. the bundled samples, headless ------------------------------------------------------------------
samples=$bundle/_internal/engine/data/samples
[ -n "$(ls "$samples"/*.log 2>/dev/null)" ] || fail "no sample transcripts in $samples"
rc=0
"$cli" ingest "$samples" --home "$tmp/ws" --json > "$tmp/samples.json" 2> "$tmp/samples.err" || rc=$?
summary=$(check_summary "$tmp/samples.json" 1 2>&1) || fail "sample ingest: $summary (exit $rc)"
[ "$rc" = 0 ] || fail "sample ingest exited $rc: $(tail -5 "$tmp/samples.err")"
step "sample ingest ok: $summary"

# 3. default workspace: the per-user data folder, seeded with the bundled settings ------------------
rc=0
HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg "$cli" ingest "$samples" --json > "$tmp/default.json" 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "ingest without --home exited $rc: $(tail -5 "$tmp/default.json")"
cmp -s "$tmp/xdg/StateTraceIngest/data/StateTraceSettings.json" "$bundle/_internal/engine/data/StateTraceSettings.json" \
  || fail "default settings were not seeded into \$XDG_DATA_HOME/StateTraceIngest/data"
[ -n "$(find "$tmp/xdg/StateTraceIngest/data" -name '*.sqlite' -print -quit)" ] \
  || fail "no site database in the user data folder"
step "user data folder workspace ok"

# 4. the frozen spawn pool on > 8 MB ----------------------------------------------------------------
# 70 files, each 17 renamed copies of every sample: unique host names, ~9.5 MB in all.
big=$tmp/big
mkdir -p "$big"
awk -v out="$big" -v files=70 -v copies=17 '
  FNR == 1 { n++ }
  { lines[n, FNR] = $0; count[n] = FNR }
  END {
    for (f = 1; f <= files; f++) {
      path = sprintf("%s/stress_%03d.log", out, f)
      for (c = 1; c <= copies; c++) {
        tag = sprintf("%03d%02d", f, c)
        for (k = 1; k <= n; k++) for (i = 1; i <= count[k]; i++) {
          line = lines[k, i]; gsub(/-AS-[0-9]+/, "&" tag, line); print line > path
        }
      }
      close(path)
    }
  }' "$samples"/*.log
bytes=$(cat "$big"/*.log | wc -c)
[ "$bytes" -gt $((8 * 1024 * 1024)) ] || fail "stress corpus is only $bytes bytes"
"$cli" ingest "$big" --home "$tmp/ws2" --json --processes 2 > "$tmp/big.json" 2> "$tmp/big.err" &
pid=$!
max_children=0
while kill -0 "$pid" 2>/dev/null; do
  # The pool's workers and multiprocessing's resource tracker: children of the frozen executable.
  n=$(ps -o pid= --ppid "$pid" | wc -l || true)  # ps exits 1 when there are none
  [ "$n" -gt "$max_children" ] && max_children=$n
  sleep 0.1
done
rc=0
wait "$pid" || rc=$?
summary=$(check_summary "$tmp/big.json" 70 2>&1) || fail "pool ingest: $summary (exit $rc)"
[ "$rc" = 0 ] || fail "pool ingest exited $rc: $(tail -5 "$tmp/big.err")"
[ "$max_children" -ge 2 ] || fail "pool ingest ran with $max_children child processes: the spawn pool did not start"
grep -q '"ParseProcesses": *2' "$tmp"/ws2/logs/IngestionMetrics/*.json \
  || fail "telemetry does not record ParseProcesses 2"
step "spawn pool ok: $((bytes / 1024 / 1024)) MB, up to $max_children child processes; $summary"

# 4b. what the bundle can load: doctor, then the PostgreSQL and ODBC stores for real ------------------
# The bundle shares one OpenSSL between Python's ssl and psycopg's libpq and replaces `cryptography` by
# an AES-CBC stand-in for the Secret Service keyring (packaging/statetrace.spec): each must still load.
"$cli" doctor --json > "$tmp/doctor.json" 2> "$tmp/doctor.err" || fail "doctor exited $?: $(tail -5 "$tmp/doctor.err")"
doctor=$("$PY" - "$tmp/doctor.json" <<'PYEOF'
import json
import sys

report = json.load(open(sys.argv[1]))
parts = {p["name"]: p for p in report["parts"]}
need = ["sqlite", "tls", "postgresql", "odbc", "secret-service"]
bad = [f"{n}: {parts[n]['detail'] if n in parts else 'not reported'}" for n in need if not parts.get(n, {}).get("ok")]
if not report["frozen"]:
    bad.append("doctor does not report a frozen bundle")
if bad:
    sys.exit("; ".join(bad))
print(", ".join(f"{n} ({parts[n]['detail'][:40]})" for n in ("tls", "postgresql")))
PYEOF
) || fail "doctor: $doctor"
step "doctor ok: $doctor"

if "$PY" "$root/scripts/pg_test_server.py" start > "$tmp/pg.txt" 2> "$tmp/pg.err"; then
  dsn=$(sed -n 's/^DSN=//p' "$tmp/pg.txt")
  pgdir=$(sed -n 's/^DIR=//p' "$tmp/pg.txt")
  rc=0
  "$cli" ingest "$samples" --home "$tmp/ws_pg" --backend postgresql --dsn "$dsn" --json > "$tmp/pg.json" \
    2> "$tmp/pg_ingest.err" || rc=$?
  "$PY" "$root/scripts/pg_test_server.py" stop "$pgdir" > /dev/null 2>&1 || true
  [ "$rc" = 0 ] || fail "PostgreSQL ingest exited $rc: $(tail -5 "$tmp/pg_ingest.err")"
  "$PY" -c "import json,sys; s=json.load(open(sys.argv[1])); sys.exit(0 if s['hosts'] and s['parsed']==s['hosts'] and not s['failed'] else f'{s}')" \
    "$tmp/pg.json" || fail "PostgreSQL ingest did not store every host"
  step "PostgreSQL store ok (frozen psycopg/libpq over the shared OpenSSL)"
else
  step "PostgreSQL store skipped: no server binaries ($(tail -1 "$tmp/pg.err"))"
fi

if odbcinst -q -d 2>/dev/null | grep -qx '\[SQLite3\]'; then
  rc=0
  "$cli" ingest "$samples" --home "$tmp/ws_odbc" --backend odbc --odbc 'Driver=SQLite3;Database={site_path}' \
    --json > "$tmp/odbc.json" 2> "$tmp/odbc.err" || rc=$?
  [ "$rc" = 0 ] || fail "ODBC ingest exited $rc: $(tail -5 "$tmp/odbc.err")"
  step "ODBC store ok (bundled unixODBC with the system's SQLite3 driver)"
else
  step "ODBC store skipped: the SQLite3 ODBC driver is not registered (scripts/system-deps.sh)"
fi

# 5. the GUI, offscreen -------------------------------------------------------------------------------
gui_home=$tmp/ws3
if "$gui" --help 2>/dev/null | grep -q -- '--smoke-test'; then
  rc=0
  timeout 120 "$gui" --home "$gui_home" --smoke-test > "$tmp/gui.out" 2> "$tmp/gui.err" || rc=$?
  [ "$rc" = 0 ] || fail "statetrace --smoke-test exited $rc: $(tail -20 "$tmp/gui.err")"
else
  # No self-test flag yet: it must build its window (the workspace appears then), stay up 5 s more, and
  # end on SIGTERM (exit status 143). Up to 60 s to start: CI machines are busy.
  "$gui" --home "$gui_home" > "$tmp/gui.out" 2> "$tmp/gui.err" &
  pid=$!
  up=-1
  for _ in $(seq 1 240); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" || true; fail "statetrace exited early: $(tail -20 "$tmp/gui.err")"; }
    if [ "$up" -lt 0 ] && [ -d "$gui_home/data" ]; then up=0; fi
    if [ "$up" -ge 0 ]; then up=$((up + 1)); [ "$up" -gt 20 ] && break; fi
    sleep 0.25
  done
  [ "$up" -gt 20 ] || fail "statetrace did not open its workspace $gui_home within 60 s"
  children=$(ps -o pid= --ppid "$pid" | tr -d ' ' | tr '\n' ' ' || true)
  kill -TERM "$pid"
  rc=0
  wait "$pid" || rc=$?
  [ "$rc" = 143 ] || fail "statetrace ended with $rc on SIGTERM, not 143: $(tail -20 "$tmp/gui.err")"
  for child in $children; do  # multiprocessing's helpers must not outlive the app
    for _ in $(seq 1 40); do kill -0 "$child" 2>/dev/null || break; sleep 0.25; done
    ! kill -0 "$child" 2>/dev/null || fail "process $child outlived statetrace"
  done
fi
! grep -q -E 'Traceback|Failed to execute script|Segmentation fault' "$tmp/gui.err" \
  || fail "statetrace reported an error: $(tail -20 "$tmp/gui.err")"
[ -d "$gui_home/data" ] || fail "statetrace did not open its workspace $gui_home"
grep -q "INFO    statetrace: StateTrace Ingest $want starting" "$STATETRACE_LOG_DIR/statetrace.log" \
  || fail "the GUI wrote no start record to $STATETRACE_LOG_DIR/statetrace.log"
grep -q "statetrace: statetrace-cli $want: ingest" "$STATETRACE_LOG_DIR/statetrace-cli.log" \
  || fail "the CLI wrote no run record to $STATETRACE_LOG_DIR/statetrace-cli.log"
step "GUI ok (offscreen); log files ok"
step "all checks passed for $bundle"

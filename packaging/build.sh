#!/usr/bin/env bash
# Builds the Linux bundle dist/StateTraceIngest/ (statetrace + statetrace-cli sharing one folder) with
# PyInstaller and prints its size. `make package` installs the `package` extra and runs this.
# Usage: bash packaging/build.sh [--clean] [--tar]
#   --clean  drop PyInstaller's analysis cache (a cached rebuild takes a fraction of a clean one)
#   --tar    also write dist/StateTraceIngest-<version>-linux-<arch>.tar.gz
# PYTHON=/path/to/python picks the interpreter (default: .venv/bin/python, else python3).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=$(command -v python3)
clean=() tar=0
for arg in "$@"; do
  case $arg in
    --clean) clean=(--clean) ;;
    --tar) tar=1 ;;
    *) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

"$PY" -c "import PyInstaller" 2>/dev/null || {
  echo "build.sh: PyInstaller is not installed for $PY: run 'make package' or pip install -e '.[package]'" >&2
  exit 1
}
# The version comes from pyproject.toml through the installed metadata: refuse a stale editable install,
# or the executables would report the previous version.
version=$("$PY" - <<'PYEOF'
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version

want = tomllib.load(open("pyproject.toml", "rb"))["project"]["version"]
try:
    have = version("statetrace-ingest")
except PackageNotFoundError:
    sys.exit("build.sh: statetrace-ingest is not installed: run pip install -e '.[package]'")
if have != want:
    sys.exit(f"build.sh: installed metadata says {have}, pyproject.toml says {want}: run pip install -e '.[package]'")
print(want)
PYEOF
)

start=$SECONDS
"$PY" packaging/make_icons.py --out build/icons
"$PY" -m PyInstaller --noconfirm "${clean[@]}" --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/statetrace.spec
bundle=dist/StateTraceIngest
# Files keep their checkout modes (data/StateTraceSettings.json is 0600): make the bundle readable for
# every user of a shared install.
chmod -R a+rX "$bundle"
cp packaging/linux/statetrace.desktop packaging/linux/install.sh "$bundle/"
printf '{"version": "%s", "commit": "%s", "built": "%s"}\n' "$version" \
  "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$bundle/BUILD-INFO.json"

# Both units, said as such: MiB on disk (du, what a file manager shows) and MB of file contents.
size_mib=$(du -sm "$bundle" | cut -f1)
size_mb=$(du -sb "$bundle" | awk '{printf "%.1f", $1 / 1e6}')
echo "build.sh: $bundle: StateTrace Ingest $version, ${size_mib} MiB on disk (${size_mb} MB of files), built in $((SECONDS - start)) s"
if [ "$tar" = 1 ]; then
  archive="dist/StateTraceIngest-$version-linux-$(uname -m).tar.gz"
  tar -C dist -czf "$archive" StateTraceIngest
  echo "build.sh: $archive ($(du -sm "$archive" | cut -f1) MB)"
fi

#!/usr/bin/env bash
# Installs this StateTrace Ingest bundle for the current user (no root): the folder to
# ~/.local/opt/StateTraceIngest, `statetrace` and `statetrace-cli` into ~/.local/bin, the menu entry
# (with "Open with StateTrace Ingest" for .log files) and its icon. Run it from the unpacked bundle.
# Usage: ./install.sh [--uninstall]      PREFIX=/opt/... for another location (then run as root)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
data=${XDG_DATA_HOME:-$HOME/.local/share}
[ "$prefix" = "$HOME/.local" ] || data=$prefix/share
target=$prefix/opt/StateTraceIngest
apps=$data/applications
icon=$data/icons/hicolor/256x256/apps/statetrace.png

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$target" "$apps/statetrace.desktop" "$icon" "$prefix/bin/statetrace" "$prefix/bin/statetrace-cli"
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps" || true
  echo "StateTrace Ingest removed (the workspace in ${XDG_DATA_HOME:-$HOME/.local/share}/StateTraceIngest is kept)"
  exit 0
fi
[ -x "$here/statetrace" ] && [ -x "$here/statetrace-cli" ] || { echo "install.sh: run me from the bundle folder" >&2; exit 1; }

if [ "$here" != "$target" ]; then
  rm -rf "$target.new"
  mkdir -p "$(dirname "$target")"
  cp -a "$here" "$target.new"
  rm -rf "$target"
  mv "$target.new" "$target"
fi
mkdir -p "$prefix/bin" "$apps" "$(dirname "$icon")"
ln -sfn "$target/statetrace" "$prefix/bin/statetrace"
ln -sfn "$target/statetrace-cli" "$prefix/bin/statetrace-cli"
cp "$target/_internal/statetrace_gui/resources/statetrace.png" "$icon"
sed -e "s|^Exec=statetrace |Exec=\"$target/statetrace\" |" -e "s|^TryExec=statetrace$|TryExec=$target/statetrace|" \
  "$target/statetrace.desktop" > "$apps/statetrace.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "StateTrace Ingest installed in $target; menu entry $apps/statetrace.desktop; commands in $prefix/bin"

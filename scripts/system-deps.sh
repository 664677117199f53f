#!/usr/bin/env bash
# Installs the Debian packages the tests and the app need (ODBC drivers, PostgreSQL, Xvfb, Qt's xcb libs).
# Runs only as root on a Debian-like system and only installs what is missing; elsewhere it explains.
set -euo pipefail
pkgs=(unixodbc libsqliteodbc odbc-postgresql odbc-mdbtools postgresql xvfb xauth imagemagick
      libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0
      libxcb-icccm4 libxcb-keysyms1 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
      libxcb-shape0 libxcb-xkb1
      icu-devtools gcc binutils)  # packaging/statetrace.spec: English-only ICU data, strip
command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian system; install unixODBC, the SQLite3 ODBC driver and PostgreSQL yourself"; exit 0; }
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: missing Debian packages: ${missing[*]}"
  echo "system-deps: run 'sudo apt-get install ${missing[*]}' (tests that need them are skipped otherwise)"
  exit 0
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

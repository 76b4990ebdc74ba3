#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages venueplans needs, only those missing (idempotent, quiet when done).
#   system-deps.sh run   -> what the desktop app needs (venv, OpenGL, Qt's xcb platform libraries)
#   system-deps.sh test  -> the above + Xvfb for the GUI tests and fonts for the printed plans
set -euo pipefail
group="${1:-run}"
run_pkgs=(python3-venv libgl1 libegl1 libglx-mesa0 libosmesa6 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1
          libxcb-image0 libxcb-render-util0 libxcb-xkb1 libxcb-cursor0 libxcb-shape0 libxcb-randr0
          libxcb-xinerama0 libdbus-1-3 libfontconfig1 fonts-dejavu-core)
test_pkgs=(xvfb xauth poppler-utils)
pkgs=("${run_pkgs[@]}")
[ "$group" = test ] && pkgs+=("${test_pkgs[@]}")

command -v dpkg-query >/dev/null || { echo "system-deps: not a Debian/Ubuntu system; install the equivalents of: ${pkgs[*]}" >&2; exit 0; }
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3-venv is only needed when the interpreter lacks a working venv/ensurepip.
if python3 -c "import venv, ensurepip" 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
[ ${#missing[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

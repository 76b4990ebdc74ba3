#!/usr/bin/env bash
# Smoke test of the frozen application (packaging/venueplans.spec), offline and outside the checkout.
# It runs every path the spec trims around (packaging/frozen_trim.py), so a part left out shows up here:
#   --version; `list --json` on a fresh catalogue (the sample venues seeded); `render` of a sample to PNG
#   (VTK off-screen); the theatre's dossier to PDF and one storey to PNG (reportlab, pypdfium2); `import` of
#   the sample IFC (ifcopenshell's parsers, mappings and kernels, in the import worker) and of the sample
#   glTF (trimesh) into a fresh catalogue; `show` of the IFC's warnings in French (the shipped .mo);
#   `open --screenshot` of a sample in the desktop app (Qt, VTK's Qt widget, the OpenGL probe) under Xvfb, when
#   xvfb-run or a display is there; the user guide shipped.
#   packaging/smoke-frozen.sh dist/venueplans
set -euo pipefail
app_dir=$(cd "${1:?usage: smoke-frozen.sh DIST_DIR}" && pwd)
samples=$(cd "$(dirname "$0")/../sample_venues" && pwd)
exe="$app_dir/venueplans"
[ -x "$exe" ] || exe="$app_dir/venueplans.exe"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$samples/theatre.ifc" "$samples/theatre.glb" "$work/"
cd "$work"   # nothing of the checkout is reachable from here
env -i HOME="$work" PATH=/usr/bin:/bin XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" \
    DISPLAY="${DISPLAY:-}" LANG=C.UTF-8 VENUEPLANS_LANG=en bash -c '
  set -euo pipefail
  exe="$1"
  exec 3>&1  # progress lines, whatever a step redirects
  step() { printf "smoke: %-58s" "$1" >&3; shift; local t0; t0=$(date +%s.%N); "$@"
           python3 -c "import sys; print(f\"{float(sys.argv[2])-float(sys.argv[1]):6.1f} s\")" "$t0" "$(date +%s.%N)" >&3; }
  png() { python3 -c "import sys; d=open(sys.argv[1],\"rb\").read(); assert d[:8]==b\"\x89PNG\r\n\x1a\n\" and len(d)>int(sys.argv[2]), (sys.argv[1], len(d))" "$@"; }
  start=$(date +%s.%N)
  step "--version" "$exe" --version >/dev/null
  step "list --json, fresh catalogue (seeds the samples)" "$exe" --catalogue cat.sqlite list --json > list.json
  python3 - <<PY
import json
venues = json.load(open("list.json"))
assert len(venues) == 2, venues
PY
  id=$(python3 -c "import json; print(next(v[\"id\"] for v in json.load(open(\"list.json\")) if v[\"kind\"] == \"theatre\"))")
  step "render the theatre to PNG" "$exe" --catalogue cat.sqlite render "$id" -o sample.png --size 640x400 >/dev/null
  png sample.png 5000
  step "plan: the theatre dossier to PDF" "$exe" --catalogue cat.sqlite plan "$id" -o dossier.pdf >/dev/null
  python3 -c "d=open(\"dossier.pdf\",\"rb\").read(); assert d[:5]==b\"%PDF-\" and d.count(b\"/Type /Page\") >= 6, len(d)"
  step "plan: one storey to PNG" "$exe" --catalogue cat.sqlite plan "$id" --storey 0 -o storey.png >/dev/null
  png storey.png 5000
  export VENUEPLANS_NO_SAMPLES=1
  step "import the sample IFC into a fresh catalogue" "$exe" --catalogue fresh.sqlite import theatre.ifc --name IFC >/dev/null 2>import.log
  step "import the sample glTF" "$exe" --catalogue fresh.sqlite import theatre.glb --name GLB >/dev/null 2>>import.log
  "$exe" --catalogue fresh.sqlite list --json > fresh.json
  python3 - <<PY
import json
venues = {v["name"]: v for v in json.load(open("fresh.json"))}
assert set(venues) == {"IFC", "GLB"}, venues
assert all(v["storeys"] >= 2 and v["exits"] >= 1 for v in venues.values()), venues
PY
  VENUEPLANS_LANG=fr "$exe" --catalogue fresh.sqlite show IFC > show-fr.txt
  grep -q "fois" show-fr.txt || { echo "smoke: the import warnings are not shown in French:" >&2; cat show-fr.txt >&2; exit 1; }
  if command -v xvfb-run >/dev/null || [ -n "${DISPLAY:-}" ]; then
    gui=()
    command -v xvfb-run >/dev/null && gui=(xvfb-run -a -s "-screen 0 1366x768x24")
    step "open --screenshot (desktop app, 3D view)" "${gui[@]}" "$exe" --catalogue cat.sqlite open "$id" --screenshot shot.png >/dev/null
    png shot.png 20000
  else
    echo "smoke: open --screenshot skipped: no display and no xvfb-run"
  fi
  end=$(date +%s.%N)
  echo "smoke: frozen app OK ($(python3 -c "print(round($end-$start,1))") s in all)"
' _ "$exe"
# Help > User guide: both languages and their pictures travel with the frozen app (paths.GUIDE)
guide=$(find "$app_dir" -path '*/venueplans/guide/fr.md' -print -quit)
if [ -z "$guide" ] || [ ! -f "$(dirname "$guide")/en.md" ] || [ ! -d "$(dirname "$guide")/images/fr" ]; then
  echo "smoke: the user guide (venueplans/guide) is missing from $app_dir" >&2
  exit 1
fi
echo "smoke: user guide shipped ($(dirname "$guide"))"

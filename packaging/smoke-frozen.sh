#!/usr/bin/env bash
# Smoke test of the frozen application (packaging/venueplans.spec), offline and outside the checkout:
# --version, `list --json` on a fresh catalogue (the sample venues seeded), `render` of a sample to PNG,
# the user guide shipped.
#   packaging/smoke-frozen.sh dist/venueplans
set -euo pipefail
app_dir=$(cd "${1:?usage: smoke-frozen.sh DIST_DIR}" && pwd)
exe="$app_dir/venueplans"
[ -x "$exe" ] || exe="$app_dir/venueplans.exe"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"   # nothing of the checkout is reachable from here
env -i HOME="$work" PATH=/usr/bin:/bin XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" \
    DISPLAY="${DISPLAY:-}" LANG=C.UTF-8 bash -c '
  set -euo pipefail
  exe="$1"
  start=$(date +%s.%N)
  "$exe" --version
  "$exe" --catalogue cat.sqlite list --json > list.json
  python3 - <<PY
import json
venues = json.load(open("list.json"))
assert len(venues) == 2, venues
print("smoke: seeded", ", ".join(v["name"] for v in venues))
PY
  id=$(python3 -c "import json; print(json.load(open(\"list.json\"))[0][\"id\"])")
  "$exe" --catalogue cat.sqlite render "$id" -o sample.png --size 640x400
  python3 -c "import sys; d=open(\"sample.png\",\"rb\").read(); assert d[:8]==b\"\x89PNG\r\n\x1a\n\" and len(d)>5000, len(d)"
  end=$(date +%s.%N)
  echo "smoke: frozen app OK ($(python3 -c "print(round($end-$start,1))") s for version + seed + list + render)"
' _ "$exe"
# Help > User guide: both languages and their pictures travel with the frozen app (paths.GUIDE)
guide=$(find "$app_dir" -path '*/venueplans/guide/fr.md' -print -quit)
if [ -z "$guide" ] || [ ! -f "$(dirname "$guide")/en.md" ] || [ ! -d "$(dirname "$guide")/images/fr" ]; then
  echo "smoke: the user guide (venueplans/guide) is missing from $app_dir" >&2
  exit 1
fi
echo "smoke: user guide shipped ($(dirname "$guide"))"

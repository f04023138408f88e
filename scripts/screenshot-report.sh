#!/usr/bin/env bash
# Renders the demo HTML report in headless Chromium and saves a PNG, to look at the page as a
# browser draws it. Needs chromium (Debian: apt-get install -y chromium). Not part of CI.
# Usage: scripts/screenshot-report.sh [OUT.png]   (the HTML is written next to it)
set -euo pipefail
cd "$(dirname "$0")/.."
png="$(realpath -m "${1:-earshot-report.png}")"
html="${png%.png}.html"
mkdir -p "$(dirname "$png")"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "screenshot-report: chromium not found (apt-get install -y chromium)" >&2
  exit 1
fi
npm run build --silent
node scripts/demo-report.js "$html"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --screenshot="$png" --window-size=1280,2000 \
  "file://$html" 2>/dev/null
echo "wrote $png (from $html)"

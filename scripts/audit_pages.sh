#!/usr/bin/env bash
# Lighthouse accessibility score and Nu HTML checker errors for the public pages of a running site.
# Usage: make run (in another shell), then: BASE_URL=http://127.0.0.1:8000 bash scripts/audit_pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BASE_URL="${BASE_URL:-http://127.0.0.1:${PORT:-8000}}"
OUT="var/audit"
mkdir -p "$OUT"
export CHROME_PATH=/usr/bin/chromium
FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --disable-quic --no-first-run"
PAGES=(/ /lieux/ "/lieux/?kind=telecentre" "/lieux/?commune=Saint-Ch%C3%A9ly-d%27Apcher&radius=20" /mentions-legales/
       /accessibilite/ /donnees-personnelles/ /contact/ /communaute/ /aide-teletravail/ /accompagnement/ /agenda/
       /compte/login/ /compte/signup/ /opendata/)
first_place=$(curl -fsS "$BASE_URL/api/v1/places?page_size=1" | python3 -c 'import json,sys; d=json.load(sys.stdin); r=d.get("results") or d.get("items") or []; print(r[0]["url"] if r else "")' || true)
[ -n "$first_place" ] && PAGES+=("${first_place#"$BASE_URL"}")
printf '%-60s %s\n' "page" "lighthouse accessibility"
i=0
for page in "${PAGES[@]}"; do
  i=$((i+1))
  node_modules/.bin/lighthouse "$BASE_URL$page" --only-categories=accessibility --output=json --output-path="$OUT/lh$i.json" \
     --chrome-flags="$FLAGS" --quiet --max-wait-for-load=20000 >/dev/null 2>&1 || true
  score=$(python3 -c "import json;d=json.load(open('$OUT/lh$i.json'));print(round(d['categories']['accessibility']['score']*100)); [print('   -', a['id'], a['title']) for a in d['audits'].values() if a.get('score') is not None and a['score']<1 and a.get('scoreDisplayMode')=='binary']" 2>/dev/null || echo "n/a")
  printf '%-60s %s\n' "$page" "$score"
  curl -fsS "$BASE_URL$page" -o "$OUT/page$i.html" || true
done
echo
echo "Nu HTML checker (errors only):"
java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only "$OUT"/page*.html && echo "no errors"

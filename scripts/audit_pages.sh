#!/usr/bin/env bash
# Lighthouse (its default mobile profile: accessibility, best practices, performance) and the Nu HTML checker on the
# public pages of a running site. Fails when accessibility < 100, best practices < 96, performance < 90 on any page,
# or on any Nu error. Scores are only meaningful on a quiet machine and on the site served as in production
# (DEBUG off, compressed and hashed static files with far-future cache headers, the page cache), e.g.:
#   export DJANGO_SETTINGS_MODULE=config.settings.base DEBUG=0 SQLITE_PATH=/tmp/audit.sqlite3
#   .venv/bin/python manage.py collectstatic --noinput
#   .venv/bin/gunicorn config.wsgi -b 127.0.0.1:8000 -w 2
# then: BASE_URL=http://127.0.0.1:8000 bash scripts/audit_pages.sh   (or make audit)
# Thresholds: LH_ACCESSIBILITY, LH_BEST_PRACTICES, LH_PERFORMANCE (0-100). Reports in var/audit/.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE_URL="${BASE_URL:-http://127.0.0.1:${PORT:-8000}}"
MIN_ACCESSIBILITY="${LH_ACCESSIBILITY:-100}"
MIN_BEST_PRACTICES="${LH_BEST_PRACTICES:-96}"
MIN_PERFORMANCE="${LH_PERFORMANCE:-90}"
OUT="var/audit"
rm -rf "$OUT"
mkdir -p "$OUT"
export CHROME_PATH=/usr/bin/chromium
FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --disable-quic --no-first-run"
PAGES=(/ /lieux/ "/lieux/?kind=telecentre" "/lieux/?commune=Saint-Ch%C3%A9ly-d%27Apcher&radius=20" /lieux/charte/
       /mentions-legales/ /accessibilite/ /donnees-personnelles/ /contact/ /communaute/ /aide-teletravail/
       /accompagnement/ /agenda/ "/agenda/?vue=mois" /agenda/passes/ /agenda/rencontres-du-teletravail-2011/ /ressources/ /compte/login/ /compte/signup/ /opendata/
       /reservations/statistiques/ "/reservations/statistiques/?mois=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)"
       /reservations/impact/ /statistiques/)
first_place=$(curl -fsS "$BASE_URL/api/v1/places?page_size=1" | python3 -c 'import json,sys; d=json.load(sys.stdin); r=d.get("results") or d.get("items") or []; print(r[0]["url"] if r else "")' || true)
[ -n "$first_place" ] && PAGES+=("${first_place#"$BASE_URL"}")
# A télécentre with resources to book (its bookings and occupancy panel), and its page of resources.
bookable_place=$(BASE_URL="$BASE_URL" python3 -c '
import json, os, urllib.request
base = os.environ["BASE_URL"]
def get(path):
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return json.load(response)
for place in get("/api/v1/places?kind=telecentre&page_size=100").get("results") or []:
    if get("/api/v1/places/" + place["slug"] + "/availability").get("resources"):
        print(place["url"])
        break
' || true)
[ -n "$bookable_place" ] && PAGES+=("${bookable_place#"$BASE_URL"}" "${bookable_place#"$BASE_URL"}reserver/")
# An upcoming event (with its sites and registration), a past one (the 2011 rencontres are always there) and a resource.
for query in "/api/v1/events?page_size=1" "/api/v1/resources?page_size=1"; do
  url=$(curl -fsS "$BASE_URL$query" | python3 -c '
import json, sys
r = json.load(sys.stdin).get("results") or []
print(r[0]["url"] if r else "")' || true)
  [ -n "$url" ] && PAGES+=("${url#"$BASE_URL"}")
done
past_event=$(curl -fsS "$BASE_URL/agenda/passes/" | grep -o 'href="/agenda/[a-z0-9-]*/"' | grep -v '/agenda/passes/' | head -1 | cut -d'"' -f2 || true)
[ -n "$past_event" ] && PAGES+=("$past_event")
failed=0
printf '%-58s %6s %6s %6s\n' "page (Lighthouse, mobile)" "a11y" "bp" "perf"
i=0
for page in "${PAGES[@]}"; do
  i=$((i+1))
  # Lighthouse sometimes loses its trace (NO_NAVSTART, no score): one more try before counting it.
  for attempt in 1 2; do
    node_modules/.bin/lighthouse "$BASE_URL$page" --only-categories=accessibility,best-practices,performance \
       --output=json --output-path="$OUT/lh$i.json" --chrome-flags="$FLAGS" --quiet --max-wait-for-load=30000 \
       >/dev/null 2>"$OUT/lh$i.log" || true
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(1 if d.get("runtimeError") else 0)' \
       "$OUT/lh$i.json" 2>/dev/null && break
  done
  python3 - "$OUT/lh$i.json" "$page" "$MIN_ACCESSIBILITY" "$MIN_BEST_PRACTICES" "$MIN_PERFORMANCE" <<'EOF' || failed=1
import json, sys
path, page, *minimums = sys.argv[1:]
try:
    report = json.load(open(path))
except (OSError, ValueError):
    print(f"{page:58} no report (see {path.replace('.json', '.log')})")
    sys.exit(1)
keys = ["accessibility", "best-practices", "performance"]
scores = {key: report["categories"][key]["score"] for key in keys}
shown = ["n/a" if scores[key] is None else str(round(scores[key] * 100)) for key in keys]
print(f"{page:58} {shown[0]:>6} {shown[1]:>6} {shown[2]:>6}")
low = [key for key, minimum in zip(keys, minimums) if scores[key] is None or round(scores[key] * 100) < int(minimum)]
for key in low:
    # What costs points: the failed audits of that category, heaviest first.
    refs = sorted(report["categories"][key]["auditRefs"], key=lambda ref: -ref["weight"])
    for ref in refs:
        audit = report["audits"][ref["id"]]
        if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") != "informative":
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            print(f"    {key}: {ref['id']}{value}")
sys.exit(1 if low else 0)
EOF
  curl -fsS "$BASE_URL$page" -o "$OUT/page$i.html" || failed=1
done
echo
echo "Nu HTML checker (errors only):"
if java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only "$OUT"/page*.html; then
  echo "no errors"
else
  failed=1
fi
[ "$failed" = 0 ] && echo "audit: all pages pass" || echo "audit: FAILED (thresholds: accessibility $MIN_ACCESSIBILITY, best practices $MIN_BEST_PRACTICES, performance $MIN_PERFORMANCE, 0 Nu error)"
exit "$failed"

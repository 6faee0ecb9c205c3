#!/usr/bin/env bash
# Runs sqlmap (Debian package `sqlmap`) against the query, filter, search and form parameters of
# a Pontes server on loopback, and fails if it reports any injection point. Not part of
# `npm test`: it takes minutes. Bounded: each target gets at most SQLMAP_TARGET_SECONDS (default
# 300). Rate limits are off for the run (PONTES_RATE_LIMITS=off), on this throwaway server only.
#
#   scripts/sqlmap.sh              # embedded database in a temporary folder, demo data
#   SQLMAP_LEVEL=3 scripts/sqlmap.sh
set -euo pipefail
cd "$(dirname "$0")/.."

command -v sqlmap >/dev/null || { echo "sqlmap is not installed (apt-get install sqlmap)" >&2; exit 2; }
[ -f dist/main.js ] || npm run build >/dev/null

level=${SQLMAP_LEVEL:-2}
risk=${SQLMAP_RISK:-1}
per_target=${SQLMAP_TARGET_SECONDS:-300}
port=${SQLMAP_PORT:-3917}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
export PONTES_DATA_DIR="$work/data" PORT="$port" HOST=127.0.0.1 PONTES_RATE_LIMITS=off PONTES_DEMO=1 LOG_LEVEL=warn DATABASE_URL=
export PONTES_OUTBOX_DIR="$work/outbox" PONTES_REGISTRATION=open

node bin/pontes.js serve >"$work/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

printf 'starting Pontes on %s (first start loads the reference places)…\n' "$base"
for _ in $(seq 1 600); do
  curl -fs "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 1
done
curl -fs "$base/healthz" >/dev/null

# A member with a write token, so authenticated API paths are tested too.
token=""
if node bin/pontes.js help 2>/dev/null | grep -q 'tokens create'; then
  printf 'sqlmap-password-0123\nsqlmap-password-0123\n' | node bin/pontes.js users create --email sqlmap@example.org --role curator >/dev/null
  token=$(node bin/pontes.js tokens create --email sqlmap@example.org --scope write | tail -n 1)
fi

practice=$(curl -fs "$base/api/v1/practices?limit=1" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).items[0].id))")
place=$(curl -fs "$base/api/v1/places?q=maputo&limit=1" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).items[0].id))")

# target: name|method|url|data (sqlmap tests every parameter of the query string or body)
targets=(
  "search api|GET|$base/api/v1/search?q=street+vendors&type=practice&country=MZ&sectors=markets_street_vending&limit=10&offset=0|"
  "search page|GET|$base/search?q=waste+pickers&region=002&good_practice=true|"
  "practice list api|GET|$base/api/v1/practices?country=ZA&region=002&sectors=markets_street_vending&status=published&source=ilo-2013-handbook&good_practice=true&limit=5&offset=0|"
  "practice list page|GET|$base/practices?pillars=rights&modality=south_south&sort=recent|"
  "practice item api|GET|$base/api/v1/practices/$practice*|"
  "places api|GET|$base/api/v1/places?q=maputo&country=MZ&limit=5|"
  "organisations api|GET|$base/api/v1/organisations?q=ilo&limit=5|"
  "match practices api|GET|$base/api/v1/match/practices?need=market+hygiene&place=$place&country=MZ&population=1100000&sectors=markets_street_vending&limit=5|"
  "match places api|GET|$base/api/v1/match/places?place=$place&limit=5|"
  "sign-in form|POST|$base/sign-in|email=someone%40example.org&password=not-the-password&next=%2Faccount"
  "register form|POST|$base/register|email=new%40example.org&name=New+Member&password=a-long-password-123&password_confirm=a-long-password-123"
  "reset form|POST|$base/reset-password|email=someone%40example.org"
  "new practice api (JSON)|POST|$base/api/v1/practices|{\"title\":\"Market hygiene committee\",\"summary\":\"Vendors and the council keep the market clean.\",\"language\":\"en\",\"places\":[{\"city\":\"Maputo\",\"country\":\"MZ\"}],\"sectors\":[\"markets_street_vending\"]}"
)

found=0
unfinished=0
for target in "${targets[@]}"; do
  IFS='|' read -r name method url data <<<"$target"
  args=(-u "$url" --batch --dbms=PostgreSQL --level="$level" --risk="$risk" --technique=BEUST --time-sec=2
        --flush-session --output-dir="$work/sqlmap" --disable-coloring -v 1 --answers="follow=N"
        --ignore-code=401,403,404,409,422)
  [ "$method" = POST ] && args+=(--data "$data" --method POST)
  [ -n "$token" ] && [[ "$url" == *"/api/"* ]] && args+=(-H "Authorization: Bearer $token")
  printf '\n=== %s (%s %s)\n' "$name" "$method" "${url#"$base"}"
  started=$(date +%s)
  set +e
  timeout "$per_target" sqlmap "${args[@]}" >"$work/out.txt" 2>&1
  code=$?
  set -e
  grep -E "identified the following injection point|is vulnerable|appears to be injectable|might be injectable" "$work/out.txt" && found=1
  if ! grep -qE "all tested parameters do not appear to be injectable" "$work/out.txt"; then
    # sqlmap did not finish its tests on this target: show why, and count it as a failure
    tail -n 8 "$work/out.txt"
    unfinished=$((unfinished + 1))
  else
    grep -E "all tested parameters do not appear to be injectable" "$work/out.txt" | head -n 1 | sed 's/\. Try to increase.*//'
  fi
  [ "$code" = 124 ] && echo "(stopped after ${per_target}s)"
  printf '(%s s)\n' $(( $(date +%s) - started ))
done

echo
if [ "$found" = 1 ]; then echo "sqlmap reported a possible injection point: see above"; exit 1; fi
if [ "$unfinished" -gt 0 ]; then echo "sqlmap could not finish $unfinished target(s): see above"; exit 1; fi
echo "sqlmap: nothing found in ${#targets[@]} targets (level $level, risk $risk)"

#!/usr/bin/env bash
# The company's view of its calls at a million calls: a throw-away database filled by scripts/generate-calls.sql
# (1,000,000 calls over 50 companies, one of which holds 500,000, with about ten transcript rows each), Caly built
# from this tree, and HistoryLoad (a separate process) timing the call list's first and a deep page, one call's
# detail, the dashboard over 30 days, the comprehensive report over 90 days, and the call list's throughput
# under concurrent load. All against the big company, with an API key the script adds for it.
# Usage: bash scripts/bench-history.sh [calls] [big]      (default: 1000000 500000)
#        KEEP_DB=caly_history to keep (and on the next run reuse) the generated database
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
calls=${1:-1000000}
big=${2:-500000}
port=18085
db=${KEEP_DB:-caly_history_$$}
psql_db() { psql -h 127.0.0.1 -U postgres -d "$db" -qAt "$@"; }

mvn -q -B -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
classpath="target/classes:target/test-classes:$(cat target/test-classpath.txt)"

log=$(mktemp)
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" PORT=$port API_KEY_RATE_LIMIT=100000000 \
    RECORDING_UPLOAD_AUTO_START=false \
    java -Xms1g -Xmx1g -cp "$classpath" com.caly.Application --logging.level.com.caly.http=WARN >"$log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    if [ -z "${KEEP_DB:-}" ]; then
        psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db with (force)" >/dev/null
    fi
}
trap cleanup EXIT
for _ in $(seq 1 900); do
    curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break
    sleep 1
done

if [ "$(psql_db -c "select count(*) from clients where name like 'Generated %'")" = "0" ]; then
    echo "generating $calls calls ($big in the big company)"
    started=$(date +%s)
    psql -h 127.0.0.1 -U postgres -d "$db" -q -v calls="$calls" -v companies=50 -v big="$big" -v days=365 -v seed=0.42 \
        -f scripts/generate-calls.sql
    echo "generated in $(( $(date +%s) - started )) s"
fi
company=$(psql_db -c "select id from clients where name = 'Generated 01'")
key="caly_benchhistory_$(head -c 30 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
hash=$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)
psql_db -c "insert into api_keys (company_id, name, prefix, key_hash, scopes)
            values ('$company', 'benchmark', 'benchhistory', decode('$hash', 'hex'), '{calls:read,analytics:read}')
            on conflict (prefix) do update set key_hash = excluded.key_hash, revoked_at = null" >/dev/null
psql_db -c "select pg_size_pretty(pg_database_size('$db'))" | sed 's/^/database size: /'

# a cursor a quarter of a million calls deep, and a call to read
deep=$(psql_db -c "select (extract(epoch from started_at) * 1000000)::bigint || ':' || id from calls
                   where company_id = '$company' order by started_at desc, id desc offset $((big / 2)) limit 1" \
       | tr -d '\n' | base64 -w0 | tr '+/' '-_' | tr -d '=')
one=$(psql_db -c "select id from calls where company_id = '$company' and status = 'completed' order by started_at desc limit 1 offset 1000")
load() { java -cp "$classpath" com.caly.calls.HistoryLoad --base="http://127.0.0.1:$port" --key="$key" "$@"; }

echo "== GET /api/calls first page, one client";           load --path="/api/calls?limit=25" --seconds=20
echo "== GET /api/calls page $((big / 2 / 25)) (cursor), one client"; load --path="/api/calls?limit=25&cursor=$deep" --seconds=20
echo "== GET /api/calls filtered (escalated, last 30 days), one client"; load --path="/api/calls?limit=25&escalated=true&from=$(date -u -d '30 days ago' +%F)" --seconds=20
echo "== GET /api/calls/{id}, one client";                  load --path="/api/calls/$one" --seconds=20
echo "== GET /api/analytics/dashboard (30 days), one client"; load --path="/api/analytics/dashboard" --seconds=20
echo "== GET /api/analytics/comprehensive (90 days), one client"
load --path="/api/analytics/comprehensive?from=$(date -u -d '90 days ago' +%F)&to=$(date -u -d 'yesterday' +%F)" --seconds=20
for c in 8 32; do
    echo "== GET /api/calls first and deep pages, $c clients"
    load --path="/api/calls?limit=25" --path="/api/calls?limit=25&cursor=$deep" --concurrency=$c --seconds=20
done

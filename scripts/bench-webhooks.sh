#!/usr/bin/env bash
# Webhook latency under load: wrk, a separate process, sends Exotel call-start webhooks (each a new call) to a
# running Caly built from this tree, against the local PostgreSQL. A throw-away database is created and dropped.
# Usage: bash scripts/bench-webhooks.sh [seconds, default 20] [connections, default 32]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
duration="${1:-20}"
connections="${2:-32}"
port=18081
db="caly_bench_$$"
token="bench-webhook-token-0123456789abcdef"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
mvn -q -B -DskipTests -Dspotless.check.skip=true package
jar=$(ls target/caly-*.jar | grep -v original | head -n 1)

log=$(mktemp)
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" PORT=$port EXOTEL_WEBHOOK_TOKEN=$token \
    RECORDINGS_DIR=$(mktemp -d) RECORDINGS_SPOOL_DIR=$(mktemp -d) \
    java -Xmx512m -jar "$jar" --logging.level.com.caly.http=WARN >"$log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db with (force)" >/dev/null
}
trap cleanup EXIT
for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break
    sleep 1
done

psql -h 127.0.0.1 -U postgres -d "$db" -q <<SQL
with c as (insert into clients (name) values ('Benchmark') returning id)
insert into phone_numbers (company_id, e164) select id, '+918012345678' from c;
SQL

lua=$(mktemp --suffix=.lua)
cat >"$lua" <<LUA
local threads = 0
function setup(thread)
    thread:set("tid", tostring(os.time()) .. "t" .. threads)
    threads = threads + 1
end
counter = 0
request = function()
    counter = counter + 1
    local sid = "bench" .. tid .. "x" .. counter
    return wrk.format("GET", "/webhooks/exotel/call-start?token=$token&CallSid=" .. sid ..
        "&CallFrom=09845012345&CallTo=08012345678&Direction=incoming&Created=2026-11-24%2010:00:00")
end
LUA

echo "warm-up (10 s)"
wrk -t2 -c"$connections" -d10s -s "$lua" "http://127.0.0.1:$port" >/dev/null
for c in 4 "$connections"; do
    echo "measured run (${duration} s, ${c} connections):"
    wrk -t2 -c"$c" -d"${duration}s" --latency -s "$lua" "http://127.0.0.1:$port"
done
calls=$(psql -h 127.0.0.1 -U postgres -d "$db" -Atc "select count(*) from calls")
echo "calls recorded: $calls"

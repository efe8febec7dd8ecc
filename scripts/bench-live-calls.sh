#!/usr/bin/env bash
# Memory and CPU per live call: the load tool (CallLoad, a separate process) streams N simulated Exotel calls in
# real time into a Caly built from this tree, with the test sources' stand-in voice agent (it answers each call's
# first audio with one second of speech), recordings on local disk and the local PostgreSQL. While all N calls are
# live it measures the server's heap after a full GC, its resident memory and its CPU time, against the same
# figures with no call. A throw-away database is created and dropped.
# Usage: bash scripts/bench-live-calls.sh [calls, default 500] [seconds per call, default 90]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
calls="${1:-500}"
seconds="${2:-90}"
ramp=20
port=18082
db="caly_bench_$$"
token="bench-webhook-token-0123456789abcdef"

# CallLoad and the stand-ins are test sources: test-compile builds them and writes target/test-classpath.txt
mvn -q -B -DskipTests test-compile
classpath="target/classes:target/test-classes:$(cat target/test-classpath.txt)"

log=$(mktemp)
spool=$(mktemp -d)
recordings=$(mktemp -d)
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" PORT=$port EXOTEL_WEBHOOK_TOKEN=$token \
    RECORDINGS_DIR=$recordings RECORDINGS_SPOOL_DIR=$spool \
    java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp "$classpath" com.caly.telephony.exotel.InstanceWithStandInAgent \
    --logging.level.com.caly.http=WARN >"$log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db with (force)" >/dev/null
    rm -rf "$spool" "$recordings"
}
trap cleanup EXIT
for _ in $(seq 1 90); do
    curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break
    sleep 1
done

psql -h 127.0.0.1 -U postgres -d "$db" -q <<SQL
with c as (insert into clients (name) values ('Benchmark') returning id)
insert into phone_numbers (company_id, e164) select id, '+918012345678' from c;
SQL

# sums the samples of a Prometheus metric whose name and labels start with the given text
metric() {
    { curl -fs --max-time 20 "http://127.0.0.1:$port/actuator/prometheus" || true; } |
        awk -v p="$1" 'index($1, p) == 1 {s += $NF} END {printf "%.0f", s}'
}
# live heap: the class histogram runs a full GC and totals what survives it (a later reading would include the
# garbage that hundreds of streaming calls make within a second)
live_heap() { jcmd "$server" GC.class_histogram | tee target/live-calls-histogram.txt | awk '/^Total/ {print $3}'; }
rss() { awk '/VmRSS/ {print $2 * 1024}' "/proc/$server/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
threads() { awk '/Threads/ {print $2}' "/proc/$server/status"; }
hz=$(getconf CLK_TCK)

echo "warm-up: 20 calls for 20 s"
java -cp "$classpath" com.caly.telephony.exotel.CallLoad --base="http://127.0.0.1:$port" --token=$token \
    --to=08012345678 --calls=20 --seconds=20 --ramp=2
sleep 5

heap0=$(live_heap)
rss0=$(rss)
threads0=$(threads)
window=20
idle_a=$(cpu_ticks)
sleep $window
idle_b=$(cpu_ticks)

loadlog=$(mktemp)
java -cp "$classpath" com.caly.telephony.exotel.CallLoad --base="http://127.0.0.1:$port" --token=$token \
    --to=08012345678 --calls="$calls" --seconds="$seconds" --ramp=$ramp >"$loadlog" 2>&1 &
load=$!

for _ in $(seq 1 $((ramp + 30))); do
    active=$(metric 'caly_calls_active')
    [ "${active:-0}" -ge "$calls" ] && break
    sleep 1
done
sleep 5
active=$(metric 'caly_calls_active')
cpu_a=$(cpu_ticks)
sleep $window
cpu_b=$(cpu_ticks)
heap1=$(live_heap)
rss1=$(rss)
threads1=$(threads)
active_end=$(metric 'caly_calls_active')

wait "$load" || true
cat "$loadlog"
kill -0 "$server" 2>/dev/null || { echo "the server died; its log:"; tail -50 "$log"; exit 1; }
echo "live calls while measured: $active (at the end of the window: $active_end)"
awk -v h0="$heap0" -v h1="$heap1" -v r0="$rss0" -v r1="$rss1" -v n="$active" -v t0="$threads0" -v t1="$threads1" \
    -v c0="$cpu_a" -v c1="$cpu_b" -v i0="$idle_a" -v i1="$idle_b" -v hz="$hz" -v w="$window" 'BEGIN {
    printf "live heap (after a full GC): %.1f MB with no call, %.1f MB with %d calls: %.1f KB per call\n", h0/1048576, h1/1048576, n, (h1-h0)/n/1024
    printf "resident memory: %.1f MB with no call, %.1f MB with %d calls: %.1f KB per call\n", r0/1048576, r1/1048576, n, (r1-r0)/n/1024
    printf "threads: %d with no call, %d with %d calls\n", t0, t1, n
    idle = (i1-i0)/hz
    cpu = (c1-c0)/hz
    printf "server CPU: %.2f s in %d s with no call, %.2f s with %d calls: %.3f%% of a core per call\n", idle, w, cpu, n, 100*(cpu-idle)/w/n
}'
uploads=$(psql -h 127.0.0.1 -U postgres -d "$db" -Atc "select count(*) from calls where recording_url is not null")
echo "calls with their recording stored so far: $uploads"
echo "the server's largest heap classes with all calls live: target/live-calls-histogram.txt"

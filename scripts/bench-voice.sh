#!/usr/bin/env bash
# The voice bridge under load: Caly built from this tree, wired to the test sources' fake realtime API (a process
# of its own, zero think time, answering each utterance with two seconds of a tone), and the load tool (CallLoad,
# a third process) driving N simulated Exotel calls that stream 20 ms frames in real time: 1.5 s of silence, then
# 1 s of tone, repeated. Each next utterance starts while the agent's reply still plays, so every cycle also
# measures a barge-in. For each N it reports the load tool's reply and barge-in latencies, late agent audio and
# failed calls, and the server's CPU per call-second and live heap per call; also the load tool's and the fake's
# own CPU, as all three share the machine. A throw-away database is created and dropped.
# Usage: bash scripts/bench-voice.sh [N ...]   (default: 1 50 200 350 500)
#        SERVER_JAVA_OPTS="-XX:StartFlightRecording=filename=target/voice.jfr" to profile the server
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(1 50 200 350 500)
seconds=60
ramp=10
port=18083
fake_port=18084
db="caly_bench_$$"
token="bench-webhook-token-0123456789abcdef"

# CallLoad and the stand-ins are test sources: test-compile builds them and writes target/test-classpath.txt
mvn -q -B -DskipTests test-compile
classpath="target/classes:target/test-classes:$(cat target/test-classpath.txt)"

java -Xmx1g -cp "$classpath" com.caly.voice.fake.FakeRealtimeServer $fake_port >/dev/null 2>&1 &
fake=$!
log=$(mktemp)
spool=$(mktemp -d)
recordings=$(mktemp -d)
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" PORT=$port EXOTEL_WEBHOOK_TOKEN=$token \
    OPENAI_API_KEY=test-openai-key OPENAI_BASE_URL="http://127.0.0.1:$fake_port/v1" MAX_LIVE_CALLS=1000 COMPANY_MAX_CONCURRENT_CALLS=1000 \
    RECORDINGS_DIR=$recordings RECORDINGS_SPOOL_DIR=$spool \
    java -Xms1g -Xmx1g -XX:+AlwaysPreTouch ${SERVER_JAVA_OPTS:-} -cp "$classpath" com.caly.Application \
    --logging.level.com.caly.http=WARN >"$log" 2>&1 &
server=$!
cleanup() {
    kill "$server" "$fake" 2>/dev/null || true
    for _ in $(seq 1 20); do
        kill -0 "$server" 2>/dev/null || kill -0 "$fake" 2>/dev/null || break
        sleep 0.5
    done
    kill -9 "$server" "$fake" 2>/dev/null || true
    wait "$server" "$fake" 2>/dev/null || true
    psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db with (force)" >/dev/null
    rm -rf "$spool" "$recordings"
}
trap cleanup EXIT
for _ in $(seq 1 90); do
    curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break
    sleep 1
done

# one company; its agent ends a turn after 200 ms of silence
psql -h 127.0.0.1 -U postgres -d "$db" -q <<SQL
with c as (insert into clients (name) values ('Benchmark') returning id),
     n as (insert into phone_numbers (company_id, e164) select id, '+918012345678' from c)
insert into agent_configs (company_id, turn_detection, handoff_rules)
select id, '{"type":"server_vad","threshold":0.5,"prefixPaddingMs":100,"silenceDurationMs":200,"eagerness":"auto"}',
       '{"onRequest":true,"topics":[],"afterFailedAttempts":2}'
from c;
SQL

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
live_heap() { jcmd "$server" GC.class_histogram | awk '/^Total/ {print $3}'; }
hz=$(getconf CLK_TCK)

echo "warm-up: 20 calls for 20 s"
java -cp "$classpath" com.caly.telephony.exotel.CallLoad --base="http://127.0.0.1:$port" --token=$token \
    --to=08012345678 --calls=20 --seconds=20 --ramp=2 >/dev/null
sleep 5
heap0=$(live_heap)
i_a=$(cpu_ticks "$server")
sleep 20
i_b=$(cpu_ticks "$server")
idle=$((i_b - i_a)) # ticks in 20 s with no call

for n in "${counts[@]}"; do
    loadlog=$(mktemp)
    java -cp "$classpath" com.caly.telephony.exotel.CallLoad --base="http://127.0.0.1:$port" --token=$token \
        --to=08012345678 --calls="$n" --seconds=$seconds --ramp=$ramp >"$loadlog" 2>&1 &
    load=$!
    sleep $((ramp + 10))
    window=30
    s_a=$(cpu_ticks "$server"); f_a=$(cpu_ticks "$fake"); l_a=$(cpu_ticks "$load")
    sleep $window
    s_b=$(cpu_ticks "$server"); f_b=$(cpu_ticks "$fake"); l_b=$(cpu_ticks "$load")
    heap1=$(live_heap)
    wait "$load" || true
    echo "== N=$n"
    cat "$loadlog"
    awk -v n="$n" -v w="$window" -v hz="$hz" -v s="$((s_b - s_a))" -v f="$((f_b - f_a))" -v l="$((l_b - l_a))" \
        -v h0="$heap0" -v h1="$heap1" -v idle="$idle" 'BEGIN {
        busy = s - idle * w / 20
        printf "server CPU %.2f s in %d s (%.2f s of it idle work): %.3f%% of a core per call; fake %.2f s; load tool %.2f s\n", s/hz, w, idle*w/20/hz, 100*busy/hz/w/n, f/hz, l/hz
        printf "live heap %.1f MB with %d calls: %.1f KB per call\n", h1/1048576, n, (h1-h0)/n/1024
    }'
    sleep 10
done

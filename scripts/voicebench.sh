#!/usr/bin/env bash
# The live-call path in the voicebench harness (../shared/bench/voicebench, or VOICEBENCH=path), in one sitting:
# Caly built from this tree in the Exotel flow (per call: the call-start webhook, the stream URL, the stream),
# then the bare baseline bridge (examples/mini-bridge.js --exotel-codec pcmu), each against a fresh fake model with
# zero think time, each after a warm-up run. Results are appended to OUT as loadgen's JSON lines.
#
# Usage: bash scripts/voicebench.sh OUT.jsonl "1 50 200" [loadgen options, e.g. --barge-in 0.3]
# Environment: BARE=0 skips the baseline; CALY=0 skips Caly; STEADY_S (default 20) per run;
#              SOAK_ROUNDS=R runs R rounds of the first N against one Caly process instead (heap after a full GC,
#              threads and reply p99 per round); JAVA_OPTS is given to Caly's JVM (a profiler, say); any Caly variable (PLAYBACK_CHUNK_BYTES=1600, ...) is passed on.
# Every process it starts is stopped on exit; a throw-away database is created and dropped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=$(readlink -f "$1"); NS=$2; shift 2
VB=$(readlink -f "${VOICEBENCH:-../shared/bench/voicebench}")
STEADY=${STEADY_S:-20}
PORT=18180 FAKE_PORT=18190 BARE_PORT=18160 TOKEN=voicebench-token-0123456789abcdef
DB=caly_vb_$$ RUN=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do for _ in $(seq 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done; kill -9 "$p" 2>/dev/null || true; done
    psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
    rm -rf "$RUN"
}
trap cleanup EXIT
start_fake() { (cd "$VB" && exec node fake-openai.js --port "$1" --quiet) >"$RUN/fake-$1.log" 2>&1 & pids+=($!); FAKE_PID=$!; sleep 0.5; }
loadgen() { (cd "$VB" && node loadgen.js --dialect exotel --wait-idle-s 60 --quiet --out "$OUT" "$@") 2>&1 >/dev/null \
    | grep -E "voicebench|reply|barge|spurious|frames|host|cpu|CPU" | grep -v "waiting for idle" || true; }

if [ "${CALY:-1}" = 1 ]; then
    mvn -q -B -o -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true package
    JAR=$(ls target/caly-*.jar | grep -v original | head -1)
    start_fake $FAKE_PORT
    mkdir -p "$RUN/rec" "$RUN/spool"
    DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" PORT=$PORT \
    OPENAI_API_KEY=sk-dummy OPENAI_BASE_URL=http://127.0.0.1:$FAKE_PORT/v1 MAX_LIVE_CALLS=2000 COMPANY_MAX_CONCURRENT_CALLS=2000 \
    EXOTEL_WEBHOOK_TOKEN=$TOKEN WEBHOOK_BASE_URL=http://127.0.0.1:$PORT \
    RECORDINGS_DIR="$RUN/rec" RECORDINGS_SPOOL_DIR="$RUN/spool" \
        java ${JAVA_OPTS:-} -Xms1g -Xmx1g -jar "$JAR" --logging.level.root=WARN >"$RUN/server.log" 2>&1 &
    CALY_PID=$!; pids+=($CALY_PID)
    for _ in $(seq 120); do curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && break; sleep 1; done
    python3 "$VB/caly-setup.py" "http://127.0.0.1:$PORT" "$RUN/server.log" +919100000001 >/dev/null
    FLOW="http://127.0.0.1:$PORT/webhooks/exotel/?token=$TOKEN"
    echo "== Caly (pid $CALY_PID, fake $FAKE_PID) ${PLAYBACK_CHUNK_BYTES:+chunk $PLAYBACK_CHUNK_BYTES B}"
    loadgen --url ws://unused/ --exotel-flow "$FLOW" --calls 20 --steady-s 15 --label warmup "$@" >/dev/null || true
    if [ -n "${SOAK_ROUNDS:-}" ]; then
        n=${NS%% *}
        for round in $(seq "$SOAK_ROUNDS"); do
            loadgen --url ws://unused/ --exotel-flow "$FLOW" --calls "$n" --steady-s "$STEADY" --pid bridge=$CALY_PID \
                --pid fake=$FAKE_PID --label "caly soak round $round N=$n $*" "$@" | grep -E "reply" || true
            jcmd "$CALY_PID" GC.run >/dev/null
            heap=$(jcmd "$CALY_PID" GC.heap_info | grep -oE "used [0-9]+K" | head -1)
            echo "round $round: live heap after a full GC $heap, threads $(grep Threads /proc/$CALY_PID/status | awk '{print $2}')"
        done
    else
        for n in $NS; do
            loadgen --url ws://unused/ --exotel-flow "$FLOW" --calls "$n" --steady-s "$STEADY" --pid bridge=$CALY_PID \
                --pid fake=$FAKE_PID --label "caly N=$n ${PLAYBACK_CHUNK_BYTES:+chunk=$PLAYBACK_CHUNK_BYTES} $*" "$@"
        done
    fi
    kill $CALY_PID $FAKE_PID; sleep 2
    cp "$RUN/server.log" "$OUT.server.log"
fi

if [ "${BARE:-1}" = 1 ]; then
    start_fake $((FAKE_PORT + 1))
    (cd "$VB" && exec node examples/mini-bridge.js --port $BARE_PORT --exotel-codec pcmu \
        --openai "ws://127.0.0.1:$((FAKE_PORT + 1))/v1/realtime?model=gpt-realtime") >"$RUN/bare.log" 2>&1 &
    BARE_PID=$!; pids+=($BARE_PID); sleep 1
    echo "== bare bridge --exotel-codec pcmu (pid $BARE_PID, fake $FAKE_PID)"
    loadgen --url ws://127.0.0.1:$BARE_PORT/ --calls 20 --steady-s 15 --label "warmup bare" "$@" >/dev/null || true
    for n in $NS; do
        loadgen --url ws://127.0.0.1:$BARE_PORT/ --calls "$n" --steady-s "$STEADY" --pid bridge=$BARE_PID --pid fake=$FAKE_PID \
            --label "bare N=$n $*" "$@"
    done
fi

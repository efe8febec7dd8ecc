#!/usr/bin/env bash
# MP3 encoding speed: jump3r (the service's encoder, through Mp3Encoder) against the lame command line, on the
# same ten minutes of speech-like 16-bit mono PCM at 8 kHz and at 16 kHz, 32 kbit/s CBR.
# Prints a Markdown table of seconds of audio encoded per CPU-second ("x real time"). Takes about three minutes.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

AUDIO_SECONDS=600
LAME_RUNS=9
WORK=target/bench-mp3

log() { printf '==> %s\n' "$*" >&2; }

if ! command -v lame >/dev/null; then
    log "Installing lame"
    SUDO=()
    if [[ $EUID -ne 0 ]]; then
        SUDO=(sudo)
    fi
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lame >/dev/null
fi

log "Building the test classpath"
mvn -q -B test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CLASSPATH_FOR_BENCH="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
bench() { java -cp "$CLASSPATH_FOR_BENCH" com.caly.recordings.Mp3EncodingBenchmark "$@"; }

mkdir -p "$WORK"
results="$WORK/results.txt"
: >"$results"

for rate in 8000 16000; do
    log "Writing $AUDIO_SECONDS s of speech-like audio at $rate Hz"
    bench input "$rate" "$AUDIO_SECONDS" "$WORK/speech-$rate.raw"
done

# One JVM per line, so that each "cold" figure is the first encode of a fresh JVM.
for rate in 8000 16000; do
    for encoder in service plain-low plain-middle; do
        log "jump3r, $encoder, $rate Hz"
        bench encode "$rate" "$encoder" "$WORK/speech-$rate.raw" | tee -a "$results" >&2
    done
done

# CPU seconds (user + system) of one lame run, from bash's own `time`.
lame_cpu_seconds() {
    local rate=$1
    shift
    local TIMEFORMAT='%U %S'
    { time lame --quiet -r -s "$((rate / 1000))" --bitwidth 16 --signed --little-endian -m m -b 32 --cbr "$@" \
        "$WORK/speech-$rate.raw" "$WORK/lame-$rate.mp3" >/dev/null 2>&1; } 2>&1 | awk '{ print $1 + $2 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The command as one would type it, then the service's settings: -q 7 and no ReplayGain analysis.
for rate in 8000 16000; do
    for variant in default q7-noreplaygain; do
        options=()
        [[ $variant == q7-noreplaygain ]] && options=(-q 7 --noreplaygain)
        log "lame ${options[*]:-(default quality)}, $rate Hz"
        cold=$(lame_cpu_seconds "$rate" "${options[@]}")
        warm=$(for _ in $(seq "$LAME_RUNS"); do lame_cpu_seconds "$rate" "${options[@]}"; done | median)
        awk -v name="lame-$variant" -v rate="$rate" -v cold="$cold" -v warm="$warm" -v s="$AUDIO_SECONDS" \
            -v bytes="$(stat -c %s "$WORK/lame-$rate.mp3")" 'BEGIN {
                printf "result encoder=%s rate=%d cold=%.1f warm=%.1f mp3_bytes=%d\n", name, rate, s / cold, s / warm, bytes
            }' | tee -a "$results" >&2
    done
done

# The table: every warm figure against jump3r's (the service's quality) at the same sample rate.
echo
echo "| Encoder | Sample rate | Cold (x real time) | Warm (x real time) | lame / jump3r (warm) |"
echo "| --- | --- | ---: | ---: | ---: |"
awk '
    $1 == "result" {
        delete f; for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
        n++; name[n] = f["encoder"]; rate[n] = f["rate"]; cold[n] = f["cold"]; warm[n] = f["warm"]
        if (f["encoder"] == "jump3r-service") { base[f["rate"]] = f["warm"]; all_threads[f["rate"]] = f["cold_process"] }
    }
    $1 == "call5min" { split($2, sr, "="); split($3, ms, "="); call[sr[2]] = ms[2] }
    END {
        label["jump3r-service"] = "jump3r via Mp3Encoder (service: QUALITY_LOW, ReplayGain off)"
        label["jump3r-plain-low"] = "jump3r LameEncoder as shipped (ReplayGain on), QUALITY_LOW"
        label["jump3r-plain-middle"] = "jump3r LameEncoder as shipped (ReplayGain on), QUALITY_MIDDLE"
        label["lame-default"] = "lame 3.100 (default -q 3, ReplayGain on)"
        label["lame-q7-noreplaygain"] = "lame 3.100, -q 7 --noreplaygain"
        for (i = 1; i <= n; i++) {
            ratio = name[i] ~ /^lame/ ? sprintf("%.2f", warm[i] / base[rate[i]]) : "-"
            printf "| %s | %d Hz | %.0f | %.0f | %s |\n", label[name[i]], rate[i], cold[i], warm[i], ratio
        }
        print ""
        for (r = 8000; r <= 16000; r *= 2) {
            printf "Service at %d Hz: cold %.0f x real time counting every JVM thread (JIT compiler included); ", r, all_threads[r]
            printf "a five-minute call, warm, file to file, in %d ms wall time.\n", call[r]
        }
    }' "$results"

#!/usr/bin/env bash
# Upload throughput of the recording upload queue against an S3 server on loopback.
# Needs the local PostgreSQL (127.0.0.1:5432, user postgres); a throw-away database is created and dropped.
# Usage: bash scripts/bench-uploads.sh [recordings per run, default 200] [seconds per recording, default 300]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    com.caly.recordings.UploadThroughputBenchmark "${1:-200}" "${2:-300}" 2>&1 \
    | grep -vE '^\s*$|WARN|INFO|^[0-9]{2}:[0-9]{2}' || true

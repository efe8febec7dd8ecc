#!/usr/bin/env bash
# Runs the test sources' fake of the OpenAI realtime API on loopback, to try the voice agent without OpenAI:
# start it, then start Caly with OPENAI_API_KEY=test-openai-key OPENAI_BASE_URL=http://127.0.0.1:PORT/v1.
# The fake hears a caller's words by the pitch of a tone (see FakeBrain) and answers with a 600 Hz tone.
# Usage: bash scripts/fake-realtime.sh [port, default 18084]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
    com.caly.voice.fake.FakeRealtimeServer "${1:-18084}"

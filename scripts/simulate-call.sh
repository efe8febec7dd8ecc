#!/usr/bin/env bash
# Plays an Exotel call into a running Caly (see README, "Trying a call").
# Usage: bash scripts/simulate-call.sh --token=WEBHOOK_TOKEN --to=EXOPHONE [--base=http://localhost:8080]
#        [--from=09845012345] [--wav=caller.wav | --seconds=10] [--rate=8000] [--out=agent.wav]
#        [--static=EXOTEL_SID:EXOTEL_TOKEN]   (the static stream URL: no call-start, Basic credentials)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# the simulator is a test source (not in the jar): test-compile builds it and writes target/test-classpath.txt
mvn -q -B -DskipTests test-compile
exec java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
    com.caly.telephony.exotel.CallSimulator "$@"

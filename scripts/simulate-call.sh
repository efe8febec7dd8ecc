#!/usr/bin/env bash
# Plays an Exotel call into a running Caly (see README, "Trying a call").
# Usage: bash scripts/simulate-call.sh --token=WEBHOOK_TOKEN --to=EXOPHONE [--base=http://localhost:8080]
#        [--from=09845012345] [--wav=caller.wav | --seconds=10] [--rate=8000] [--out=agent.wav]
#        [--static=EXOTEL_SID:EXOTEL_TOKEN]   (the static stream URL: no call-start, Basic credentials)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
exec java -cp "target/classes:$(cat target/runtime-classpath.txt)" com.caly.telephony.exotel.CallSimulator "$@"

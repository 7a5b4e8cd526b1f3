#!/usr/bin/env bash
# The chaos test: scripts/chaos.sh [orders]   (default 1000)
# Runs the app, a standalone LRA coordinator and DynamoDB Local + the local SQS server as three
# processes, feeds the orders through the queue and the inbox folder, kills -9 the app and the
# coordinator at moments picked by a seed and starts them again, freezes the stand-ins and the
# coordinator for a few seconds (unreachable), and checks the tables and the events queue. Its last line:
#   CHAOS orders=N terminal=N lost=0 stranded=0 double_debits=0 negative_stock=0 unpublished=0 seconds=S
# Environment: CHAOS_SEED (default 42) picks the orders and the kill schedule; CHAOS_KILLS (default
# orders/250, at least 2) is how often each process is killed, and frozen. Logs: target/chaos-*/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/chaos-classpath.txt -Dmdep.includeScope=test >&2
exec java -cp "target/test-classes:target/classes:$(cat target/chaos-classpath.txt)" \
    -Dchaos.seed="${CHAOS_SEED:-42}" ${CHAOS_KILLS:+-Dchaos.kills="$CHAOS_KILLS"} \
    chaos.ChaosRun "${1:-1000}"

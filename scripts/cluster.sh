#!/usr/bin/env bash
# The cluster run: scripts/cluster.sh [orders]   (default 1000)
# On loopback: DynamoDB Local and the local SQS server (on disk), two LRA coordinators (one reached
# directly, one through nginx under one address), three app replicas behind nginx (Debian's package:
# apt-get install nginx). Orders go in through the balancer's API, the queue and the shared inbox
# folder while replicas and coordinators are killed -9 and started again at moments a seed picks.
# Then the chaos test's audit. Its last line:
#   CLUSTER replicas=3 coordinators=2 orders=N terminal=N lost=0 stranded=0 unexpected=0 money_mismatch=0 stock_mismatch=0 contradictory=0 unpublished=0 swept=W kills=K inflight_at_kills=F served_min=M seconds=S
# served_min is the fewest sagas any replica started (every replica must have served). It exits 1
# when a zero field is not zero, served_min is 0, a kill found no saga running, or no order was checked.
# Environment: CLUSTER_SEED (default 42); CLUSTER_KILLS (default orders/500, at least 1): how often
# each replica and each coordinator is killed; CLUSTER_PAUSE_MS (default 40): the pause between two
# orders fed; CLUSTER_IDLE_SECONDS (default 0): how long to measure each part's CPU at rest first, so
# that the CPU per saga it prints comes out net of it. Logs: target/cluster-*/.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nginx >/dev/null || { echo "cluster.sh needs nginx: apt-get install nginx" >&2; exit 2; }
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/chaos-classpath.txt -Dmdep.includeScope=test >&2
exec java -cp "target/test-classes:target/classes:$(cat target/chaos-classpath.txt)" \
    -Dcluster.seed="${CLUSTER_SEED:-42}" ${CLUSTER_KILLS:+-Dcluster.kills="$CLUSTER_KILLS"} \
    -Dfeed.pause-ms="${CLUSTER_PAUSE_MS:-40}" -Dcluster.idle-seconds="${CLUSTER_IDLE_SECONDS:-0}" \
    chaos.ClusterRun "${1:-1000}"

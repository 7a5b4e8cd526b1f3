#!/usr/bin/env bash
# Backlog intake, folder against queue: scripts/intake-bench.sh [orders]   (default 1000)
# The same app (DynamoDB Local in memory) takes ORDERS files dropped into its inbox at once, then ORDERS
# messages sent to its input queue at once; each is timed until every order is COMPLETED. Last line:
#   INTAKE orders=N folder_seconds=F queue_seconds=Q folder_to_queue=R
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/intake-bench
mkdir -p "$out/classpath"
mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/deps.txt"
{ echo "item_id,description,stock"; seq 1 999 | sed 's/.*/&,Bench item &,1000000/'; } > "$out/classpath/bench-catalog.csv"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
java -Xmx1g -cp "$out/classpath:target/test-classes:target/classes:$(cat "$out/deps.txt")" bench.IntakeBench "${1:-1000}" \
    > "$out/run.log" 2>&1 || { tail -40 "$out/run.log"; exit 1; }
grep '^INTAKE' "$out/run.log"

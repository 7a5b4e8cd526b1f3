#!/usr/bin/env bash
# The same order saga in three modes, each in its own JVM, on this machine: durable LRA (the Narayana
# coordinator in the app's JVM, its log on disk), Camel's in-memory saga service, and no saga
# service; and a fourth, floor: the least a saga must write in DynamoDB, in plain SDK calls from the
# same callers. DynamoDB Local in memory for all. Per mode: warm-up rounds of BENCH_WARMUP sagas until
# the JIT has settled, then BENCH_SAGAS sagas with 1 caller and with 8. Prints a table, the DynamoDB
# requests per saga by operation, and, last, the RESULT line (rates and lra_p99_ms at 8 callers;
# requests and write units of the lra mode at 8 callers, ddb_requests_per_saga without the relay's).
#   BENCH_SAGAS (2000)  BENCH_WARMUP (500 per round)  BENCH_MODES ("lra inmemory nosaga floor")
#   BENCH_DIR (target/bench)  BENCH_JFR=1: a JFR recording per mode in BENCH_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
sagas=${BENCH_SAGAS:-2000}
warmup=${BENCH_WARMUP:-500}
modes=${BENCH_MODES:-lra inmemory nosaga floor}
out=${BENCH_DIR:-target/bench}

rm -rf "$out"
mkdir -p "$out/classpath"
mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/deps.txt"
# Stock for any number of runs: items 1-999 (the shipped catalog's ids), a million each.
{ echo "item_id,description,stock"; seq 1 999 | sed 's/.*/&,Bench item &,1000000/'; } > "$out/classpath/bench-catalog.csv"
# Counts the app's DynamoDB requests and the capacity units DynamoDB reports (an SDK global interceptor).
mkdir -p "$out/classpath/software/amazon/awssdk/services/dynamodb"
echo bench.DynamoDbRequests > "$out/classpath/software/amazon/awssdk/services/dynamodb/execution.interceptors"
classpath="$out/classpath:target/test-classes:target/classes:$(cat "$out/deps.txt")"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)"
for mode in $modes; do
  jfr=()
  if [ -n "${BENCH_JFR:-}" ]; then
    jfr=(-XX:StartFlightRecording=filename="$out/$mode.jfr",settings=profile)
  fi
  echo "running $mode (warm-up rounds of $warmup until the JIT has settled, then $sagas sagas with 1 and with 8 callers)..."
  if ! java -Xmx1g "${jfr[@]}" -cp "$classpath" bench.SagaBench "$mode" "$sagas" "$warmup" "$out/$mode" "$out/results.tsv" \
      > "$out/$mode.log" 2>&1; then
    echo "$mode failed; the end of $out/$mode.log:"
    tail -30 "$out/$mode.log"
    exit 1
  fi
  grep -E '^bench: (warm-up|largest)' "$out/$mode.log" | sed 's/^bench: /  /'
done

echo
awk -F'\t' 'BEGIN { printf "%-9s %7s %6s %8s %7s %7s %11s %8s %9s %9s %9s %8s %8s %8s\n", "mode", "callers", "sagas", "sagas/s",
      "p50 ms", "p99 ms", "CPU ms/saga", "heap MB", "ddb saga", "ddb relay", "ddb timer", "RCU", "WCU", "WCU AWS" }
  { printf "%-9s %7d %6d %8.1f %7.1f %7.1f %11.2f %8.0f %9.2f %9.2f %9.2f %8.2f %8.2f %8.2f\n", $1, $2, $3, $5, $6, $7, $8, $9, $11, $12, $13, $14, $15, $16 }' \
  "$out/results.tsv"
echo
echo "DynamoDB per saga at 8 callers, by path, operation and table(s): requests, read units, write units (DynamoDB Local's, AWS's rules)"
awk -F'\t' '$2 == 8 { printf "  %-9s %-6s %-58s %7.3f %6.2f %6.2f %6.2f\n", $1, $3, $4, $5, $6, $7, $8 }' "$out/requests.tsv"
awk -F'\t' '{ rate[$1 " " $2] = $5; p50[$1 " " $2] = $6; p99[$1 " " $2] = $7; saga[$1 " " $2] = $11; relay[$1 " " $2] = $12; wcu[$1 " " $2] = $15 }
  END { printf "RESULT lra_sagas_per_s=%.1f inmemory_sagas_per_s=%.1f nosaga_sagas_per_s=%.1f floor_sagas_per_s=%.1f lra_p99_ms=%.1f lra_1caller_p50_ms=%.1f lra_1caller_p99_ms=%.1f nosaga_1caller_p50_ms=%.1f nosaga_1caller_p99_ms=%.1f ddb_requests_per_saga=%.2f relay_requests_per_saga=%.2f wcu_per_saga=%.2f\n",
        rate["lra 8"], rate["inmemory 8"], rate["nosaga 8"], rate["floor 8"], p99["lra 8"], p50["lra 1"], p99["lra 1"], p50["nosaga 1"], p99["nosaga 1"],
        saga["lra 8"], relay["lra 8"], wcu["lra 8"] }' "$out/results.tsv"

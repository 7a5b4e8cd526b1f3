#!/usr/bin/env bash
# The same order saga in three modes, each in its own JVM, on this machine: durable LRA (the Narayana
# coordinator in the app's JVM, its log on disk), Camel's in-memory saga service, and no saga
# service. DynamoDB Local in memory for all three. Per mode: warm-up rounds of BENCH_WARMUP sagas until
# the JIT has settled, then BENCH_SAGAS sagas with 1 caller and with 8. Prints a table and, last, the
# RESULT line (8-caller figures).
#   BENCH_SAGAS (2000)  BENCH_WARMUP (500 per round)  BENCH_MODES ("lra inmemory nosaga")
#   BENCH_DIR (target/bench)  BENCH_JFR=1: a JFR recording per mode in BENCH_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
sagas=${BENCH_SAGAS:-2000}
warmup=${BENCH_WARMUP:-500}
modes=${BENCH_MODES:-lra inmemory nosaga}
out=${BENCH_DIR:-target/bench}

rm -rf "$out"
mkdir -p "$out/classpath"
mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/deps.txt"
# Stock for any number of runs: items 1-999 (the shipped catalog's ids), a million each.
{ echo "item_id,description,stock"; seq 1 999 | sed 's/.*/&,Bench item &,1000000/'; } > "$out/classpath/bench-catalog.csv"
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
  grep '^bench: warm-up' "$out/$mode.log" | sed 's/^bench: /  /'
done

echo
awk -F'\t' 'BEGIN { printf "%-9s %7s %6s %8s %7s %7s %11s %8s\n", "mode", "callers", "sagas", "sagas/s", "p50 ms", "p99 ms", "CPU ms/saga", "heap MB" }
  { printf "%-9s %7d %6d %8.1f %7.1f %7.1f %11.2f %8.0f\n", $1, $2, $3, $5, $6, $7, $8, $9 }' "$out/results.tsv"
awk -F'\t' '$2 == 8 { rate[$1] = $5; p99[$1] = $7 }
  END { printf "RESULT lra_sagas_per_s=%.1f inmemory_sagas_per_s=%.1f nosaga_sagas_per_s=%.1f lra_p99_ms=%.1f\n",
        rate["lra"], rate["inmemory"], rate["nosaga"], p99["lra"] }' "$out/results.tsv"

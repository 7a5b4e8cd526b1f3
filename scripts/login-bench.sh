#!/usr/bin/env bash
# What the API's login costs: scripts/login-bench.sh [requests]   (default 5000)
# One password hash (paid once per login), the remembered verdict every later request pays, and one
# client's requests end to end on the same app with the login off, then on. Last line:
#   LOGIN hash_ms=H remembered_us=R request_ms_without_login=A request_ms_with_login=B added_ms=C
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/login-bench
mkdir -p "$out"
mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/deps.txt"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$out/deps.txt")" bench.LoginCost "${1:-5000}" \
    > "$out/run.log" 2>&1 || { tail -40 "$out/run.log"; exit 1; }
grep '^LOGIN' "$out/run.log"

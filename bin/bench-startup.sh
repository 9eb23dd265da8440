#!/usr/bin/env bash
# Time from `java -jar` to /actuator/health UP with a fresh data directory (the demo hospital is seeded on the way).
# Usage: bin/bench-startup.sh [jar] [port]   (defaults: target/chartkeeper.jar, 18080)
# Goal (BENCHMARKS.md): under 30 s on a 2-core machine.
set -euo pipefail
JAR=${1:-target/chartkeeper.jar}
PORT=${2:-18080}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
DATA=$(mktemp -d /tmp/chartkeeper-startup.XXXXXX)
LOG="$DATA.log"
[ -f "$JAR" ] || { echo "No $JAR: build it first (./mvnw -B package -DskipTests)" >&2; exit 2; }

start=$(date +%s.%N)
"$JAVA" -jar "$JAR" --server.port="$PORT" --chartkeeper.data-dir="$DATA" >"$LOG" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$DATA"' EXIT

for _ in $(seq 1 1200); do   # at most 120 s
  if ! kill -0 "$pid" 2>/dev/null; then echo "The server exited; see $LOG" >&2; exit 1; fi
  if curl -fs "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
    end=$(date +%s.%N)
    printf 'Ready (health UP) %.1f s after java -jar, fresh data dir.\n' "$(echo "$end - $start" | bc)"
    rm -f "$LOG"
    exit 0
  fi
  sleep 0.1
done
echo "Not ready within 120 s; see $LOG" >&2
exit 1

#!/usr/bin/env bash
# HL7 v2 intake throughput with CPU per message by thread (BENCHMARKS.md, Interop 8). For each jar given: a fresh
# PostgreSQL database with the 2,000-patient demo hospital and a server on it; WARM pairs of warm-up loads, 5,000
# messages on one connection then 8,000 over 8 (the JIT's warm-up, reported as warm-1-N and warm-8-N: with loads on one
# connection only, the JIT was still compiling the eight-connection paths during the measured loads, at up to a
# quarter of a core), then RUNS loads of 5,000 on one connection and RUNS of 8,000 over 8.
# Before each load `vacuum analyze` (this machine's PostgreSQL runs with autovacuum off; a hospital's would not), and
# pg_stat_statements is reset. For each load: msg/s and ACK latency from `bench hl7-load`, the server's CPU per
# message by thread (/proc/PID/task/*/stat, utime + stime, thread names with digits folded), PostgreSQL's CPU per
# message (every postgres process), statements executed, and how busy the machine's two cores were while the load
# ran (/proc/stat every 0.5 s, counting the intervals in which the server's MLLP threads used CPU).
# Usage: bin/bench-hl7-threads.sh [jar ...]   (default: target/chartkeeper.jar); env WARM=4 RUNS=3 OUT=/tmp/hl7threads
# Needs: psql to 127.0.0.1:5432 as postgres (trust), pg_stat_statements in shared_preload_libraries, JDK 21+ as JAVA.
set -uo pipefail
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
WARM=${WARM:-4}
RUNS=${RUNS:-3}
OUT=${OUT:-/tmp/hl7threads}
DB=hl7perf
PSQL=(psql -h 127.0.0.1 -U postgres)
[ $# -eq 0 ] && set -- target/chartkeeper.jar
CLIENT=$1
mkdir -p "$OUT"

threads() { # server CPU ticks by thread name (digits folded); utime and stime read after the name, which may hold spaces
  for t in /proc/$1/task/*; do echo "$(tr ' ' '_' <"$t/comm") $(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}')"; done 2>/dev/null |
    awk '{gsub(/[0-9]+/, "N", $1); a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}
# every 0.5 s: the machine's busy and idle ticks (/proc/stat) and the server's MLLP threads' ticks
sample() { # bash builtins only (no process per sample), so that sampling hardly adds to what it measures
  local t comm line mllp cpu
  local -a f c
  while :; do
    mllp=0
    for t in /proc/$1/task/*; do
      read -r comm <"$t/comm" 2>/dev/null || continue
      [[ $comm == *mllp* ]] || continue
      read -r line <"$t/stat" 2>/dev/null || continue
      read -ra f <<<"${line##*) }"
      mllp=$((mllp + f[11] + f[12]))
    done
    read -r cpu <"/proc/stat"; read -ra c <<<"$cpu"
    echo "$((c[1] + c[2] + c[3] + c[6] + c[7])) $((c[4] + c[5])) $mllp"
    sleep 0.5
  done; }
pg_ticks() { local s=0; for p in $(pgrep -u postgres); do s=$((s + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $s; }

load() { # connections messages label
  local server=$1 c=$2 n=$3 label=$4 m=$(($3 + 100))
  "${PSQL[@]}" -d $DB -qc 'vacuum analyze' >/dev/null 2>&1
  "${PSQL[@]}" -d $DB -qAtc 'select pg_stat_statements_reset()' >/dev/null
  threads "$server" >"$OUT/t0"; local p0; p0=$(pg_ticks)
  sample "$server" >"$OUT/busy" & local sampler=$!
  "$JAVA" -jar "$CLIENT" bench hl7-load --host 127.0.0.1 --port 2676 --connections "$c" --messages "$n" --warmup 100 \
    --chartkeeper.hl7.port=0 --server.port=0 >"$OUT/load.log" 2>&1
  sleep 2   # the gathered background work of the last messages
  threads "$server" >"$OUT/t1"; local p1; p1=$(pg_ticks); kill $sampler 2>/dev/null; wait $sampler 2>/dev/null
  [ -z "$label" ] && return
  local rate p99 server_ms top pg statements
  rate=$(grep -oE '[0-9,]+ messages/s' "$OUT/load.log")
  p99=$(grep -oE 'p99 [0-9.]+ ms' "$OUT/load.log")
  server_ms=$(join "$OUT/t0" "$OUT/t1" | awk -v m=$m '{s += $3 - $2} END {printf "%.3f", s * 10 / m}')
  top=$(join "$OUT/t0" "$OUT/t1" | awk -v m=$m '$3 > $2 {printf "%.3f %s\n", ($3 - $2) * 10 / m, $1}' | sort -rn | head -4 | tr '\n' ' ')
  pg=$(echo "scale=3; ($p1 - $p0) * 10 / $m" | bc)
  statements=$("${PSQL[@]}" -d $DB -qAtc "select sum(calls) from pg_stat_statements where dbid = (select oid from pg_database where datname = '$DB')")
  local machine # how busy both cores were while messages were being applied (the MLLP threads' ticks moving)
  machine=$(awk 'NR > 1 && $3 > t {b += $1 - pb; i += $2 - pi} {pb = $1; pi = $2; t = $3} END {printf "%.0f", b + i ? 100 * b / (b + i) : 0}' "$OUT/busy")
  echo "$label, $c connection(s): $rate, $p99; server $server_ms ms/msg ($top); PostgreSQL $pg ms/msg; $statements statements; machine busy $machine %" | tee -a "$OUT/summary"
}

for JAR in "$@"; do
  [ -f "$JAR" ] || { echo "No $JAR: build it first (./mvnw -B package -DskipTests)" >&2; exit 2; }
  "${PSQL[@]}" -qc "drop database if exists $DB" -c "create database $DB"
  "$JAVA" -Xmx1g -jar "$JAR" --server.port=9191 --chartkeeper.hl7.port=2676 \
    --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$DB --spring.datasource.username=postgres \
    --chartkeeper.demo=true --chartkeeper.demo-hospital.patients=2000 --chartkeeper.demo-hospital.encounters=4000 \
    >"$OUT/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do grep -q "Started Chartkeeper" "$OUT/server.log" && break; sleep 1; done
  grep -q "Started Chartkeeper" "$OUT/server.log" || { echo "The server did not start; see $OUT/server.log" >&2; kill $server; exit 1; }
  sleep 3
  "${PSQL[@]}" -d $DB -qc 'create extension if not exists pg_stat_statements'
  for i in $(seq 1 "$WARM"); do load $server 1 5000 "$JAR warm-1-$i"; load $server 8 8000 "$JAR warm-8-$i"; done
  for i in $(seq 1 "$RUNS"); do load $server 1 5000 "$JAR"; done
  for i in $(seq 1 "$RUNS"); do load $server 8 8000 "$JAR"; done
  kill $server; wait $server 2>/dev/null; sleep 3
done

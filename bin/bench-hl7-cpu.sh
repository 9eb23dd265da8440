#!/usr/bin/env bash
# CPU per HL7 ADT message (BENCHMARKS.md, Interop 6): a fresh PostgreSQL database with the 2,000-patient demo hospital,
# then LOADS runs of `bench hl7-load` (8 connections, 8,000 messages + 100 warm-up); for each run the CPU time (utime +
# stime, /proc/PID/stat fields 14 and 15) of the server process and of PostgreSQL, divided by the 8,100 messages, and
# pg_stat_statements grouped by statement (IN lists and VALUES rows folded, so a statement's text variants count as one).
# PostgreSQL is counted twice: every postgres process, and only the backends of the bench database plus PostgreSQL's
# own background processes (other databases' backends excluded: the machine is shared).
# Usage: [CONNECTIONS=8] [COUNT=8000] bin/bench-hl7-cpu.sh [jar] [loads] [output dir]   (defaults: target/chartkeeper.jar, 3, /tmp/hl7cpu)
# Needs: psql to 127.0.0.1:5432 as postgres (trust), pg_stat_statements in shared_preload_libraries, JDK 21+ as JAVA.
set -uo pipefail
JAR=${1:-target/chartkeeper.jar}
LOADS=${2:-3}
OUT=${3:-/tmp/hl7cpu}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
DB=hl7perf
PSQL=(psql -h 127.0.0.1 -U postgres)
CONNECTIONS=${CONNECTIONS:-8}
COUNT=${COUNT:-8000}
MESSAGES=$((COUNT + 100))
mkdir -p "$OUT"
[ -f "$JAR" ] || { echo "No $JAR: build it first (./mvnw -B package -DskipTests)" >&2; exit 2; }

"${PSQL[@]}" -qc "drop database if exists $DB" -c "create database $DB"
"$JAVA" -Xmx1g ${SERVER_OPTS:-} -jar "$JAR" --server.port=9191 --chartkeeper.hl7.port=2676 \
  --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$DB --spring.datasource.username=postgres \
  --chartkeeper.demo=true --chartkeeper.demo-hospital.patients=2000 --chartkeeper.demo-hospital.encounters=4000 \
  >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do grep -q "Started Chartkeeper" "$OUT/server.log" && break; sleep 1; done
grep -q "Started Chartkeeper" "$OUT/server.log" || { echo "The server did not start; see $OUT/server.log" >&2; exit 1; }
sleep 5
"${PSQL[@]}" -d $DB -qc analyze -c 'create extension if not exists pg_stat_statements'

ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_all() { local s=0; for p in $(pgrep -u postgres); do s=$((s + $(ticks "$p"))); done; echo $s; }
pg_bench() {
  local s=0 c
  for p in $(pgrep -u postgres); do
    c=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)
    case "$c" in "postgres: "*" postgres "*) case "$c" in *" $DB "*) ;; *) continue ;; esac ;; esac
    s=$((s + $(ticks "$p")))
  done
  echo $s
}
per() { echo "scale=3; $1 * 10 / $MESSAGES" | bc; }   # ticks (10 ms) -> ms per message

for i in $(seq 1 "$LOADS"); do
  "${PSQL[@]}" -d $DB -qAtc 'select pg_stat_statements_reset()' >/dev/null
  s0=$(ticks $server); a0=$(pg_all); b0=$(pg_bench); l0=$(cut -d' ' -f1-3 /proc/loadavg)
  "$JAVA" -jar "$JAR" bench hl7-load --host 127.0.0.1 --port 2676 --connections "$CONNECTIONS" --messages "$COUNT" --warmup 100 \
    --chartkeeper.hl7.port=0 --server.port=0 >"$OUT/load$i.log" 2>&1
  sleep 3   # the gathered background work of the last messages
  s1=$(ticks $server); a1=$(pg_all); b1=$(pg_bench); l1=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "load $i: server $(per $((s1 - s0))) ms/msg; PostgreSQL $(per $((b1 - b0))) ms/msg (bench database + background;" \
    "all postgres processes $(per $((a1 - a0)))); load average $l0 -> $l1" | tee -a "$OUT/summary"
  grep -E "messages/s|ACK latency" "$OUT/load$i.log" | tee -a "$OUT/summary"
  "${PSQL[@]}" -d $DB -qAt -F' | ' -c "select round(sum(total_exec_time + total_plan_time)::numeric) total_ms,
      round(sum(total_plan_time)::numeric) plan_ms, sum(calls) calls, sum(plans) plans, count(*) texts,
      left(regexp_replace(regexp_replace(query, '\s+', ' ', 'g'), '\\\$[0-9]+(, \\\$[0-9]+)*', '#', 'g'), 90)
    from pg_stat_statements where dbid = (select oid from pg_database where datname = '$DB')
    group by 6 order by 1 desc limit 40" >"$OUT/statements$i.txt"
  "${PSQL[@]}" -d $DB -qAt -F' ' -c "select 'pg_stat_statements: exec+plan', round(sum(total_exec_time + total_plan_time)::numeric),
      'ms, of which planning', round(sum(total_plan_time)::numeric), 'ms;', sum(calls), 'calls,', sum(plans), 'plans'
    from pg_stat_statements where dbid = (select oid from pg_database where datname = '$DB')" | tee -a "$OUT/summary"
done

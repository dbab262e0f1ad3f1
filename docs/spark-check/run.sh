#!/usr/bin/env bash
# The course's Structured Streaming queries (docs/course-guide.md) in a real Spark, against the app, on one broker:
#   1. a real single-node Kafka broker (the project's, its own process, on a free port) and one replay of DATA at max
#      speed with a fixed --epoch and --close (closing records, so the app writes its last windows);
#   2. per round: the guide's q2 and q3 as streaming queries in Spark (TimeCourseQueries) and the app on the same
#      topics with a fresh application id, timed until it has committed every input record (GroupCatchUp); Spark
#      first in odd rounds, the app first in even ones;
#   3. after the first round's app: q2 and q3 over every record in one batch, compared with the app's
#      PREFIX-car-summaries and PREFIX-joined (CompareWithApp): same windows, same means and maxima, same pairs.
#
#   mvn -B -q package -DskipTests && bash docs/spark-check/run.sh [--data DIR] [--fleet N] [--rounds R] [--clock C]
#                                                                   [--offset-clock]
#
# DATA defaults to data/bdd when present, else ../shared/data/bdd (where CI keeps the real data), else data/sample;
# --fleet 1, --rounds 1; --clock is the replayer's (offset, or partition: the course's replay style).
# --offset-clock replays with record timestamps of another epoch (2021), runs the app with --offset-epoch
# 2017-08-28T00:00:00Z, and has Spark take each reading's time from its offset as the guide says: the path for
# producers that do not set record timestamps to event time.
# SPARK_VERSION (default the pom's, 4.0.0) picks the Spark. Linux, bash 4.4 or later (GNU date). The first run
# downloads Spark (about 280 MB) into the local Maven repository.
# Exit code 0 when Spark's results and the app's agree, 1 when they differ, 2 on a usage, set-up or run error (the
# logs are then kept and their folder named).
set -Eeuo pipefail

usage() { echo "usage: run.sh [--data DIR] [--fleet N] [--rounds R] [--clock offset|partition] [--offset-clock]" >&2; exit 2; }
data=""; fleet=1; rounds=1; clock=offset; offset_clock=false
epoch=2017-08-28T00:00:00Z; epoch_s=1503878400
while [ $# -gt 0 ]; do
  if [ "$1" = --offset-clock ]; then offset_clock=true; shift; continue; fi
  [ $# -ge 2 ] || usage
  case "$1" in
    --data) data=$(cd "$2" 2>/dev/null && pwd) || { echo "error: no folder $2" >&2; exit 2; } ;;
    --fleet) fleet=$2 ;;
    --rounds) rounds=$2 ;;
    --clock) clock=$2 ;;
    *) usage ;;
  esac
  shift 2
done
[[ "$fleet" =~ ^[1-9][0-9]*$ && "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "error: --fleet and --rounds take a whole number >= 1" >&2; exit 2; }
cd "$(dirname "$0")/../.."
if [ -z "$data" ]; then
  for d in data/bdd ../shared/data/bdd data/sample; do [ -d "$d/locations" ] && { data=$d; break; }; done
fi
prefix=sparkcheck
for jar in replayer/target/replayer.jar app/target/app.jar; do
  [ -f "$jar" ] || { echo "error: $jar is missing; run: mvn -B -q package -DskipTests" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
status=2
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$status" -le 1 ]; then rm -rf "$work"; else echo "the logs are in $work" >&2; fi
}
trap cleanup EXIT
trap 'echo "error: the check stopped at line $LINENO" >&2; exit 2' ERR

spark_opts=()
[ -n "${SPARK_VERSION:-}" ] && spark_opts+=("-Dspark.version=$SPARK_VERSION")
echo "building docs/spark-check${SPARK_VERSION:+ (Spark $SPARK_VERSION)}"
mvn -B -q -f docs/spark-check/pom.xml package "${spark_opts[@]}" > "$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 2; }
cp="docs/spark-check/target/classes:$(cat docs/spark-check/target/classpath.txt)"
# Spark on Java 17 needs these opened (spark-submit adds them itself; a plain java command must).
opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
check_jvm() { exec java "${opens[@]}" -Djdk.reflect.useDirectMethodHandle=false -cp "$cp" "$@"; }

# A broker of our own on a free port: a port given here could already have a broker with older sparkcheck topics.
java -cp replayer/target/replayer.jar org.fleetstreams.common.broker.StandaloneBroker 0 "$work/broker" \
  > "$work/broker.log" 2>&1 &
broker=$!
pids+=("$broker")
bootstrap=""
for _ in $(seq 120); do
  bootstrap=$(sed -n 's/^Kafka broker ready on \([^ ]*\).*/\1/p' "$work/broker.log")
  [ -n "$bootstrap" ] && break
  kill -0 "$broker" 2>/dev/null || break
  sleep 0.5
done
[ -n "$bootstrap" ] || { echo "error: the broker did not start"; cat "$work/broker.log"; exit 2; }
echo "broker: $bootstrap (a real single-node KRaft broker, its own process); data: $data x $fleet, clock $clock"
replay_epoch=$epoch; app_clock=(); compare_clock=()
if $offset_clock; then
  replay_epoch=2021-01-01T00:00:00Z; app_clock=(--offset-epoch "$epoch"); compare_clock=("$epoch_s")
  echo "record timestamps from $replay_epoch; the app and Spark take event time from the offsets after $epoch"
fi
java -jar replayer/target/replayer.jar --bootstrap-servers "$bootstrap" --data "$data" --fleet "$fleet" \
  --clock "$clock" --speed max --epoch "$replay_epoch" --close --topic-prefix "$prefix" --connect-timeout 60 \
  --progress-interval 0 --log-file "$work/replayer-kafka.log" > "$work/replayer.log" 2>&1 \
  || { cat "$work/replayer.log"; exit 2; }
grep "^Replay finished" "$work/replayer.log" || true

time_spark() {
  local started
  started=$(date +%s%N)
  (check_jvm org.fleetstreams.sparkcheck.TimeCourseQueries "$bootstrap" "$prefix") 2>"$work/spark-$1.log" \
    || { cat "$work/spark-$1.log"; exit 2; }
  spark_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  echo "spark: the whole process (JVM, session, queries) took $spark_ms ms"
}

time_app() {
  local started app watch app_id="spark-check-$1"
  started=$(date +%s%N)
  (check_jvm org.fleetstreams.sparkcheck.GroupCatchUp "$bootstrap" "$app_id" 600 \
    "$prefix-locations" "$prefix-accelerations") 2>"$work/catch-up-$1.log" &
  watch=$!
  java -jar app/target/app.jar --bootstrap-servers "$bootstrap" --topic-prefix "$prefix" \
    --application-id "$app_id" --state-dir "$work/state-$1" --http-port 0 "${app_clock[@]}" \
    --log-file "$work/app-$1-kafka.log" > "$work/app-$1.log" 2>&1 &
  app=$!
  pids+=("$watch" "$app")
  # whichever ends first: the watch (caught up, or its timeout) or an app that failed
  while kill -0 "$watch" 2>/dev/null && kill -0 "$app" 2>/dev/null; do sleep 0.2; done
  if kill -0 "$watch" 2>/dev/null; then
    echo "error: the app stopped before it had read every input record"; cat "$work/app-$1.log"; exit 2
  fi
  if ! wait "$watch"; then cat "$work/catch-up-$1.log" "$work/app-$1.log"; exit 2; fi
  app_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
}

agree=0
for round in $(seq "$rounds"); do
  echo "round $round"
  if [ $((round % 2)) = 1 ]; then time_spark "$round"; time_app "$round"; else time_app "$round"; time_spark "$round"; fi
  awk -v s="$spark_ms" -v a="$app_ms" 'BEGIN { printf "round: Spark %.1f s, the app %.1f s, whole processes: the app %.1fx as fast\n", s / 1000, a / 1000, s / a }'
  if [ "$round" = 1 ]; then
    # The app's outputs of this round alone: a later round writes them again.
    (check_jvm org.fleetstreams.sparkcheck.CompareWithApp "$bootstrap" "$prefix" "${compare_clock[@]}") \
      2>"$work/compare.log" || agree=$?
    [ "$agree" -le 1 ] || { cat "$work/compare.log"; exit 2; }
  fi
done
status=$agree
if [ "$agree" = 0 ]; then echo "Spark's results and the app's agree"; else echo "Spark's results and the app's DIFFER"; fi
exit "$agree"

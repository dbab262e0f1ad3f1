#!/usr/bin/env bash
# The course's Structured Streaming queries (docs/course-guide.md) in a real Spark, against the app, on one broker:
#   1. a real single-node Kafka broker (the project's, its own process) and one replay of DATA at max speed with a
#      fixed --epoch and --close (closing records, so the app writes its last windows);
#   2. per round: the guide's q2 and q3 as streaming queries in Spark (TimeCourseQueries), then the app on the same
#      topics with a fresh application id, timed until it has committed every input record (GroupCatchUp);
#   3. after the first round: q2 and q3 over every record in one batch, compared with the app's
#      PREFIX-car-summaries and PREFIX-joined (CompareWithApp): same windows, same means and maxima, same pairs.
#
#   mvn -B -q package -DskipTests && bash docs/spark-check/run.sh [--data DIR] [--fleet N] [--rounds R] [--clock C]
#
# DATA defaults to data/bdd when present, else ../shared/data/bdd, else data/sample; --fleet 1, --rounds 1; --clock
# is the replayer's (offset, or partition: the course's replay style).
# PORT (default 19192) is the broker's port; SPARK_VERSION (default the pom's, 4.0.0) picks the Spark.
# The first run downloads Spark (about 280 MB) into the local Maven repository. Exit code 0 when Spark's results and
# the app's agree, 1 when not, 2 on a usage or set-up error.
set -euo pipefail
cd "$(dirname "$0")/../.."

data=""; fleet=1; rounds=1; clock=offset
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=$2; shift 2 ;;
    --fleet) fleet=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --clock) clock=$2; shift 2 ;;
    *) echo "usage: run.sh [--data DIR] [--fleet N] [--rounds R] [--clock offset|partition]" >&2; exit 2 ;;
  esac
done
if [ -z "$data" ]; then
  for d in data/bdd ../shared/data/bdd data/sample; do [ -d "$d/locations" ] && { data=$d; break; }; done
fi
port=${PORT:-19192}
prefix=sparkcheck
for jar in replayer/target/replayer.jar app/target/app.jar; do
  [ -f "$jar" ] || { echo "error: $jar is missing; run: mvn -B -q package -DskipTests" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

spark_opts=()
[ -n "${SPARK_VERSION:-}" ] && spark_opts+=("-Dspark.version=$SPARK_VERSION")
echo "building docs/spark-check (Spark ${SPARK_VERSION:-4.0.0})"
mvn -B -q -f docs/spark-check/pom.xml package "${spark_opts[@]}" > "$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 2; }
cp="docs/spark-check/target/classes:$(cat docs/spark-check/target/classpath.txt)"
# Spark on Java 17 needs these opened (spark-submit adds them itself; a plain java command must).
opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
spark() { java "${opens[@]}" -Djdk.reflect.useDirectMethodHandle=false -cp "$cp" "$@"; }

echo "broker: localhost:$port (a real single-node KRaft broker, its own process)"
java -cp replayer/target/replayer.jar org.fleetstreams.common.broker.EmbeddedKafkaBroker "$port" "$work/broker" \
  > "$work/broker.log" 2>&1 &
pids+=($!)
java -jar replayer/target/replayer.jar --bootstrap-servers "localhost:$port" --data "$data" --fleet "$fleet" \
  --clock "$clock" --speed max --epoch 2017-08-28T00:00:00Z --close --topic-prefix "$prefix" --connect-timeout 60 \
  --progress-interval 0 --log-file "$work/replayer-kafka.log" > "$work/replayer.log" 2>&1 \
  || { cat "$work/replayer.log"; exit 2; }
grep "^Replay finished" "$work/replayer.log"

agree=0
for round in $(seq "$rounds"); do
  echo "round $round"
  started=$(date +%s%N)
  spark org.fleetstreams.sparkcheck.TimeCourseQueries "localhost:$port" "$prefix" 2>"$work/spark-$round.log" \
    || { cat "$work/spark-$round.log"; exit 2; }
  spark_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  echo "spark: the whole process (JVM, session, queries) took $spark_ms ms"
  app_id="spark-check-$round"
  started=$(date +%s%N)
  spark org.fleetstreams.sparkcheck.GroupCatchUp "localhost:$port" "$app_id" 600 \
    "$prefix-locations" "$prefix-accelerations" 2>"$work/catch-up-$round.log" &
  watch=$!
  java -jar app/target/app.jar --bootstrap-servers "localhost:$port" --topic-prefix "$prefix" \
    --application-id "$app_id" --state-dir "$work/state-$round" --http-port 0 \
    --log-file "$work/app-$round-kafka.log" > "$work/app-$round.log" 2>&1 &
  app=$!
  pids+=($app)
  wait "$watch" || { cat "$work/catch-up-$round.log" "$work/app-$round.log"; exit 2; }
  app_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  awk -v s="$spark_ms" -v a="$app_ms" 'BEGIN { printf "round: Spark %.1f s, the app %.1f s, whole processes: the app %.1fx as fast\n", s / 1000, a / 1000, s / a }'
  kill "$app"; wait "$app" 2>/dev/null || true
  if [ "$round" = 1 ]; then
    # The app's outputs of this round alone: a later round writes them again.
    spark org.fleetstreams.sparkcheck.CompareWithApp "localhost:$port" "$prefix" 2>"$work/compare.log" \
      || agree=$?
    [ "$agree" -le 1 ] || { cat "$work/compare.log"; exit 2; }
  fi
done
if [ "$agree" = 0 ]; then echo "Spark's results and the app's agree"; else echo "Spark's results and the app's DIFFER"; fi
exit "$agree"

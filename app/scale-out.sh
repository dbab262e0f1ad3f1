#!/usr/bin/env bash
# Scale out by partition, as a user would: one Kafka broker, a looping replay, and three app instances as separate
# processes from the built jars (same --application-id, each its own --state-dir). It waits until the three have
# settled on an assignment, checks that the input partitions' tasks are spread over all three with none twice,
# prints who owns what, and stops everything.
#
#   mvn -B -q package -DskipTests && bash app/scale-out.sh [DATA_DIR]
#
# DATA_DIR defaults to data/bdd when present, else data/sample. PORT (default 19092) is the broker's port.
# Exit code 0 when the tasks are spread over all three instances, 1 when not (the logs are printed).
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:-}
if [ -z "$data" ]; then
  if [ -d data/bdd/locations ]; then data=data/bdd; else data=data/sample; fi
fi
port=${PORT:-19092}
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

echo "broker: localhost:$port (a real single-node KRaft broker, its own process)"
java -cp replayer/target/replayer.jar org.fleetstreams.common.broker.StandaloneBroker "$port" "$work/broker" \
  > "$work/broker.log" 2>&1 &
pids+=($!)

echo "replayer: $data, looping at 5x into scale-locations, scale-accelerations (4 partitions)"
java -jar replayer/target/replayer.jar --bootstrap-servers "localhost:$port" --data "$data" --loop --speed 5 \
  --topic-prefix scale --partitions 4 --connect-timeout 60 --progress-interval 0 --log-file "$work/replayer-kafka.log" \
  > "$work/replayer.log" 2>&1 &
pids+=($!)
for _ in $(seq 90); do grep -q "^Replaying" "$work/replayer.log" && break; sleep 1; done
grep -q "^Replaying" "$work/replayer.log" || { echo "error: the replay did not start"; cat "$work/replayer.log"; exit 1; }

for n in 1 2 3; do
  echo "app instance $n: --application-id scale-out --state-dir $work/state-$n"
  java -jar app/target/app.jar --bootstrap-servers "localhost:$port" --topic-prefix scale \
    --application-id scale-out --state-dir "$work/state-$n" --log-file "$work/app-$n-kafka.log" > "$work/app-$n.log" 2>&1 &
  pids+=($!)
done

# Each instance logs "Active tasks: [...]" whenever it (re)enters RUNNING; the last line is what it owns now.
latest() { { grep -o 'Active tasks: \[[^]]*\]' "$work/app-$1.log" 2>/dev/null || true; } | tail -n 1 | sed 's/Active tasks: //'; }
spread=false
for _ in $(seq 150); do
  sleep 2
  t1=$(latest 1); t2=$(latest 2); t3=$(latest 3)
  [ -n "$t1" ] && [ -n "$t2" ] && [ -n "$t3" ] || continue
  all=$(printf '%s\n' "$t1" "$t2" "$t3" | tr -d '[] ' | tr ',' '\n' | grep -v '^$' || true)
  distinct=$(printf '%s\n' "$all" | sort -u | grep -c . || true)
  total=$(printf '%s\n' "$all" | grep -c . || true)
  if [ "$t1" != "[]" ] && [ "$t2" != "[]" ] && [ "$t3" != "[]" ] && [ "$distinct" -eq 4 ] && [ "$total" -eq 4 ]; then
    spread=true
    break
  fi
done

echo "instance 1 owns $(latest 1)"
echo "instance 2 owns $(latest 2)"
echo "instance 3 owns $(latest 3)"
if [ "$spread" = true ]; then
  echo "OK: the 4 tasks are spread over all 3 instances, none twice"
  exit 0
fi
echo "FAILED: the tasks are not spread over all 3 instances; logs follow"
for f in "$work"/app-*.log "$work/replayer.log"; do echo "== $f"; tail -n 30 "$f"; done
exit 1

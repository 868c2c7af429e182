#!/usr/bin/env bash
# Cold start to first page: starts the built Herald jar with an embedded PostgreSQL and times how long until
# GET /login answers 200. Two cases, each repeated (default 3) and reported with the median:
#   fresh: an empty data directory (initdb, every migration, first super admin and demo seed included)
#   warm:  the data directory left by the previous run (PostgreSQL restart only)
# Usage: bench/scripts/cold-start.sh [repetitions]   (build first: ./mvnw -q -pl platform-web -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${1:-3}
java_bin=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
jar=$(ls platform-web/target/platform-web-*.jar | grep -v original | head -1)
port=${HERALD_PORT:-18080}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

start_once() {
  local data=$1 log=$2
  local t0 t1
  t0=$(date +%s%N)
  HERALD_DATA_DIR=$data HERALD_PORT=$port HERALD_DEMO=true HERALD_ADMIN_PASSWORD=bench-password-2026 \
    "$java_bin" -jar "$jar" >"$log" 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/login"; do
    kill -0 "$pid" 2>/dev/null || { echo "Herald exited; see $log" >&2; exit 1; }
    sleep 0.1
  done
  t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

fresh=(); warm=()
for i in $(seq 1 "$reps"); do
  rm -rf "$work/data"
  fresh+=("$(start_once "$work/data" "$work/fresh-$i.log")")
  warm+=("$(start_once "$work/data" "$work/warm-$i.log")")
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(date -u +%Y-%m-%d)"
echo "fresh data dir, ms: ${fresh[*]}  median $(printf '%s\n' "${fresh[@]}" | median)"
echo "warm data dir,  ms: ${warm[*]}  median $(printf '%s\n' "${warm[@]}" | median)"

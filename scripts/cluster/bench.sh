#!/usr/bin/env bash
# Scans the same repositories on the DirectRunner and on real local clusters (a Flink session cluster: JobManager +
# 2 TaskManagers; a Spark standalone master + worker), checks that every table equals the DirectRunner's
# (compare.sh), and prints wall time, CPU and peak RSS of the scan (the client/driver JVM) and of the cluster JVMs.
#
#   bench.sh [--runners flink,spark] [--history head|weekly|...] [--scan-args "..."] [--work DIR] REPO...
#
# Each cluster is started before its scan and stopped after it (its start-up time is printed apart). Cluster CPU is
# the user + system time the cluster's JVMs and their children (Spark executors) spent during the scan; cluster RSS
# is the largest sum of their resident sets, sampled every second. Exit 0 only when every scan succeeded and every
# table was equal.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/../.." && pwd)"
runners="flink,spark"
history="weekly"
work="$home/.bench/cluster-bench"
repos=()
scan_args=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runners) runners="$2"; shift 2 ;;
    --history) history="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --scan-args) scan_args="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    *) repos+=("$1"); shift ;;
  esac
done
[ ${#repos[@]} -gt 0 ] || { echo "usage: bench.sh [--runners flink,spark] [--history MODE] [--work DIR] REPO..." >&2; exit 2; }
mkdir -p "$work"
work="$(cd "$work" && pwd)"
tck="$(getconf CLK_TCK)"

# descendants PID...: the pids and all their descendants
descendants() {
  local p
  for p in "$@"; do
    echo "$p"
    descendants $(ps -o pid= --ppid "$p" 2>/dev/null || true)
  done
}
# cpu_ticks PID...: user + system (own and waited-for children) clock ticks of the pids
cpu_ticks() {
  local p s=0 f
  for p in "$@"; do
    f=($(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null || echo))
    [ ${#f[@]} -gt 15 ] && s=$((s + f[11] + f[12] + f[13] + f[14]))
  done
  echo "$s"
}
rss_kb() {
  local p s=0 v
  for p in $(descendants "$@"); do
    v="$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$p/status" 2>/dev/null || true)"
    s=$((s + ${v:-0}))
  done
  echo "$s"
}

results=()
# run NAME CLUSTER_PIDS... -- ENV... : one timed scan into $work/NAME
run_scan() {
  local name="$1"; shift
  local pids=()
  while [ "$1" != -- ]; do pids+=("$1"); shift; done
  shift
  rm -rf "${work:?}/$name"
  local c0=0 peak=0 s
  [ ${#pids[@]} -gt 0 ] && c0="$(cpu_ticks "${pids[@]}")"
  local t0; t0="$(date +%s.%N)"
  env "$@" /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$home/anyscope" scan --no-progress \
    --out "$work/$name" --history "$history" "${repos[@]}" $scan_args ${SCAN_ARGS:-} > "$work/$name.log" 2>&1 &
  local scan=$!
  while kill -0 "$scan" 2>/dev/null; do
    if [ ${#pids[@]} -gt 0 ]; then s="$(rss_kb "${pids[@]}")"; [ "$s" -gt "$peak" ] && peak=$s; fi
    sleep 1
  done
  local rc=0
  wait "$scan" || rc=$?
  local c1=0
  [ ${#pids[@]} -gt 0 ] && { sleep 2; c1="$(cpu_ticks "${pids[@]}")"; }
  read -r wall usr sys rss < <(tail -1 "$work/$name.time")
  local verdict="exit $rc"
  if [ "$rc" = 0 ] && [ "$name" != direct ]; then
    if "$here/compare.sh" "$work/direct" "$work/$name" > "$work/$name.compare" 2>&1; then verdict="tables equal"
    else verdict="TABLES DIFFER"; fi
    cat "$work/$name.compare"
  elif [ "$rc" != 0 ]; then
    tail -5 "$work/$name.log"
  fi
  results+=("$(printf '%-8s %8.1f %9.1f %9d %11.1f %11d  %s' "$name" "$wall" "$(echo "$usr + $sys" | bc)" \
    $((rss / 1024)) "$(echo "scale=1; ($c1 - $c0) / $tck" | bc)" $((peak / 1024)) "$verdict")")
  [ "$rc" = 0 ] && [ "$verdict" != "TABLES DIFFER" ]
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); history $history; repositories: ${repos[*]}"
ok=0
run_scan direct -- ANYSCOPE_EXTRA_CLASSPATH= || ok=1
grep '^run \|^  ' "$work/direct.log" || true
for r in ${runners//,/ }; do
  case "$r" in
    flink) script="$here/flink-session.sh"; args=(--runner=FlinkRunner "--flinkMaster=localhost:${FLINK_REST_PORT:-18081}")
           opts="${ANYSCOPE_JAVA_OPTS:-}" ;;
    spark) script="$here/spark-standalone.sh"; args=(--runner=SparkRunner "--sparkMaster=spark://localhost:${SPARK_MASTER_PORT:-17077}")
           # the driver runs in the scan's JVM: it needs Spark's JDK 17 options (spark-standalone.sh prints them)
           opts="${ANYSCOPE_JAVA_OPTS:--Xmx4g -XX:TieredStopAtLevel=1} $("$script" java-options)" ;;
    *) echo "bench.sh: unknown runner $r (flink, spark)" >&2; exit 2 ;;
  esac
  t0="$(date +%s)"
  "$script" start
  echo "$r cluster started in $(( $(date +%s) - t0 )) s"
  pids=($("$script" pids | cut -d' ' -f2))
  SCAN_ARGS="${args[*]}" run_scan "$r" "${pids[@]}" -- ANYSCOPE_EXTRA_CLASSPATH="$("$script" client-classpath)" \
    ${opts:+ANYSCOPE_JAVA_OPTS="$opts"} || ok=1
  "$script" stop
done
echo
printf '%-8s %8s %9s %9s %11s %11s  %s\n' runner "wall s" "scan CPU" "scan RSS" "cluster CPU" "cluster RSS" result
printf '%s\n' "${results[@]}"
echo "(seconds and MB; scan = the anyscope JVM (driver/client); load $(cut -d' ' -f1-3 /proc/loadavg))"
exit $ok

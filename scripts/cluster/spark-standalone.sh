#!/usr/bin/env bash
# A Spark 3.5 standalone cluster on this machine: one master and one worker, separate JVMs with their own ports,
# started from Maven Central's Spark jars (scripts/cluster/pom.xml, profile spark-server). The worker starts each
# application's executors from $SPARK_HOME/jars, so SPARK_HOME is a directory of links to those jars.
#
#   spark-standalone.sh start     starts them and waits until the worker is registered (master's /json)
#   spark-standalone.sh stop      stops them (worker first)
#   spark-standalone.sh status    prints the master's JSON state
#   spark-standalone.sh pids      prints "name pid" per running JVM
#
# Submit a scan:  anyscope scan ... --runner=SparkRunner --sparkMaster=spark://localhost:$SPARK_MASTER_PORT
# Settings (environment): SPARK_MASTER_PORT (17077; the master's web UI uses +1, the worker +2 and +3),
# SPARK_WORKER_CORES (2), SPARK_WORKER_MEMORY (1500m, for all its executors), ANYSCOPE_CLUSTER_DIR, CLUSTER_JAVA.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

port="${SPARK_MASTER_PORT:-17077}"
ui=$((port + 1))
cores="${SPARK_WORKER_CORES:-2}"
mem="${SPARK_WORKER_MEMORY:-1500m}"
state="$cluster_dir/spark"

# Spark's own launcher adds these on JDK 17 (org.apache.spark.launcher.JavaModuleOptions); SparkContext adds them to
# the executors' options itself.
SPARK_JDK17_OPTS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
# shellcheck disable=SC2206
jdk17_opts=($SPARK_JDK17_OPTS)

alive_workers() {
  curl -sf "http://localhost:$ui/json/" 2>/dev/null | tr -d ' \n' | sed -n 's/.*"aliveworkers":\([0-9]*\).*/\1/p'
}

start() {
  local java cp j
  java="$(cluster_java)"
  cp="$(cluster_classpath spark-server)"
  rm -rf "$state/home/jars"
  mkdir -p "$state/home/jars" "$state/work" "$state/tmp"
  for j in ${cp//:/ }; do ln -s "$j" "$state/home/jars/"; done
  SPARK_HOME="$state/home" start_jvm spark-master "$java" -Xmx256m -XX:TieredStopAtLevel=1 "${jdk17_opts[@]}" \
    -Djava.io.tmpdir="$state/tmp" -cp "$cp" \
    org.apache.spark.deploy.master.Master --host localhost --port "$port" --webui-port "$ui"
  wait_until "[ -n \"\$(alive_workers)\" ]" 120 spark-master ||
    die "the master did not answer on port $ui in 120 s (log: $cluster_dir/logs/spark-master.log)"
  SPARK_HOME="$state/home" SPARK_SCALA_VERSION=2.12 start_jvm spark-worker "$java" -Xmx256m -XX:TieredStopAtLevel=1 \
    "${jdk17_opts[@]}" -Djava.io.tmpdir="$state/tmp" -Dtree-sitter-lib="$native_dir" -cp "$cp" \
    org.apache.spark.deploy.worker.Worker --host localhost --port $((port + 2)) --webui-port $((port + 3)) \
    --cores "$cores" --memory "$mem" --work-dir "$state/work" "spark://localhost:$port"
  wait_until "[ \"\$(alive_workers)\" -ge 1 ]" 120 spark-master spark-worker ||
    die "the worker did not register in 120 s (logs: $cluster_dir/logs)"
  echo "spark standalone cluster up: master spark://localhost:$port (UI localhost:$ui), 1 worker ($cores cores, $mem); submit with --runner=SparkRunner --sparkMaster=spark://localhost:$port"
}

stop() {
  stop_jvm spark-worker
  stop_jvm spark-master
}

case "${1:-}" in
  start) trap 'rc=$?; [ $rc -eq 0 ] || stop >&2' EXIT; start ;;  # a failed start stops what it started
  stop) stop ;;
  status) curl -sf "http://localhost:$ui/json/" && echo || { echo "no Spark master on port $ui"; exit 1; } ;;
  client-classpath) cluster_classpath spark-client ;;  # for ANYSCOPE_EXTRA_CLASSPATH
  java-options) echo $SPARK_JDK17_OPTS ;;  # for the driver (ANYSCOPE_JAVA_OPTS)
  pids) for n in spark-master spark-worker; do [ -f "$cluster_dir/$n.pid" ] && echo "$n $(cat "$cluster_dir/$n.pid")"; done; true ;;
  *) echo "usage: $(basename "$0") start|stop|status|pids|client-classpath" >&2; exit 2 ;;
esac

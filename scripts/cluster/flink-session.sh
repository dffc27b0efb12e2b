#!/usr/bin/env bash
# A Flink 1.19 standalone session cluster on this machine: one JobManager and N TaskManagers (default 2), each a
# separate JVM with its own ports, started from Maven Central's Flink jars (scripts/cluster/pom.xml, profile
# flink-server: what flink-dist's lib/ holds, which is not served here) plus tree-sitter, loaded parent-first.
#
#   flink-session.sh start     starts them and waits until all TaskManagers are registered (REST /taskmanagers)
#   flink-session.sh stop      stops them (SIGTERM, TaskManagers first)
#   flink-session.sh status    prints the REST overview
#   flink-session.sh pids      prints "name pid" per running JVM
#
# Submit a scan:  anyscope scan ... --runner=FlinkRunner --flinkMaster=localhost:$FLINK_REST_PORT
# (with a jar built with -Pflink, or anyscope.jar plus the flink-client classpath; see README "Running on a cluster").
# Settings (environment): FLINK_REST_PORT (18081), FLINK_RPC_PORT (16123; the blob server uses +1, TaskManager i
# uses +10+i for RPC and +20+i for data), FLINK_TASKMANAGERS (2), FLINK_SLOTS (1 per TaskManager),
# FLINK_TM_MEMORY (1280m, the whole process), ANYSCOPE_CLUSTER_DIR (state, logs), CLUSTER_JAVA (a Java 17).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rest="${FLINK_REST_PORT:-18081}"
rpc="${FLINK_RPC_PORT:-16123}"
tms="${FLINK_TASKMANAGERS:-2}"
slots="${FLINK_SLOTS:-1}"
tm_mem="${FLINK_TM_MEMORY:-1280m}"
state="$cluster_dir/flink"

# What Flink's own bin/config.sh passes on JDK 17 (env.java.opts.all of flink-dist's config).
jdk17_opts=(--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)

names() { echo jobmanager; for i in $(seq 1 "$tms"); do echo "taskmanager-$i"; done; }

registered() {
  curl -sf "http://localhost:$rest/taskmanagers" 2>/dev/null | grep -o '"id"' | wc -l
}

write_config() {
  mkdir -p "$state/conf" "$state/tmp" "$state/blobs"
  # Legacy flat format (flink-conf.yaml), which Flink 1.19 still reads.
  cat > "$state/conf/flink-conf.yaml" <<CONF
jobmanager.rpc.address: localhost
jobmanager.bind-host: localhost
jobmanager.rpc.port: $rpc
blob.server.port: $((rpc + 1))
rest.address: localhost
rest.bind-address: localhost
rest.port: $rest
taskmanager.host: localhost
taskmanager.bind-host: localhost
taskmanager.numberOfTaskSlots: $slots
parallelism.default: $((tms * slots))
# tree-sitter's native library can be loaded by one class loader only: from the cluster classpath, not per job
classloader.parent-first-patterns.additional: org.treesitter.
jobmanager.memory.process.size: 768m
taskmanager.memory.process.size: $tm_mem
taskmanager.memory.managed.size: 32m
# A Beam batch job has many blocking shuffles per slot: each sort-shuffle partition takes 512 network buffers of
# 32 KB by default, more than a small TaskManager has; 64 each is enough here.
taskmanager.memory.network.min: 128m
taskmanager.memory.network.max: 128m
taskmanager.network.sort-shuffle.min-buffers: 64
taskmanager.memory.framework.heap.size: 64m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 32m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 128m
taskmanager.memory.jvm-overhead.max: 128m
io.tmp.dirs: $state/tmp
blob.storage.directory: $state/blobs
web.tmpdir: $state/tmp
heartbeat.timeout: 120000
CONF
}

start() {
  local java cp ex i
  java="$(cluster_java)"
  cp="$(cluster_classpath flink-server)"
  ex="$(extractors_jar)"
  [ -n "$ex" ] && cp="$cp:$ex"
  write_config
  start_jvm jobmanager "$java" -Xms128m -Xmx256m -XX:MaxMetaspaceSize=256m -XX:TieredStopAtLevel=1 "${jdk17_opts[@]}" \
    -Dtree-sitter-lib="$native_dir" -cp "$cp" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$state/conf"
  wait_until "curl -sf http://localhost:$rest/overview >/dev/null 2>&1" 120 jobmanager ||
    die "the JobManager did not answer on port $rest in 120 s (log: $cluster_dir/logs/jobmanager.log)"
  for i in $(seq 1 "$tms"); do
    # Flink's bin/taskmanager.sh computes the memory model from the process size (BashJavaUtils) and passes each part;
    # so does this: heap = framework heap + task heap = process size less metaspace, overhead, managed, network and
    # framework and task off-heap; direct memory = framework and task off-heap + network (batch shuffle
    # reads take 64m of the framework off-heap: less fails the job). TaskManagerRunner insists on cpu.cores.
    local heap_mb=$(( ${tm_mem%m} - 256 - 128 - 32 - 128 - 128 - 32 ))
    start_jvm "taskmanager-$i" "$java" -Xms64m -Xmx${heap_mb}m -XX:MaxDirectMemorySize=288m \
      -XX:MaxMetaspaceSize=256m -XX:TieredStopAtLevel=1 "${jdk17_opts[@]}" -Dtree-sitter-lib="$native_dir" \
      -cp "$cp" org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$state/conf" \
      -Dtaskmanager.rpc.port=$((rpc + 10 + i)) -Dtaskmanager.data.port=$((rpc + 20 + i)) \
      -Dtaskmanager.resource-id="taskmanager-$i" -Dtaskmanager.cpu.cores=1.0 -Dtaskmanager.memory.task.heap.size=$((heap_mb - 64))m \
      -Dtaskmanager.memory.task.off-heap.size=32m
  done
  # shellcheck disable=SC2046
  wait_until "[ \"\$(registered)\" -ge $tms ]" 180 $(names) ||
    die "only $(registered) of $tms TaskManagers registered in 180 s (logs: $cluster_dir/logs)"
  echo "flink session cluster up: REST localhost:$rest, $tms TaskManagers x $slots slot(s); submit with --runner=FlinkRunner --flinkMaster=localhost:$rest"
}

stop() {
  local n
  for n in $(names | tac); do stop_jvm "$n"; done
}

case "${1:-}" in
  start) trap 'rc=$?; [ $rc -eq 0 ] || stop >&2' EXIT; start ;;  # a failed start stops what it started
  stop) stop ;;
  status) curl -sf "http://localhost:$rest/overview" && echo || { echo "no JobManager on port $rest"; exit 1; } ;;
  client-classpath) cluster_classpath flink-client ;;  # for ANYSCOPE_EXTRA_CLASSPATH
  pids) for n in $(names); do [ -f "$cluster_dir/$n.pid" ] && echo "$n $(cat "$cluster_dir/$n.pid")"; done; true ;;
  *) echo "usage: $(basename "$0") start|stop|status|pids|client-classpath" >&2; exit 2 ;;
esac

# Shared by flink-session.sh and spark-standalone.sh (sourced, not run).
# The state of a local cluster (configuration, pids, logs, classpaths) lives in $ANYSCOPE_CLUSTER_DIR
# (default: .bench/cluster under the anyscope checkout).

cluster_home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cluster_dir="${ANYSCOPE_CLUSTER_DIR:-$cluster_home/.bench/cluster}"
mkdir -p "$cluster_dir"
cluster_dir="$(cd "$cluster_dir" && pwd)"

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# A Java 17 (Flink 1.19 and Spark 3.5 do not start on newer JDKs): $CLUSTER_JAVA, else the first java 11/17 found.
cluster_java() {
  local c v
  for c in "${CLUSTER_JAVA:-}" "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" \
           /usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/*17*/bin/java; do
    [ -n "$c" ] && [ -x "$c" ] || continue
    v="$("$c" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')"
    if [ "$v" = 17 ] || [ "$v" = 11 ]; then echo "$c"; return 0; fi
  done
  die "no Java 17 found (Flink 1.19 and Spark 3.5 need 11 or 17); set CLUSTER_JAVA=/path/to/java"
}

# The classpath of one profile of scripts/cluster/pom.xml, from the local Maven repository (fetched once if missing).
cluster_classpath() {
  local profile="$1" out="$cluster_dir/$1.classpath"
  if [ ! -s "$out" ] || [ "$cluster_home/scripts/cluster/pom.xml" -nt "$out" ]; then
    (cd "$cluster_home/scripts/cluster" &&
      { mvn -B -ntp -q -o -P "$profile" dependency:build-classpath -Dmdep.outputFile="$out" >/dev/null 2>&1 ||
        mvn -B -ntp -q -P "$profile" dependency:build-classpath -Dmdep.outputFile="$out" >&2; }) ||
      die "could not resolve the $profile classpath (scripts/cluster/pom.xml)"
  fi
  cat "$out"
}

# The anyscope extractors jar (org.treesitter.AnyscopeTs must share tree-sitter's class loader), when built.
extractors_jar() {
  ls "$cluster_home"/extractors/target/anyscope-extractors-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1 || true
}

# The optimised tree-sitter library the launcher preloads, when it has built one (src/native/tree-sitter-o2.sh).
native_dir="${ANYSCOPE_NATIVE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/anyscope/native}"
ts_preload() {
  ls "$native_dir"/libanyscope-tree-sitter-o2*.so 2>/dev/null | head -1 || true
}

# Starts a JVM in the background with its pid in $cluster_dir/NAME.pid and its output in $cluster_dir/logs/NAME.log.
start_jvm() {
  local name="$1"; shift
  local pidf="$cluster_dir/$name.pid"
  if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then die "$name is already running (pid $(cat "$pidf"))"; fi
  mkdir -p "$cluster_dir/logs"
  local pre; pre="$(ts_preload)"
  # setsid: the JVM outlives this script and its terminal; it is stopped by its pid.
  LD_PRELOAD="${pre}${LD_PRELOAD:+:$LD_PRELOAD}" setsid "$@" > "$cluster_dir/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$pidf"
}

# Stops the JVM of NAME (SIGTERM, then SIGKILL after 20 s) and removes its pid file.
stop_jvm() {
  local name="$1" pidf="$cluster_dir/$1.pid" pid i
  [ -f "$pidf" ] || return 0
  pid="$(cat "$pidf")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then echo "$name (pid $pid) did not stop in 20 s; killing it" >&2; kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$pidf"
  echo "stopped $name (pid $pid)"
}

# Waits up to $2 seconds until the shell test $1 (a command) succeeds; the JVMs named in $3.. must stay alive.
wait_until() {
  local test="$1" secs="$2"; shift 2
  local i n
  for i in $(seq 1 "$secs"); do
    if eval "$test"; then return 0; fi
    for n in "$@"; do
      kill -0 "$(cat "$cluster_dir/$n.pid" 2>/dev/null)" 2>/dev/null ||
        { tail -30 "$cluster_dir/logs/$n.log" >&2; die "$n exited during start-up (log: $cluster_dir/logs/$n.log)"; }
    done
    sleep 1
  done
  return 1
}

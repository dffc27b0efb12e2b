#!/usr/bin/env bash
# Builds an optimised (-O2) tree-sitter core + Python grammar as one shared library, for the launcher to preload.
#
# Why: bonede's JNI library (io.github.bonede:tree-sitter) statically contains the tree-sitter core built at -O0,
# and so does its Python grammar library. Both call every ts_* function and tree_sitter_python() through the PLT,
# so a preloaded library that defines them interposes the whole parser: bonede's JNI glue stays, the C it calls is
# ours, built at -O2 (about 2.5x faster parsing). Nothing of bonede's core is left reachable: every public entry
# point it calls is defined here (checked below against its own library). The library also replaces two lookup
# helpers of bonede's JNI glue with caching ones (src/native/jni_cache.c): each node handed to Java gets 2-3x cheaper.
#
# Sources come from the npm registry with its ordinary client, pinned by version and SHA-256:
#   tree-sitter@0.25.1 (Node bindings) vendors the 0.25 core C sources (vendor/tree-sitter/lib);
#   tree-sitter-python@0.23.4 ships src/parser.c (language ABI 14) and src/scanner.c.
# They match bonede tree-sitter 0.25.3 (core ABI 13-15) and tree-sitter-python 0.23.4, the versions in pom.xml;
# with other versions this script refuses (the launcher then uses bonede's own library).
#
# Usage: tree-sitter-o2.sh OUT_DIR JAR
#   Prints the library's path on stdout (building it once; later calls only check the cache), or exits non-zero
#   with the reason as the last line on stderr. A failure is remembered in OUT_DIR for a day (delete the .failed
#   file, or set ANYSCOPE_NATIVE_REBUILD=1, to try again sooner).
set -euo pipefail

out_dir="$1"
jar="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

TS_CORE_PKG="tree-sitter@0.25.1"
TS_CORE_SHA256="07aeba8dd71630e7e72b2d4ca3bd2680c3471824100cc5ebff44e78a6ed0b6d3"
TS_PY_PKG="tree-sitter-python@0.23.4"
TS_PY_SHA256="4ac318c9248bbf089e78de298fcaa67ca6f25c04ab0d493a0ec3e699534c3fe6"
# The bonede versions this build was checked against (pom.xml must say the same).
BONEDE_CORE="0.25.3"
BONEDE_PY="0.23.4"
CFLAGS_OPT="-O2 -fPIC -fno-semantic-interposition -std=gnu11"

fail() {
  echo "$1" >&2
  [ -n "${failed_file:-}" ] && echo "$1" > "$failed_file"
  exit 1
}

pom="$here/../../pom.xml"
core_ver="$(sed -n 's:.*<treesitter.version>\(.*\)</treesitter.version>.*:\1:p' "$pom" | head -1)"
py_ver="$(sed -n 's:.*<treesitter.python.version>\(.*\)</treesitter.python.version>.*:\1:p' "$pom" | head -1)"
if [ "$core_ver" != "$BONEDE_CORE" ] || [ "$py_ver" != "$BONEDE_PY" ]; then
  fail "pom.xml has bonede tree-sitter $core_ver / python $py_ver, but src/native/tree-sitter-o2.sh is checked for $BONEDE_CORE / $BONEDE_PY"
fi

key="$( (cat "${BASH_SOURCE[0]}" "$here/jni_cache.c"; uname -m; gcc -dumpfullversion 2>/dev/null || true) | sha256sum | cut -c1-16)"
lib="$out_dir/libanyscope-tree-sitter-o2-$key.so"
failed_file="$out_dir/libanyscope-tree-sitter-o2-$key.failed"

if [ -f "$lib" ]; then
  echo "$lib"
  exit 0
fi
# A failure is not retried for a day (each retry would cost a registry round trip on every run).
if [ -f "$failed_file" ] && [ "${ANYSCOPE_NATIVE_REBUILD:-0}" != 1 ] \
   && [ -z "$(find "$failed_file" -mmin +1440 2>/dev/null)" ]; then
  reason="$(tail -1 "$failed_file")"
  failed_file=""
  fail "$reason (cached; set ANYSCOPE_NATIVE_REBUILD=1 to retry)"
fi

mkdir -p "$out_dir"
command -v gcc >/dev/null 2>&1 || fail "gcc not found (apt-get install gcc)"
command -v npm >/dev/null 2>&1 || fail "npm not found, needed to fetch the tree-sitter C sources (apt-get install npm)"

tmp="$(mktemp -d "$out_dir/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# Progress goes to fd 3 when the caller opened it (the launcher points it at the terminal's stderr).
{ echo "anyscope: building an optimised tree-sitter library (once, under a minute) ..." >&3; } 2>/dev/null || true

(cd "$tmp" && npm pack --loglevel=error "$TS_CORE_PKG" "$TS_PY_PKG" >/dev/null 2>"$tmp/npm.log") \
  || fail "npm pack $TS_CORE_PKG $TS_PY_PKG failed: $(grep -v '^npm warn' "$tmp/npm.log" | grep -m1 . || echo '?')"
core_tgz="$tmp/tree-sitter-${TS_CORE_PKG#*@}.tgz"
py_tgz="$tmp/tree-sitter-python-${TS_PY_PKG#*@}.tgz"
echo "$TS_CORE_SHA256  $core_tgz" | sha256sum -c --quiet - >/dev/null 2>&1 || fail "$TS_CORE_PKG: SHA-256 mismatch"
echo "$TS_PY_SHA256  $py_tgz" | sha256sum -c --quiet - >/dev/null 2>&1 || fail "$TS_PY_PKG: SHA-256 mismatch"
mkdir -p "$tmp/core" "$tmp/py"
tar -xzf "$core_tgz" -C "$tmp/core"
tar -xzf "$py_tgz" -C "$tmp/py"
ts="$tmp/core/package/vendor/tree-sitter/lib"
py="$tmp/py/package/src"

# jni_cache.c (see there) needs the JDK's jni.h; without it the library is built without that part.
extra=()
for jdk in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v javac || echo /nonexistent)")")")" \
           "$(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")")"; do
  if [ -n "$jdk" ] && [ -f "$jdk/include/jni.h" ] && [ -d "$jdk/include/linux" ]; then
    extra=(-I"$jdk/include" -I"$jdk/include/linux" "$here/jni_cache.c" -lpthread)
    break
  fi
done
[ -n "${extra[*]:-}" ] || echo "anyscope: no jni.h found (set JAVA_HOME to a JDK): building without the JNI lookup cache" >&2

# shellcheck disable=SC2086
gcc $CFLAGS_OPT -shared -o "$tmp/lib.so" \
  -I"$ts/include" -I"$ts/src" -I"$py" \
  "$ts/src/lib.c" "$py/parser.c" "$py/scanner.c" ${extra[@]+"${extra[@]}"} 2>"$tmp/gcc.log" \
  || fail "gcc failed: $(grep -m1 error "$tmp/gcc.log" || tail -1 "$tmp/gcc.log")"

# Every tree-sitter API function bonede's library defines must be defined here too, or some calls would still reach
# its (-O0, differently laid out) core. The API is what the core's api.h declares.
mkdir -p "$tmp/bonede"
arch="$(uname -m)"
case "$arch" in x86_64|amd64) arch=x86_64 ;; aarch64|arm64) arch=aarch64 ;; esac
entry="lib/$arch-linux-gnu-tree-sitter.so"
if command -v unzip >/dev/null 2>&1; then
  unzip -q -o "$jar" "$entry" -d "$tmp/bonede" 2>/dev/null || true
elif command -v jar >/dev/null 2>&1; then
  (cd "$tmp/bonede" && jar xf "$jar" "$entry") || true
fi
[ -f "$tmp/bonede/$entry" ] || fail "cannot read $entry from $jar (needs unzip or jar) to check the symbols"
command -v nm >/dev/null 2>&1 || fail "nm not found (apt-get install binutils)"
grep -o '\bts_[a-z0-9_]*(' "$ts/include/tree_sitter/api.h" | tr -d '(' | sort -u > "$tmp/api.txt"
nm -D --defined-only "$tmp/bonede/$entry" | awk '{print $3}' | sort -u > "$tmp/bonede.txt"
nm -D --defined-only "$tmp/lib.so" | awk '{print $3}' | sort -u > "$tmp/ours.txt"
missing="$(comm -12 "$tmp/api.txt" "$tmp/bonede.txt" | comm -23 - "$tmp/ours.txt" | tr '\n' ' ')"
[ -z "$missing" ] || fail "the optimised library lacks API functions bonede's has: $missing"
grep -qx tree_sitter_python "$tmp/ours.txt" || fail "the optimised library lacks tree_sitter_python"

mv -f "$tmp/lib.so" "$lib"
rm -f "$failed_file"
# Builds of older versions of this script are no longer used (deleting a mapped file is safe on Linux).
find "$out_dir" -maxdepth 1 \( -name 'libanyscope-tree-sitter-o2-*.so' -o -name 'libanyscope-tree-sitter-o2-*.failed' \) \
  ! -name "$(basename "$lib")" -delete 2>/dev/null || true
echo "$lib"

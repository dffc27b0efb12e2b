#!/usr/bin/env bash
# Compares two anyscope data sets table by table, row for row (DuckDB EXCEPT ALL both ways), leaving out what names
# the run or the moment: the runs table, repos.scanned_at, errors.run_id and errors.at (as FlinkEqualsDirectTest).
#
#   compare.sh DATA_A DATA_B     prints "table rows_a rows_b only_in_a only_in_b verdict" per table;
#                                exits 0 when every table is equal, 1 otherwise
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $(basename "$0") DATA_A DATA_B" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
a="$(cd "$1/current" && pwd -P)" || { echo "compare.sh: $1 has no current generation" >&2; exit 2; }
b="$(cd "$2/current" && pwd -P)" || { echo "compare.sh: $2 has no current generation" >&2; exit 2; }

exclude() {
  case "$1" in
    repos) echo "EXCLUDE (scanned_at)" ;;
    errors) echo "EXCLUDE (run_id, \"at\")" ;;
  esac
}

sql=""
for dir in "$a"/*/; do
  t="$(basename "$dir")"
  [ "$t" = runs ] && continue
  [ -d "$b/$t" ] || { echo "compare.sh: table $t is in $1 but not in $2" >&2; exit 1; }
  x="$(exclude "$t")"
  ra="(SELECT * $x FROM read_parquet('$a/$t/*.parquet', union_by_name = true))"
  rb="(SELECT * $x FROM read_parquet('$b/$t/*.parquet', union_by_name = true))"
  sql+="${sql:+ UNION ALL }SELECT '$t', (SELECT count(*) FROM $ra), (SELECT count(*) FROM $rb),"
  sql+=" (SELECT count(*) FROM ($ra EXCEPT ALL $rb)), (SELECT count(*) FROM ($rb EXCEPT ALL $ra))"
done
out="$(ANYSCOPE_EXTRA_CLASSPATH= "$here/anyscope" sql --data "$1" --format plain "$sql ORDER BY 1")"
bad=0
printf '%-14s %9s %9s %10s %10s %s\n' table rows_a rows_b only_in_a only_in_b verdict
while IFS=$'\t' read -r t na nb oa ob; do
  v=equal
  if [ "$oa" != 0 ] || [ "$ob" != 0 ]; then v=DIFFERENT; bad=1; fi
  printf '%-14s %9s %9s %10s %10s %s\n' "$t" "$na" "$nb" "$oa" "$ob" "$v"
done <<< "$out"
exit $bad

#!/usr/bin/env bash
# ctest-labels: pg
# The storage tests on PostgreSQL: starts a throwaway cluster
# (tests/pg/pg_cluster.sh) and runs test_store — the same cases ctest runs
# on SQLite as unit/test_store — against it, then the PostgreSQL-only
# cases (test_store_pg: reconnecting, concurrent writers, the index).
# The cluster is stopped and removed however the tests end.
set -euo pipefail
: "${PD_SOURCE_DIR:?}" "${PD_BUILD_DIR:?}"
source "$PD_SOURCE_DIR/tests/pg/pg_cluster.sh"
trap pd_pg_stop EXIT
pd_pg_start
for t in test_store test_store_pg; do
	[ -x "$PD_BUILD_DIR/tests/$t" ] || { echo "$t not built" >&2; exit 1; }
	PD_TEST_STORE="$PD_PG_URI" "$PD_BUILD_DIR/tests/$t"
done

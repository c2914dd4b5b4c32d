#!/usr/bin/env bash
# pg_cluster.sh: a throwaway PostgreSQL cluster for tests, in a temp folder
# on 127.0.0.1 and a free port (docs: /work/shared/docs/dependencies.md §7).
#
#   source tests/pg/pg_cluster.sh
#   pd_pg_start            # sets PD_PG_DIR, PD_PG_PORT, PD_PG_URI (database "podium")
#   pd_pg_stop             # stops it and removes the folder (also from a trap)
#   pd_pg_restart          # stop + start on the same data and port
#
# initdb refuses to run as root: as root the server runs as the postgres
# user (runuser); otherwise as the current user. fsync and synchronous
# commit are off: the data is thrown away.
PD_PG_BIN=${PD_PG_BIN:-$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)}
[ -x "$PD_PG_BIN/initdb" ] || PD_PG_BIN=/usr/lib/postgresql/15/bin

pd_pg_as() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pd_pg_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pd_pg_ctl_start() {
	pd_pg_as "$PD_PG_BIN/pg_ctl" -D "$PD_PG_DIR/data" -l "$PD_PG_DIR/log" -w -t 30 \
		-o "-k $PD_PG_DIR -p $PD_PG_PORT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null
}

pd_pg_start() {
	PD_PG_DIR=$(mktemp -d /tmp/pd-pg-XXXXXX)
	chmod 755 "$PD_PG_DIR"
	[ "$(id -u)" = 0 ] && chown postgres:postgres "$PD_PG_DIR"
	pd_pg_as "$PD_PG_BIN/initdb" -D "$PD_PG_DIR/data" -A trust -U postgres -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$PD_PG_DIR/initdb.log" 2>&1 ||
		{ cat "$PD_PG_DIR/initdb.log" >&2; return 1; }
	local tries
	for tries in 1 2 3 4 5; do
		PD_PG_PORT=$(pd_pg_free_port)
		pd_pg_ctl_start && break
		[ "$tries" = 5 ] && { cat "$PD_PG_DIR/log" >&2; return 1; }
	done
	psql -X -q -h 127.0.0.1 -p "$PD_PG_PORT" -U postgres -d postgres \
		-c "CREATE DATABASE podium" >/dev/null
	PD_PG_URI="postgres://postgres@127.0.0.1:$PD_PG_PORT/podium"
	export PD_PG_DIR PD_PG_PORT PD_PG_URI
}

pd_pg_stop() {
	[ -n "${PD_PG_DIR:-}" ] || return 0
	pd_pg_as "$PD_PG_BIN/pg_ctl" -D "$PD_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$PD_PG_DIR"
	PD_PG_DIR=
}

pd_pg_restart() {
	pd_pg_as "$PD_PG_BIN/pg_ctl" -D "$PD_PG_DIR/data" -m fast -w stop >/dev/null
	pd_pg_ctl_start
}

pd_psql() {
	psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PD_PG_PORT" -U postgres -d podium "$@"
}

# serve.sh: sourced by the reliability tests (tests/integration/*.sh).
#   fail MSG          prints FAIL MSG, exits 1
#   start_server DB [OPTIONS...]
#                     `podium serve` on a free loopback port, 2 threads,
#                     with any further serve options; sets $server (pid),
#                     $port, $base; output in $tmp/serve.out and
#                     $tmp/serve.err (a previous server's are replaced)
#   stop_server       SIGTERM; fails unless it exits 0 and its stderr
#                     holds no sanitizer report
# Needs $PODIUM and $tmp. The including script's EXIT trap should call
# cleanup_server (kills a server still running) before removing $tmp.
server=""
fail() { echo "FAIL $*"; exit 1; }

start_server() {
	local db=$1
	shift
	# the previous server's "serving" line must not be read as this one's
	rm -f "$tmp/serve.out"
	"$PODIUM" serve --db "$db" --port 0 --threads 2 --quiet "$@" >"$tmp/serve.out" 2>"$tmp/serve.err" &
	server=$!
	for _ in $(seq 100); do grep -q http "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
	port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.out")
	[ -n "$port" ] || { cat "$tmp/serve.err"; fail "server did not start"; }
	base="http://127.0.0.1:$port"
}

stop_server() {
	kill -TERM "$server"
	local st=0
	wait "$server" || st=$?
	server=""
	[ $st -eq 0 ] || fail "server exited with $st after SIGTERM"
	! grep -q "AddressSanitizer\|runtime error\|LeakSanitizer" "$tmp/serve.err" ||
		fail "server: $(cat "$tmp/serve.err")"
}

cleanup_server() {
	if [ -n "$server" ]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
}

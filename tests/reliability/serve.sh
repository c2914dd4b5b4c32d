# serve.sh: sourced by the reliability tests. start_server DB starts
# `podium serve` on a free loopback port with 2 threads and sets $server
# (its pid), $port and $base; output goes to $tmp/serve.out and .err.
# Needs $PODIUM, $tmp and a fail function.
start_server() {
	"$PODIUM" serve --db "$1" --port 0 --threads 2 --quiet >"$tmp/serve.out" 2>"$tmp/serve.err" &
	server=$!
	for _ in $(seq 50); do grep -q http "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
	port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.out")
	[ -n "$port" ] || { cat "$tmp/serve.err"; fail "server did not start"; }
	base="http://127.0.0.1:$port"
}

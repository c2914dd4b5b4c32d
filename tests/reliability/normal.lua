-- normal.lua: wrk script for the reliability load tests — ordinary pages
-- and API calls in turn; counts responses by status class and prints one
-- line wrk's shell caller parses:
--   result requests=N 2xx=N 3xx=N 4xx=N 5xx=N p50_us=N p99_us=N
-- Weighted towards what a reader fetches most (record pages, lists, feeds)
-- with a search now and then. (The home page and one-word English searches
-- cost ten times a record page; the load test leaves them to web_http.sh.)
paths = {
	"/records/pm-90001", "/records/pm-90002.json", "/api/v1/records?per_page=20",
	"/browse/dates/2026", "/records/pm-90002", "/api/v1/records/pm-90001",
	"/feed.atom", "/records/pm-90001.md", "/search?q=%E5%8F%91%E8%A8%80%E4%BA%BA",
	"/records/pm-90002.akn.xml", "/records/pm-90001", "/records/pm-90002.json",
	"/api/v1/records?per_page=20&page=2", "/browse/dates/2026", "/records/pm-90002",
	"/api/v1/records/pm-90002", "/search?q=%22press+conference%22", "/records/pm-90001.json",
	"/search?q=prime+minister+visit", "/speakers/JOURNALIST",
}
-- `wrk ... -s normal.lua URL -- light`: what a busy reader's browser and
-- API clients fetch most once pages are cached (records as JSON, the
-- stylesheet, lists) with a record page in four; for the long load run.
local light = {
	"/records/pm-90002.json", "/api/v1/records/pm-90001", "/static/app.css",
	"/records/pm-90001", "/api/v1/records?per_page=20", "/records/pm-90001.json",
	"/static/app.js", "/robots.txt", "/records/pm-90002", "/api/v1/records/pm-90002",
	"/browse/dates/2026", "/records/pm-90001.md",
}
local threads = {}
local i = 0

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	if args[1] == "light" then
		paths = light
	end
	counts = { 0, 0, 0, 0, 0 }
	i = math.random(#paths)
end

function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end

function response(status, headers, body)
	local c = math.floor(status / 100)
	if c >= 1 and c <= 5 then
		counts[c] = counts[c] + 1
	end
end

function done(summary, latency, requests)
	local total = { 0, 0, 0, 0, 0 }
	for _, t in ipairs(threads) do
		local c = t:get("counts")
		for k = 1, 5 do
			total[k] = total[k] + c[k]
		end
	end
	io.write(string.format("result requests=%d 2xx=%d 3xx=%d 4xx=%d 5xx=%d p50_us=%d p99_us=%d errors=%d\n",
		summary.requests, total[2], total[3], total[4], total[5],
		latency:percentile(50), latency:percentile(99),
		summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

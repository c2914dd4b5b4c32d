#!/usr/bin/env python3
"""report.py: the table of `make bench`, from the raw lines run.sh collected.

    report.py RAW.tsv OUT.md                 print the table, write OUT.md
    report.py --wrk WRK_OUTPUT SCALE NAME    wrk's figures as raw lines

Raw lines (tab-separated), first two fields scale and run:
    T engine class query run ms hits    one timed search
    I key value                         one figure
    O class query overlap identical     overlap@20 of one query

Per class and run, p50 and p99 over the class's queries; across runs the
median with min-max. Ratios are baseline / Podium of the same run (above 1:
Podium is faster), their median over the runs; within 1.1x either way is
noise and shown as "≈".
"""
import re
import statistics
import sys
from collections import defaultdict

CLASSES = ["common", "rare", "and", "phrase", "filtered", "chinese"]


def pct(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    k = min(len(v) - 1, max(0, int(round(p / 100.0 * (len(v) - 1)))))
    return v[k]


def wrk(path, scale, name):
    text = open(path, encoding="utf-8", errors="replace").read()
    rps = re.search(r"Requests/sec:\s*([\d.]+)", text)
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\b", text, re.M)
    p50 = re.search(r"^\s*50%\s+([\d.]+)(us|ms|s)\b", text, re.M)
    errs = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", text)

    def ms(m):
        if not m:
            return "nan"
        return "%.3f" % (float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)])
    print("%s\t0\tI\t%s_rps\t%s" % (scale, name, rps.group(1) if rps else "nan"))
    print("%s\t0\tI\t%s_p50_ms\t%s" % (scale, name, ms(p50)))
    print("%s\t0\tI\t%s_p99_ms\t%s" % (scale, name, ms(p99)))
    print("%s\t0\tI\t%s_non2xx\t%s" % (scale, name, errs.group(1) if errs else "0"))


def fmt(v, digits=2):
    if v != v:
        return "—"
    if v >= 100:
        return "%.0f" % v
    if v >= 10:
        return "%.1f" % v
    return "%.*f" % (digits, v)


def spread(vals, digits=2):
    vals = [v for v in vals if v == v]
    if not vals:
        return "—"
    m = statistics.median(vals)
    if len(vals) == 1:
        return fmt(m, digits)
    return "%s (%s–%s)" % (fmt(m, digits), fmt(min(vals), digits), fmt(max(vals), digits))


def ratio(r):
    if r != r:
        return "—"
    if 1 / 1.1 <= r <= 1.1:
        return "≈ (%.2f×)" % r
    return "%.2f×" % r


def main(raw, out):
    times = defaultdict(list)          # (scale, engine, class, run) -> [ms]
    info = defaultdict(dict)           # scale -> key -> {run: value}
    overlap = defaultdict(list)        # scale -> [(class, ov, same)]
    scales = []
    for line in open(raw, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) < 4:
            continue
        scale, run, kind = f[0], f[1], f[2]
        if scale != "all" and scale not in scales:
            scales.append(scale)
        if kind == "T":
            times[(scale, f[3], f[4], f[6])].append(float(f[7]))
        elif kind == "I":
            info[scale].setdefault(f[3], {})[run] = f[4]
        elif kind == "O":
            overlap[scale].append((f[3], float(f[5]), f[6] == "1"))

    def num(scale, key):
        return [float(v) for v in info[scale].get(key, {}).values() if v not in ("", "nan")]

    def one(scale, key, default="—"):
        v = info[scale].get(key, {})
        return next(iter(v.values())) if v else default

    lines = []
    w = lines.append
    a = info["all"]
    w("# Podium benchmark — latest run")
    w("")
    w("Machine: %s; load average at start %s; SQLite %s, Xapian %s; %s, commit %s." % (
        one("all", "machine"), one("all", "load_at_start"), one("all", "sqlite"),
        one("all", "xapian"), one("all", "date"), one("all", "commit")))
    w("Method and reading: docs/performance.md. Medians of the runs with min–max; ratios are "
      "baseline ÷ Podium in the same run (above 1: Podium faster), median over runs; "
      "within 1.1× is noise (≈).")
    for scale in scales:
        runs = sorted({k[3] for k in times if k[0] == scale})
        w("")
        w("## %s" % scale)
        w("")
        w("### Search, per class: p50 / p99 of the class's queries (ms), each query asked again "
          "on its connection (the first asking: the next table)")
        w("")
        w("| class | Podium p50 | Xapian p50 | bare FTS5 p50 | Podium vs Xapian | Podium vs FTS5 |"
          " Podium p99 | Xapian p99 | FTS5 p99 | HTTP p50 | in-process (facets) p50 | HTTP adds |"
          " HTTP adds, paired |")
        w("|---|---|---|---|---|---|---|---|---|---|---|---|---|")

        def per_run(engine, cls, p):
            return {r: pct(times[(scale, engine, cls, r)], p) for r in runs
                    if times.get((scale, engine, cls, r))}
        for cls in CLASSES:
            pod = per_run("podium", cls, 50)
            if not pod:
                continue
            xap, fts = per_run("xapian", cls, 50), per_run("fts5", cls, 50)
            http, fac = per_run("http", cls, 50), per_run("podium-facets", cls, 50)
            rx = [xap[r] / pod[r] for r in pod if r in xap and pod[r] > 0]
            rf = [fts[r] / pod[r] for r in pod if r in fts and pod[r] > 0]
            add = [http[r] - fac[r] for r in http if r in fac]
            # each request's time less its search's (Server-Timing): the
            # same request on both sides, so the machine's noise between
            # runs drops out
            paired = per_run("http-added", cls, 50)
            w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                cls, spread(pod.values()), spread(xap.values()), spread(fts.values()),
                ratio(statistics.median(rx)) if rx else "—",
                ratio(statistics.median(rf)) if rf else "—",
                spread(per_run("podium", cls, 99).values()),
                spread(per_run("xapian", cls, 99).values()),
                spread(per_run("fts5", cls, 99).values()),
                spread(http.values()), spread(fac.values()),
                ("%+.2f ms" % statistics.median(add)) if add else "—",
                ("%.3f ms" % statistics.median(paired.values())) if paired else "—"))
        if any(k[0] == scale and k[1] == "podium-first" for k in times):
            w("")
            w("Asked for the first time on the connection (`PODIUM_SEARCH_KEEP=0`: no match "
              "count, filter set or answer kept from an earlier asking; the table above is a "
              "query asked again, as a next page is), ms:")
            w("")
            w("| class | Podium p50 | Xapian p50 | Podium vs Xapian | Podium p99 | Xapian p99 |")
            w("|---|---|---|---|---|---|")
            for cls in CLASSES:
                first, xap = per_run("podium-first", cls, 50), per_run("xapian", cls, 50)
                if not first:
                    continue
                rx = [xap[r] / first[r] for r in first if r in xap and first[r] > 0]
                w("| %s | %s | %s | %s | %s | %s |" % (
                    cls, spread(first.values()), spread(xap.values()),
                    ratio(statistics.median(rx)) if rx else "—",
                    spread(per_run("podium-first", cls, 99).values()),
                    spread(per_run("xapian", cls, 99).values())))
        if any(k[0] == scale and k[1] == "podium-pg" for k in times):
            w("")
            w("PostgreSQL backend (%s, local cluster over TCP), the same list through the same "
              "store API, without facets (ms):" % one("all", "postgres"))
            w("")
            w("| class | SQLite p50 | PostgreSQL p50 | PostgreSQL ÷ SQLite | SQLite p99 |"
              " PostgreSQL p99 |")
            w("|---|---|---|---|---|---|")
            for cls in CLASSES:
                pod, pg = per_run("podium", cls, 50), per_run("podium-pg", cls, 50)
                if not pod or not pg:
                    continue
                rp = [pg[r] / pod[r] for r in pod if r in pg and pod[r] > 0]
                w("| %s | %s | %s | %s | %s | %s |" % (
                    cls, spread(pod.values()), spread(pg.values()),
                    ("%.2f×" % statistics.median(rp)) if rp else "—",
                    spread(per_run("podium", cls, 99).values()),
                    spread(per_run("podium-pg", cls, 99).values())))
        ov = overlap.get(scale, [])
        if ov:
            w("")
            w("Top 20 against exhaustive BM25 (Podium's own ranking over every match): "
              "overlap@20 mean %.3f, worst %.2f, identical lists %d of %d queries." % (
                  statistics.mean(o[1] for o in ov), min(o[1] for o in ov),
                  sum(o[2] for o in ov), len(ov)))
        w("")
        w("### Ingest")
        w("")
        rec = num(scale, "ingest_records")
        ims = num(scale, "ingest_ms")
        inb = num(scale, "parse_bytes")
        rows = num(scale, "fts5_rows")
        fms = num(scale, "fts5_build_ms")
        ftb = num(scale, "fts5_text_bytes")
        w("| | records (rows)/s | MB/s | peak RSS (MB) | size on disk (MB) |")
        w("|---|---|---|---|---|")
        if ims and rec:
            w("| `podium ingest` (parse + store, XML in) | %s | %s | %s | %s |" % (
                spread([rec[0] / (t / 1e3) for t in ims], 0),
                spread([inb[0] / 1e6 / (t / 1e3) for t in ims]) if inb else "—",
                spread([v / 1024 for v in num(scale, "ingest_rss_kb")], 0),
                spread([v / 1e6 for v in num(scale, "ingest_db_bytes")], 0)))
        pims = num(scale, "pg_ingest_ms")
        prec = num(scale, "pg_ingest_records")
        if pims and prec:
            w("| `podium ingest` into PostgreSQL (local cluster) | %s | %s | | %s |" % (
                spread([prec[0] / (t / 1e3) for t in pims], 0),
                spread([inb[0] / 1e6 / (t / 1e3) for t in pims]) if inb else "—",
                spread([v / 1e6 for v in num(scale, "pg_db_bytes")], 0)))
        if fms:
            w("| bare FTS5, same turns, one transaction (turn text in)%s | %s | %s | %s | %s |" % (
                " (index reused: figures of its build)" if num(scale, "fts5_reused") else "",
                spread([rows[0] / (t / 1e3) for t in fms], 0),
                spread([ftb[0] / 1e6 / (t / 1e3) for t in fms]),
                spread([v / 1024 for v in num(scale, "fts5_peak_rss_kb")], 0),
                spread([v / 1e6 for v in num(scale, "fts5_db_bytes")], 0)))
        xr = num(scale, "xapian_rows_s")
        if xr:
            w("| Xapian, same turns%s | %s | %s | %s | %s |" % (
                " (index reused: figures of its build)" if num(scale, "xapian_reused") else "",
                spread(xr, 0), spread(num(scale, "xapian_mb_s")),
                spread([v / 1024 for v in num(scale, "xapian_peak_rss_kb")], 0),
                spread([v / 1e6 for v in num(scale, "xapian_db_bytes")], 0)))
        pmb = num(scale, "parse_mb_s")
        if pmb:
            pr = num(scale, "parse_records")
            pm = num(scale, "parse_ms")
            w("| Podium's parser alone (one core, no store) | %s | %s | | |" % (
                spread([pr[0] / (pm[0] / 1e3)], 0), spread(pmb)))
        nmb = num(scale, "naive_mb_s")
        if nmb:
            w("| naive Python parser (XML + regex turns) | %s docs/s | %s | | |" % (
                spread(num(scale, "naive_docs_s"), 0), spread(nmb)))
        if ims and fms and rec and rows:
            pod_rate = statistics.median(ftb[0] / 1e6 / (t / 1e3) for t in ims)
            fts_rate = statistics.median(ftb[0] / 1e6 / (t / 1e3) for t in fms)
            w("")
            w("Same turn text through both: Podium %.1f MB/s of turn text, bare FTS5 %.1f MB/s: "
              "%.2f× the bare rate. Parsing is %.0f%% of ingest time. Database %.2f× the bare "
              "FTS5 table (index + text)." % (
                  pod_rate, fts_rate, pod_rate / fts_rate,
                  100 * (num(scale, "parse_ms") or [float("nan")])[0] / statistics.median(ims),
                  statistics.median(num(scale, "ingest_db_bytes")) /
                  statistics.median(num(scale, "fts5_db_bytes") or [float("nan")])))
        opt = num(scale, "ingest_optimize_s")
        if ims and opt:
            # podium ingest ends with the top lists (podium optimize): say
            # how much of the wall time above that step took
            w("")
            w("Of `podium ingest`'s time, building the top lists (`podium optimize`, run at its "
              "end) took %s s, %.0f%% (median)." % (
                  spread(opt), 100 * statistics.median(opt) * 1e3 / statistics.median(ims)))
        if num(scale, "wrk_record_rps"):
            w("")
            w("### HTTP under load (wrk -t2 -c64, loopback)")
            w("")
            w("| URL | requests/s | p50 (ms) | p99 (ms) | non-2xx |")
            w("|---|---|---|---|---|")
            for name, label in [("record", "record page"),
                                ("search_page", "search page (one address: the search cache)"),
                                ("search_distinct", "search page, every request its own query string"),
                                ("api_search", "/api/v1/search"), ("feed", "feed"),
                                ("nginx", "nginx, saved copy of the record page")]:
                r = num(scale, "wrk_%s_rps" % name)
                if r:
                    w("| %s | %s | %s | %s | %s |" % (
                        label, fmt(r[0], 0), fmt(num(scale, "wrk_%s_p50_ms" % name)[0]),
                        fmt(num(scale, "wrk_%s_p99_ms" % name)[0]),
                        one(scale, "wrk_%s_non2xx" % name)))
            n = num(scale, "wrk_nginx_rps")
            if n:
                w("")
                w("Record page: %.2f× nginx's requests/s." % (num(scale, "wrk_record_rps")[0] / n[0]))
        srss = num(scale, "serve_rss_kb")
        first = num(scale, "first_request_ms")
        if srss or first:
            w("")
            anon = num(scale, "serve_rss_anon_kb")
            w("Server: RSS after the load %s MB (%s MB its own memory, the rest the mapped "
              "database file); first answered request %s ms after start." % (
                fmt(srss[0] / 1024, 1) if srss else "—", fmt(anon[0] / 1024, 1) if anon else "—",
                fmt(first[0], 0) if first else "—"))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(text)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--wrk":
        wrk(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 3:
        main(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)

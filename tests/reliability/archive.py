#!/usr/bin/env python3
"""Helpers for the reliability tests (crash_ingest.sh, load tests).

  archive.py gen DIR N_COPIES [VARIANT]
      writes N_COPIES x the PM sample transcripts into DIR/copy-K/ with new
      ids (transcript-id * 100 + K); VARIANT "v2" changes every transcript's
      text (a sentence added to its content) so a re-ingest updates them.
  archive.py ref OUT.log < JSONL
      the commit-log lines (id, turn count, hash) of records read as JSON
      Lines on stdin (podium parse --json): what a whole record looks like.
  archive.py verify BASE_URL REF_LOG... [--exact LOG VERSION_LOG] [--all N]
      fetches every record through the JSON API of `podium serve` and checks
      each is whole: its turn count and turn-text hash equal one of the
      versions in the reference commit logs (podium ingest --commit-log).
      --exact LOG REF: every id in LOG must be present and equal to REF's
      line for it (records a killed run reported committed).
      --all N: exactly N records, no duplicate ids.
      --sample N: check the records of --exact logs and N others at random
      (default: every record).
"""
import glob, http.client, json, os, random, re, sys, urllib.parse

SAMPLE = os.path.join(os.environ.get("PD_SHARED_DIR", "../shared"),
                      "corpus/pm-transcripts/sample")

def gen(out, copies, variant=""):
    n = 0
    for k in range(copies):
        sub = os.path.join(out, "copy-%02d" % k)
        os.makedirs(sub, exist_ok=True)
        for f in sorted(glob.glob(os.path.join(SAMPLE, "*.xml"))):
            s = open(f, encoding="utf-8", errors="surrogateescape").read()
            m = re.search(r"<transcript-id>(\d+)</transcript-id>", s)
            new = int(m.group(1)) * 100 + k
            s = s.replace(m.group(0), "<transcript-id>%d</transcript-id>" % new, 1)
            if variant:
                s = s.replace("]]></content>", "<p>Revised %s.</p>]]></content>" % variant, 1)
            with open(os.path.join(sub, "transcript-%d.xml" % new), "w",
                      encoding="utf-8", errors="surrogateescape") as o:
                o.write(s)
            n += 1
    print(n)

def fnv(turns):
    h = 0xcbf29ce484222325
    for t in turns:
        for b in (t.get("text") or "").encode("utf-8", "surrogatepass") + b"\n":
            h ^= b
            h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h

def read_log(path):
    """id -> (turns, hash); only complete lines (a kill may cut the last)."""
    out = {}
    data = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    for line in data.split("\n")[:-1]:
        rid, n, h = line.split("\t")
        out[rid] = (int(n), h)
    return out

class Api:
    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    def get(self, path):
        self.conn.request("GET", path)
        r = self.conn.getresponse()
        body = r.read()
        if r.status != 200:
            raise SystemExit("FAIL GET %s: %d %s" % (path, r.status, body[:200]))
        return json.loads(body)

def verify(args):
    base, refs, exact, want_all, sample = args[0], [], [], None, None
    i = 1
    while i < len(args):
        if args[i] == "--exact":
            exact.append((args[i + 1], args[i + 2])); i += 3
        elif args[i] == "--sample":
            sample = int(args[i + 1]); i += 2
        elif args[i] == "--all":
            want_all = int(args[i + 1]); i += 2
        else:
            refs.append(read_log(args[i])); i += 1
    api = Api(base)
    ids, page = [], 1
    while True:
        j = api.get("/api/v1/records?per_page=100&page=%d" % page)
        ids += [r["id"] for r in j["records"]]
        if page * 100 >= j["total"] or not j["records"]:
            break
        page += 1
    if len(ids) != len(set(ids)):
        raise SystemExit("FAIL duplicate ids in the archive")
    logged = set()
    for log, _ in exact:
        logged |= set(read_log(log))
    missing = logged - set(ids)
    if missing:
        raise SystemExit("FAIL reported committed but absent: %s" % sorted(missing)[:5])
    check = ids
    if sample is not None:
        others = [r for r in ids if r not in logged]
        check = sorted(logged) + random.sample(others, min(sample, len(others)))
    got = {}
    for rid in check:
        rec = api.get("/api/v1/records/" + urllib.parse.quote(rid, safe=""))
        turns = rec.get("turns", [])
        got[rid] = (len(turns), fnv(turns))
        if not any(ref.get(rid) == got[rid] for ref in refs):
            raise SystemExit("FAIL %s is not whole: %d turns, hash %s matches no version"
                             % (rid, got[rid][0], got[rid][1]))
    for log, refpath in exact:
        ref = read_log(refpath)
        for rid, v in read_log(log).items():
            if v != ref.get(rid):
                raise SystemExit("FAIL %s: logged %s, reference %s" % (rid, v, ref.get(rid)))
            if got.get(rid) != v:
                raise SystemExit("FAIL %s reported committed but %s in the archive"
                                 % (rid, got.get(rid, "absent")))
    if want_all is not None and len(ids) != want_all:
        raise SystemExit("FAIL %d records, want %d" % (len(ids), want_all))
    print("%d records, %d checked whole" % (len(ids), len(check)))

def ref(out):
    with open(out, "w", encoding="utf-8") as o:
        for line in sys.stdin:
            rec = json.loads(line)
            turns = rec.get("turns", [])
            o.write("%s\t%d\t%s\n" % (rec["id"], len(turns), fnv(turns)))

if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "")
    elif sys.argv[1] == "ref":
        ref(sys.argv[2])
    elif sys.argv[1] == "verify":
        verify(sys.argv[2:])
    else:
        raise SystemExit(__doc__)

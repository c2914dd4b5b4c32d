#!/usr/bin/env python3
"""gen_archive.py: a larger archive made of real text, for `make bench`.

    gen_archive.py --factor 10 --seed 1 --out x10.tar dev.tar.zst [zh-folder]

Writes an uncompressed tar holding every input document unchanged plus
(factor - 1) new documents per input document:

- PM Transcripts XML: a new transcript keeps the shape of a real one (its
  number of paragraphs, its release type) and takes each paragraph either
  from it or, half the time, from another transcript of the same prime
  minister, so turns, speaker labels and vocabulary stay real while the
  documents are new. It gets a new id (1,000,000 + n) and a date drawn
  inside that prime minister's period of service.
- Markdown transcripts (the Chinese corpus): the heading and opening
  narration of a real one, then its number of turns ("### 名字：" blocks),
  each kept or drawn from another transcript, under a new file name with a
  new date.

Deterministic: the same inputs and seed give the same bytes (members are
read in name order, one random.Random(seed) drives every choice, tar
headers carry fixed times and owners). The output goes to a scratch
folder (PODIUM_BENCH_DIR), never into the repository.
"""
import argparse
import io
import os
import random
import re
import subprocess
import sys
import tarfile

P_RE = re.compile(r"<p>.*?</p>", re.S)
FIELD_RE = re.compile(r"<(transcript-id|title|prime-minister|period-of-service|"
                      r"release-date|release-type)>(.*?)</\1>", re.S)
CONTENT_RE = re.compile(r"<!\[CDATA\[(.*)\]\]>", re.S)
TURN_RE = re.compile(r"^### ", re.M)


def read_pm(path):
    """(name, bytes) of every member of a (zstd) tar archive, name order."""
    if path.endswith(".zst"):
        raw = subprocess.run(["zstd", "-dc", path], check=True,
                             stdout=subprocess.PIPE).stdout
        tf = tarfile.open(fileobj=io.BytesIO(raw), mode="r:")
    else:
        tf = tarfile.open(path, mode="r:*")
    out = []
    for m in tf.getmembers():
        if m.isfile():
            out.append((m.name, tf.extractfile(m).read()))
    out.sort()
    return out


def parse_pm(data):
    text = data.decode("utf-8", "replace")
    f = {k: v for k, v in FIELD_RE.findall(text)}
    c = CONTENT_RE.search(text)
    if not c or "prime-minister" not in f:
        return None
    paras = P_RE.findall(c.group(1))
    if not paras:
        return None
    f["paras"] = paras
    return f


def period(f, rng):
    m = re.match(r"\s*(\d{4})(\d\d)(\d\d)\s*-\s*(\d{4})(\d\d)(\d\d)", f.get("period-of-service", ""))
    y0, y1 = (int(m.group(1)), int(m.group(4))) if m else (1950, 2020)
    y = rng.randint(y0, max(y0, y1))
    return "%02d/%02d/%04d" % (rng.randint(1, 28), rng.randint(1, 12), y)


def pm_doc(base, pool, new_id, rng):
    paras = [p if rng.random() < 0.5 else rng.choice(pool) for p in base["paras"]]
    body = "\n".join(paras)
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<transcripts>\n  <transcript>\n"
            "    <transcript-id>%d</transcript-id>\n    <title>%s</title>\n"
            "    <prime-minister>%s</prime-minister>\n"
            "    <period-of-service>%s</period-of-service>\n"
            "    <release-date>%s</release-date>\n    <release-type>%s</release-type>\n"
            "    <document></document>\n    <subjects></subjects>\n"
            "    <content><![CDATA[%s\n]]></content>\n  </transcript>\n</transcripts>\n"
            % (new_id, base.get("title", ""), base["prime-minister"],
               base.get("period-of-service", ""), period(base, rng),
               base.get("release-type", ""), body)).encode("utf-8")


def split_md(text):
    """(head, [turn blocks]) of a Markdown transcript."""
    starts = [m.start() for m in TURN_RE.finditer(text)]
    if not starts:
        return text, []
    blocks = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    return text[:starts[0]], blocks


def add(tar, name, data):
    ti = tarfile.TarInfo(name)
    ti.size = len(data)
    ti.mtime = 0
    ti.mode = 0o644
    ti.uname = ti.gname = "bench"
    tar.addfile(ti, io.BytesIO(data))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--factor", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("pm_archive")
    ap.add_argument("zh_folder", nargs="?")
    a = ap.parse_args()
    rng = random.Random(a.seed)

    members = read_pm(a.pm_archive)
    parsed = []
    pools = {}
    for name, data in members:
        f = parse_pm(data)
        parsed.append(f)
        if f:
            pools.setdefault(f["prime-minister"], []).extend(f["paras"])
    md = []
    if a.zh_folder:
        for n in sorted(os.listdir(a.zh_folder)):
            if n.endswith(".md"):
                with open(os.path.join(a.zh_folder, n), encoding="utf-8") as fh:
                    md.append((n, fh.read()))
    md_pool = [b for _, t in md for b in split_md(t)[1]]

    tmp = a.out + ".part"
    n_new = 0
    with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members:
            add(tar, "pm/" + os.path.basename(name), data)
        for n, t in md:
            add(tar, "zh/" + n, t.encode("utf-8"))
        for copy in range(1, a.factor):
            for f in parsed:
                if not f:
                    continue
                new_id = 1000000 + n_new
                n_new += 1
                add(tar, "pm/gen-%d/transcript-%d.xml" % (copy, new_id),
                    pm_doc(f, pools[f["prime-minister"]], new_id, rng))
            for n, t in md:
                head, blocks = split_md(t)
                if not blocks:
                    continue
                date = "%04d-%02d-%02d" % (rng.randint(2015, 2026), rng.randint(1, 12),
                                          rng.randint(1, 28))
                head = re.sub(r"^# \d{4}-\d\d-\d\d", "# " + date, head, count=1)
                body = "".join(b if rng.random() < 0.5 else rng.choice(md_pool) for b in blocks)
                if not body.endswith("\n"):
                    body += "\n"
                add(tar, "zh/gen-%d/%s-%d%s" % (copy, date, copy, n[10:]),
                    (head + body).encode("utf-8"))
                n_new += 1
    os.replace(tmp, a.out)
    print("%s: %d input documents, %d new" % (a.out, len(members) + len(md), n_new))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""naive_parse.py: the "naive script parser" baseline of `make bench`.

    naive_parse.py ARCHIVE_OR_FOLDER...

What a quick script would do: read each PM Transcripts XML document with
the standard library's XML parser, strip the HTML of its content with a
regex, split turns where a line starts with an upper-case label and a
colon. Markdown transcripts split on "### label". No index, no storage.
Prints pd_bench's "I key value" lines: documents, turns, MB/s, docs/s.
"""
import io
import os
import re
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET

TAG_RE = re.compile(r"<[^>]+>")
TURN_RE = re.compile(r"^([A-Z][A-Z .'\-]{1,40}):\s*", re.M)
MD_TURN_RE = re.compile(r"^### (.+?)[:：]?\s*$", re.M)


def documents(path):
    if os.path.isdir(path):
        for root, _, files in os.walk(path):
            for f in sorted(files):
                with open(os.path.join(root, f), "rb") as fh:
                    yield f, fh.read()
        return
    if path.endswith(".zst"):
        raw = subprocess.run(["zstd", "-dc", path], check=True, stdout=subprocess.PIPE).stdout
        tf = tarfile.open(fileobj=io.BytesIO(raw), mode="r:")
    else:
        tf = tarfile.open(path, mode="r:*")
    for m in tf:
        if m.isfile():
            yield m.name, tf.extractfile(m).read()


def parse(name, data):
    if name.endswith(".md"):
        return len(MD_TURN_RE.findall(data.decode("utf-8", "replace")))
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return 0
    t = root.find("transcript")
    if t is None:
        return 0
    fields = {c.tag: (c.text or "") for c in t}
    text = TAG_RE.sub("\n", fields.get("content", ""))
    return len(TURN_RE.findall(text)) or 1


def main():
    docs = turns = 0
    nbytes = 0
    spent = 0.0
    for path in sys.argv[1:]:
        for name, data in documents(path):
            t0 = time.perf_counter()
            turns += parse(name, data)
            spent += time.perf_counter() - t0
            docs += 1
            nbytes += len(data)
    print("I\tnaive_docs\t%d\nI\tnaive_turns\t%d\nI\tnaive_bytes\t%d\nI\tnaive_s\t%.2f\n"
          "I\tnaive_mb_s\t%.1f\nI\tnaive_docs_s\t%.0f"
          % (docs, turns, nbytes, spent, nbytes / 1e6 / spent, docs / spent))


if __name__ == "__main__":
    main()

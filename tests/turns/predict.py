#!/usr/bin/env python3
"""Run `podium parse --json` on every document named by a folder of
hand-checked expectation files and write one prediction file per document,
named like its expectation file, for shared/tools/turns/score.py.

Usage: predict.py PODIUM GOLD_DIR PRED_DIR SHARED_DIR

An expectation's "source" is a path under SHARED_DIR/corpus, or
"ARCHIVE#MEMBER" for a member of an archive there (extracted to a temp dir).
"""
import glob
import json
import os
import subprocess
import sys
import tempfile


def main():
    podium, gold_dir, pred_dir, shared = sys.argv[1:5]
    corpus = os.path.join(shared, "corpus")
    os.makedirs(pred_dir, exist_ok=True)
    golds = sorted(glob.glob(os.path.join(gold_dir, "*.json")))
    members = {}
    for g in golds:
        src = json.load(open(g, encoding="utf-8"))["source"]
        if "#" in src:
            archive, member = src.split("#", 1)
            members.setdefault(archive, []).append(member)
    tmp = tempfile.mkdtemp(prefix="podium-predict-")
    for archive, names in members.items():
        path = os.path.join(corpus, archive)
        # zstd-compressed tar: decompress through zstd, extract only the members needed
        cmd = f"zstd -dc '{path}' | tar -x -C '{tmp}' " + " ".join(f"'{n}'" for n in names)
        subprocess.run(cmd, shell=True, check=True)
    failures = 0
    for g in golds:
        src = json.load(open(g, encoding="utf-8"))["source"]
        if "#" in src:
            path = os.path.join(tmp, src.split("#", 1)[1])
        else:
            path = os.path.join(corpus, src)
        out = subprocess.run([podium, "parse", "--json", path], capture_output=True, text=True)
        lines = [l for l in out.stdout.splitlines() if l.strip()]
        pred = json.loads(lines[0]) if lines else {"turns": []}
        if not lines:
            failures += 1
            print(f"predict: {os.path.basename(g)}: no record: {out.stderr.strip()}", file=sys.stderr)
        with open(os.path.join(pred_dir, os.path.basename(g)), "w", encoding="utf-8") as f:
            json.dump(pred, f, ensure_ascii=False)
    subprocess.run(["rm", "-rf", tmp])
    return 1 if failures == len(golds) else 0


if __name__ == "__main__":
    sys.exit(main())

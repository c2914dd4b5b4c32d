#!/usr/bin/env python3
"""Run `podium align --json` on every bilingual pair named by a folder of
hand-checked alignment expectations and write one prediction per pair for
shared/tools/turns/score_align.py.

Usage: predict_align.py PODIUM GOLD_DIR PRED_DIR SHARED_DIR
"""
import glob
import json
import os
import subprocess
import sys


def main():
    podium, gold_dir, pred_dir, shared = sys.argv[1:5]
    os.makedirs(pred_dir, exist_ok=True)
    corpus = os.path.join(shared, "corpus", "bilingual")
    for g in sorted(glob.glob(os.path.join(gold_dir, "*.json"))):
        gold = json.load(open(g, encoding="utf-8"))
        out = subprocess.run([podium, "align", "--json", os.path.join(corpus, gold["en"]),
                              os.path.join(corpus, gold["zh"])], capture_output=True, text=True)
        pred = json.loads(out.stdout) if out.returncode == 0 and out.stdout.strip() else {"pairs": []}
        if out.returncode != 0:
            print(f"predict_align: {os.path.basename(g)}: {out.stderr.strip()}", file=sys.stderr)
        with open(os.path.join(pred_dir, os.path.basename(g)), "w", encoding="utf-8") as f:
            json.dump(pred, f, ensure_ascii=False)


if __name__ == "__main__":
    main()

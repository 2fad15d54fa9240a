#!/usr/bin/env python3
"""make-nfd.py - the corpus texts and the seed review in NFD (decomposed), for
tests/cli/corpus.sh and tests/cli/extract.sh: the tests need no Python."""
import glob
import os
import unicodedata

here = os.path.dirname(os.path.abspath(__file__))
os.makedirs(os.path.join(here, "nfd"), exist_ok=True)
for src in sorted(glob.glob(os.path.join(here, "*.txt"))) + [os.path.join(here, "..", "..", "datasets",
                                                                        "quangbinh-review-2017.txt")]:
    with open(src, encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(here, "nfd", os.path.basename(src)), "w", encoding="utf-8") as f:
        f.write(unicodedata.normalize("NFD", text))

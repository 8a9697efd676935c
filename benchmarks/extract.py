"""How well and how fast `explainer extract` drafts: recall and precision of numbers,
recall of direct quotes and the share of quotes given the right speaker, over the labelled
articles in tests/extract/articles/ (the shipped seed article among them), and the time to
draft a 1,500-word article once warm.

    .venv/bin/python benchmarks/extract.py [--misses]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from generator.extract import ArticleInfo, make_draft  # noqa: E402
from tests.extract.scoring import labelled, score_all  # noqa: E402

TARGETS = {"number recall": 0.95, "number precision": 0.90, "quote recall": 0.95,
           "speaker attribution": 0.85}


def long_article(words: int = 1500) -> str:
    """The labelled articles one after another, cut at `words` words."""
    text = "\n\n".join(body for _name, body, _labels in labelled())
    while len(text.split()) < words:
        text += "\n\n" + text
    kept = text.split(" ")
    return " ".join(kept[:words])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="List every miss.")
    args = parser.parse_args()
    total, each = score_all()
    print(f"{'article':<24} numbers (right/labelled/drafted)  quotes  speakers")
    for name, score in each.items():
        print(f"{name:<24} {score.numbers_right:>3}/{score.numbers_expected:<3}/{score.numbers_found:<3}"
              f"{'':>20}{score.quotes_right:>3}/{score.quotes_expected:<3} {score.speakers_right:>3}")
    results = {"number recall": total.number_recall, "number precision": total.number_precision,
               "quote recall": total.quote_recall, "speaker attribution": total.attribution}
    print(f"\n{len(each)} articles, {total.numbers_expected} numbers, {total.quotes_expected} quotes")
    for name, value in results.items():
        mark = "ok" if value >= TARGETS[name] else "BELOW TARGET"
        print(f"{name:<20} {value:6.1%}  (target {TARGETS[name]:.0%}, {mark})")
    text = long_article()
    make_draft(text, ArticleInfo("seeds/a.txt", date="2024-06-12"))  # warm up: imports, caches
    times = []
    for _ in range(5):
        start = time.perf_counter()
        make_draft(text, ArticleInfo("seeds/a.txt", date="2024-06-12"))
        times.append(time.perf_counter() - start)
    print(f"1,500-word article drafted in {statistics.median(times):.3f} s (median of 5, warm;"
          " target < 1 s)")
    cold = subprocess.run(
        [sys.executable, "-c", "import sys, time; start = time.perf_counter();"
         " sys.path.insert(0, sys.argv[1]); from generator.extract import ArticleInfo, make_draft;"
         " make_draft(sys.stdin.read(), ArticleInfo('seeds/a.txt', date='2024-06-12'));"
         " print(f'{time.perf_counter() - start:.2f}')", str(REPO)],
        input=text, capture_output=True, text=True, check=True).stdout.strip()
    print(f"the same in a new process, imports included: {cold} s")
    if args.misses:
        print("\n" + "\n".join(total.misses))


if __name__ == "__main__":
    main()

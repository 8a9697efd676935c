"""Time the closest-passage hint for a misquote (not a test).

    .venv/bin/python benchmarks/closest.py [--seed-bytes 1000000] [--runs 3]

Builds a seed of about that many bytes from varied sentences, takes a 30-word and a
100-word passage from three quarters of the way through it, changes three of their words,
and times `closest_passage` on each (the median of the runs). It also says whether the hint
found the passage the misquote came from. The target: well under a second for a 1 MB seed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from generator.project.textmatch import closest_passage, normalize

WORDS = ("the council said bridge repairs would cost more than planned and residents asked"
         " whether the river crossing could stay open during the winter months while engineers"
         " inspected the steel beams cables deck and piers").split()


def make_seed(size: int, rng: random.Random) -> str:
    sentences = []
    total = 0
    while total < size:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 25))]
        words.append(f"{rng.randint(1, 99999):,}")
        sentence = " ".join(words).capitalize() + "."
        sentences.append(sentence)
        total += len(sentence) + 1
    return " ".join(sentences)


def misquote(seed: str, count: int, rng: random.Random) -> tuple[str, str]:
    words = normalize(seed).split(" ")
    start = len(words) * 3 // 4
    passage = words[start:start + count]
    changed = list(passage)
    for index in rng.sample(range(count), 3):
        changed[index] = "zebra"
    return " ".join(passage), " ".join(changed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed-bytes", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(15)
    seed = make_seed(args.seed_bytes, rng)
    print(f"seed: {len(seed.encode()):,} bytes")
    for count in (30, 100):
        original, wrong = misquote(seed, count, rng)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            found = closest_passage(seed, wrong)
            times.append(time.perf_counter() - start)
        print(f"{count}-word misquote: {statistics.median(times):.3f} s (median of {args.runs});"
              f" found the passage it came from: {'yes' if found == original else 'no'}")


if __name__ == "__main__":
    main()

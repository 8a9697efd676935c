"""Time `explainer build` of the repository's explainer with its two editions (English and
Spanish) against the same project with English only (not a test).

    .venv/bin/python benchmarks/languages.py [--runs 3]

Each run copies the project into a temporary folder and runs the whole build in a new
process, offline copy and handouts included: once as it is (languages [en, es]) and once
with `languages` removed and the Spanish pages deleted. Prints the median of each and the
ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PARTS = ("mkdocs.yml", "mkdocs.es.yml", "overrides", "data", "seeds", "docs", "docs-es",
         "locales", "node_modules")


def copy(target: Path, *, english_only: bool) -> Path:
    target.mkdir(parents=True)
    for part in PARTS:
        source = REPO / part
        if part == "node_modules":  # the offline copy's browser files: linked, not copied
            (target / part).symlink_to(source)
        elif source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy(source, target / part)
    if english_only:
        explainer = target / "data" / "explainer.yaml"
        text = explainer.read_text(encoding="utf-8")
        explainer.write_text(text.replace("languages: [en, es]\n", ""), encoding="utf-8")
        for part in ("mkdocs.es.yml", "docs-es", "locales"):
            path = target / part
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    return target


def one_build(english_only: bool) -> float:
    with tempfile.TemporaryDirectory(prefix="explainer-languages-") as folder:
        root = copy(Path(folder) / "project", english_only=english_only)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "build", "-p", str(root)], check=True,
                       stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        assert (root / "site" / "es").is_dir() != english_only
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = {}
    for label, english_only in (("English only", True), ("English and Spanish", False)):
        times = [one_build(english_only) for _ in range(args.runs)]
        results[label] = statistics.median(times)
        print(f"{label}: median {results[label]:.2f} s over {args.runs} runs"
              f" ({', '.join(f'{t:.2f}' for t in times)})")
    ratio = results["English and Spanish"] / results["English only"]
    print(f"two editions take {ratio:.2f}x the time of one")


if __name__ == "__main__":
    main()

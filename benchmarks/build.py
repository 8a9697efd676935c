"""Time the whole `explainer build` against a plain MkDocs build, with one and two editions
(not a test).

    .venv/bin/python benchmarks/build.py [--scales 1 10 100] [--runs 3] [--translated 0.8]
                                         [--out FILE]

For each scale, a synthetic project (benchmarks/synthetic.py) with English only and one
with English and Spanish (`languages: [en, es]`, a locales/es/data.po with the share
`--translated` of its texts translated; the rest shows in English, so that edition is
built with `--draft-languages es` unless every text is translated). Each measurement runs
in a new process and the table gives the median of `--runs`:

- the baseline: `mkdocs build --strict` of the English pages of the one-language project,
  the plain build that the targets are measured against;
- for the two-language project, also plain `mkdocs build --strict` of both editions
  (mkdocs.yml, then mkdocs.es.yml), what two editions cost MkDocs alone;
- `explainer build` with its pages already generated, right after an `explainer generate`
  (not timed) with nothing changed since: the checks come from the generation's record
  (`generator/facts.py`), then an unchanged generate, the site of every edition, the
  offline copy, the handouts, the zip;
- `explainer build` from an empty docs/ (and docs-es/), which also writes every page.

The targets (issue "Fast at any size"): at 100x, `explainer build` at most 1.4x the
baseline with one language and at most 2.5x with two. The peak memory of `explainer
build` is that of its own process and of the largest process it started (the offline
build runs in a second process on a machine with more than one core); at most their sum is
in use at once.

Then, at the largest scale, where `explainer build` spends its time: one more run with
timers around MkDocs' builds, the search index, the offline copy's steps, the handouts and
the zip, each counted without the timed steps inside it. That run makes the offline copy in
the same process, after the site (as on a one-core machine), so that its steps are timed
too; its total is the work of the build, not its wall-clock time on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import write_project  # noqa: E402

TARGETS = {1: 1.4, 2: 2.5}  # editions: at most this times the one-language MkDocs build

# Runs `explainer build` in this process, so that the peak memory of the process and of the
# processes it starts can be read afterwards; with "profile", with timers around its steps.
CHILD = r'''
import functools, json, resource, sys, time
mode, result_file, args = sys.argv[1], sys.argv[2], sys.argv[3:]
totals = {}
stack = []

def timed(label, func):
    @functools.wraps(func)
    def wrapper(*a, **k):
        name = label(*a, **k) if callable(label) else label
        start = time.perf_counter()
        stack.append(0.0)
        try:
            return func(*a, **k)
        finally:
            elapsed = time.perf_counter() - start
            inner = stack.pop()
            totals[name] = totals.get(name, 0.0) + elapsed - inner
            if stack:
                stack[-1] += elapsed
    return wrapper

def patch(module, name, label):
    if hasattr(module, name):
        setattr(module, name, timed(label, getattr(module, name)))

def mkdocs_label(config, *a, **k):
    plugins = config.plugins
    offline = any(name in plugins and getattr(plugins[name].config, "enabled", False)
                  for name in ("material/offline", "offline"))
    lang = config.theme.get("language", "") or ""
    return f"MkDocs build, {'offline copy' if offline else 'site'} ({lang})"

if mode == "profile":
    import inspect
    import mkdocs.commands.build, mkdocs.config
    import generator.cli as cli
    import generator.handout as handout
    import generator.project as project
    import generator.pipeline as pipeline
    import generator.site.build as build
    import generator.site.jobs as jobs
    import generator.site.offline as offline
    patch(mkdocs.commands.build, "build", mkdocs_label)
    patch(mkdocs.config, "load_config", "MkDocs: load the configuration")
    patch(pipeline, "validate", "validate")
    patch(cli, "_check_translations", "check the translations")
    patch(pipeline, "generate", "generate (unchanged pages: none written)")
    patch(jobs, "handout_downloads", "handouts: the rest")
    patch(handout, "site_files", "handouts: fit and write every format")
    patch(project, "load_project", "handouts: load and check the data again")
    patch(project, "edition", "handouts: the translated data")
    patch(build, "write_downloads", "write the downloads")
    for name, value in list(vars(build).items()):
        if inspect.isfunction(value) and value.__module__ == "generator.site.searchindex":
            patch(build, name, f"search index ({name})")
    for name, value in list(vars(offline).items()):
        if inspect.isfunction(value) and value.__module__ == offline.__name__:
            patch(offline, name, "zip" if name == "make_zip" else f"offline copy: {name}")
    if hasattr(build, "_cores"):
        build._cores = lambda: 1  # the offline copy in this process, so that it is timed

from generator.cli import main
sys.argv = ["explainer", *args]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
with open(result_file, "w", encoding="utf-8") as stream:
    json.dump({"code": code, "peak_mb": peak, "child_peak_mb": child, "steps": totals}, stream)
'''


def _timed_run(command: list[str], cwd: Path) -> float:
    os.sync()  # what an earlier step left to write is not charged to this one
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{done.stdout[-1500:]}"
                         f"{done.stderr[-1500:]}")
    return elapsed


def mkdocs(root: Path, config: str = "mkdocs.yml") -> float:
    command = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    return _timed_run([command, "build", "--strict", "--quiet", "-f", config], root)


def explainer_build(root: Path, flags: list[str], mode: str = "run") -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result = Path(handle.name)
    try:
        seconds = _timed_run([sys.executable, "-c", CHILD, mode, str(result), "build", "-p",
                              str(root), *flags], HERE.parent)
        outcome: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    finally:
        result.unlink(missing_ok=True)
    if outcome["code"] != 0:
        raise SystemExit(f"explainer build exited with {outcome['code']} at {root}")
    if not (root / "site-offline.zip").is_file() or not (root / "site" / "index.html").is_file():
        raise SystemExit(f"explainer build at {root} made no site or no offline zip")
    return {**outcome, "seconds": seconds}


def empty_docs(root: Path, languages: tuple[str, ...]) -> None:
    """Remove every generated page and edition configuration, as in a fresh checkout that
    does not commit them."""
    for path in sorted((root / "docs").iterdir()):
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    for lang in languages[1:]:
        shutil.rmtree(root / f"docs-{lang}", ignore_errors=True)
        (root / f"mkdocs.{lang}.yml").unlink(missing_ok=True)


def generate(root: Path) -> None:
    _timed_run([sys.executable, "-m", "generator", "generate", "-p", str(root)], HERE.parent)


def measure(scale: int, languages: tuple[str, ...], runs: int, translated: float,
            work: Path) -> dict[str, Any]:
    root = work / f"scale-{scale}-{'-'.join(languages)}"
    write_project(root, scale, languages, translated)
    flags = [f"--draft-languages={','.join(languages[1:])}"] if (
        len(languages) > 1 and translated < 1) else []
    generate(root)  # writes every page; a run that adds pages is not remembered, so
    generate(root)  # the second renders them again and is remembered: builds find them unchanged
    times: dict[str, list[float]] = {"mkdocs": [], "generated": [], "empty": []}
    peaks: list[float] = []
    child_peaks: list[float] = []
    for _ in range(runs):
        seconds = mkdocs(root)
        for lang in languages[1:]:
            seconds += mkdocs(root, f"mkdocs.{lang}.yml")
        times["mkdocs"].append(seconds)
        for key, fresh in (("generated", False), ("empty", True)):
            if fresh:
                empty_docs(root, languages)
            else:  # (not timed) right after a generate, as when pages are committed
                generate(root)
            outcome = explainer_build(root, flags)
            times[key].append(outcome["seconds"])
            peaks.append(outcome["peak_mb"])
            child_peaks.append(outcome["child_peak_mb"])
    pages = sum(1 for _ in (root / "site").rglob("*.html"))
    return {"scale": scale, "editions": len(languages), "root": root, "flags": flags,
            "pages": pages, "peak_mb": max(peaks), "child_peak_mb": max(child_peaks),
            **{key: statistics.median(values) for key, values in times.items()}}


def breakdown(row: dict[str, Any]) -> tuple[float, dict[str, float]]:
    generate(row["root"])  # the build from empty docs/ added pages: remember them first
    outcome = explainer_build(row["root"], row["flags"], mode="profile")
    return outcome["seconds"], outcome["steps"]


def tables(rows: list[dict[str, Any]], parts: list[tuple[dict[str, Any], float, dict[str, float]]],
           runs: int, translated: float) -> str:
    base = {r["scale"]: r["mkdocs"] for r in rows if r["editions"] == 1}
    lines = [f"Whole build (medians of {runs} runs; ratios against `mkdocs build --strict` of"
             " the one-language project at the same scale):", "",
             "| scale | editions | pages | MkDocs, one language s | MkDocs, every edition s |"
             " explainer build, pages generated s | x MkDocs | explainer build from empty docs/ s |"
             " x MkDocs | target | met |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        one = base[r["scale"]]
        target = TARGETS.get(r["editions"])
        ratio, fresh = r["generated"] / one, r["empty"] / one
        met = "" if target is None else ("yes" if ratio <= target else "**no**")
        lines.append(f"| {r['scale']}x | {r['editions']} | {r['pages']:,} | {one:.2f} |"
                     f" {r['mkdocs']:.2f} | {r['generated']:.2f} | {ratio:.2f}x |"
                     f" {r['empty']:.2f} | {fresh:.2f}x |"
                     f" {'' if target is None else f'<= {target}x'} | {met} |")
    lines += ["", "Peak memory of `explainer build` (largest of its runs; resident set size):", "",
              "| scale | editions | explainer process MB | largest child process MB |"
              " at most at once MB |", "|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['scale']}x | {r['editions']} | {r['peak_mb']:.0f} |"
                     f" {r['child_peak_mb']:.0f} | {r['peak_mb'] + r['child_peak_mb']:.0f} |")
    if len({r["editions"] for r in rows}) > 1:
        lines += ["", f"Two editions: Spanish with {translated:.0%} of its texts translated"
                  + (" (built with --draft-languages es)." if translated < 1 else ".")]
    for row, seconds, steps in parts:
        lines += ["", f"Where `explainer build` spends its time, {row['scale']}x, {row['editions']}"
                  f" edition(s), pages generated, the offline copy built after the site in the"
                  f" same process: {seconds:.2f} s in all", "", "| step | s | share |",
                  "|---|---:|---:|"]
        other = seconds - sum(steps.values())
        shown = sorted(((k, v) for k, v in steps.items() if v >= 0.01), key=lambda kv: -kv[1])
        small = sum(v for v in steps.values() if v < 0.01)
        for name, value in [*shown, ("smaller timed steps", small),
                            ("the rest (start-up, imports, moving site/ into place)", other)]:
            lines.append(f"| {name} | {value:.2f} | {100 * value / seconds:.0f}% |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--translated", type=float, default=0.8,
                        help="share of the Spanish texts translated (default 0.8)")
    parser.add_argument("--no-breakdown", action="store_true",
                        help="skip the timed run that shows where the build spends its time")
    parser.add_argument("--out", type=Path, help="also write the tables to this Markdown file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="explainer-build-bench-") as folder:
        rows = []
        for scale in args.scales:
            for languages in (("en",), ("en", "es")):
                rows.append(measure(scale, languages, args.runs, args.translated, Path(folder)))
                r = rows[-1]  # as it is measured, for a long run
                print(f"{scale}x, {len(languages)} edition(s): MkDocs {r['mkdocs']:.2f} s,"
                      f" explainer build {r['generated']:.2f} s (from empty docs/"
                      f" {r['empty']:.2f} s), peak {r['peak_mb']:.0f} MB +"
                      f" {r['child_peak_mb']:.0f} MB", file=sys.stderr, flush=True)
        largest = max(args.scales)
        parts = [] if args.no_breakdown else [
            (row, *breakdown(row)) for row in rows if row["scale"] == largest]
        text = tables(rows, parts, args.runs, args.translated)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

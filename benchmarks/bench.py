"""Measure explainer at 1x, 10x and 100x the size of a small explainer.

    .venv/bin/python benchmarks/bench.py [--scales 1 10 100] [--runs 3] [--out FILE]

For each scale it reports the median of `--runs` runs of: validate, generate (into an empty
docs/), the strict MkDocs build, all of `explainer build` (pages, site, offline copy and
handout) and, when the `zensical` command is installed (`pip install -e '.[bench]'`),
`zensical build` of the same generated pages; the peak memory of generate; the pages and
bytes of the built site; how many files a regenerate with no change rewrites and how long it
takes; and how many an edit of one glossary entry rewrites and how long that regenerate
takes (charts already written are reused); and how long a long-lived process (the live
preview) takes to regenerate after that edit, in the same process as a first generate, with
`generate` and with the preview's own regeneration (`generator.live`, the median of three
edits), which renders again only the pages the edit can change.

The floor of generate is measured in the same run, each part in a fresh process: start-up
(importing the tool), parsing data/ with libyaml and nothing else, rendering every edition's
pages from loaded data (no checks), and writing those files into an empty folder. The ratio
generate / floor is printed against its target (at most 2).

Each measurement runs in a fresh Python process, so imports and memory are counted as a user
sees them.
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

STAGE = """
import json, resource, sys, time
from pathlib import Path
root = Path(sys.argv[1])
start = time.perf_counter()
extra = {}
from generator.pipeline import generate, load_project
if sys.argv[2] == "validate":
    load_project(root)
elif sys.argv[2] == "generate":
    report = generate(root)
    extra = {"written": len(report.written)}
elif sys.argv[2] == "build":  # MkDocs alone, strict, as `explainer build` runs it
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    build(load_config(config_file=str(root / "mkdocs.yml"), strict=True))
elif sys.argv[2] == "startup":  # floor: the tool's imports
    pass
elif sys.argv[2] == "parse":  # floor: the YAML of data/ parsed by libyaml, no positions, no checks
    import yaml
    start = time.perf_counter()
    for path in sorted((root / "data").glob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
elif sys.argv[2] in ("render", "write"):  # floor: rendering loaded data; writing what it gives
    from generator.pipeline import render_site
    project = load_project(root)
    begin = time.perf_counter()
    rendered = [render_site(project, lang) for lang in project.data.explainer.editions]
    seconds = time.perf_counter() - begin
    if sys.argv[2] == "write":
        import shutil
        target = root / ".bench-write"
        begin = time.perf_counter()
        for number, outputs in enumerate(rendered):
            for name, content in outputs.items():
                path = target / str(number) / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
        seconds = time.perf_counter() - begin
        shutil.rmtree(target)
    print(json.dumps({"seconds": seconds}))
    raise SystemExit(0)
elif sys.argv[2] == "edit-in-process":  # a live preview: generate, then an edit, then another
    generate(root)
    glossary = root / "data/glossary.yaml"
    before = glossary.read_text()
    times = []
    for word in ("meant", "signifies"):  # the first edit after start-up, then a later one
        glossary.write_text(before.replace("What term 1 means.", f"What term 1 {word}."))
        begin = time.perf_counter()
        report = generate(root)
        times.append(time.perf_counter() - begin)
    glossary.write_text(before)
    generate(root)
    print(json.dumps({"seconds": times[1], "first": times[0], "written": len(report.written)}))
    raise SystemExit(0)
elif sys.argv[2] == "live-edit":  # the live preview's regeneration: only the pages an edit changes
    from generator.live import Live
    live = Live()
    live.generate(root)
    glossary = root / "data/glossary.yaml"
    before = glossary.read_text()
    times = []
    for word in ("meant", "signifies", "denotes"):
        glossary.write_text(before.replace("What term 1 means.", f"What term 1 {word}."))
        begin = time.perf_counter()
        report = live.generate(root)
        times.append(time.perf_counter() - begin)
    glossary.write_text(before)
    live.generate(root)
    print(json.dumps({"seconds": sorted(times)[1], "rendered": live.rendered,
                      "written": len(report.written)}))
    raise SystemExit(0)
elif sys.argv[2] == "explainer-build":  # all of `explainer build`: pages, site, offline copy, handout
    from generator.site import build_site
    generate(root)
    build_site(root)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, **extra}))
"""


def stage(root: Path, name: str) -> dict[str, float]:
    # Flush what earlier steps left to write (such as a deleted docs/), so that a stage is
    # not charged for the disk work of the one before.
    os.sync()
    out = subprocess.run([sys.executable, "-c", STAGE, str(root), name], capture_output=True,
                         text=True, check=False, cwd=HERE.parent)
    if out.returncode != 0:
        raise SystemExit(f"{name} failed at {root}:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def fresh_docs(root: Path) -> None:
    for path in sorted((root / "docs").iterdir()):
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def zensical(root: Path) -> float | None:
    command = shutil.which("zensical") or shutil.which("zensical", path=str(Path(sys.executable).parent))
    if command is None:
        return None
    start = time.perf_counter()
    done = subprocess.run([command, "build", "--clean"], cwd=root, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        print(f"zensical build failed at {root}:\n{done.stdout[-1500:]}{done.stderr[-1500:]}",
              file=sys.stderr)
        return None
    return time.perf_counter() - start


def measure(scale: int, runs: int, work: Path) -> dict[str, object]:
    root = work / f"scale-{scale}"
    write_project(root, scale)
    times: dict[str, list[float]] = {"validate": [], "generate": [], "build": [], "zensical": [],
                                     "full": [], "startup": [], "parse": [], "render": [],
                                     "write": [], "in_process_edit": [],
                                     "in_process_first_edit": [], "live_edit": []}
    peaks: list[float] = []
    built: dict[str, int] = {}
    for _ in range(runs):
        times["validate"].append(stage(root, "validate")["seconds"])
        for part in ("startup", "parse", "render", "write"):
            times[part].append(stage(root, part)["seconds"])
        fresh_docs(root)
        result = stage(root, "generate")
        times["generate"].append(result["seconds"])
        peaks.append(result["peak_mb"])
        times["build"].append(stage(root, "build")["seconds"])
        if "bytes" not in built:  # the site as MkDocs built it (the stages below rewrite site/)
            built["pages"] = sum(1 for _ in (root / "site").rglob("*.html"))
            built["bytes"] = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file())
        times["full"].append(stage(root, "explainer-build")["seconds"])
        z = zensical(root)
        if z is not None:
            times["zensical"].append(z)
    unchanged = stage(root, "generate")
    glossary = root / "data/glossary.yaml"
    glossary.write_text(glossary.read_text().replace("What term 0 means.", "What term 0 meant."))
    edit = stage(root, "generate")
    edited = edit["written"]
    live = stage(root, "edit-in-process")
    times["in_process_edit"].append(live["seconds"])
    times["in_process_first_edit"].append(live["first"])
    times["live_edit"].append(stage(root, "live-edit")["seconds"])
    median = {k: (statistics.median(v) if v else None) for k, v in times.items()}
    return {"scale": scale, **median, "peak_mb": max(peaks), **built,
            "rewritten_unchanged": unchanged["written"], "regenerate_unchanged": unchanged["seconds"],
            "rewritten_one_edit": edited,
            "regenerate_after_edit": edit["seconds"]}


def floor_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| scale | start-up s | YAML parse s | render s | write s | floor s | generate s |"
             " generate / floor (target <= 2) | regenerate, no change s (target < 0.5) |"
             " in-process regenerate, first edit s | in-process regenerate, later edit s |"
             " generate peak MB (target < 200) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        floor = r["startup"] + r["parse"] + r["render"] + r["write"]
        lines.append(
            f"| {r['scale']}x | {r['startup']:.2f} | {r['parse']:.2f} | {r['render']:.2f} |"
            f" {r['write']:.2f} | {floor:.2f} | {r['generate']:.2f} | {r['generate'] / floor:.2f} |"
            f" {r['regenerate_unchanged']:.2f} | {r['in_process_first_edit']:.2f} |"
            f" {r['in_process_edit']:.2f} | {r['peak_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def table(rows: list[dict[str, object]]) -> str:
    lines = ["| scale | validate s | generate s | MkDocs build s | generate / build | zensical build s |"
             " generate peak MB | pages | site bytes | bytes vs 1x | rewritten, no change |"
             " regenerate, no change s | rewritten, one edit | regenerate after one edit s |"
             " explainer build s |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    base = rows[0]["bytes"]
    for r in rows:
        z = f"{r['zensical']:.2f}" if r["zensical"] is not None else "n/a"
        lines.append(
            f"| {r['scale']}x | {r['validate']:.2f} | {r['generate']:.2f} | {r['build']:.2f} |"
            f" {100 * r['generate'] / r['build']:.1f}% | {z} | {r['peak_mb']:.0f} | {r['pages']} |"
            f" {r['bytes']:,} | {r['bytes'] / base:.1f}x | {r['rewritten_unchanged']} |"
            f" {r['regenerate_unchanged']:.2f} | {r['rewritten_one_edit']} |"
            f" {r['regenerate_after_edit']:.2f} | {r['full']:.2f} |")
    return "\n".join(lines) + "\n"


def live_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| scale | in-process regenerate after one edit s | live preview's regenerate after"
             " one edit s (renders only what changed) |", "|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['scale']}x | {r['in_process_edit']:.2f} | {r['live_edit']:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as work:
        rows = [measure(scale, args.runs, Path(work)) for scale in args.scales]
    text = table(rows) + "\n" + floor_table(rows) + "\n" + live_table(rows)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

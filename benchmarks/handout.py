"""Time the classroom handout PDF for the repository's explainer (not a test).

    .venv/bin/python benchmarks/handout.py [PROJECT] [--paper letter|a4] [--runs 5]

Prints the time of the first run (which also loads WeasyPrint and the pronunciation
dictionary for the reading level) and the median of the runs after it: load, fit to two
pages, and write the PDF. The target is at most 3 s warm (the median).

Then, when LibreOffice is installed, the pages the Word file takes in LibreOffice Writer
(student copy, and with the teacher's page) on Letter and on A4, each converted with
`soffice --headless --convert-to pdf` in a fresh profile; the target is at most 2.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from generator.handout.layout import fit
from generator.pipeline import load_project

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # for tests.handout.office, when run as a script

from tests.handout.office import office_pdf, soffice  # noqa: E402


def one_run(root: Path, paper: str) -> tuple[float, float, int, int]:
    """Wall-clock and CPU seconds for one handout PDF, its pages and layout tries."""
    start, cpu = time.perf_counter(), time.process_time()
    handout = fit(load_project(root), paper)
    handout.pdf()
    return time.perf_counter() - start, time.process_time() - cpu, handout.pages, handout.tries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=str(REPO))
    parser.add_argument("--paper", choices=("letter", "a4"), default="letter")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = Path(args.project).resolve()
    first, _, pages, tries = one_run(root, args.paper)
    runs = [one_run(root, args.paper) for _ in range(args.runs)]
    wall = [r[0] for r in runs]
    cpu = [r[1] for r in runs]
    print(f"handout PDF ({args.paper}) for {root}: {pages} page(s), {tries} layout tries")
    print(f"first run (imports, dictionary): {first:.2f} s")
    print(f"median of {args.runs} runs: {statistics.median(wall):.2f} s"
          f" (min {min(wall):.2f} s, max {max(wall):.2f} s; CPU median"
          f" {statistics.median(cpu):.2f} s)")
    office_pages(root)


def office_pages(root: Path) -> None:
    """The pages of the Word handout in LibreOffice Writer, on each paper."""
    if soffice() is None:
        print("LibreOffice is not installed: no Word page counts")
        return
    import pypdf

    project = load_project(root)
    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as folder:
        for paper in ("letter", "a4"):
            handout = fit(project, paper)
            counts = []
            for teacher in (False, True):
                pdf = office_pdf(handout.docx(teacher), Path(folder) / f"{paper}-{teacher}")
                counts.append(len(pypdf.PdfReader(io.BytesIO(pdf)).pages))
            print(f"Word in LibreOffice ({paper}): {counts[0]} page(s);"
                  f" with the teacher's page {counts[1]} (PDF: {handout.pages})")


if __name__ == "__main__":
    main()

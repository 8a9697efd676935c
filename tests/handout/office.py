"""How many pages a Word handout takes in a real word processor: LibreOffice Writer, run
headless to turn the DOCX into a PDF, whose pages are then counted.

The handout does not call this: its Word layout is made denser than the PDF it is fitted
by (see `generator/handout/wordparts.py`, STYLES), and the tests and
`benchmarks/handout.py` use this to check that margin with LibreOffice and the fonts the
document names. Without LibreOffice the tests skip, or fail when EXPLAINER_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The LibreOffice program, or skip the test (fail when CI requires it)."""
    import pytest

    program = soffice()
    if program is None:
        reason = "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
        if os.environ.get("EXPLAINER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LibreOffice is required but {reason}")
        pytest.skip(reason)
    return program


def office_pdf(docx: bytes, folder: Path, name: str = "handout") -> bytes:
    """The PDF LibreOffice makes of `docx`, working in `folder` with a profile of its own
    there (so that it neither reads nor changes the user's settings)."""
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{name}.docx"
    source.write_bytes(docx)
    profile = (folder / "profile").resolve().as_uri()
    subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
        [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180)
    return (folder / f"{name}.pdf").read_bytes()


def office_pages(docx: bytes, folder: Path, name: str = "handout") -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(office_pdf(docx, folder, name))).pages)

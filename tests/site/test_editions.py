"""A site in two languages: site/es/ beside the English site, `lang="es"`, a switcher on every
page that lands on the same page in the other language, online and in the offline copy, and
a search index of each language's own pages with its own stemmer."""

import json
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from .. import conftest  # noqa: F401 - fixtures


def _switch(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    nav = re.search(r'<nav class="explainer-languages".*?</nav>', html, re.S)
    assert nav, f"{page}: no language switcher"
    return re.findall(r'href="([^"]+)"', nav.group())


def _target(page: Path, href: str, site: Path) -> Path:
    path = (page.parent / href).resolve()
    if href.endswith("/") or path.is_dir():
        path = path / "index.html"
    assert path.is_relative_to(site.resolve()), f"{href} leaves the site"
    return path


def test_both_editions_build_with_a_switcher_online_and_offline(example: Path, run) -> None:
    data = example / "data" / "explainer.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "language: en\n", "language: en\nlanguages: [en, es]\n"), encoding="utf-8")
    shutil.rmtree(example / "locales", ignore_errors=True)  # the shipped translation
    refused = run("build", "-p", str(example))
    assert refused.exit_code == 1 and "no es translation" in refused.stderr
    result = run("build", "--draft-languages", "es", "-p", str(example))
    assert result.exit_code == 0, result.output
    site = example / "site"
    for page in (site / "es").rglob("*.html"):  # every Spanish page says it is Spanish
        assert '<html lang="es"' in page.read_text(encoding="utf-8"), page
    pages = [p for p in site.rglob("index.html") if "es" not in p.relative_to(site).parts[:1]]
    assert len(pages) > 5
    for page in pages:
        rel = page.relative_to(site)
        if not (site / "es" / rel).exists():
            assert not _has_switch(page)  # a hand-written page with no translation
            continue
        (href,) = _switch(page)
        assert _target(page, href, site) == (site / "es" / rel).resolve()
        (back,) = _switch(site / "es" / rel)
        assert _target(site / "es" / rel, back, site) == page.resolve()
    index = json.loads((site / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["es"]
    assert all(not doc["location"].startswith("es/") for doc in index["docs"])
    english = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["config"]["lang"] == ["en"]
    assert all("Afirmaciones" not in doc["title"] for doc in english["docs"])
    with zipfile.ZipFile(example / "site-offline.zip") as archive:
        names = set(archive.namelist())
        root = PurePosixPath(sorted(names)[0]).parts[0]
        offline_page = f"{root}/es/claims.html"
        assert offline_page in names
        html = archive.read(offline_page).decode()
    nav = re.search(r'<nav class="explainer-languages".*?</nav>', html, re.S)
    assert nav is not None
    (href,) = re.findall(r'href="([^"]+)"', nav.group())
    target = PurePosixPath(f"{root}/es") / href
    resolved = "/".join(_normal(target.parts))
    assert resolved == f"{root}/claims.html"


def _has_switch(page: Path) -> bool:
    return 'class="explainer-languages"' in page.read_text(encoding="utf-8")


def _normal(parts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part != ".":
            out.append(part)
    return out


def _tool(name: str) -> str | None:
    import shutil
    import sys

    return shutil.which(name, path=str(Path(sys.executable).parent))


def test_plain_mkdocs_and_zensical_build_each_edition_from_the_committed_pages(
        tmp_path: Path, run) -> None:
    import subprocess

    import pytest

    root = tmp_path / "bilingual"
    assert run("new", str(root), "--languages", "en,es").exit_code == 0
    tools = [name for name in ("mkdocs", "zensical") if _tool(name)]
    if "zensical" not in tools:
        pytest.skip("zensical is not installed")
    for name in tools:
        for config in ("mkdocs.yml", "mkdocs.es.yml"):
            result = subprocess.run([str(_tool(name)), "build", "-f", config], cwd=root,
                                    capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, result.stdout + result.stderr
        english = (root / "site" / "index.html").read_text(encoding="utf-8")
        spanish = (root / "site" / "es" / "index.html").read_text(encoding="utf-8")
        assert '<html lang="en"' in english and '<html lang="es"' in spanish, name
        assert "El cierre del puente de Millbrook" in spanish
        assert 'hreflang="es"' in english and 'hreflang="en"' in spanish
        shutil.rmtree(root / "site")

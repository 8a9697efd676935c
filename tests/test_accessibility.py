"""Pages everyone can use: axe-core finds nothing on any page in either palette, the status
colours meet WCAG AA, the positions sit side by side yet fit a phone, and every ClaimReview
says what its page shows.

Two sites are built once for the module: the fixture explainer (invented, with hostile
text) and a copy of the repository's explainer.
"""

from __future__ import annotations

import colorsys
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.pages.jsonld import script
from generator.pipeline import load_project

from .browser import Browser, browser, serve_folder  # noqa: F401 - fixture
from .conftest import FIXTURE, REPO, copy_project

CSS = REPO / "generator" / "pages" / "templates" / "explainer.css"
SLATE_BACKGROUND = colorsys.hls_to_rgb(232 / 360, 0.14, 0.15)  # Material: hsl(232, 15%, 14%)
WHITE = (1.0, 1.0, 1.0)




@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The built `site/` folders of the fixture and of the repository's explainer."""
    base = tmp_path_factory.mktemp("accessibility")
    built = {}
    for name, source in (("riverside", FIXTURE), ("repository", REPO)):
        project = copy_project(source, base / name)
        result = CliRunner().invoke(cli, ["build", "-p", str(project)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        built[name] = project / "site"
    return built


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


# --- axe-core ------------------------------------------------------------------------------

AXE_OPTIONS = {"resultTypes": ["violations"]}  # every rule axe runs by default


def _scheme(page: Any) -> str:
    """Material's palette of the page, or "none" for a page without Material (a download)."""
    if not page.locator("form[data-md-component=palette]").count():
        return "none"
    return str(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))


def _switch_scheme(page: Any) -> None:
    """Click Material's palette toggle, as a reader would."""
    before = _scheme(page)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== '{before}'")


def _violations(page: Any) -> list[str]:
    """Run axe-core (injected into every document by an init script) on the page."""
    from axe_playwright_python.base import AxeResults

    response = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found = []
    for violation in AxeResults(response).response["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


@pytest.mark.parametrize("name", ["riverside", "repository"])
def test_axe_finds_no_violation_on_any_page_in_either_palette(
        name: str, sites: dict[str, Path], browser: Browser) -> None:  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    site = sites[name]
    problems: list[str] = []
    checked: set[tuple[str, str]] = set()
    with serve_folder(site) as base:
        page, traffic = browser.page(base)
        page.add_init_script(Axe().axe_script)
        for path in html_pages(site):
            page.goto(base + path)
            # The palette the page opens in (the one chosen on the page before), then the other.
            for turn in range(2):
                scheme = _scheme(page)
                problems += [f"{path} [{scheme}] {v}" for v in _violations(page)]
                checked.add((path, scheme))
                if scheme == "none":
                    break
                if turn == 0:
                    _switch_scheme(page)
        page.close()
    assert not problems, "\n".join(problems)
    material = {path for path, scheme in checked if scheme != "none"}
    assert {(path, s) for path in material for s in ("default", "slate")} <= checked
    assert len(material) >= 15
    if name == "repository":  # the Spanish edition too, every page of it
        spanish = {path for path in material if path.startswith("es/")}
        assert len(spanish) >= 15 and all(
            f"es/{path}" in spanish for path in material if not path.startswith("es/")
            and (site / "es" / path).is_file())
    assert traffic.blocked == []


def test_the_status_colours_meet_wcag_aa_in_both_palettes() -> None:
    css = CSS.read_text(encoding="utf-8")
    light = dict(re.findall(r"(--ex-[\w-]+):\s*(#[0-9a-f]{6})", css.split("[data-md-color-scheme")[0]))
    dark_block = re.search(r'\[data-md-color-scheme="slate"\]\s*\{([^}]*)\}', css)
    assert dark_block is not None
    dark = dict(re.findall(r"(--ex-[\w-]+):\s*(#[0-9a-f]{6})", dark_block.group(1)))
    assert set(light) == set(dark) and len(light) == 6
    for name in light:
        assert contrast(hex_rgb(light[name]), WHITE) >= 4.5, (name, "light")
        assert contrast(hex_rgb(dark[name]), SLATE_BACKGROUND) >= 4.5, (name, "dark")


def hex_rgb(value: str) -> tuple[float, float, float]:
    return (int(value[1:3], 16) / 255, int(value[3:5], 16) / 255, int(value[5:7], 16) / 255)


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    def luminance(rgb: tuple[float, float, float]) -> float:
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --- layout --------------------------------------------------------------------------------

@pytest.fixture
def repository_site(sites: dict[str, Path]) -> Iterator[str]:
    with serve_folder(sites["repository"]) as base:
        yield base


def test_positions_sit_side_by_side_and_fit_a_phone(repository_site: str,
                                                    browser: Browser) -> None:  # noqa: F811
    base = repository_site
    page, traffic = browser.page(base, viewport={"width": 1280, "height": 900})
    page.goto(base + "positions/")
    tops = page.eval_on_selector_all(".ex-columns:first-of-type > .ex-column",
                                     "cols => cols.map(c => c.getBoundingClientRect().top)")
    assert len(tops) == 2 and tops[0] == tops[1]  # the two governments, side by side
    page.close()
    page, traffic = browser.page(base, viewport={"width": 375, "height": 740}, is_mobile=True,
                                 has_touch=True, device_scale_factor=2)
    for path in ("positions/", "timeline/", "figures/fig-border-patrol-august/", ""):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
    page.goto(base + "positions/")
    lefts = page.eval_on_selector_all(".ex-columns:first-of-type > .ex-column",
                                      "cols => cols.map(c => c.getBoundingClientRect().left)")
    assert lefts[0] == lefts[1]  # one above the other on a phone
    page.close()
    assert traffic.blocked == []


# --- structured data -----------------------------------------------------------------------

class ClaimPage(HTMLParser):
    """The JSON-LD blocks of a page, and the visible text of every element with a
    `data-claim` key (leaving out what is hidden from readers and the permalink sign)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.json_ld: list[tuple[str, str]] = []  # (key, raw JSON)
        self.claims: dict[str, list[str]] = {}
        self.badges: dict[str, list[str]] = {}
        self._stack: list[tuple[str, dict[str, str | None]]] = []
        self._script: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("type") == "application/ld+json":
            self._script = (str(found.get("data-claim")), [])
            return
        if tag in self.VOID:
            return
        self._stack.append((tag, found))
        key = found.get("data-claim")
        classes = str(found.get("class") or "").split()
        if key and "ex-claim" in classes:
            self.claims.setdefault(key, []).append("")
        if key and "ex-status" in classes:
            self.badges.setdefault(key, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.json_ld.append((self._script[0], "".join(self._script[1])))
            self._script = None
            return
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
            return
        if any(a.get("aria-hidden") == "true" or "headerlink" in str(a.get("class") or "")
               for _, a in self._stack):
            return
        for _, attrs in self._stack:
            key = attrs.get("data-claim")
            classes = str(attrs.get("class") or "").split()
            if key and "ex-claim" in classes:
                self.claims[key][-1] += data
            if key and "ex-status" in classes:
                self.badges[key][-1] += data


def _plain(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def test_every_claim_review_says_what_its_page_shows(sites: dict[str, Path]) -> None:
    reviewed: dict[str, set[str]] = {}
    for name, site in sites.items():
        for path in html_pages(site):
            page = ClaimPage()
            page.feed((site / path).read_text(encoding="utf-8"))
            for key, raw in page.json_ld:
                assert "<" not in raw and ">" not in raw and "&" not in raw, (path, key)
                data = json.loads(raw)
                assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
                assert [_plain(t) for t in page.claims[key]] == [data["claimReviewed"]], (path, key)
                assert [_plain(t) for t in page.badges[key]] == \
                    [data["reviewRating"]["alternateName"]], (path, key)
                reviewed.setdefault(name, set()).add(f"{path.split('/')[0]}:{key}")
    riverside = reviewed["riverside"]
    assert "figures:figure-flow-cut" in riverside and "figures:figure-farms" in riverside
    assert "positions:position-brenner-no-overuse" in riverside
    assert "timeline:event-talks-open" in riverside
    repository = reviewed["repository"]
    assert len([k for k in repository if k.startswith("figures:")]) == 8
    assert "figures:figure-fig-border-patrol-august" in repository


def test_json_ld_cannot_be_closed_by_data() -> None:
    hostile = "</script><script>alert(1)</script> & <!-- \u2028"
    block = script({"claimReviewed": hostile}, "figure-x")
    inner = block.removeprefix('<script type="application/ld+json" data-claim="figure-x">')
    inner = inner.removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\u2028" not in inner
    assert json.loads(inner) == {"claimReviewed": hostile}


def test_pages_describe_themselves(sites: dict[str, Path]) -> None:
    site = sites["riverside"]
    figure = (site / "figures/flow-cut/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in figure
    assert ('<meta name="description" content="Fall in the river&#x27;s flow: the article says'
            ' about 40 percent. Misleading: ') in figure
    assert '<meta property="og:title" content="Fall in the river&#x27;s flow">' in figure
    assert '<meta property="og:type" content="article">' in figure
    person = (site / "people/hostile-name/index.html").read_text(encoding="utf-8")
    assert ('<meta property="og:title" content="&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)'
            '&lt;/script&gt; *Ana* {{ 7*7 }}">') in person
    assert '<meta name="description" content="&lt;/title&gt;&lt;script&gt;' in person
    for path in html_pages(site):
        text = (site / path).read_text(encoding="utf-8")
        if "md-header" in text:  # a Material page, not a download
            assert re.search(r'<meta name="description" content="[^"]{20,}">', text), path
            assert '<meta property="og:description" content="' in text, path
            assert 'dialog.setAttribute("aria-label", "Search")' in text, path


def test_the_overrides_are_the_same_in_every_project() -> None:
    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted(root.rglob("*")) if p.is_file()}

    main = files(REPO / "overrides")
    assert list(main) == ["main.html", "partials/toc.html"]
    assert files(REPO / "generator/example/overrides") == main
    assert files(FIXTURE / "overrides") == main


# --- one claim, one verdict -------------------------------------------------------------------

def _text_of(html_text: str) -> str:
    return _plain(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", html_text, flags=re.S)))


def test_each_claim_is_reviewed_on_one_page_once_and_counted_once(sites: dict[str, Path]) -> None:
    for name, site in sites.items():
        project = load_project(site.parent)
        where: dict[tuple[str, str], list[str]] = {}
        translated = project.data.explainer.editions[1:]
        for path in html_pages(site):
            page = ClaimPage()
            page.feed((site / path).read_text(encoding="utf-8"))
            edition = path.split("/", 1)[0] if path.split("/", 1)[0] in translated else ""
            for key, _raw in page.json_ld:
                where.setdefault((edition, key), []).append(path)
        expected = {(edition, f"{c.kind}-{c.id}") for edition in ["", *translated]
                    for c in project.claims}
        assert set(where) == expected, name  # in each edition, once each
        assert all(len(pages) == 1 for pages in where.values()), where
        home = _text_of((site / "index.html").read_text(encoding="utf-8"))
        made = sum(project.in_article(c) for c in project.claims)
        assert (f"checks {len(project.claims)} claims against the record, each counted once: {made}"
                f" made by the article and {len(project.claims) - made} further claims") in home


def test_a_restated_claim_shows_the_one_verdict_with_a_link(sites: dict[str, Path]) -> None:
    positions = (sites["riverside"] / "positions/index.html").read_text(encoding="utf-8")
    section = positions[positions.index('id="brenner-dams"'):]
    section = _text_of(section[: section.index("</div>\n</div>")] if "</div>\n</div>" in section
                       else section)
    assert re.search(r"Verdict \W* Misleading Flow fell 18%; most of the fall came from drought, not dams\.",
                     section)
    assert "The same claim is checked at Fall in the river's flow" in section
    assert 'href="../figures/flow-cut/"' in positions


def test_every_checked_claim_opens_with_the_claim_then_the_verdict(sites: dict[str, Path]) -> None:
    figure = _text_of((sites["riverside"] / "figures/flow-cut/index.html").read_text(encoding="utf-8"))
    order = ["What was claimed", "upstream dams had cut the river’s flow by 40 percent", "Verdict",
             "Misleading", "Gauges show an 18% fall", "Evidence:", "Who else reported it"]
    start = figure.index("What was claimed")
    found = [figure.index(part, start) for part in order]
    assert found == sorted(found)
    positions = _text_of((sites["riverside"] / "positions/index.html").read_text(encoding="utf-8"))
    start = positions.index("Norland wants the 1998 treaty renegotiated.")
    order = ["What was claimed", "written for a wetter century.", "attribution unconfirmed", "Verdict",
             "Opinion", "At the opening session."]
    found = [positions.index(part, start - 40) for part in order]
    assert found == sorted(found)
    claims = _text_of((sites["repository"] / "claims/index.html").read_text(encoding="utf-8"))
    assert "“Border Patrol has made 181,509 arrests at the Mexican border throughout August”" in claims


def test_every_generated_page_ends_with_report_an_error(sites: dict[str, Path]) -> None:
    for site in sites.values():
        manifest = json.loads((site.parent / "docs/.explainer-manifest.json").read_text(encoding="utf-8"))
        pages = [p for p in manifest["files"] if p.endswith(".md")]
        assert len(pages) > 10
        for page in pages:
            built = site / (page.removesuffix(".md") + "/index.html" if not page.endswith("index.md")
                            else page.removesuffix(".md") + ".html")
            html_text = built.read_text(encoding="utf-8")
            assert re.search(r'<p class="ex-report"><a href="[^"]+">Report an error</a>', html_text), page

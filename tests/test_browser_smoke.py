"""The built site in a real browser: pages render and nothing is fetched from elsewhere."""

from pathlib import Path

from .browser import Browser, browser, serve_folder  # noqa: F401 - fixture


def test_the_built_site_loads_offline_in_chromium(run, riverside: Path, browser: Browser) -> None:  # noqa: F811
    assert run("build", "-p", str(riverside)).exit_code == 0
    with serve_folder(riverside / "site") as base:
        page, traffic = browser.page(base)
        page.goto(base + "figures/flow-cut/")
        assert page.locator("h1").inner_text().startswith("Fall in the river")
        assert page.locator(".ex-status--misleading").first.inner_text().strip().endswith("Misleading")
        page.close()
    assert traffic.blocked == []
    assert any(url.endswith(".css") for url in traffic.allowed)

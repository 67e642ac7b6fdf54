"""The HTML report in a real headless browser (Debian's chromium, driven by
Playwright with the system browser: no browser download).

Skipped when chromium or playwright is missing, unless CI is set: then a
missing browser is a failure, so CI cannot pass by skipping.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_report_support import SAMPLE, fake_rules, outcome, seed_outcomes

from cleandoc import report
from cleandoc.model import Outcome

CHROMIUM = os.environ.get("CLEANDOC_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = pytest.mark.browser


def _missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    why = _missing()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {why}")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page with its console errors and uncaught exceptions collected."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.page.on(
            "console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append("dialog: " + d.message), d.dismiss()))
        # everything must be inline: any request other than the page itself is a failure
        self.page.on(
            "request", lambda r: None if r.url.startswith(("file:", "data:")) else self.errors.append(r.url)
        )
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("#docs")

    def rule_counts(self) -> dict[str, dict[str, int]]:
        rows = self.page.eval_on_selector_all(
            "#rules tbody tr",
            """rows => rows.map(r => [r.dataset.code, {
                changes: +r.querySelector('.n-changes').textContent,
                documents: +r.querySelector('.n-documents').textContent,
                warnings: +r.querySelector('.n-warnings').textContent,
                removed_chars: +r.querySelector('.n-removed').textContent}])""",
        )
        return dict(rows)

    def visible(self, selector: str, attr: str) -> list[str]:
        return list(
            self.page.eval_on_selector_all(
                selector,
                f"els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('{attr}'))",
            )
        )


def _write(outcomes: list[Outcome], folder: Path, stem: str) -> tuple[Path, dict[str, Any]]:
    html, js = folder / f"{stem}.html", folder / f"{stem}.json"
    report.write_report(html, outcomes, {"mode": "dry-run"})
    report.write_report(js, outcomes, {"mode": "dry-run"})
    return html, json.loads(js.read_text(encoding="utf-8"))


def _json_counts(data: dict[str, Any]) -> dict[str, dict[str, int]]:
    keys = ("changes", "documents", "warnings", "removed_chars")
    return {r["code"]: {k: r[k] for k in keys} for r in data["rules"]}


def test_seed_report_page(browser: Any, tmp_path: Path) -> None:
    """The seeds cleaned by the real rules: loads cleanly, shows the JSON's
    counts, and leaves a screenshot for a human to look at."""
    html, data = _write(seed_outcomes(), tmp_path, "seeds")
    page = Page(browser, html)
    assert page.rule_counts() == _json_counts(data)
    summary = page.page.eval_on_selector_all(
        "#summary .card", "cs => cs.map(c => [c.dataset.key, +c.querySelector('.v').textContent])"
    )
    assert dict(summary)["changes"] == data["summary"]["changes"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "report-seeds.png"), full_page=True)
    page.page.screenshot(path=str(ARTIFACTS / "report-seeds-top.png"))
    assert page.errors == []


def test_filtering_by_rule_and_document(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with fake_rules(monkeypatch):
        outs = [outcome("sample.txt", SAMPLE), *seed_outcomes()]
    html, data = _write(outs, tmp_path, "fake")
    page = Page(browser, html)
    assert page.rule_counts() == _json_counts(data)
    all_docs = page.visible("section.doc", "data-name")
    assert len(all_docs) == 3

    page.page.click("#rules tr[data-code='P901']")
    assert set(page.visible(".change-row", "data-code")) == {"P901"}
    assert set(page.visible("del[data-codes], ins[data-codes]", "data-codes")) == {"P901"}
    assert page.visible("section.doc", "data-name") == ["sample.txt"]  # the only document with P901
    assert page.visible("#rules tr.off", "data-code") == [c for c in _json_counts(data) if c != "P901"]

    page.page.click("#rules tr[data-code='D901']")  # a second rule adds to the filter
    assert set(page.visible(".change-row", "data-code")) == {"P901", "D901"}
    removed = page.page.inner_text("tr.change-row.removed td.edit")
    assert "紧紧围绕立德树人根本任务，坚持育人为本。" in removed  # a removed duplicate is shown whole

    page.page.click("#clear-rules")
    assert len(set(page.visible(".change-row", "data-code"))) == len(
        [r for r in data["rules"] if r["changes"]]
    )

    page.page.fill("#doc-filter", "004_")
    assert page.visible("section.doc", "data-name") == ["004_ef8c02e2f403a9b3.txt"]
    page.page.fill("#doc-filter", "")
    page.page.select_option("#status-filter", "all")
    assert len(page.visible("section.doc", "data-name")) == 3
    # the document's own </script> is text, not markup
    assert "</script><script>alert(1)</script>" in page.page.inner_text("section.doc[data-name='sample.txt']")
    assert page.errors == []


def test_thousands_of_documents_are_paginated(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with fake_rules(monkeypatch):
        one = outcome("x.txt", SAMPLE)
    outs = [Outcome(f"d{i:04}.txt", f"d{i:04}.txt", one.original, one.result) for i in range(3000)]
    html, data = _write(outs, tmp_path, "big")
    page = Page(browser, html)
    assert page.rule_counts() == _json_counts(data)
    assert page.page.eval_on_selector_all("section.doc", "e => e.length") == 20
    assert page.page.locator("#doc-count").inner_text().startswith("3000 of 3000")
    assert page.page.eval_on_selector_all("*", "e => e.length") < 5000  # a small DOM, not 3000 documents
    page.page.locator(".pager .next").first.click()
    assert page.visible("section.doc", "data-name")[0] == "d0020.txt"
    page.page.fill("#doc-filter", "d2999")
    assert page.visible("section.doc", "data-name") == ["d2999.txt"]
    assert page.errors == []

"""The HTML report in a real headless browser (Debian's chromium, driven by
Playwright with the system browser: no browser download).

Skipped when chromium or playwright is missing, unless CI is set: then a
missing browser is a failure, so CI cannot pass by skipping.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
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

    page.page.fill("#doc-filter", "seed-004")
    assert page.visible("section.doc", "data-name") == ["seed-004.txt"]
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
    # a small DOM, not 3000 documents drawn (their data waits, unparsed, in script blocks)
    assert page.page.eval_on_selector_all("body *:not(script)", "e => e.length") < 5000
    page.page.locator(".pager .next").first.click()
    assert page.visible("section.doc", "data-name")[0] == "d0020.txt"
    page.page.fill("#doc-filter", "d2999")
    assert page.visible("section.doc", "data-name") == ["d2999.txt"]
    assert page.errors == []


# ---------------------------------------------------------------------------
# working through a large run: sort by risk, page jump, permalinks, keyboard


def _risky_run(monkeypatch: pytest.MonkeyPatch, count: int) -> list[Outcome]:
    """``count`` documents; document k repeats a line ``k % 7`` times (D901
    removals: the risk to sort by), every one has a comma to fix."""
    line = "紧紧围绕立德树人根本任务，坚持育人为本。\n"
    with fake_rules(monkeypatch):
        made = {k: outcome("x", "一、总则\n甲,乙\n" + line * (1 + k) + "二、其他\n") for k in range(7)}
    outs = []
    for i in range(count):
        one = made[i % 7]
        outs.append(Outcome(f"d{i:05}.txt", f"d{i:05}.txt", one.original, one.result))
    return outs


def test_ten_thousand_documents_sort_jump_and_permalink(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html, _ = _write(_risky_run(monkeypatch, 10_000), tmp_path, "many")
    page = Page(browser, html)
    p = page.page
    assert p.locator("#doc-count").inner_text().startswith("10000 of 10000")
    assert page.visible("section.doc", "data-name")[:2] == ["d00000.txt", "d00001.txt"]

    p.select_option("#sort", "rm")  # most characters removed first: 6 repeats, input order among equals
    assert page.visible("section.doc", "data-name")[:3] == ["d00006.txt", "d00013.txt", "d00020.txt"]
    p.select_option("#sort", "D")
    assert page.visible("section.doc", "data-name")[0] == "d00006.txt"
    p.select_option("#sort", "input")

    jump = p.locator(".pager input.jump").first
    jump.fill("300")
    jump.press("Enter")
    assert page.visible("section.doc", "data-name")[0] == f"d{299 * 20:05}.txt"
    assert (
        "page" in p.locator(".pager").first.inner_text()
        and "of 500" in p.locator(".pager").first.inner_text()
    )

    # a permalink opens its document wherever it is, even filtered out
    p.fill("#doc-filter", "d0000")
    href = p.locator("section.doc[data-name='d00001.txt'] a.permalink").get_attribute("href")
    assert href == "#doc=d00001.txt"
    p.goto(html.resolve().as_uri() + "#doc=d07777.txt")
    p.wait_for_selector("section.doc.cursor")
    assert page.visible("section.doc.cursor", "data-name") == ["d07777.txt"]

    # a rule rejected across the run: counted from the index, exported whole
    p.click("#rules tr[data-code='D901'] button.rule-decide")
    removals = 1428 * (1 + 2 + 3 + 4 + 5 + 6) + (1 + 2 + 3)  # document k repeats its line k % 7 times
    assert p.inner_text("#review-count") == f"{removals} changes rejected in {1428 * 6 + 3} documents"
    with p.expect_download() as info:
        p.click("#export-review")
    review = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert sum(len(d["reject"]) for d in review["documents"]) == removals
    assert page.errors == []


def test_keyboard_walks_changes_and_pages(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html, _ = _write(_risky_run(monkeypatch, 45), tmp_path, "keys")
    page = Page(browser, html)
    p = page.page

    def at() -> tuple[str, str | None]:
        return (
            p.eval_on_selector(".cursor", "e => e.closest('section.doc').dataset.name"),
            p.eval_on_selector(".cursor", "e => e.dataset.code || null"),
        )

    p.keyboard.press("j")
    assert at() == ("d00000.txt", "P901")  # d00000: a comma, no duplicate
    p.keyboard.press("j")
    assert at() == ("d00001.txt", "P901")
    p.keyboard.press("j")
    assert at() == ("d00001.txt", "D901")
    p.keyboard.press("k")
    assert at() == ("d00001.txt", "P901")
    assert p.evaluate("location.hash") == "#doc=d00001.txt"  # the address follows the cursor
    p.keyboard.press("n")
    assert page.visible("section.doc", "data-name")[0] == "d00020.txt"
    assert at() == ("d00020.txt", "P901")
    p.keyboard.press("p")
    assert page.visible("section.doc", "data-name")[0] == "d00000.txt"
    # k before the first change of a page goes to the last one of the page before
    p.keyboard.press("n")
    p.keyboard.press("k")
    assert at()[0] == "d00019.txt" and page.visible("section.doc", "data-name")[0] == "d00000.txt"
    # keys typed into the search box are text, not navigation
    p.click("#doc-filter")
    p.keyboard.type("nj")
    assert p.input_value("#doc-filter") == "nj"
    assert page.errors == []


def test_removed_duplicates_each_keep_their_line(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two removed lines in a row (D101's usual case): each on its own line,
    the first one too (it used to run into the second)."""
    line = "紧紧围绕立德树人根本任务坚持育人为本。\n"
    with fake_rules(monkeypatch):
        outs = [outcome("dup.txt", "一、总则\n" + line * 3 + "二、其他\n")]
    html, _ = _write(outs, tmp_path, "dup")
    page = Page(browser, html)
    dels = page.page.eval_on_selector_all(
        ".hunk-body del", "ds => ds.map(d => [d.textContent, d.getBoundingClientRect().top])"
    )
    assert [text for text, _ in dels] == [line.replace("\n", "⏎\n")] * 2
    assert dels[0][1] < dels[1][1]
    assert page.errors == []


# ---------------------------------------------------------------------------
# review: accept/reject, export, apply


DIRTY = "关于做好 2025 年工作的通知\n各区、县(市)人民政府:\n现就有关事项通知如下.\n"
OTHER = "请于 3 月底前报送(材料)。\n"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleandoc", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_reject_in_the_page_export_and_apply(browser: Any, tmp_path: Path) -> None:
    work = tmp_path / "in"
    work.mkdir()
    (work / "a.txt").write_text(DIRTY, encoding="utf-8")
    (work / "b.txt").write_text(OTHER, encoding="utf-8")
    r = _cli("fix", "--dry-run", "-q", "in", "--report", "run.html", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    page = Page(browser, tmp_path / "run.html")
    p = page.page
    assert p.inner_text("#review-count") == "every change accepted"

    # a rule: every S106 change, in both documents
    p.click("#rules tr[data-code='S106'] button.rule-decide")
    assert p.inner_text("#review-count") == "4 changes rejected in 2 documents"
    # a change: the colon of a.txt
    colon = p.locator("section.doc[data-name='in/a.txt'] tr.change-row", has_text="：")
    colon.locator("button.change-decide").click()
    assert "rejected" in (colon.get_attribute("class") or "")
    assert p.inner_text("#review-count") == "5 changes rejected in 2 documents"
    # a document, rejected and accepted again; and one change accepted back inside it
    b = "section.doc[data-name='in/b.txt']"
    p.click(f"{b} button.doc-decide")
    assert p.inner_text("#review-count") == "7 changes rejected in 2 documents"
    p.click(f"{b} button.doc-decide")
    assert p.inner_text("#review-count") == "3 changes rejected in 1 document"
    p.click(f"{b} button.doc-decide")
    p.locator(f"{b} tr.change-row[data-code='P102'] button.change-decide").first.click()
    p.locator(f"{b} tr.change-row[data-code='P102'] button.change-decide").last.click()
    assert p.inner_text("#review-count") == "5 changes rejected in 2 documents"

    with p.expect_download() as info:
        p.click("#export-review")
    review = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert review["format"] == "cleandoc-review"
    assert {d["name"]: [(c["code"], c["old"]) for c in d["reject"]] for d in review["documents"]} == {
        "in/a.txt": [("S106", " "), ("S106", " "), ("P103", ":")],
        "in/b.txt": [("S106", " "), ("S106", " ")],
    }
    (tmp_path / "review.json").write_text(json.dumps(review), encoding="utf-8")
    r = _cli("fix", "in", "--apply-review", "review.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (work / "a.txt").read_text(encoding="utf-8") == (
        "关于做好 2025 年工作的通知\n各区、县（市）人民政府:\n现就有关事项通知如下。\n"
    )
    assert (work / "b.txt").read_text(encoding="utf-8") == "请于 3 月底前报送（材料）。\n"
    assert page.errors == []

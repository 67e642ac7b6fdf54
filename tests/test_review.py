"""Applying a review (``cleandoc fix --apply-review FILE``): rejected changes
are not made, everything else is; a review that no longer matches its input
is an error naming the document, never a partial apply."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_report_support import SAMPLE, fake_rules

import cleandoc
from cleandoc.model import Change, Result
from cleandoc.pipeline import replay
from cleandoc.review import Rejection, Review, ReviewError, load_review, without_changes

# ---------------------------------------------------------------------------
# leaving changes out


@pytest.fixture
def sample(monkeypatch: pytest.MonkeyPatch) -> Result:
    with fake_rules(monkeypatch):
        return cleandoc.clean(SAMPLE)


def _index(result: Result, code: str, line: int) -> int:
    return next(i for i, c in enumerate(result.changes) if c.code == code and c.line == line)


def test_rejecting_nothing_is_the_run(sample: Result) -> None:
    assert without_changes(SAMPLE, sample, set()) == sample


def test_rejecting_everything_gives_the_input(sample: Result) -> None:
    reviewed = without_changes(SAMPLE, sample, set(range(len(sample.changes))))
    assert reviewed.text == SAMPLE and reviewed.changes == ()


def test_each_change_rejected_alone_replays(sample: Result) -> None:
    for i, c in enumerate(sample.changes):
        reviewed = without_changes(SAMPLE, sample, {i})
        # what was made replays on the input to the reviewed text, as a report needs
        assert replay(SAMPLE, reviewed.changes) == reviewed.text
        assert reviewed.text != sample.text or (c.code == "P901" and c.line == 9), c
        made = {(m.code, m.line, m.col) for m in reviewed.changes}
        assert (c.code, c.line, c.col) not in made


def test_a_rejected_comma_stays_and_nothing_else_moves(sample: Result) -> None:
    i = _index(sample, "P901", 3)
    reviewed = without_changes(SAMPLE, sample, {i})
    assert "各市州教育局,各有关学校：" in reviewed.text
    assert reviewed.text.replace("各市州教育局,", "各市州教育局，", 1) == sample.text
    assert len(reviewed.changes) == len(sample.changes) - 1 and reviewed.warnings == sample.warnings


def test_a_duplicate_whose_comma_fix_is_rejected_is_still_removed(sample: Result) -> None:
    # line 9 repeats line 8: its comma is fixed (P901), then the line is dropped (D901)
    i = _index(sample, "P901", 9)
    reviewed = without_changes(SAMPLE, sample, {i})
    assert reviewed.text == sample.text
    dup = next(c for c in reviewed.changes if c.code == "D901")
    assert dup.old == "紧紧围绕立德树人根本任务,坚持育人为本。\n"  # the line as it now is


def test_a_rejected_line_join_keeps_the_break() -> None:
    # a join (stage 0) and a later comma fix on the joined line (stage 1)
    text = "甲乙丙\n丁,戊\n"
    join = Change("L901", "j", 1, 4, "\n", "", "", False, 0, 3)
    comma = Change("P901", "c", 2, 2, ",", "，", "", False, 1, 4)
    result = Result("甲乙丙丁，戊\n", (join, comma))
    assert replay(text, result.changes) == result.text
    reviewed = without_changes(text, result, {0})
    assert reviewed.text == "甲乙丙\n丁，戊\n"
    assert [(c.code, c.offset) for c in reviewed.changes] == [("P901", 5)]
    assert replay(text, reviewed.changes) == reviewed.text


def test_a_change_that_rewrote_a_rejected_change_is_left_out_with_a_warning() -> None:
    text = "甲,乙\n"
    first = Change("P901", "c", 1, 2, ",", "，", "", False, 0, 1)
    second = Change("P902", "d", 1, 2, "，", "、", "", False, 1, 1)
    result = Result("甲、乙\n", (first, second))
    reviewed = without_changes(text, result, {0})
    assert reviewed.text == text and reviewed.changes == ()
    assert [(w.code, w.line, w.col) for w in reviewed.warnings] == [("P902", 1, 2)]
    assert "rejected change" in reviewed.warnings[0].message


# ---------------------------------------------------------------------------
# review files


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_review_that_no_longer_matches_names_the_document(sample: Result) -> None:
    c = sample.changes[0]
    wrong = Rejection(c.code, c.line, c.col + 1, c.old, c.new)
    review = Review("r.json", {("doc.txt", "doc.txt"): _doc("doc.txt", _sha(SAMPLE), wrong)})
    with pytest.raises(ReviewError, match=r"document 'doc\.txt'.*L901 at \d+:\d+ .*does not make"):
        review.apply("doc.txt", "doc.txt", SAMPLE, sample)
    right = Rejection(c.code, c.line, c.col, c.old, c.new)
    stale = Review("r.json", {("doc.txt", "doc.txt"): _doc("doc.txt", _sha(SAMPLE + "x"), right)})
    with pytest.raises(ReviewError, match=r"document 'doc\.txt'.*another version"):
        stale.apply("doc.txt", "doc.txt", SAMPLE, sample)
    good = Review("r.json", {("doc.txt", "doc.txt"): _doc("doc.txt", _sha(SAMPLE), right)})
    assert good.apply("doc.txt", "doc.txt", SAMPLE, sample) == without_changes(SAMPLE, sample, {0})
    assert good.apply("other.txt", "other.txt", SAMPLE, sample) is sample
    # a bundle member is named within its bundle: another bundle's member of that name is not it
    member = Review("r.json", {("a.txt", "doc"): _doc("doc", _sha(SAMPLE), right, source="a.txt")})
    assert member.apply("b.txt", "doc", SAMPLE + "x", sample) is sample
    assert member.apply("a.txt", "doc", SAMPLE, sample) == without_changes(SAMPLE, sample, {0})


def _doc(name: str, sha: str, *rejections: Rejection, source: str | None = None) -> Any:
    from cleandoc.review import DocumentReview

    return DocumentReview(source or name, name, sha, rejections)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ('{"format": "cleandoc-report"}', "not a review file"),
        ('{"format": "cleandoc-review", "format_version": 9, "documents": []}', "version 9"),
        ('{"format": "cleandoc-review", "format_version": 1, "documents": {}}', "must be a list"),
        (
            '{"format": "cleandoc-review", "format_version": 1, "documents": '
            '[{"name": "a", "reject": [{"code": "P101", "line": "3", "col": 1, "old": "", "new": ""}]}]}',
            r"documents\[0\]\.reject\[0\] \(document 'a'\): line must be a int",
        ),
        (
            '{"format": "cleandoc-review", "format_version": 1, "documents": [{"name": "a"}, {"name": "a"}]}',
            "'a' is reviewed twice",
        ),
    ],
)
def test_bad_review_files_are_errors_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "review.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReviewError, match=message) as info:
        load_review(path)
    assert str(path) in str(info.value)


# ---------------------------------------------------------------------------
# the command line, end to end

DIRTY = "关于做好 2025 年工作的通知\n各区、县(市)人民政府:\n现就有关事项通知如下.\n"
OTHER = "请于 3 月底前报送(材料)。\n"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleandoc", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )


def review_of(report: dict[str, Any], reject: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The review file the HTML page exports, for the changes ``reject`` picks."""
    documents = []
    for doc in report["documents"]:
        picked = [c for c in doc["changes"] if reject(c)]
        if picked:
            documents.append(
                {
                    "name": doc["name"],
                    "source": doc["source"],
                    "input_sha256": doc["input_sha256"],
                    "reject": [{k: c[k] for k in ("code", "line", "col", "old", "new")} for c in picked],
                }
            )
    return {"format": "cleandoc-review", "format_version": 1, "documents": documents}


def _reviewed_run(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    work = tmp_path / "in"
    work.mkdir()
    (work / "a.txt").write_text(DIRTY, encoding="utf-8")
    (work / "b.txt").write_text(OTHER, encoding="utf-8")
    r = cli("fix", "--dry-run", "-q", "in", "--report", "run.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    report = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    # one change (the colon of a.txt) and one rule (S106, the Han/digit spaces, everywhere)
    review = review_of(report, lambda c: c["old"] == ":" or c["code"] == "S106")
    assert sorted((d["name"], len(d["reject"])) for d in review["documents"]) == [
        ("in/a.txt", 3),
        ("in/b.txt", 2),
    ]
    (tmp_path / "review.json").write_text(json.dumps(review, ensure_ascii=False), encoding="utf-8")
    return work, report


def test_apply_review_keeps_exactly_the_rejected_text(tmp_path: Path) -> None:
    work, _ = _reviewed_run(tmp_path)
    r = cli("fix", "in", "--apply-review", "review.json", "--report", "after.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (work / "a.txt").read_text(encoding="utf-8") == (
        "关于做好 2025 年工作的通知\n各区、县（市）人民政府:\n现就有关事项通知如下。\n"
    )
    assert (work / "b.txt").read_text(encoding="utf-8") == "请于 3 月底前报送（材料）。\n"
    # the report of the reviewed run tells what was made, and it replays
    after = json.loads((tmp_path / "after.json").read_text(encoding="utf-8"))
    doc = next(d for d in after["documents"] if d["name"] == "in/a.txt")
    assert [c["code"] for c in doc["changes"]] == ["P102", "P102", "P107"]
    assert replay(DIRTY, [Change(**c) for c in doc["changes"]]) == (work / "a.txt").read_text("utf-8")


def test_a_review_of_another_input_is_an_error_and_changes_nothing(tmp_path: Path) -> None:
    work, _ = _reviewed_run(tmp_path)
    (work / "a.txt").write_text(DIRTY.replace("通知如下", "通知如后"), encoding="utf-8")
    r = cli("fix", "in", "--apply-review", "review.json", cwd=tmp_path)
    assert r.returncode == 2
    assert "in/a.txt: document 'in/a.txt': review review.json was made on another version" in r.stderr
    assert (work / "a.txt").read_text(encoding="utf-8") == DIRTY.replace("通知如下", "通知如后")
    # the other document's review still matches: it is applied
    assert (work / "b.txt").read_text(encoding="utf-8") == "请于 3 月底前报送（材料）。\n"


def test_a_reviewed_document_missing_from_the_run_is_an_error(tmp_path: Path) -> None:
    work, _ = _reviewed_run(tmp_path)
    r = cli("fix", "in/b.txt", "--apply-review", "review.json", cwd=tmp_path)
    assert r.returncode == 2
    assert (
        "review.json: document 'in/a.txt' is not in this run; nothing of its review was applied" in r.stderr
    )
    assert (work / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_an_unreadable_review_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    r = cli("fix", "a.txt", "--apply-review", "missing.json", cwd=tmp_path)
    assert r.returncode == 2 and "missing.json: cannot read review file" in r.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_random_rejections_on_the_seeds_replay() -> None:
    """The real rules on the shipped seeds (many stages, joins, dedup):
    whatever subset is rejected, what is made replays to the reviewed text,
    and rejecting everything gives the input back."""
    import random

    from test_report_support import seed_outcomes

    rng = random.Random(14)
    for o in seed_outcomes():
        assert o.result is not None
        n = len(o.result.changes)
        assert without_changes(o.original, o.result, set(range(n))).text == o.original
        for _ in range(20):
            picked = {i for i in range(n) if rng.random() < 0.2}
            reviewed = without_changes(o.original, o.result, picked)
            assert replay(o.original, reviewed.changes) == reviewed.text
            made = len(reviewed.changes) + len(reviewed.warnings) - len(o.result.warnings)
            assert made == n - len(picked)  # every change not rejected is made or warned about

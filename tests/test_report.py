"""The report: unified diff, --explain, summary table, JSON/JSONL and HTML.

The central property: nothing in a report can disagree with what was
written. The JSON's changes replay on the input to the output, the diff
patches the input into the output, and the HTML's diff runs rebuild both
texts.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console
from test_report_support import DATA, SAMPLE, fake_rules, outcome, seed_outcomes

import cleandoc
from cleandoc import report, report_html
from cleandoc.model import Change, Diagnostic, Outcome, Result
from cleandoc.pipeline import replay

SCHEMA = json.loads((Path(report.__file__).parent / "report.schema.json").read_text(encoding="utf-8"))
SETTINGS = {
    "mode": "dry-run",
    "select": frozenset({"P901", "L901"}),
    "dedupe_threshold": 90.0,
    "encoding": None,
}


@pytest.fixture
def sample_outcomes(monkeypatch: pytest.MonkeyPatch) -> list[Outcome]:
    with fake_rules(monkeypatch):
        outs = [outcome("sample.txt", SAMPLE), outcome("docs/未改.txt", "没有要改的。\n")]
        outs += seed_outcomes()
    failed = Outcome("bad.txt", "bad.txt", "", None, "bad.txt: cannot decode as UTF-8 or GB18030")
    return [*outs, failed]


# ---------------------------------------------------------------------------
# a small validator for the part of JSON Schema the report schema uses


def validate(instance: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> None:
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/$defs/"), ref
        validate(instance, root["$defs"][ref.removeprefix("#/$defs/")], root, path)
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        checks = {
            "object": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list),
            "string": lambda v: isinstance(v, str),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "boolean": lambda v: isinstance(v, bool),
            "null": lambda v: v is None,
        }
        assert any(checks[t](instance) for t in names), f"{path}: {instance!r} is not {names}"
    if "const" in schema:
        assert instance == schema["const"], f"{path}: {instance!r} != {schema['const']!r}"
    if "enum" in schema:
        assert instance in schema["enum"], f"{path}: {instance!r} not in {schema['enum']}"
    if "minimum" in schema and isinstance(instance, int | float):
        assert instance >= schema["minimum"], f"{path}: {instance} < {schema['minimum']}"
    if "pattern" in schema and isinstance(instance, str):
        assert re.search(schema["pattern"], instance), f"{path}: {instance!r} !~ {schema['pattern']}"
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            assert key in instance, f"{path}: missing {key}"
        for key, value in instance.items():
            if "propertyNames" in schema:
                validate(key, schema["propertyNames"], root, f"{path}.{key}(name)")
            if key in props:
                validate(value, props[key], root, f"{path}.{key}")
            else:
                extra = schema.get("additionalProperties", True)
                assert extra is not False, f"{path}: unexpected key {key}"
                if isinstance(extra, dict):
                    validate(value, extra, root, f"{path}.{key}")
    if isinstance(instance, list) and "items" in schema:
        for i, item in enumerate(instance):
            validate(item, schema["items"], root, f"{path}[{i}]")


_USED_KEYWORDS = {
    "$schema", "$id", "$ref", "$defs", "title", "description", "type", "const", "enum", "minimum", "pattern",
    "properties", "required", "additionalProperties", "propertyNames", "items",
}  # fmt: skip


def _keywords(schema: Any) -> set[str]:
    if isinstance(schema, list):
        return set().union(*map(_keywords, schema)) if schema else set()
    if not isinstance(schema, dict):
        return set()
    found = set(schema)
    for key, value in schema.items():
        if key in ("properties", "$defs"):
            found |= set().union(*map(_keywords, value.values()))
        elif isinstance(value, dict | list):
            found |= _keywords(value)
    return found


def test_schema_uses_only_what_the_validator_checks() -> None:
    assert _keywords(SCHEMA) <= _USED_KEYWORDS


def test_validator_rejects_bad_reports(sample_outcomes: list[Outcome]) -> None:
    data = report.to_json(sample_outcomes, SETTINGS)
    data["documents"][0]["changes"][0]["line"] = 0
    with pytest.raises(AssertionError, match="line"):
        validate(data, SCHEMA, SCHEMA)
    data = report.to_json(sample_outcomes, SETTINGS)
    data["summary"]["surprise"] = 1
    with pytest.raises(AssertionError, match="surprise"):
        validate(data, SCHEMA, SCHEMA)


# ---------------------------------------------------------------------------
# unified diff


def test_unified_diff_matches_golden(sample_outcomes: list[Outcome]) -> None:
    assert report.unified_diff(sample_outcomes[0]) == (DATA / "sample.diff").read_text(encoding="utf-8")


def test_no_diff_for_unchanged_or_failed(sample_outcomes: list[Outcome]) -> None:
    assert report.unified_diff(sample_outcomes[1]) == ""
    assert report.unified_diff(sample_outcomes[-1]) == ""


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch(1)")
def test_diff_applies_with_patch(sample_outcomes: list[Outcome], tmp_path: Path) -> None:
    changed = [o for o in sample_outcomes if o.changed]
    for o in changed:
        target = tmp_path / o.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(o.original, encoding="utf-8", newline="")
    stream = io.StringIO()
    report.print_diffs(sample_outcomes, stream, color=False)
    subprocess.run(["patch", "-p1", "-s"], input=stream.getvalue().encode(), cwd=tmp_path, check=True)
    for o in changed:
        assert o.result is not None
        assert (tmp_path / o.name).read_bytes().decode("utf-8") == o.result.text


def test_diff_splits_on_newlines_only() -> None:
    # pdftotext puts form feeds between pages; they are not line ends for patch
    text = "第一页\f第二页,内容\n"
    o = Outcome("a.txt", "a.txt", text, Result("第一页\f第二页，内容\n", ()))
    diff = report.unified_diff(o)
    assert "-第一页\f第二页,内容\n+第一页\f第二页，内容\n" in diff


def test_color_diff_has_the_same_text(sample_outcomes: list[Outcome]) -> None:
    plain, color = io.StringIO(), io.StringIO()
    report.print_diffs(sample_outcomes, plain, color=False)
    report.print_diffs(sample_outcomes, color, color=True)
    assert "\x1b[" in color.getvalue()
    assert re.sub(r"\x1b\[[0-9;]*m", "", color.getvalue()) == plain.getvalue()


# ---------------------------------------------------------------------------
# --explain


def test_explain_matches_golden(sample_outcomes: list[Outcome]) -> None:
    lines = list(report.explain_lines(sample_outcomes[0]))
    assert "\n".join(lines) + "\n" == (DATA / "sample.explain.txt").read_text(encoding="utf-8")


def test_explain_is_one_grep_friendly_line_per_change(sample_outcomes: list[Outcome]) -> None:
    pattern = re.compile(
        r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<col>\d+) (?P<code>[A-Z]\d{3}) [a-z0-9-]+: .* → .*$"
    )
    for o in sample_outcomes:
        lines = list(report.explain_lines(o))
        assert len(lines) == (len(o.result.changes) if o.result else 0)
        for line, change in zip(lines, o.result.changes if o.result else (), strict=True):
            m = pattern.match(line)
            assert m, line
            assert (m["path"], int(m["line"]), int(m["col"]), m["code"]) == (
                o.name,
                change.line,
                change.col,
                change.code,
            )


@pytest.mark.parametrize(
    ("text", "shown"),
    [("a\nb", "a\\nb"), ("", '""'), (" ", '" "'), ("\u3000", "\\u3000"), ("a\\b", "a\\\\b"), ("，", "，")],
)
def test_visible(text: str, shown: str) -> None:
    assert report.visible(text) == shown


# ---------------------------------------------------------------------------
# summary table


def _summary(outcomes: list[Outcome], mode: str, **kw: Any) -> str:
    console = Console(file=io.StringIO(), width=140, color_system=None, force_terminal=False)
    report.summary_table(outcomes, mode, console, **kw)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


def test_summary_wording_follows_the_mode(sample_outcomes: list[Outcome]) -> None:
    fixed = _summary(sample_outcomes, "fix")
    assert "fixed" in fixed and "would" not in fixed
    assert "deduplicator removed 21 characters (18 Han characters)" in fixed
    dry = _summary(sample_outcomes, "dry-run")
    assert "would fix" in dry and "would remove 21 characters" in dry
    assert "would fix" in _summary(sample_outcomes, "check")


def test_summary_counts(sample_outcomes: list[Outcome]) -> None:
    out = _summary(sample_outcomes, "fix", errors=2)
    docs_row = next(line for line in out.splitlines() if re.match(r"^│\s+\d", line))
    # seen, fixed, unchanged, failed, warnings
    assert [int(n) for n in re.findall(r"\d+", docs_row)] == [5, 3, 1, 3, 9]
    _, rules = report.totals(sample_outcomes)
    for r in rules:
        if r.changes:
            assert re.search(rf"│ {r.code} │ {r.name}\s+│\s+{r.changes} │\s+{r.documents} │", out), r
    assert "bad.txt: cannot decode" in out


def test_summary_aligns_cjk_by_display_width() -> None:
    change = Change("P901", "test-comma", 1, 3, ",", "，", "", False, 0, 2)
    warn = Diagnostic("P903", "test-quotes", 1, 1, "引号不成对：“没有结束")
    outs = [
        Outcome("甲.txt", "公文/湖南省教育厅.txt", "通知,", Result("通知，", (change,), (warn,))),
        Outcome("b.txt", "b.txt", "x", Result("x", (), (Diagnostic("P903", "test-quotes", 2, 10, "ok"),))),
    ]
    out = _summary(outs, "fix")
    tables = re.findall(r"(?ms)^[┏┌].*?^[┗└].*?$", out)
    assert tables
    for table in tables:
        widths = {cell_len(line) for line in table.splitlines()}
        assert len(widths) == 1, table
    listing = [line for line in out.splitlines() if ":1:1 " in line or ":2:10 " in line]
    assert len(listing) == 2
    # the message column starts at the same display column on both rows
    starts = [cell_len(line[: line.index("P903") + 4]) for line in listing]
    assert starts[0] == starts[1]


def test_summary_caps_the_warning_list(sample_outcomes: list[Outcome]) -> None:
    out = _summary(sample_outcomes, "fix", max_warnings=3)
    assert "… 6 more warnings (see --report)" in out


# ---------------------------------------------------------------------------
# JSON / JSONL


def test_json_report_validates_against_the_schema(sample_outcomes: list[Outcome], tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    report.write_report(path, sample_outcomes, SETTINGS)
    data = json.loads(path.read_text(encoding="utf-8"))
    validate(data, SCHEMA, SCHEMA)
    assert data["cleandoc_version"] == cleandoc.__version__
    assert data["settings"]["select"] == ["L901", "P901"]


def test_json_report_validates_with_jsonschema_too(sample_outcomes: list[Outcome]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    data = json.loads(json.dumps(report.to_json(sample_outcomes, SETTINGS)))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


def test_jsonl_report_is_one_valid_object_per_document(
    sample_outcomes: list[Outcome], tmp_path: Path
) -> None:
    path = tmp_path / "run.jsonl"
    report.write_report(path, sample_outcomes, SETTINGS)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(sample_outcomes)
    line_schema = {"$ref": "#/$defs/jsonl_line"}
    for line, o in zip(lines, sample_outcomes, strict=True):
        obj = json.loads(line)
        validate(obj, line_schema, SCHEMA)
        assert obj["name"] == o.name


def test_report_changes_replay_to_the_written_output(sample_outcomes: list[Outcome]) -> None:
    data = report.to_json(sample_outcomes, SETTINGS)
    for doc, o in zip(data["documents"], sample_outcomes, strict=True):
        if o.result is None:
            assert doc["status"] == "failed" and doc["error"] and doc["output_sha256"] is None
            continue
        changes = [Change(**c) for c in doc["changes"]]
        assert replay(o.original, changes) == o.result.text
        assert doc["input_sha256"] == hashlib.sha256(o.original.encode()).hexdigest()
        assert doc["output_sha256"] == hashlib.sha256(o.result.text.encode()).hexdigest()


def test_json_totals_agree_with_the_changes(sample_outcomes: list[Outcome]) -> None:
    data = report.to_json(sample_outcomes, SETTINGS)
    per_rule: dict[str, int] = {}
    for doc in data["documents"]:
        assert sum(doc["counts"].values()) == len(doc["changes"])
        for code, n in doc["counts"].items():
            per_rule[code] = per_rule.get(code, 0) + n
    assert {r["code"]: r["changes"] for r in data["rules"] if r["changes"]} == per_rule
    summary = data["summary"]
    assert summary["changes"] == sum(per_rule.values())
    assert (summary["documents"], summary["changed"], summary["unchanged"], summary["failed"]) == (5, 3, 1, 1)
    dedup = [c for d in data["documents"] for c in d["changes"] if c["code"].startswith("D") and c["removed"]]
    assert summary["removed_chars"] == sum(len(c["old"]) for c in dedup) == 21
    pipeline_order = ["L901", "S901", "P901", "P902", "H901", "D901"]
    assert [r["code"] for r in data["rules"]] == pipeline_order


def test_duplicate_note_and_removed_flag_reach_the_json(sample_outcomes: list[Outcome]) -> None:
    doc = report.to_json(sample_outcomes, SETTINGS)["documents"][0]
    dup = [c for c in doc["changes"] if c["removed"]]
    assert dup == [
        {
            "code": "D901", "name": "test-duplicate-line", "line": 9, "col": 1,
            "old": "紧紧围绕立德树人根本任务，坚持育人为本。\n", "new": "",
            "note": "duplicate of line 6, score 100.0", "removed": True, "stage": 4, "offset": 119,
        }
    ]  # fmt: skip


def test_seed_reports_with_the_real_rules(tmp_path: Path) -> None:
    outs = seed_outcomes()  # whatever rules are registered now
    data = report.to_json(outs, {"mode": "check"})
    validate(data, SCHEMA, SCHEMA)
    for doc, o in zip(data["documents"], outs, strict=True):
        assert o.result is not None
        assert replay(o.original, [Change(**c) for c in doc["changes"]]) == o.result.text
        assert report.unified_diff(o) == "" or report.unified_diff(o).startswith(f"--- a/{o.name}\n")


def test_unknown_report_extension_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.txt"):
        report.write_report(tmp_path / "run.txt", [], {})
    assert list(tmp_path.iterdir()) == []


def test_settings_become_json_values() -> None:
    assert report.jsonable({"a": frozenset({"b", "a"}), "p": Path("x/y"), "t": (1, None)}) == {
        "a": ["a", "b"],
        "p": "x/y",
        "t": [1, None],
    }


# ---------------------------------------------------------------------------
# HTML


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.urls: list[str] = []
        self.lang: str | None = None
        self._in: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        for key in ("src", "href"):
            if a.get(key):
                self.urls.append(str(a[key]))
        if tag == "script":
            self._in = a
            self.scripts.append((a, ""))

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = None


def test_html_is_self_contained_and_embeds_the_data_safely(
    sample_outcomes: list[Outcome], tmp_path: Path
) -> None:
    path = tmp_path / "run.html"
    report.write_report(path, sample_outcomes, SETTINGS)
    html = path.read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    assert page.lang == "zh-CN"
    assert page.urls == ["data:,"]  # only the empty favicon: nothing to fetch
    assert not re.search(r"https?://", html.split('<script type="application/json"')[0])
    # a block per document with something to show, the index, the code: the
    # document's own </script> ended none of them
    *blocks, (index_attrs, index_text), (code_attrs, _) = page.scripts
    assert index_attrs == {"id": "report-index", "type": "application/json"} and "src" not in code_attrs
    index = json.loads(index_text)
    assert index["meta"]["summary"]["documents"] == len(sample_outcomes)
    assert index["rules"] == report.to_json(sample_outcomes, SETTINGS)["rules"]
    with_block = [i for i, row in enumerate(index["docs"]) if row.get("b")]
    assert with_block == [0, 2, 3, 4]  # not the unchanged document without warnings
    assert [attrs for attrs, _ in blocks] == [{"type": "application/json", "id": f"d{i}"} for i in with_block]
    for i, (_, text) in zip(with_block, blocks, strict=True):
        view = report_html.document_view(i, sample_outcomes[i])
        assert json.loads(text) == json.loads(json.dumps(view))
    for row, o in zip(index["docs"], sample_outcomes, strict=True):
        assert row["n"] == o.name and row["st"] == report.document_json(o)["status"]
    assert "</script><script>alert(1)</script>" in json.dumps(json.loads(blocks[0][1]), ensure_ascii=False)


@pytest.mark.parametrize("index", range(5))
def test_html_diff_runs_rebuild_input_and_output(sample_outcomes: list[Outcome], index: int) -> None:
    o = sample_outcomes[index]
    if o.result is None or not o.changed:
        assert "h" not in report_html.document_view(index, o)
        return
    final, src, removed_by = report_html._provenance(o.original, o.result.changes)
    assert final == o.result.text
    runs = report_html._runs(o.original, final, src, removed_by)
    assert "".join(r.text for r in runs if r.kind != "+") == o.original
    assert "".join(r.text for r in runs if r.kind != "-") == o.result.text
    for r in runs:
        if r.kind != "=":
            assert r.change >= 0  # every highlighted character names its change


def test_html_labels_each_change_with_its_rule(sample_outcomes: list[Outcome]) -> None:
    doc = report_html.document_view(0, sample_outcomes[0])
    labelled = {
        (piece[0], piece[1], doc["c"][ci][0])
        for hunk in doc["h"]
        for piece in hunk["p"]
        if piece[0] in "+-"
        for ci in piece[2]
    }
    assert ("-", ",", "P901") in labelled and ("+", "，", "P901") in labelled
    assert ("-", ":", "P902") in labelled
    assert ("-", "\n\n", "L901") in labelled
    # the duplicate is shown whole and labelled with the dedup rule, though its comma was fixed first
    assert ("-", "紧紧围绕立德树人根本任务,坚持育人为本。\n", "D901") in labelled


def test_html_falls_back_to_difflib_for_changes_that_do_not_replay() -> None:
    bogus = Change("P901", "test-comma", 1, 3, "X", "，", "", False, 0, 2)
    o = Outcome("a.txt", "a.txt", "通知,下", Result("通知，下", (bogus,)))
    doc = report_html.document_view(0, o)
    pieces = [p for h in doc["h"] for p in h["p"] if p[0] in "+-"]
    assert pieces == [["-", ",", [0]], ["+", "，", [0]]]


def test_html_elides_long_unchanged_text() -> None:
    long = "这是很长的一段没有改动的文字" * 30
    comma = Change("P901", "c", 1, len(long) + 1, ",", "，", "", False, 0, len(long))
    o = Outcome("a.txt", "a.txt", long + ",结束\n", Result(long + "，结束\n", (comma,)))
    doc = report_html.document_view(0, o)
    kinds = [p[0] for p in doc["h"][0]["p"]]
    assert kinds == ["…", "=", "-", "+", "="]
    assert doc["h"][0]["p"][0][1] == len(long) - report_html.CONTEXT_CHARS


def test_html_of_a_large_run_stays_small_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    with fake_rules(monkeypatch):
        one = outcome("x.txt", SAMPLE)
    outs = [Outcome(f"d{i:04}.txt", f"d{i:04}.txt", one.original, one.result) for i in range(3000)]
    html = report_html.render_html(outs, {})
    assert len(html) < 3000 * 4000  # hunks with context, not whole documents twice


# ---------------------------------------------------------------------------
# streaming


@pytest.mark.parametrize("count", [0, 1, 5])
def test_streamed_json_is_the_json_object_byte_for_byte(sample_outcomes: list[Outcome], count: int) -> None:
    outs = sample_outcomes[:count]
    streamed = report.render_report(Path("r.json"), iter(outs), SETTINGS)
    assert streamed == json.dumps(report.to_json(outs, SETTINGS), ensure_ascii=False, indent=2) + "\n"
    validate(json.loads(streamed), SCHEMA, SCHEMA)


def test_result_to_dict_is_the_json_report_of_one_document(sample_outcomes: list[Outcome]) -> None:
    for o in sample_outcomes:
        doc = report.document_json(o)
        if o.result is None:
            continue
        part = o.result.to_dict()
        assert list(part) == ["output_sha256", "counts", "changes", "warnings"]
        assert part == {k: doc[k] for k in part}
        assert json.loads(json.dumps(part)) == part  # JSON values only


class _Watched(Outcome):
    """An outcome a weak reference can follow (Outcome itself has slots)."""


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".html"])
def test_reports_hold_no_document_once_written(tmp_path: Path, suffix: str) -> None:
    """Each outcome is gone as soon as the next one is written: the report
    writer keeps none (the run's memory does not grow with the documents)."""
    import gc
    import weakref

    refs: list[weakref.ref[Outcome]] = []
    alive_at: list[int] = []

    def outcomes() -> Any:
        for i in range(120):
            if i % 40 == 39:
                gc.collect()
                alive_at.append(sum(1 for r in refs if r() is not None))
            text = f"第{i}号文件,内容" + "甲" * 2000 + "\n"
            at = text.index(",")
            change = Change("P901", "test-comma", 1, at + 1, ",", "，", "", False, 0, at)
            o = _Watched(f"d{i}.txt", f"d{i}.txt", text, Result(text.replace(",", "，", 1), (change,)))
            refs.append(weakref.ref(o))
            yield o

    path = tmp_path / f"run{suffix}"
    report.write_report(path, outcomes(), SETTINGS)
    assert alive_at == [1, 1, 1]  # only the one just handed over
    assert "d119.txt" in path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left


def test_an_unfinished_report_leaves_nothing(sample_outcomes: list[Outcome], tmp_path: Path) -> None:
    import gc

    path = tmp_path / "run.html"
    rf = report.ReportFile(path, SETTINGS)
    rf.add(sample_outcomes[0])
    assert len(list(tmp_path.iterdir())) == 1  # the temp file, being written
    rf.abort()
    assert list(tmp_path.iterdir()) == []
    rf = report.ReportFile(path, SETTINGS)
    rf.add(sample_outcomes[0])
    del rf  # a run that stopped (Ctrl-C) without commit or abort
    gc.collect()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(RuntimeError), report.ReportFile(path, SETTINGS) as rf:
        rf.add(sample_outcomes[0])
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_html_index_holds_the_risk_of_each_document(sample_outcomes: list[Outcome]) -> None:
    html = report_html.render_html(sample_outcomes, SETTINGS)
    index = json.loads(
        html.split('<script id="report-index" type="application/json">')[1].split("</script>")[0]
    )
    rows = index["docs"]
    assert rows[0]["k"] == report.document_json(sample_outcomes[0])["counts"]
    assert rows[0]["rm"] == 21  # the duplicate line
    assert rows[0]["w"] == ["H901"] and rows[0]["nw"] == 1
    assert rows[0]["sha"] == report.document_json(sample_outcomes[0])["input_sha256"]
    assert rows[1] == {"n": "docs/未改.txt", "st": "unchanged", "sha": rows[1]["sha"]}
    assert rows[-1] == {"n": "bad.txt", "st": "failed", "b": 1}

"""Markdown sources keep Markdown: headings stay headings (levels made one
hierarchy), HTML comments, front matter, fenced code and table rows are kept
verbatim and never joined to the text around them (``cleandoc.verbatim``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleandoc import Config, clean
from cleandoc.pipeline import replay
from cleandoc.reader import Source
from cleandoc.runner import Job, process
from cleandoc.verbatim import is_markdown_name, regions
from tests.shared_data import REAL

MD = Config(markdown=True)
LAW = sorted((REAL / "clean" / "lawrefbook").glob("*.md"))


def test_headings_stay_markdown_for_a_markdown_source() -> None:
    text = "# 关于加强管理的通知\n\n#### 一、总则\n\n正文。\n"
    assert clean(text, MD).text == "# 关于加强管理的通知\n\n## 一、总则\n\n正文。\n"
    # plain text (the default): the marks go, as before
    assert clean(text).text == "关于加强管理的通知\n\n一、总则\n\n正文。\n"
    # the user may still ask for plain text
    assert clean(text, Config(heading_style="plain", markdown=True)).text.startswith("关于加强")


def test_a_markdown_source_gets_no_heading_its_author_did_not_mark() -> None:
    text = "关于加强管理的通知\n\n一、总则\n\n**要点**正文。\n"
    assert clean(text, MD).text == text


def test_html_comment_is_never_joined_to_text() -> None:
    text = (
        "1997年9月24日最高人民检察院第八届检察委员会第七十四次会议通过\n\n"
        "<!-- INFO END -->\n\n地方各级人民检察院、各级军事检察院：\n"
    )
    for markdown in (False, True):
        out = clean(text, Config(markdown=markdown)).text
        assert "\n\n<!-- INFO END -->\n\n" in out, out


def test_front_matter_code_and_tables_are_verbatim_in_markdown() -> None:
    text = (
        "---\ntitle: 通知 , 2018\n---\n\n正文,内容。\n\n```\nx = 1 , 2\n（一）代码\n```\n\n"
        "| 项目 | 金额(元) |\n|---|---|\n| 甲 , 乙 | 1 000 |\n"
    )
    out = clean(text, MD).text
    assert out.startswith("---\ntitle: 通知 , 2018\n---\n\n正文，内容。\n")
    assert "```\nx = 1 , 2\n（一）代码\n```\n" in out
    assert out.endswith("| 项目 | 金额(元) |\n|---|---|\n| 甲 , 乙 | 1 000 |\n")


def test_changes_after_a_verbatim_region_are_placed_in_the_input() -> None:
    text = "<!-- a -->\n<!-- b -->\n正文,内容。\n"
    result = clean(text)
    assert result.text == "<!-- a -->\n<!-- b -->\n正文，内容。\n"
    (change,) = result.changes
    assert (change.line, change.col, change.old) == (3, 3, ",")


def test_regions() -> None:
    text = "a\n<!-- x\ny -->\nb\n"
    assert regions(text, markdown=False) == [(2, 15)]
    assert regions("a\n```\ncode", markdown=True) == [(2, 10)]  # an unclosed fence runs to the end
    assert regions("a\n```\ncode", markdown=False) == []
    assert regions("---\nk: v\n---\n正文", markdown=True) == [(0, 13)]
    assert is_markdown_name("a/b.MD") and is_markdown_name("x.markdown") and not is_markdown_name("a.txt")


@pytest.mark.parametrize("path", LAW, ids=[p.name[:20] for p in LAW])
def test_real_markdown_documents_keep_their_structure(path: Path) -> None:
    """Real, already clean Markdown documents (tests/data/real): every heading
    mark, the INFO END comment and its blank lines stay; no heading rule acts."""
    text = path.read_text(encoding="utf-8")
    result = clean(text, MD)
    heads = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert [ln for ln in result.text.splitlines() if ln.startswith("#")] == heads
    if "<!-- INFO END -->" in text:
        assert "\n\n<!-- INFO END -->\n\n" in result.text
    assert not [c for c in result.changes if c.code in ("H101", "H102")]


def test_the_runner_tells_markdown_by_the_source_name(tmp_path: Path) -> None:
    text = "# 关于加强管理的通知\n\n## 一、总则\n\n正文。\n"
    for name, kept in (("a.md", True), ("a.txt", False)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        report = process(Source(path, name, Path(name)), Job(Config(), write=False))
        (outcome,) = report.outcomes
        assert (outcome.result is not None and outcome.result.text == text) is kept


def test_markdown_syntax_inside_prose_is_not_repaired() -> None:
    text = (
        "1. 第一项,内容\n2. 第二项\n\n- 项目：做好工作\n  继续说明\n    - 下级项目\n\n---\n\n"
        "正文 **重点** 内容。  \n见 `a , b` 和 ![图](a.png) 及 [链接](http://x.cn/a_b)。\n"
    )
    out = clean(text, MD).text
    # only the half-width comma in Chinese text is fixed; list markers, indentation,
    # the thematic break, bold, the hard break, code, image and link stay as written
    assert out == text.replace("第一项,内容", "第一项，内容")
    # the same lines in a plain-text notice are written the official way
    assert clean("1. 第一项\n2. 第二项\n").text == "1.第一项\n2.第二项\n"


_PROSE = [
    "",
    "",
    "关于做好 2025 年工作的通知",
    "各区、县(市)人民政府:",
    "现就有关事项通知如下,请",
    "认真贯彻执行.",
    "一、总则",
    "（一）工作目标",
    "1. 第一项",
    "**二、任务**",
    "## 三、要求",
    "   缩进的一行",
    "第 1 页",
    "- 1 -",
]
_VERBATIM = ["<!-- INFO END -->", "<!-- a,b -->", "| 项目 | 金额(元) |", "```", "---"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_PROSE + _VERBATIM), min_size=1, max_size=25),
    st.booleans(),
)
def test_verbatim_lines_survive_any_cleaning(lines: list[str], markdown: bool) -> None:
    """Whatever the rules do around them, each HTML comment line comes out as
    written, on a line of its own, in the same order (and in Markdown the
    table rows and fences too); changes are placed in the input and replay."""
    text = "\n".join(lines) + "\n"
    result = clean(text, Config(markdown=markdown))
    keep = [ln for ln in lines if ln.startswith("<!--") or (markdown and ln.startswith(("|", "```")))]
    out_lines = result.text.split("\n")
    assert [ln for ln in out_lines if ln in keep] == keep
    assert replay(text, result.changes) == result.text
    assert clean(result.text, Config(markdown=markdown)).text == result.text

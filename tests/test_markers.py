"""cleandoc.markers: numerals and every marker form of the four levels."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleandoc import markers
from cleandoc.markers import (
    LEVEL_ARABIC,
    LEVEL_ARABIC_PAREN,
    LEVEL_ARTICLE,
    LEVEL_CN,
    LEVEL_CN_PAREN,
    cn_to_int,
    find_marker,
    format_marker,
    int_to_cn,
    is_counting_numeral,
)


def test_cn_numeral_round_trip_1_to_999() -> None:
    for n in range(1, 1000):
        s = int_to_cn(n)
        assert cn_to_int(s) == n, (n, s)
        assert is_counting_numeral(s)


@pytest.mark.parametrize(
    ("n", "cn"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (105, "一百零五"), (110, "一百一十")],
)
def test_int_to_cn_known_values(n: int, cn: str) -> None:
    assert int_to_cn(n) == cn


@pytest.mark.parametrize("s", ["两", "一一", "一九九七", "十十", "零", "〇"])
def test_prose_numerals_do_not_count(s: str) -> None:
    assert not is_counting_numeral(s)


@pytest.mark.parametrize(
    ("line", "level", "number", "text", "canonical"),
    [
        ("一、工作目标", LEVEL_CN, 1, "一、", "一、"),
        ("十一、附则", LEVEL_CN, 11, "十一、", "十一、"),
        ("一.工作目标", LEVEL_CN, 1, "一.", "一、"),
        ("二．主要任务", LEVEL_CN, 2, "二．", "二、"),
        ("三，保障措施", LEVEL_CN, 3, "三，", "三、"),
        ("一、1996年地震活动", LEVEL_CN, 1, "一、", "一、"),
        ("（一）加强领导", LEVEL_CN_PAREN, 1, "（一）", "（一）"),
        ("(一)加强领导", LEVEL_CN_PAREN, 1, "(一)", "（一）"),
        ("（二)加强领导", LEVEL_CN_PAREN, 2, "（二)", "（二）"),
        ("(三）加强领导", LEVEL_CN_PAREN, 3, "(三）", "（三）"),
        ("( 四 ) 加强领导", LEVEL_CN_PAREN, 4, "( 四 )", "（四）"),
        ("1.建设智库", LEVEL_ARABIC, 1, "1.", "1."),
        ("2. 夯实基础", LEVEL_ARABIC, 2, "2.", "2."),
        ("3、巩固地位", LEVEL_ARABIC, 3, "3、", "3."),
        ("4．提高实力", LEVEL_ARABIC, 4, "4．", "4."),
        ("（1）有专职工作人员", LEVEL_ARABIC_PAREN, 1, "（1）", "（1）"),
        ("(2)有办公住所", LEVEL_ARABIC_PAREN, 2, "(2)", "（2）"),
        ("3)有经费来源", LEVEL_ARABIC_PAREN, 3, "3)", "（3）"),
        ("4）有规范名称", LEVEL_ARABIC_PAREN, 4, "4）", "（4）"),
        ("第一章 总则", LEVEL_ARTICLE, 1, "第一章", "第一章"),
        ("第十二条　本条例自公布之日起施行。", LEVEL_ARTICLE, 12, "第十二条", "第十二条"),
        # the parts of a plan (规划纲要): agentsys_guizhou_14th_fyp_outline_pdfextract.md
        ("第三篇       大力推进新型工业化，构建高质量发展工业产业", LEVEL_ARTICLE, 3, "第三篇", "第三篇"),
    ],
)
def test_every_marker_form(line: str, level: int, number: int, text: str, canonical: str) -> None:
    m = find_marker(line)
    assert m is not None
    assert (m.level, m.number, m.text, m.canonical) == (level, number, text, canonical)
    assert line[m.start : m.start + len(m.text)] == m.text


def test_marker_offsets_skip_indentation_and_trailing_spaces() -> None:
    m = find_marker("\u3000\u30001. 夯实")
    assert m is not None
    assert (m.start, m.end) == (2, 5)


@pytest.mark.parametrize(
    "line",
    [
        "2025年全市完成投资",
        "1.5亿元用于建设",
        "3．5%的增长",
        "3个工作组",
        "1、2、3号文件同时废止",
        "1.1　编制目的",
        "两、三天内完成",
        "一一、不是编号",
        "一.5",
        "（此件公开发布）",
        "（2018）",
    ],
)
def test_numbers_in_prose_are_not_markers(line: str) -> None:
    assert find_marker(line) is None


def test_form_takes_the_number_out() -> None:
    forms = {find_marker(s).form for s in ("(一)甲", "(十二)乙")}  # type: ignore[union-attr]
    assert forms == {"(#)"}


@pytest.mark.parametrize("level", [LEVEL_CN, LEVEL_CN_PAREN, LEVEL_ARABIC, LEVEL_ARABIC_PAREN])
def test_canonical_forms_are_found_again(level: int) -> None:
    for n in (1, 9, 10, 23):
        text = format_marker(level, n)
        m = find_marker(text + "加强领导")
        assert m is not None and (m.level, m.number, m.canonical) == (level, n, text)


# Starts of lines near the marker forms: numerals, digits (also wide and
# Arabic-Indic ones, which ``\d`` takes), brackets, separators, indentation.
_MARKERISH = "一二十百千两零〇第章条()（）、，,.．) \t\u30001２٣#*文"


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=_MARKERISH, max_size=8))
def test_find_marker_shortcuts_agree_with_the_pattern(line: str) -> None:
    """The first-character shortcut and the cache of ``find_marker`` give what
    reading the pattern's match gives."""
    m = markers._MARKER_RE.match(line)
    try:
        want = markers._read_marker(m) if m else None
    except IndexError:  # a numeral too large to write back (九千九千): both fail alike
        with pytest.raises(IndexError):
            find_marker(line)
        return
    assert find_marker(line) == want
    assert find_marker(line) == want  # again, from the cache


def test_long_lists_keep_their_markers_past_999() -> None:
    # LLM loops run into the thousands; a four-to-six digit number is a marker
    # only when text (not another number) follows, so coordinates stay prose.
    assert find_marker("1234.建设") is not None
    assert find_marker("100000.支持") is not None
    assert find_marker("13728. 6083") is None
    assert find_marker("1234567.x") is None


def test_numbers_beyond_chinese_counting_stay_arabic() -> None:
    assert int_to_cn(10000) == "10000"
    assert find_marker("九千九千、标题") is None


def test_fast_marker_build_is_the_dataclass() -> None:
    """find_marker builds markers through the slots (see _new_marker): the
    object is the one ``Marker(...)`` builds, frozen and hashable alike."""
    fast = markers._new_marker(LEVEL_ARABIC, 12, 1, 5, "12.", "")
    slow = markers.Marker(LEVEL_ARABIC, 12, 1, 5, "12.", "")
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert type(fast) is markers.Marker
    with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError
        fast.number = 13  # type: ignore[misc]


def test_cache_stays_bounded_on_a_long_list() -> None:
    """An LLM loop numbers every line differently: the cache is emptied at its
    size instead of growing with the list, and every marker is still read."""
    for n in range(1, 3 * markers._MARKER_CACHE_SIZE):
        m = find_marker(f"{n}.加强组织领导")
        assert m is not None and m.number == n
        assert len(markers._MARKER_CACHE) <= markers._MARKER_CACHE_SIZE

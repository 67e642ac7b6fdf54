"""Rule family C (characters): fixtures in tests/data/chars, the character
tables as tested data, and the lint findings."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from fixture_pairs import DATA, cases, check_case, check_pairs_complete
from hypothesis import given, settings
from hypothesis import strategies as st

import cleandoc
from cleandoc.config import Config
from cleandoc.normalizer import chars
from cleandoc.rules import all_rules

CASES = cases("chars")
C_CODES = frozenset(r.code for r in all_rules() if r.code.startswith("C"))
CONFIG = Config(select=C_CODES)


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str) -> None:
    check_case("chars", case, CONFIG)


def test_every_fixture_has_its_pair() -> None:
    check_pairs_complete("chars")


# --- tables ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(chars.TABLES))
def test_table_is_sorted(name: str) -> None:
    keys = list(chars.TABLES[name])
    assert keys == sorted(keys), name


def test_tables_have_no_shared_sources() -> None:
    seen: dict[str, str] = {}
    for name, table in chars.TABLES.items():
        for src in table:
            assert src not in seen, f"{src!r} is in {seen[src]} and {name}"
            seen[src] = name


def test_tables_have_no_chains() -> None:
    # Every table applies everywhere, so no target may be a source of any table.
    sources = {src for table in chars.TABLES.values() for src in table}
    for name, table in chars.TABLES.items():
        for src, dst in table.items():
            assert not (set(dst) & sources), f"{name}: {src!r} -> {dst!r} is itself a source"


def test_source_file_has_no_duplicate_table_literals() -> None:
    # A dict literal with a repeated key silently keeps the last value.
    text = Path(chars.__file__).read_text(encoding="utf-8")
    for name in ("INVISIBLE", "ODD_SPACES", "LINE_BREAKS", "GUILLEMETS"):
        block = text.split(f"\n{name}: dict[str, str] = {{", 1)[1].split("\n}", 1)[0]
        keys = [ln.strip().split(":", 1)[0] for ln in block.splitlines() if ln.strip().startswith('"')]
        assert len(keys) == len(set(keys)) == len(chars.TABLES[name]), name


def test_fullwidth_alnum_is_nfkc() -> None:
    assert len(chars.FULLWIDTH_ALNUM) == 10 + 26 + 26
    for src, dst in chars.FULLWIDTH_ALNUM.items():
        assert unicodedata.normalize("NFKC", src) == dst and dst.isascii() and dst.isalnum()


def test_font_fault_mirrors_gb2312_row_3() -> None:
    table = chars.FONT_FAULT
    assert len(table) == 0xA3FE - 0xA3A1 + 1
    assert all(unicodedata.name(src).startswith("YI SYLLABLE") for src in table)
    # the four marks named in the issue
    assert table["\ua3ac"] == "，" and table["\ua3ae"] == "。"
    assert table["\ua3bb"] == "；" and table["\ua3ba"] == "："
    # digits and letters straight to ASCII; GB2312 0xA3A4 is the yen sign
    assert table["\ua3b0"] == "0" and table["\ua3c1"] == "A" and table["\ua3e1"] == "a"
    assert table["\ua3a4"] == "￥" and table["\ua3a8"] == "（" and table["\ua3bf"] == "？"


# --- findings and decisions -------------------------------------------------


def test_private_use_is_reported_not_changed() -> None:
    result = cleandoc.clean("补贴\ue01a\ue01b元\n", CONFIG)
    assert result.text == "补贴\ue01a\ue01b元\n" and not result.changes
    assert [(w.code, w.line, w.col) for w in result.warnings] == [("C106", 1, 3)]
    assert "U+E01A U+E01B" in result.warnings[0].message


def test_unmapped_yi_in_chinese_text_is_reported() -> None:
    # U+A1A3 is outside the mapped row: reported, never guessed.
    result = cleandoc.clean("通知如下\ua1a3\n", CONFIG)
    assert result.text == "通知如下\ua1a3\n"
    assert [w.code for w in result.warnings] == ["C106"]


def test_yi_text_is_not_a_font_fault() -> None:
    assert not chars.font_fault_applies("ꆈꌠꁱꂷ ꀉꂾꑌ ꎬꎮ")
    assert chars.font_fault_applies("通知如下ꎬ各地ꎮ")
    assert not cleandoc.clean("ꆈꌠꁱꂷ ꎬ\n", CONFIG).warnings


def test_font_fault_period_inside_numbers_is_a_point() -> None:
    assert cleandoc.clean("资金３ꎮ５亿元ꎮ\n", CONFIG).text == "资金3.5亿元。\n"
    assert cleandoc.clean("１ꎮ建设智库ꎮ\n", CONFIG).text == "1.建设智库。\n"


def test_changes_say_why() -> None:
    result = cleandoc.clean("加快\u200b推进ꎬ２０２５年\n", CONFIG)
    assert {c.code for c in result.changes} == {"C101", "C104", "C105"}
    assert all(c.note for c in result.changes)


@pytest.mark.parametrize("code", sorted(C_CODES))
def test_rule_example_holds(code: str) -> None:
    (r,) = [r for r in all_rules() if r.code == code]
    assert cleandoc.clean(r.before, Config(select=frozenset([code]))).text == r.after


def test_prescan_sees_only_characters_some_rule_acts_on() -> None:
    # The one scan that lets C rules skip a text: full-width punctuation next
    # to the full-width letters and digits (：；＝) is no reason to look again.
    assert chars._present("第一条：各单位；Ａ＝１") == frozenset("Ａ１")
    assert chars._present("通知\u200b\x07") == frozenset("\u200b\x07")


def test_font_fault_needs_as_many_han_as_faults() -> None:
    assert not chars.font_fault_applies("中\ua3ac\ua3ac")
    assert chars.font_fault_applies("中国\ua3ac\ua3ac")


# --- fast paths give what the plain scans give ------------------------------
# The regexes they replace stay here as their specification.

_REF_YI_POINT_RE = re.compile(
    f"(?<=[{chars._DIGIT}]){chars._YI_PERIOD}(?=[{chars._DIGIT}])"
    f"|(?m:^[ \\t\\u3000]*[{chars._DIGIT}]{{1,3}}){chars._YI_PERIOD}"
)
_C_PIECES = st.sampled_from(
    # digits (U+FF12 FULLWIDTH DIGIT TWO, Yi U+A3B3), the faulty period and
    # comma, a real Yi syllable, blanks, invisible and control characters,
    # guillemets, private use, U+FF21 FULLWIDTH LATIN CAPITAL LETTER A, emoji
    [
        *"1\uff12\ua3b3\ua3ae\ua3ac\ua001中 \t\u3000\n\u200b\u200d\u00a0\x07\f\u00ab\u00bb\ue01a\uff21",
        "\U0001f600",
        "\U000f0001",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_C_PIECES, max_size=30).map("".join))
def test_fast_paths_match_the_plain_scans(text: str) -> None:
    assert chars._yi_points(text) == {m.end() - 1 for m in _REF_YI_POINT_RE.finditer(text)}
    faults = len(chars._YI_FAULT_RE.findall(text))
    plain = bool(faults) and len(re.findall("[\ua000-\ua4cf]", text)) == faults
    plain = plain and len(chars.HAN_RE.findall(text)) >= faults
    assert chars.font_fault_applies(text) == plain
    assert chars._present(text) == frozenset(chars._ANY_RE.findall(text))
    for table in (chars.INVISIBLE, chars.ODD_SPACES, chars.FULLWIDTH_ALNUM, chars.FONT_FAULT):
        if any(c in table for c in text):
            assert chars._first(text, table) == min(i for i, c in enumerate(text) if c in table)


# --- fake bold and OCR years (issue 13) ---------------------------------------


def test_fake_bold_only_whole_doubled_tokens() -> None:
    title = "中中华华人人民民共共和和国国行行政政复复议议法法"
    assert cleandoc.clean(title + "\n", CONFIG).text == "中华人民共和国行政复议法\n"
    # a token that is not doubled throughout is text, whatever its pairs
    half = "中中华华人人民民共共和和国国行政复议法\n"
    assert cleandoc.clean(half, CONFIG).text == half
    # one short doubled line is not evidence enough; two are
    assert cleandoc.clean("第第一一章章 总总则则\n正文\n", CONFIG).text == "第第一一章章 总总则则\n正文\n"
    two = "第第一一章章 总总则则\n第第二二章章 附附则则\n"
    assert cleandoc.clean(two, CONFIG).text == "第一章 总则\n第二章 附则\n"
    assert [c.code for c in cleandoc.clean(two, CONFIG).changes] == ["C108"] * 4


def test_ocr_year_zero_needs_a_chinese_numeral_year() -> None:
    assert cleandoc.clean("二OO四年", CONFIG).text == "二〇〇四年"
    for kept in ("2000年", "OOOO年", "A二OO四年", "二○○四年", "二OO四", "二OO四五年"):
        assert cleandoc.clean(kept, CONFIG).text == kept


def _plain_fake_bold_lines(text: str) -> list[list[tuple[int, int]]]:
    """The plain form of chars._fake_bold_lines: every line with two doubled
    Han characters in a row is read (the rule looks only at the lines with a
    doubled token, which is faster; both must find the same)."""
    out: list[list[tuple[int, int]]] = []
    pos = 0
    for line in text.split("\n"):
        if chars._DOUBLED_PAIR_RE.search(line) is not None:
            tokens = list(chars._DOUBLED_TOKEN_RE.finditer(text, pos, pos + len(line)))
            doubled = "".join(m.group()[::2] for m in tokens)
            if (
                len(doubled) >= chars._BOLD_MIN_PAIRS
                and len(set(chars.HAN_RE.findall(doubled))) >= chars._BOLD_MIN_HAN
            ):
                out.append([m.span() for m in tokens])
        pos += len(line) + 1
    return out


@given(
    st.lists(
        st.sampled_from(["中中", "华华", "人人", "民民", "11", "中", "国", " ", "\n", "\u3000", "--"]),
        max_size=40,
    )
)
def test_fake_bold_lines_are_those_of_the_plain_form(parts: list[str]) -> None:
    text = "".join(parts)
    found = [[m.span() for m in tokens] for tokens in chars._fake_bold_lines(text)]
    assert found == _plain_fake_bold_lines(text)


def test_fake_bold_lines_at_the_start_and_after_blanks() -> None:
    text = "中中华华人人民民\n正文\n  第第一一章章总总则则 x\n人人民民"
    assert [[m.group() for m in tokens] for tokens in chars._fake_bold_lines(text)] == [
        ["中中华华人人民民"],
        ["第第一一章章总总则则"],
    ]


def _plain_year_zero_spans(text: str) -> list[tuple[int, int]]:
    """The plain form of C109's search: every 年 and the four characters
    before it, tested one by one (the rule finds them with one regex)."""
    year_chars = set(chars._CN_YEAR_DIGITS + chars._WRONG_ZERO)
    out: list[tuple[int, int]] = []
    for at in range(4, len(text)):
        year = text[at - 4 : at]
        if (
            text[at] == "年"
            and all(c in year_chars for c in year)
            and any(c in chars._WRONG_ZERO for c in year)
            and any(c in chars._CN_YEAR_DIGITS for c in year)
            and (at == 4 or text[at - 5] not in chars._BEFORE_YEAR)
        ):
            out += [(i, i + 1) for i, c in enumerate(year, at - 4) if c in chars._WRONG_ZERO]
    return out


@given(
    st.lists(st.sampled_from(["二", "〇", "O", "o", "0", "\uff10", "年", "零", "a", "1", " "]), max_size=40)
)
def test_year_zero_finds_what_its_plain_form_finds(parts: list[str]) -> None:
    text = "".join(parts)
    edits = chars.fix_ocr_year_zero(text, Config())
    assert [(e.start, e.end) for e in edits] == _plain_year_zero_spans(text)  # type: ignore[union-attr]


# ---------------------------------------------------------------- OCR'd page numbers (C103 with L101)

FULL = Config()


def test_ocr_page_numbers_are_page_furniture() -> None:
    """Tesseract reads `— 1 —` as `一1一` and `— 2 —` as `一27一`, each the last
    line of its page; C103 keeps the form feed after it, and L101 takes both
    away, reported: the name list goes on without them."""
    src = (DATA / "chars" / "ocr_page_numbers.txt").read_text("utf-8")
    result = cleandoc.clean(src, FULL)
    assert "一1一" not in result.text and "一27一" not in result.text and "\f" not in result.text
    assert "黄 卫 科技部副部长\n陈改户" in result.text
    assert "于 淇 江苏省原副省长\n\n王采华" in result.text
    removed = [c.old.strip() for c in result.changes if c.code == "L101" and c.note == "page number"]
    assert removed == ["一1一", "一27一"]
    assert cleandoc.clean(result.text, FULL).text == result.text


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # a sentence the page cut goes on across the page number (real, seed 16)
        (
            "根据国务院第126次常务会议精神，\n\n1一\f组建2008年北京奥运会首都国际机场协调委员会。\n",
            "根据国务院第126次常务会议精神，组建2008年北京奥运会首都国际机场协调委员会。\n",
        ),
        # the form feed on its own line, as pdftotext writes it
        ("实行统一管理，\n一3一\n\f并定期报告。\n", "实行统一管理，并定期报告。\n"),
        # the last page's number, after pages that ended so
        ("第一条 为了规范管理，\n1一\f制定本办法。\n一2 一\n", "第一条 为了规范管理，制定本办法。\n"),
    ],
)
def test_ocr_page_number_forms(src: str, expected: str) -> None:
    result = cleandoc.clean(src, FULL)
    assert result.text == expected
    assert any(c.code == "L101" and c.note == "page number" for c in result.changes)


@pytest.mark.xfail(
    strict=True,
    reason="a one-page scan has no form feed: L101's prescan (may_have_furniture) and the page "
    "count of _mark_furniture never look at its last line `一1一` (seed 2027, 004)",
)
def test_ocr_page_number_of_a_one_page_scan() -> None:
    assert cleandoc.clean("国务院\n2018年12月21日\n一1一\n", FULL).text == "国务院\n2018年12月21日\n"


@pytest.mark.parametrize(
    "src",
    [
        "实行统一\f管理。\n",  # a real 一 before a page break
        "一一对应\n\f管理。\n",
        "第一\n\f管理。\n",
        "共计1\f一项。\n",  # text on the line with the figure
        "附件1一\f管理。\n",
        "规范管理，\n1一\f\n制定本办法。\n",  # no text right after the form feed: not kept
        "规范管理，\n1一\f  \n制定本办法。\n",
    ],
)
def test_real_yi_before_a_page_break_stays(src: str) -> None:
    result = cleandoc.clean(src, FULL)
    assert "\f" not in result.text
    assert not any(c.code == "L101" for c in result.changes)
    assert re.sub(r"\s", "", result.text) == re.sub(r"\s", "", src)  # no character lost


def test_form_feed_after_ocr_page_number_goes_without_l101() -> None:
    """Without L101 nothing would take the kept form feed away: C103 removes it."""
    result = cleandoc.clean("规范管理，\n1一\f制定本办法。\n", CONFIG)
    assert result.text == "规范管理，\n1一\n制定本办法。\n"


# ---------------------------------------------------------------- C110: ] read for 1 in 第N条第1款


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # real, OCR round trip seed 2027 (罪名 list of the 刑法, gold 第375条第1款, 第115条第1款)
        (
            "伪造、变造、买卖武装部队公文、证件、印章罪（第375条第]款）",
            "伪造、变造、买卖武装部队公文、证件、印章罪（第375条第1款）",
        ),
        ("放火罪（第114条、第115条第1]款）", "放火罪（第114条、第115条第1款）"),
        ("依照本法第12条第]项的规定", "依照本法第12条第1项的规定"),
    ],
)
def test_ocr_bracket_for_one_in_article_reference(src: str, expected: str) -> None:
    result = cleandoc.clean(src, CONFIG)
    assert result.text == expected
    assert [c.code for c in result.changes] == ["C110"]


@pytest.mark.parametrize(
    "src",
    [
        "第3条第[1]款",  # a bracket opened before it
        "见第2条第11]款",  # which number was printed is open
        "见第2条第2]款",
        "数组a[1]款",
        "第]款",  # no article before it
        "第375条第]章",
    ],
)
def test_ocr_bracket_for_one_needs_the_reference(src: str) -> None:
    assert not cleandoc.clean(src, CONFIG).changes

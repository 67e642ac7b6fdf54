"""Deduplicator (D family): fixtures in tests/data/dedup, the report notes,
the settings that turn it off, and Hypothesis checks that it is idempotent
and removes Han text only inside edits marked ``removed``.

A ``<case>.warnings.txt`` lists the expected ``line code`` D2xx warnings of a
case (an empty file: none); ``noop_*`` cases must come back byte-identical.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import SAMPLES

import cleandoc.deduplicator as dedup
from cleandoc import clean
from cleandoc.config import Config
from cleandoc.deduplicator import NUMBERS, WORDING, analyse, difference, normalize
from cleandoc.markers import CN_NUMERAL
from cleandoc.rules import resolve

DATA = Path(__file__).parent / "data" / "dedup"
CASES = sorted(p.name[: -len(".in.txt")] for p in DATA.glob("*.in.txt"))
D_CODES = frozenset(resolve(["D"]))
D_ONLY = Config(select=D_CODES)
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
NUMERALS = frozenset(CN_NUMERAL)  # renumbering ``（七）`` to ``（三）`` changes these


def _read(case: str, kind: str) -> str:
    return (DATA / f"{case}.{kind}.txt").read_bytes().decode("utf-8")


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str) -> None:
    src, want = _read(case, "in"), _read(case, "out")
    result = clean(src, D_ONLY)
    assert result.text == want
    if case.startswith("noop_"):
        assert src == want and not result.changes
    assert clean(result.text, D_ONLY).text == result.text, "not idempotent"
    for change in result.changes:
        if not change.removed:  # renumbering: only the numerals of a marker change
            assert change.note == "renumbered after removing duplicates"
            assert set(HAN.findall(change.old + change.new)) <= NUMERALS


@pytest.mark.parametrize("case", [c for c in CASES if (DATA / f"{c}.warnings.txt").exists()])
def test_warnings(case: str) -> None:
    expected = {
        (int(n), code) for n, code in (ln.split() for ln in _read(case, "warnings").splitlines() if ln)
    }
    result = clean(_read(case, "in"), D_ONLY)
    assert {(w.line, w.code) for w in result.warnings if w.code.startswith("D")} == expected


def test_seed_keeps_the_earliest_item_of_the_loop() -> None:
    result = clean(_read("seed_loop_near_first", "in"), D_ONLY)
    assert result.text.count("职教集团(联盟)建设，促进职业教育与产业融合发展") == 1
    assert "3.推进“楚怡”职教集团(联盟)建设" in result.text
    removed = [c for c in result.changes if c.removed]
    assert len(removed) == 20 and all(c.code == "D101" for c in removed)
    assert removed[0].note.startswith("near-duplicate of item 3.")
    assert "score" in removed[0].note and "loop of 21 items" in removed[0].note
    assert "itself a copy of item 3." in removed[1].note


def test_every_removed_item_is_reported_with_line_and_score() -> None:
    result = clean(_read("seed_loop_exact", "in"), D_ONLY)
    removed = [c for c in result.changes if c.removed]
    assert [c.line for c in removed] == list(range(5, 43, 2))
    assert all(c.note.startswith("duplicate of item 1.") and "score 100.0" in c.note for c in removed)


def test_renumbering_is_recorded_as_edits() -> None:
    result = clean(_read("harness_loop_renumber", "in"), D_ONLY)
    renumbered = [c for c in result.changes if not c.removed]
    assert [(c.old, c.new) for c in renumbered] == [("7.", "3."), ("8.", "4.")]
    assert all(c.note == "renumbered after removing duplicates" for c in renumbered)


def test_no_dedupe_and_ignore_turn_it_off() -> None:
    src = _read("seed_loop_exact", "in")
    assert clean(src, Config(dedupe=False)).text == clean(src, Config(ignore=D_CODES)).text
    ignored = clean(src, Config(select=D_CODES, ignore=frozenset({"D101"})))
    assert ignored.text == src
    # what D101 would have removed is reported instead
    assert sum(1 for w in ignored.warnings if w.code == "D201") == 19


def test_threshold_controls_near_copies() -> None:
    src = _read("harness_loop_renumber", "in")
    strict = clean(src, Config(select=D_CODES, dedupe_threshold=99.0))
    assert "进一步" in strict.text  # the near copy stays, the exact copies go
    assert strict.text.count("建立健全粮食市场监测预警制度") == 2


def test_full_pipeline_on_seeds() -> None:
    for name, needle in (
        ("000_2898a6ebbb562591.txt", "职教集团（联盟）建设，促进职业教育与产业融合发展"),
        ("004_ef8c02e2f403a9b3.txt", "支持职业院校与企业合作，共建实习实训基地"),
    ):
        path = SAMPLES / {"000": "seed-000.txt", "004": "seed-004.txt"}[name[:3]]  # the seeds, shipped
        text = clean(path.read_text(encoding="utf-8")).text
        assert text.count(needle) == 1, name


# ---------------------------------------------------------------------------
# The pieces.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("支持集团建设。", "推进集团建设。", WORDING),
        ("加强领导。", "加强进一步领导。", WORDING),  # 一 inside a word is not a number
        ("技术审评时限为60日", "技术审评时限为90日", NUMBERS),
        ("将第二十二条修改为：", "将第二十三条修改为：", NUMBERS),
        ("规定(二)", "规定(三)", NUMBERS),
        ("第二类器械60日", "第三类设备90日", "mixed"),
    ],
)
def test_difference(a: str, b: str, kind: str) -> None:
    assert difference(normalize(a), normalize(b)) == kind


def test_normalize_ignores_width_spaces_and_quotes() -> None:
    assert normalize("支持“楚怡”职教集团（联盟） 建设，") == normalize('支持"楚怡"职教集团(联盟)建设,')


def test_analyse_needs_a_repeat_to_call_near_items_a_loop() -> None:
    keys = [f"遴选建设一批高水平职业{kind}专业群" for kind in ("本科", "专科", "中职")]
    result = analyse(keys, [True] * 3, 90.0)
    assert not result.copies and result.similar
    keys = [keys[0], keys[1], keys[1]]
    assert set(analyse(keys, [True] * 3, 90.0).copies) == {1, 2}


def test_long_near_identical_list_is_linear() -> None:
    # 20,000 items differing in a number: compared within a window, all kept
    keys = [f"支持第{n}批试点城市开展工作" for n in range(20_000)]
    result = analyse(keys, [True] * len(keys), 90.0)
    assert not result.copies


# ---------------------------------------------------------------------------
# Hypothesis: lists and paragraphs made of a few sentences, with repeats.
# ---------------------------------------------------------------------------

SENTENCES = [
    "加强组织领导，明确责任分工。",
    "加大资金投入力度。",
    "进一步加大资金投入力度。",
    "支持郑州机场利用第五航权。",
    "支持西安机场利用第五航权。",
    "审评时限为60日。",
    "审评时限为90日。",
    "组织领导。",
    "健全工作机制",
]
MARKERS = ["", "1.", "2.", "3.", "（一）", "（二）", "一、", "(1)"]

line = st.builds(lambda m, s: m + s, st.sampled_from(MARKERS), st.sampled_from(SENTENCES))
doc = st.lists(st.one_of(line, st.just("")), max_size=25).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(doc)
def test_idempotent_and_han_removed_only_as_junk(text: str) -> None:
    result = clean(text, D_ONLY)
    assert clean(result.text, D_ONLY).text == result.text

    def words(s: str) -> Counter[str]:
        return Counter(h for h in HAN.findall(s) if h not in NUMERALS)

    removed = sum((words(c.old) for c in result.changes if c.removed), Counter[str]())
    assert words(result.text) + removed == words(text)
    for c in result.changes:
        if not c.removed:
            assert set(HAN.findall(c.old + c.new)) <= NUMERALS


# ---------------------------------------------------------------------------
# The fast paths of normalization give exactly what the slow definitions give.
# ---------------------------------------------------------------------------

# Characters that exercise NFKC: wide forms, the ideographic space, compatibility
# ideographs, combining marks (which compose with what comes before them), Hangul
# jamo, rare whitespace, curly quotes, line breaks.
_TRICKY = (
    "A e 一中，（）；：．！？\u3000\uff21\uff11\uf900\u2160\u00a8\u0301\u0308\u3099\u304b"
    "\u1100\u1161\u11a8\u00a0\u2028\u0085\x0b\u201c\u201d\u2018\u2019\r\n\t"
)
tricky_text = st.text(alphabet=_TRICKY, max_size=40)


def test_rare_space_table_is_the_whitespace_nfkc_keeps() -> None:
    keeps = {
        c
        for c in map(chr, range(sys.maxunicode + 1))
        if c.isspace() and c not in " \t\r\n" and unicodedata.normalize("NFKC", c) == c
    }
    assert set(dedup._RARE_SPACES) == keeps


def test_common_compat_table_is_sorted_and_folds() -> None:
    table = dedup._COMMON_COMPAT
    assert list(table) == sorted(set(table))
    assert all(unicodedata.normalize("NFKC", ch) != ch for ch in table)


@settings(max_examples=500, deadline=None)
@given(tricky_text)
def test_nfkc_is_unicodedata_nfkc(s: str) -> None:
    assert dedup.nfkc(s) == unicodedata.normalize("NFKC", s)


@settings(max_examples=500, deadline=None)
@given(tricky_text)
def test_line_keys_normalize_each_line(text: str) -> None:
    keys = dedup._keys_by_line(text)
    han = dedup._han_counts("\n".join(keys))
    want = [normalize(raw[:-1] if raw.endswith("\r") else raw) for raw in text.split("\n")]
    assert list(keys) == want
    assert list(han) == [dedup.han_count(k) for k in want]


def test_a_loop_of_thousands_of_items_collapses_to_its_first() -> None:
    items = "".join(f"{i}.支持职业院校与企业合作，共建实习实训基地。\n" for i in range(1, 3001))
    result = clean("一、主要任务\n" + items)
    assert result.text == "一、主要任务\n1.支持职业院校与企业合作，共建实习实训基地。\n"

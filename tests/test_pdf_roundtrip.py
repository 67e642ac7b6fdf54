"""bench/pdf_roundtrip.py measures what it says: line breaks added and
dropped, Han characters lost and added, documents read back exactly; its
pages are set as official documents are. One real round trip runs where
Chromium is installed (skipped otherwise)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="PDF input needs the pdf extra (pip install -e '.[pdf]')")

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import pdf_roundtrip as rt  # noqa: E402

import cleandoc  # noqa: E402

GOLD = "关于做好某项工作的通知\n一、总体要求\n各地区要坚持稳中求进。\n（一）加强组织领导。各部门要落实责任。"


def no_defects(text: str) -> int:
    return 0


def test_an_output_equal_to_the_gold_scores_nothing() -> None:
    s = rt.score(GOLD, "  " + GOLD.replace("\n", "\n\n") + "\n", no_defects)
    assert (s.edits, s.broken, s.joined, s.han_lost, s.han_added, s.exact) == (0, 0, 0, 0, 0, True)


def test_a_line_cut_is_a_broken_line_and_a_gold_break_dropped_is_a_wrong_join() -> None:
    cut = GOLD.replace("稳中求进", "稳中\n求进")
    s = rt.score(GOLD, cut, no_defects)
    assert (s.broken, s.joined, s.exact) == (1, 0, False)
    assert s.breaks == ["体要求↵各地区要坚持稳中⏎↵求进。↵（一）加强组织"]  # 12 characters each side
    glued = GOLD.replace("要求\n各地区", "要求各地区")
    s = rt.score(GOLD, glued, no_defects)
    assert (s.broken, s.joined) == (0, 1)


def test_han_characters_lost_and_added_are_counted_apart() -> None:
    s = rt.score(GOLD, GOLD.replace("通知", "通") + "\n第1页国务院", no_defects)
    assert (s.han_lost, s.han_added) == (1, 5)  # 通知 -> 通; 第, 页, 国, 务, 院


def test_defects_are_counted_beyond_those_of_the_gold() -> None:
    def spaces(text: str) -> int:
        return text.count(" ")

    assert rt.score("甲 乙\n丙", "甲 乙\n丙 丁 戊", spaces).defects == 2


def test_pages_are_set_as_official_documents_are() -> None:
    page = rt.to_html(GOLD + "\n国务院\n2024年1月2日", "header")
    assert "<h1>关于做好某项工作的通知</h1>" in page
    assert '<p class="h1">一、总体要求</p>' in page and '<p class="h2">（一）加强组织领导。' in page
    assert '<p class="sign">国务院</p>' in page and '<p class="date">2024年1月2日</p>' in page
    assert "@top-center" in page and "counter(page)" in page
    assert "column-count: 2" in rt.to_html(GOLD, "columns")


def test_the_sample_is_fixed_by_its_seed_and_holds_documents_with_aligned_rows() -> None:
    docs = [(f"d{i:02d}", "正文。\n" * 3) for i in range(30)]
    docs += [(f"t{i}", "组　长：张三\u3000\u3000部长\n" * 3) for i in range(5)]
    a, b = rt.sample(docs, 10, 16), rt.sample(docs, 10, 16)
    assert a == b and len(a) == 10
    assert sum(1 for name, _ in a if name.startswith("t")) >= rt.TABLE_DOCS
    assert rt.sample(docs, 10, 17) != a


def test_without_the_shared_corpus_it_says_so_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert rt.main(["--clean", "/nonexistent/clean", "--eval", "/nonexistent/eval"]) == 0
    assert "skipped, the shared corpus is missing" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium to print the page")
def test_a_document_printed_by_chromium_reads_back_exactly(tmp_path: Path) -> None:
    gold = (
        "国务院办公厅关于进一步优化营商环境更好服务市场主体的实施意见\n"
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
        "一、总体要求\n"
        + "各地区各部门要坚持以人民为中心的发展思想，进一步优化营商环境，更好服务市场主体。"
        * 3
        + "\n第一条 为了规范市场主体登记管理行为，根据有关法律，制定本条例。\n"
        "国务院办公厅\n2020年7月15日"
    )
    page = tmp_path / "doc.html"
    page.write_text(rt.to_html(gold, "gongwen"), "utf-8")
    pdf = tmp_path / "doc.pdf"
    rt.print_pdf(page, pdf, tmp_path / "profile")
    out = rt.read_back(pdf, cleandoc.Config())
    assert rt.score(gold, out["pdf"], no_defects).exact, out["pdf"]

"""bench/ocr_roundtrip.py: it skips, saying why, where the shared corpus or a
tool is missing; where Chromium, pdftoppm and tesseract (chi_sim) are
installed, one page is printed, rasterised, read and cleaned back to its gold."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import ocr_roundtrip as ocr  # noqa: E402
import pdf_roundtrip as rt  # noqa: E402

import cleandoc  # noqa: E402

GOLD = (
    "关于做好防汛抗旱工作的通知\n"
    "各省、自治区、直辖市人民政府：\n"
    "一、总体要求\n"
    "各地区要坚持人民至上、生命至上，切实做好防汛抗旱工作。\n"
    "（一）加强组织领导。各部门要落实责任。"
)


def no_defects(text: str) -> int:
    return 0


def test_without_the_shared_corpus_it_says_so_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert ocr.main(["--clean", "/nonexistent/clean", "--eval", "/nonexistent/eval"]) == 0
    assert "skipped, the shared corpus is missing" in capsys.readouterr().out


def test_a_missing_tool_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None if name == "tesseract" else "/bin/true")
    assert ocr.missing_tools() == ["tesseract"]


@pytest.mark.skipif(bool(ocr.missing_tools()), reason="needs chromium, pdftoppm and tesseract with chi_sim")
def test_a_page_read_by_tesseract_is_cleaned_close_to_its_gold(tmp_path: Path) -> None:
    page, pdf = tmp_path / "doc.html", tmp_path / "doc.pdf"
    page.write_text(rt.to_html(GOLD, "gongwen"), "utf-8")
    rt.print_pdf(page, pdf, tmp_path / "profile")
    text = ocr.ocr_pdf(pdf, tmp_path)
    assert not list(tmp_path.glob("*.png"))  # the page images are not left behind
    raw = rt.score(GOLD, text, no_defects)
    cleaned = rt.score(GOLD, cleandoc.clean(text).text, no_defects)
    assert cleaned.edits <= raw.edits and cleaned.han_lost <= 3, text

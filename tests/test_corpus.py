"""Properties over every real document in ../shared (clean corpus, dirty
pdftotext output, seeds) and the samples:

- content preservation: the changes replay exactly to the output, and every
  change keeps the Han characters it touches, in order, unless it is marked
  as removed junk (a duplicate, page furniture) — so the Han text of the
  output is the input's minus exactly what the report lists as removed
  (L106 moves the lines of a page's right column after its left one: the
  same characters, in another order);
- idempotency: cleaning the output again changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from shared_data import REAL, SAMPLES, SHARED, shared_path

import cleandoc
from cleandoc.pipeline import replay

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _documents() -> list[Path]:
    docs: list[Path] = []
    # The shipped documents are a subset of ../shared's: one or the other.
    corpus = SHARED / "corpus" if (SHARED / "corpus").is_dir() else REAL
    for folder in (corpus, SHARED / "seeds", SAMPLES):
        if folder.is_dir():
            found = folder.rglob("*")
            docs += sorted(p for p in found if p.suffix in (".txt", ".md") and p.name != "SOURCES.md")
    return [p for p in docs if "bundle" not in p.name and "gb18030" not in p.name and p.name != "README.md"]


DOCS = _documents()


def _han(text: str) -> str:
    return "".join(HAN.findall(text))


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name[:40])
def test_han_text_is_kept_except_what_the_report_lists_as_removed(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    result = cleandoc.clean(text)
    assert replay(text, result.changes) == result.text
    for c in result.changes:
        if c.removed:
            assert not set(_han(c.new)) - set(_han(c.old)), c
        elif c.code == "L106":
            # two columns set one after the other: lines move, every character stays
            assert sorted(_han(c.old)) == sorted(_han(c.new)), c
        else:
            assert _han(c.old) == _han(c.new), c


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name[:40])
def test_cleaning_twice_changes_nothing(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    once = cleandoc.clean(text).text
    again = cleandoc.clean(once)
    assert again.text == once, [(c.code, c.line, c.old, c.new) for c in again.changes][:5]


def test_a_long_document_made_of_many_is_cleaned_idempotently() -> None:
    # Line repair reads a document's page width from its own lines; in a long
    # document of many sources each round of joins sharpens that evidence
    # and exposes more cuts, so the pipeline must run to its fixed point.
    import sys
    import zlib

    sys.path.insert(0, str(shared_path("eval", "corrupt.py").parent))
    from corrupt import corrupt

    clean_docs = [p for p in DOCS if "/clean/" in p.as_posix()][:60]
    text = "\n".join(corrupt(p.read_text(encoding="utf-8"), zlib.crc32(p.name.encode())) for p in clean_docs)
    once = cleandoc.clean(text).text
    assert cleandoc.clean(once).text == once

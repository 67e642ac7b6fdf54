"""PDF quality: for each PDF, the defects left in cleandoc's output of the PDF
against those left by ``pdftotext`` + cleandoc, and the Han characters of
the text layer against those of the output (plus the reported furniture).

    python3 bench/pdf_quality.py [PDF_DIR [PDFTOTEXT_DIR [EVAL_DIR]]]

Defaults are the shared corpus beside the repository (``../shared``):
``corpus/pdf``, ``corpus/dirty/pdftotext`` (``NAME.pdftotext-raw.txt`` and
``NAME.pdftotext-layout.txt``) and ``eval`` (its ``defects.py`` counts the
defects). Both pdftotext modes are cleaned; the table compares against the
better of the two, and the target is at most half of its defects.

``no tabs`` counts the defects again with the tabs between the cells of table
rows taken for what they are: defects.py counts a tab between a Han cell and a
number cell (``其中：城镇<TAB>392.66``) as a space between Han and digit, while
pdftotext's raw mode puts every cell on a line of its own and so scores no
defect for a table it has taken apart. ``lost`` is the Han characters of the
text layer in neither the output nor the reported furniture, rotated text and
overprinted characters.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pypdfium2

import cleandoc
from cleandoc.pdf import clean_pdf, read_pages
from cleandoc.pdf_layout import han_count

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def _defects_module(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("defects", eval_dir / "defects.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def text_layer_han(path: Path) -> int:
    """Han characters of the PDF's text layer, as PDFium gives it (nothing left out)."""
    doc = pypdfium2.PdfDocument(path)
    try:
        total = 0
        for page in doc:
            tp = page.get_textpage()
            total += han_count(tp.get_text_range())
            tp.close()
            page.close()
        return total
    finally:
        doc.close()


def main(argv: list[str]) -> int:
    pdf_dir = Path(argv[0]) if argv else SHARED / "corpus" / "pdf"
    txt_dir = Path(argv[1]) if len(argv) > 1 else SHARED / "corpus" / "dirty" / "pdftotext"
    eval_dir = Path(argv[2]) if len(argv) > 2 else SHARED / "eval"
    defects = _defects_module(eval_dir)
    config = cleandoc.Config()
    header = (
        f"{'pdf':<42} {'pdftotext-raw':>13} {'-layout':>8} {'cleandoc pdf':>12} {'ratio':>6}"
        f" {'no tabs':>7} {'ratio':>6} {'han layer':>9} {'han out':>8} {'furniture':>9} {'lost':>5}"
    )
    print(header)
    worst = worst_no_tabs = 0.0
    for pdf in sorted(pdf_dir.glob("*.pdf")):
        base: list[int] = []
        for mode in ("raw", "layout"):
            txt = txt_dir / f"{pdf.stem}.pdftotext-{mode}.txt"
            base.append(sum(defects.count(cleandoc.clean(txt.read_text("utf-8"), config).text).values()))
        layout, result = clean_pdf(read_pages(pdf, pdf.name), pdf.name, config)
        ours = sum(defects.count(result.text).values())
        no_tabs = sum(defects.count(result.text.replace("\t", "\u2502")).values())  # U+2502 BOX DRAWINGS
        layer = text_layer_han(pdf)
        out = han_count(result.text)
        furniture = sum(han_count(f.text) for _, f in layout.furniture)
        removed = sum(han_count(c.old) for c in result.changes if c.removed and c.code != "L101")
        removed += sum(han_count(text) for _, text in layout.rotated) + layout.overprinted
        lost = layer - out - furniture - removed
        ratio = ours / min(base) if min(base) else float(ours > 0)
        ratio_no_tabs = no_tabs / min(base) if min(base) else float(no_tabs > 0)
        worst, worst_no_tabs = max(worst, ratio), max(worst_no_tabs, ratio_no_tabs)
        print(
            f"{pdf.name:<42} {base[0]:>13} {base[1]:>8} {ours:>12} {ratio:>6.2f}"
            f" {no_tabs:>7} {ratio_no_tabs:>6.2f} {layer:>9} {out:>8} {furniture:>9} {lost:>5}"
        )
    print(
        f"worst ratio (cleandoc pdf / best pdftotext+cleandoc): {worst:.2f}, "
        f"not counting tabs between table cells: {worst_no_tabs:.2f} (target <= 0.50)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

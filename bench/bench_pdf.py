"""Time PDF input: reading the text layer with pypdfium2, the layout, and the
cleaning, for a 20-page PDF (the issue's target: well under a second).

    python3 bench/bench_pdf.py               # a real 20-page PDF if ../shared is there, else a generated one
    python3 bench/bench_pdf.py FILE.pdf ...  # these PDFs

The real one is the first 20 pages of the Qiandongnan statistical bulletin
(``../shared/corpus/pdf``: prose and tables); the generated one is 20 pages of
16 pt text drawn with reportlab. Each figure is the best of five runs (the
machine is shared), split into reading, layout and cleaning.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pypdfium2

from cleandoc.config import Config
from cleandoc.pdf import read_pages
from cleandoc.pdf_layout import layout_text
from cleandoc.pipeline import clean

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
REAL = SHARED / "corpus" / "pdf" / "qiandongnan_2023_statistical_communique.pdf"
PAGES = 20
RUNS = 5


def twenty_pages(folder: Path) -> Path:
    """A 20-page PDF: the real bulletin cut to 20 pages, or a generated one."""
    out = folder / "twenty.pdf"
    if REAL.exists():
        src = pypdfium2.PdfDocument(REAL)
        doc = pypdfium2.PdfDocument.new()
        doc.import_pages(src, list(range(min(PAGES, len(src)))))
        doc.save(out)
        return out
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = "各地区各部门要坚持以人民为中心的发展思想，进一步优化营商环境，更好服务市场主体。"
    c = canvas.Canvas(str(out), pagesize=(595, 842))
    for page in range(PAGES):
        c.setFont("STSong-Light", 16)
        for i in range(24):
            x = 122 if i % 6 == 0 else 90
            c.drawString(x, 760 - 28 * i, (text * 2)[i % 7 : i % 7 + (24 if x == 122 else 26)])
        c.setFont("STSong-Light", 12)
        c.drawString(280, 40, f"— {page + 1} —")
        c.showPage()
    c.save()
    return out


def measure(path: Path) -> tuple[int, float, float, float]:
    """Pages, and the best times (s) of reading and layout, and the time of
    the first cleaning (later ones find the pipeline's caches warm)."""
    config = Config()
    clean("一、总体要求\n各地区要坚持稳中求进。\n", config)  # load the rules and compile their patterns first
    best = [float("inf")] * 3
    pages = 0
    for _ in range(RUNS):
        t0 = time.perf_counter()
        read = read_pages(path, path.name)
        t1 = time.perf_counter()
        layout = layout_text(read)
        t2 = time.perf_counter()
        clean(layout.text, config)
        t3 = time.perf_counter()
        pages = len(read)
        best[0], best[1] = min(best[0], t1 - t0), min(best[1], t2 - t1)
        best[2] = min(best[2], t3 - t2) if best[2] == float("inf") else best[2]
    return pages, best[0], best[1], best[2]


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(a) for a in argv] or [twenty_pages(Path(tmp))]
        heads = ("pages", "read s", "layout s", "clean s", "total s", "pages/s")
        print(f"{'pdf':<44} " + " ".join(f"{h:>8}" for h in heads))
        for path in paths:
            pages, read, lay, cleaning = measure(path)
            total = read + lay + cleaning
            made = REAL.name if REAL.exists() else "generated text"
            name = path.name if argv else f"20 pages of {made}"
            print(
                f"{name[:44]:<44} {pages:>8} {read:>8.3f} {lay:>8.3f} {cleaning:>8.3f} {total:>8.3f}"
                f" {pages / total:>8.0f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

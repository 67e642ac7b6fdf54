"""OCR round trip: real clean documents typeset as PDFs, rasterised, read back
by tesseract and cleaned, then compared with the gold text.

    python3 bench/ocr_roundtrip.py [--clean DIR ...] [--eval DIR] [--sample N | --all] [--seed S]
                                   [--variant NAME ...] [--psm N] [--dpi N] [--keep DIR] [--out DIR]

The pages are those of ``bench/pdf_roundtrip.py`` (its functions are imported,
never copied: the same sample by ``--seed``, the same HTML printed by headless
Chromium; ``gongwen`` layout by default, ``--variant`` for the others). Each
page is rasterised (``pdftoppm -r 300 -png``) and read by tesseract 5
(``tesseract PAGE.png - -l chi_sim --psm 6``); the pages' texts are joined with
form feeds, as a scanned document's OCR reaches cleandoc.

Why ``--psm 6`` (one uniform block of text): a 公文 page is one column of
justified lines. The default ``--psm 3`` (automatic page segmentation) takes the
centred, short lines under a title (a meeting's date, 通过 dates) for a
separate block and leaves some of them out, losing text; ``--psm 6`` reads every
line in order, in the same time (about 5 s a page on one core). Tesseract's
``preserve_interword_spaces`` changed nothing on these pages.

Two rows per layout: ``none`` (the OCR text itself, lines stripped) and
``cleandoc``, measured against the gold by :func:`pdf_roundtrip.score`
(edits/10k, broken, joined, Han lost/added, defects, exact). A table goes to
stdout, the figures per document to ``OUT/ocr_roundtrip.json``; ``--keep DIR``
keeps the PDFs, the OCR text (``NNN.ocr.txt``, read again instead of OCRing
again when the page's HTML is unchanged: tesseract is the slow part), the
cleaned text and the gold, for reading.

Needs ``chromium``, ``pdftoppm`` and ``tesseract`` with ``chi_sim``; without
the shared corpus or a tool it says what is missing and exits 0.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pdf_roundtrip as rt

import cleandoc

ROOT = rt.ROOT
SHARED = rt.SHARED
PATHS = ("none", "cleandoc")
DEFAULT_SAMPLE = 8  # tesseract reads about a page in 5 s on one core


def missing_tools() -> list[str]:
    """What this bench needs and the machine lacks (tools, tesseract's chi_sim)."""
    missing = [t for t in ("chromium", "pdftoppm", "tesseract") if shutil.which(t) is None]
    if "tesseract" not in missing:
        r = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
        if "chi_sim" not in (r.stdout + r.stderr).split():
            missing.append("tesseract's chi_sim")
    return missing


def ocr_pdf(pdf: Path, work: Path, psm: int = 6, dpi: int = 300) -> str:
    """The text tesseract reads from each page of ``pdf``, pages joined by form feeds."""
    prefix = work / pdf.stem
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    # pdftoppm numbers pages with as many digits as the last page needs: sort by number
    pages = sorted(work.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    texts = []
    for png in pages:
        r = subprocess.run(
            ["tesseract", str(png), "-", "-l", "chi_sim", "--psm", str(psm)],
            capture_output=True,
            timeout=600,
            check=True,
        )
        texts.append(r.stdout.decode("utf-8", "replace").rstrip("\f\n"))
        png.unlink()
    return "\f".join(texts) + "\n"


def main(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--clean", type=Path, action="append", help="clean corpus folders (default: ../shared)")
    ap.add_argument("--eval", type=Path, default=SHARED / "eval", help="corpus.py, defects.py")
    ap.add_argument(
        "--sample", type=int, default=DEFAULT_SAMPLE, help=f"documents (default {DEFAULT_SAMPLE})"
    )
    ap.add_argument("--all", action="store_true", help="every document of the corpus")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument(
        "--variant", action="append", choices=sorted(rt.VARIANTS), help="layouts (default: gongwen)"
    )
    ap.add_argument("--psm", type=int, default=6, help="tesseract page segmentation mode (default 6)")
    ap.add_argument("--dpi", type=int, default=300, help="pdftoppm resolution (default 300)")
    ap.add_argument("--keep", type=Path, help="keep the PDFs, OCR text, outputs and golds here")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args(argv)

    loaded = rt.load_sample(args, "ocr_roundtrip")
    if loaded is None:
        return 0
    tools = missing_tools()
    if tools:
        print(f"ocr_roundtrip: skipped, {' and '.join(tools)} not on this machine")
        return 0
    docs, count_defects = loaded
    variants = args.variant or ["gongwen"]
    config = cleandoc.Config()
    results: list[dict[str, object]] = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        profile = Path(tmp) / "profile"
        for k, (name, doc) in enumerate(docs):
            stem = f"{k:03d}"
            for variant in variants:
                folder = work / variant
                gold, pdf, printed = rt.typeset(doc, variant, folder, stem, profile)
                ocr = folder / f"{stem}.ocr.txt"
                # a kept page of the same HTML is not read by tesseract again
                if printed or not ocr.exists():
                    ocr.write_text(ocr_pdf(pdf, Path(tmp), args.psm, args.dpi), "utf-8")
                text = ocr.read_text("utf-8")
                outs = {"none": text, "cleandoc": cleandoc.clean(text, config).text}
                row: dict[str, object] = {"doc": name, "variant": variant}
                for path in PATHS:
                    row[path] = asdict(rt.score(gold, outs[path], count_defects))
                results.append(row)
                if args.keep:
                    (folder / f"{stem}.gold.txt").write_text(gold + "\n", "utf-8")
                    (folder / f"{stem}.cleandoc.txt").write_text(outs["cleandoc"], "utf-8")
            print(f"  {k + 1}/{len(docs)} {name[:60]}", file=sys.stderr)
    seconds = time.perf_counter() - t0
    summary = table(results, variants)
    args.out.mkdir(parents=True, exist_ok=True)
    report = {
        "docs": [n for n, _ in docs],
        "seed": args.seed,
        "tesseract": f"-l chi_sim --psm {args.psm}",
        "dpi": args.dpi,
        "summary": summary,
        "results": results,
    }
    target = args.out / "ocr_roundtrip.json"
    target.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print(f"{len(docs)} documents x {len(variants)} layouts in {seconds:.0f} s; per document: {target}")
    return 0


def table(results: list[dict[str, object]], variants: Sequence[str]) -> list[dict[str, object]]:
    """Print the figures per layout and path (``none``, ``cleandoc``), and return them."""
    return rt.table(results, variants, PATHS, with_all=len(variants) > 1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

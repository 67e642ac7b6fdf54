"""PDF round trip: real clean documents typeset as PDFs nobody tuned on, read
back three ways and compared with the gold text.

    python3 bench/pdf_roundtrip.py [--clean DIR ...] [--eval DIR] [--sample N | --all] [--seed S]
                                   [--variant NAME ...] [--keep DIR] [--out DIR]

Each document of the clean corpus (``../shared/corpus/clean/*`` by default; a
fixed sample of ``--sample`` documents chosen by ``--seed``, always with some
whose lines are aligned in columns, the name lists that stand for tables in
this corpus) is written as HTML styled like a 公文 page and printed to PDF by
headless Chromium, in each layout of :data:`VARIANTS`:

- ``gongwen``: A4, a serif CJK font (Noto Serif CJK SC, the 仿宋-like face at
  hand) at 16 pt, 28 characters a line, first lines indented two ems,
  justified; the title centred, ``一、`` headings in bold sans (黑体),
  ``（一）`` in bold; signature and date set right; ``— N —`` at the foot;
- ``header``: the same with a running header (the issuing agency) and
  ``第 N 页 共 M 页`` at the foot, both CSS ``@page`` margin boxes;
- ``columns``: two columns of 12 pt, the title across both, ``- N -`` at the foot;
- ``gbt9704``: the page of GB/T 9704-2012 (党政机关公文格式) as closely as CSS
  sets it: 版心 156 mm x 225 mm (天头 37 mm, 订口 28 mm), 22 lines of 28
  characters on a fixed grid (3号, 16 pt, the pitch of a line 225/22 mm, of a
  character 156/28 mm); the red 发文机关标志 on the first page, the 发文字号
  under it and a red rule; the title in 2号 (22 pt) bold, centred; ``— N —``
  in 4号 (14 pt) half-width digits at the outer edge, right on odd pages and
  left on even ones (``@page :right`` / ``:left``); the 版记 at the end (the
  抄送 line, 印发机关 left and 印发日期 right, between rules). The faces: 仿宋
  is Noto Serif CJK SC, 小标宋 (the title, the 标志) its bold, 黑体 (``一、``)
  Noto Sans CJK SC, 楷体 (``（一）``) Noto Serif CJK SC medium: the only CJK
  faces installed. Its gold is the document with what the page adds: the
  标志 and 字号 first (the document's own 字号 moved up from under the title,
  else one made up), the 版记's two lines last (印发机关 and 印发日期 apart
  by a tab, the form of a row of cells). A title wrapped over lines takes two
  lines of the grid each (as Word and WPS set a 22 pt line on a grid of 16 pt
  lines: a gap of 1.6 ems between them).

The gold is the document as the quality harness sees it (``canonical`` in
``eval/corpus.py``: one paragraph a line, GB/T 15834 punctuation), the very
text the PDF is made from. Each PDF is read back by

- ``raw``: ``pdftotext -raw`` + cleandoc,
- ``layout``: ``pdftotext -layout`` + cleandoc,
- ``pdf``: cleandoc reading the PDF (:mod:`cleandoc.pdf`),

and each output is measured against the gold: ``edits/10k`` (character edits
left, rapidfuzz Levenshtein, per 10,000 gold characters), ``broken`` (a line
break where the gold has none), ``joined`` (a gold line break missing),
``han-`` / ``han+`` (Han characters lost / added), ``defects`` (counted by
``eval/defects.py`` beyond those of the gold itself) and ``exact`` (documents
read back exactly). A table goes to stdout, the figures per document to
``OUT/pdf_roundtrip.json`` (``bench/out`` by default); ``--keep DIR`` keeps the
HTML, the PDFs and every output beside its gold, for reading (a kept PDF whose
HTML is unchanged is read again without printing it again).

Needs ``chromium`` and ``pdftotext`` on PATH and the ``pdf`` extra; without the
shared corpus (or a tool) it says what is missing and exits 0.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType

from rapidfuzz.distance import Levenshtein

import cleandoc
from cleandoc.pdf import clean_pdf, read_pages

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PATHS = ("raw", "layout", "pdf")
HAN = re.compile(r"[\u4e00-\u9fff]")
# Lines aligned in columns (name lists: `副主任：陈宝生　　教育部部长`): this corpus's tables.
ALIGNED = re.compile(r"\S(?: {2,}|\t|\u3000{2,})\S")
TABLE_DOCS = 3  # at least this many documents of the sample have aligned rows (when there are)

# ---------------------------------------------------------------------------
# typesetting

FONT_SERIF = '"Noto Serif CJK SC", "FangSong", serif'
FONT_SANS = '"Noto Sans CJK SC", "SimHei", sans-serif'
_BASE_CSS = """
html { -webkit-print-color-adjust: exact; }
body { margin: 0; font-family: %(serif)s; font-size: %(size)s; line-height: %(leading)s; }
p { margin: 0; text-indent: 2em; text-align: justify; white-space: pre-wrap; }
h1 { margin: 0 0 1em; font-size: 22pt; line-height: 1.45; font-weight: bold; text-align: center;
     white-space: pre-wrap; column-span: all; }
p.h1 { font-family: %(sans)s; font-weight: bold; }
p.h2 { font-weight: bold; }
p.chapter { text-indent: 0; text-align: center; font-family: %(sans)s; }
p.sign, p.date { text-indent: 0; text-align: right; padding-right: 4em; }
"""
VARIANTS: dict[str, str] = {
    "gongwen": """
@page { size: A4; margin: 37mm 26mm 35mm 26mm;
  @bottom-center { content: "— " counter(page) " —"; font: 14pt %(serif)s; } }
""",
    "header": """
@page { size: A4; margin: 37mm 26mm 35mm 26mm;
  @top-center { content: "%(agency)s"; font: 10.5pt %(serif)s; }
  @bottom-center { content: "第 " counter(page) " 页  共 " counter(pages) " 页"; font: 10.5pt %(serif)s; } }
""",
    "columns": """
@page { size: A4; margin: 20mm 18mm 22mm 18mm;
  @bottom-center { content: "- " counter(page) " -"; font: 10pt %(serif)s; } }
body { column-count: 2; column-gap: 8mm; column-fill: auto; }
""",
}
SIZES = {
    "gongwen": ("16pt", "28pt"),
    "header": ("16pt", "28pt"),
    "columns": ("12pt", "20pt"),
    "gbt9704": ("16pt", "calc(225mm / 22)"),
}
# GB/T 9704: 版心 156 x 225 mm, 天头 37 mm, 订口 (left) 28 mm; the page number
# 7 mm under the 版心, one character in from its outer edge; a fixed grid of
# 22 lines x 28 characters (letter-spacing brings 16 pt to 156/28 mm).
VARIANTS["gbt9704"] = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page :right { @bottom-right { content: "— " counter(page) " —"; font: 14pt %(serif)s;
  vertical-align: top; padding-top: 7mm; padding-right: 1em; } }
@page :left { @bottom-left { content: "— " counter(page) " —"; font: 14pt %(serif)s;
  vertical-align: top; padding-top: 7mm; padding-left: 1em; } }
body { width: 156mm; letter-spacing: calc(156mm / 28 - 16pt); }
.mark { margin: 0; text-indent: 0; text-align: center; color: #e00; font-size: 42pt; line-height: 1.4;
  font-weight: bold; letter-spacing: 0.1em; }
.number { text-indent: 0; text-align: center; margin: calc(2 * 225mm / 22) 0 0; }
.red { border-top: 2px solid #e00; margin: 4mm 0 calc(2 * 225mm / 22); }
h1 { margin: 0 0 calc(225mm / 22); line-height: calc(2 * 225mm / 22); letter-spacing: 0; }
p.h1 { font-weight: normal; }
p.h2 { font-weight: 500; }
.record { margin-top: calc(2 * 225mm / 22); border-top: 1.3px solid #000; border-bottom: 1.3px solid #000;
  font-size: 14pt; line-height: 1.9; break-inside: avoid; }
.record p { text-indent: 0; padding: 0 1em; }
.record p + p { border-top: 1px solid #000; }
.record span { float: right; }
"""

_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^（[一二三四五六七八九十]+）")
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇]+[章节编]")
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_AGENCY = re.compile(r"^[\u4e00-\u9fff、　 ]{2,20}$")


def _line_class(lines: Sequence[str], i: int) -> str:
    """How line ``i`` of a document is set: a heading's face, a chapter
    centred, the signature and date set right."""
    line = lines[i]
    if _H1.match(line) and len(line) < 40:
        return "h1"
    if _H2.match(line) and len(line) < 40:
        return "h2"
    if _CHAPTER.match(line) and len(line) < 30:
        return "chapter"
    if _DATE.match(line):
        return "date"
    if i + 1 < len(lines) and _DATE.match(lines[i + 1]) and _AGENCY.match(line):
        return "sign"
    return ""


def _agency(lines: Sequence[str]) -> str:
    """A running header's text: the issuing agency the title opens with."""
    m = re.match(r"^(.{2,20}?)关于", lines[0])
    return m.group(1) if m else lines[0][:16]


_NUMBER = re.compile(r"^\S{1,12}〔\d{4}〕\d{1,4}号$")  # a 发文字号: 国办发〔2019〕4号
_COPIES = "抄送：中共中央办公厅，全国人大常委会办公厅，全国政协办公厅。"


def _office(agency: str) -> str:
    """The office that prints an agency's documents (the 版记's 印发机关)."""
    return agency + ("秘书局" if agency.endswith("办公厅") else "办公厅")


def page_gold(gold: str, variant: str) -> str:
    """What a page of ``variant`` holds, one paragraph a line: ``gold``, and
    for ``gbt9704`` the 发文机关标志 and 发文字号 first (the document's own
    字号, moved up from under its title, else one made up) and the 版记's
    lines last (the date the document is signed, else a fixed one)."""
    if variant != "gbt9704":
        return gold
    lines = gold.split("\n")
    m = re.match(r"^(.{2,20}?)关于", lines[0])
    agency = m.group(1) if m else "国务院"  # (an order, a regulation: the State Council's)
    own = next((i for i in (1, 2) if i < len(lines) and _NUMBER.match(lines[i])), None)
    number = lines.pop(own) if own is not None else f"{agency[:2]}发〔2026〕{len(gold) % 97 + 1}号"
    date = next((ln for ln in reversed(lines) if _DATE.match(ln)), "2026年1月1日")
    return "\n".join([f"{agency}文件", number, *lines, _COPIES, f"{_office(agency)}\t{date}印发"])


def to_html(gold: str, variant: str) -> str:
    """``gold`` (one paragraph a line, the title first; for ``gbt9704`` the
    page's, see :func:`page_gold`) as a page of ``variant``."""
    lines = gold.split("\n")
    head: list[str] = []
    record: list[str] = []
    if variant == "gbt9704":
        mark, number, *lines, copies, issued = lines
        office, _, date = issued.partition("\t")
        head = [
            f'<p class="mark">{html.escape(mark)}</p>',
            f'<p class="number">{html.escape(number)}</p>',
            '<div class="red"></div>',
        ]
        record = [
            f'<div class="record"><p>{html.escape(copies)}</p>',
            f"<p>{html.escape(office)}<span>{html.escape(date)}</span></p></div>",
        ]
    size, leading = SIZES[variant]
    fonts = {"serif": FONT_SERIF, "sans": FONT_SANS, "size": size, "leading": leading}
    agency = _agency(lines).replace("\\", "").replace('"', "")
    # (the layout's own rules last: they override the common ones)
    css = _BASE_CSS % fonts + VARIANTS[variant] % {**fonts, "agency": agency}
    body = [*head, f"<h1>{html.escape(lines[0])}</h1>"]
    for i in range(1, len(lines)):
        cls = _line_class(lines, i)
        attr = f' class="{cls}"' if cls else ""
        body.append(f"<p{attr}>{html.escape(lines[i])}</p>")
    body += record
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><style>'
        + css
        + "</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def print_pdf(html_path: Path, pdf_path: Path, profile: Path) -> None:
    """``html_path`` printed to ``pdf_path`` by headless Chromium."""
    cmd = [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf_path}",
        html_path.as_uri(),
    ]
    subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    if not pdf_path.exists():
        raise RuntimeError(f"chromium printed no PDF for {html_path}")


# ---------------------------------------------------------------------------
# reading back and measuring


def canon(text: str) -> str:
    """Lines stripped, blank lines dropped: the harness's form of an output."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(ln.strip() for ln in text.split("\n") if ln.strip())


def read_back(pdf: Path, config: cleandoc.Config) -> dict[str, str]:
    """The text of ``pdf`` along each of :data:`PATHS`."""
    out: dict[str, str] = {}
    for mode in ("raw", "layout"):
        r = subprocess.run(
            ["pdftotext", f"-{mode}", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            timeout=120,
            check=True,
        )
        out[mode] = cleandoc.clean(r.stdout.decode("utf-8", "replace"), config).text
    out["pdf"] = clean_pdf(read_pages(pdf, pdf.name), pdf.name, config)[1].text
    return out


@dataclass
class Score:
    """One output against its gold."""

    chars: int
    edits: int
    broken: int
    joined: int
    han_lost: int
    han_added: int
    defects: int
    exact: bool
    breaks: list[str] = field(default_factory=list)  # a few examples of each kind, for reading
    joins: list[str] = field(default_factory=list)


def _context(text: str, at: int, width: int = 12) -> str:
    return (text[max(0, at - width) : at] + "⏎" + text[at : at + width]).replace("\n", "↵")


def score(gold: str, out: str, count_defects: Callable[[str], int]) -> Score:
    """``out`` measured against ``gold`` (see the module doc). Line breaks are
    matched through one alignment of the two texts: a break the output adds
    is a broken line, a gold break it drops a wrong join."""
    out = canon(out)
    broken, joined = 0, 0
    breaks: list[str] = []
    joins: list[str] = []
    for op in Levenshtein.editops(gold, out):
        g = gold[op.src_pos] if op.tag != "insert" else ""
        o = out[op.dest_pos] if op.tag != "delete" else ""
        if o == "\n" and g != "\n":
            broken += 1
            if len(breaks) < 5:
                breaks.append(_context(out, op.dest_pos))
        if g == "\n" and o != "\n":
            joined += 1
            if len(joins) < 5:
                joins.append(_context(gold, op.src_pos))
    g_han, o_han = Counter(HAN.findall(gold)), Counter(HAN.findall(out))
    return Score(
        chars=len(gold),
        edits=Levenshtein.distance(gold, out),
        broken=broken,
        joined=joined,
        han_lost=sum((g_han - o_han).values()),
        han_added=sum((o_han - g_han).values()),
        defects=max(0, count_defects(out) - count_defects(gold)),
        exact=out == gold,
        breaks=breaks,
        joins=joins,
    )


# ---------------------------------------------------------------------------
# the corpus


def _module(path: Path, name: str) -> ModuleType:
    """A module of the shared harness, imported by path (never copied)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def sample(docs: list[tuple[str, str]], n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` documents chosen by ``seed``, at least :data:`TABLE_DOCS` of
    them with aligned rows when the corpus has such documents."""
    if n >= len(docs):
        return docs
    rng = random.Random(seed)
    tabled = [d for d in docs if sum(1 for ln in d[1].split("\n") if ALIGNED.search(ln)) >= 3]
    chosen = rng.sample(tabled, min(TABLE_DOCS, len(tabled), n))
    rest = [d for d in docs if d not in chosen]
    chosen += rng.sample(rest, n - len(chosen))
    return sorted(chosen)


def load_sample(
    args: argparse.Namespace, bench: str
) -> tuple[list[tuple[str, str]], Callable[[str], int]] | None:
    """The sampled (name, gold) documents of the clean corpus and the shared
    defect counter, from ``args`` (--clean, --eval, --all, --sample, --seed);
    None, after saying so, when the shared corpus is not there. Both round
    trips (this one and ``ocr_roundtrip.py``) start here."""
    folders = args.clean or sorted(p for p in (SHARED / "corpus" / "clean").glob("*") if p.is_dir())
    needed = [*folders, args.eval / "corpus.py", args.eval / "defects.py"]
    missing = [str(p) for p in needed if not p.exists()]
    if not folders or missing:
        print(f"{bench}: skipped, the shared corpus is missing ({', '.join(missing) or 'no folder'})")
        return None
    corpus = _module(args.eval / "corpus.py", "corpus")
    defects = _module(args.eval / "defects.py", "defects")
    docs = [d for folder in folders for d in corpus.load(folder)]
    docs = docs if args.all else sample(docs, args.sample, args.seed)

    def count_defects(text: str) -> int:
        return int(sum(defects.count(text).values()))

    return docs, count_defects


def typeset(doc: str, variant: str, folder: Path, stem: str, profile: Path) -> tuple[str, Path, bool]:
    """Print ``doc`` as a ``variant`` page into ``folder``: the gold of that
    page, the PDF, and whether it was printed now (a kept PDF of the same
    page is reused, not printed again)."""
    gold = page_gold(doc, variant)
    folder.mkdir(parents=True, exist_ok=True)
    page, pdf = folder / f"{stem}.html", folder / f"{stem}.pdf"
    markup = to_html(gold, variant)
    if pdf.exists() and page.exists() and page.read_text("utf-8") == markup:
        return gold, pdf, False
    page.write_text(markup, "utf-8")
    pdf.unlink(missing_ok=True)
    print_pdf(page, pdf, profile)
    return gold, pdf, True


def main(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--clean", type=Path, action="append", help="clean corpus folders (default: ../shared)")
    ap.add_argument("--eval", type=Path, default=SHARED / "eval", help="corpus.py, defects.py")
    ap.add_argument("--sample", type=int, default=20, help="documents to typeset (default 20)")
    ap.add_argument("--all", action="store_true", help="every document of the corpus")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--variant", action="append", choices=sorted(VARIANTS), help="layouts (default: all)")
    ap.add_argument("--keep", type=Path, help="keep the HTML, PDFs, outputs and golds here")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args(argv)

    loaded = load_sample(args, "pdf_roundtrip")
    if loaded is None:
        return 0
    tools = [t for t in ("chromium", "pdftotext") if shutil.which(t) is None]
    if tools:
        print(f"pdf_roundtrip: skipped, {' and '.join(tools)} not on PATH")
        return 0
    docs, count_defects = loaded
    variants = args.variant or list(VARIANTS)
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
                gold, pdf, _ = typeset(doc, variant, folder, stem, profile)
                outs = read_back(pdf, config)
                row: dict[str, object] = {"doc": name, "variant": variant}
                for path in PATHS:
                    row[path] = asdict(score(gold, outs[path], count_defects))
                results.append(row)
                if args.keep:
                    (folder / f"{stem}.gold.txt").write_text(gold + "\n", "utf-8")
                    for path in PATHS:
                        (folder / f"{stem}.{path}.txt").write_text(outs[path], "utf-8")
            print(f"  {k + 1}/{len(docs)} {name[:60]}", file=sys.stderr)
    seconds = time.perf_counter() - t0
    summary = table(results, variants)
    args.out.mkdir(parents=True, exist_ok=True)
    report = {"docs": [n for n, _ in docs], "seed": args.seed, "summary": summary, "results": results}
    target = args.out / "pdf_roundtrip.json"
    target.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    _worst(results)
    print(f"{len(docs)} documents x {len(variants)} layouts in {seconds:.0f} s; per document: {target}")
    return 0


def table(
    results: list[dict[str, object]],
    variants: Sequence[str],
    paths: Sequence[str] = PATHS,
    with_all: bool = True,
) -> list[dict[str, object]]:
    """Print the figures per layout and path (and over all layouts), and
    return them. ``bench/ocr_roundtrip.py`` prints its own paths with it."""
    cols = ("docs", "exact", "edits/10k", "broken", "joined", "han-", "han+", "defects")
    width = max(7, *map(len, paths))
    print(f"{'layout':<9} {'path':<{width}} " + " ".join(f"{c:>9}" for c in cols))
    summary: list[dict[str, object]] = []
    for variant in [*variants, "all"] if with_all else variants:
        rows = [r for r in results if variant in ("all", r["variant"])]
        for path in paths:
            scores = [r[path] for r in rows]
            total = Counter[str]()
            for s in scores:
                assert isinstance(s, dict)
                total.update({k: int(v) for k, v in s.items() if isinstance(v, int | bool)})
            line = {
                "layout": variant,
                "path": path,
                "docs": len(scores),
                "exact": total["exact"],
                "edits/10k": round(total["edits"] / max(total["chars"], 1) * 1e4, 1),
                "broken": total["broken"],
                "joined": total["joined"],
                "han-": total["han_lost"],
                "han+": total["han_added"],
                "defects": total["defects"],
            }
            summary.append(line)
            print(f"{variant:<9} {path:<{width}} " + " ".join(f"{line[c]!s:>9}" for c in cols))
    return summary


def _worst(results: list[dict[str, object]], n: int = 8) -> None:
    """The documents cleandoc's PDF path reads back worst, with examples."""

    def edits(r: dict[str, object]) -> int:
        s = r["pdf"]
        assert isinstance(s, dict)
        return int(s["edits"])

    print("\nworst of the pdf path:")
    for r in sorted(results, key=edits, reverse=True)[:n]:
        s = r["pdf"]
        assert isinstance(s, dict)
        if not s["edits"]:
            break
        print(
            f"  {r['variant']:<8} {str(r['doc'])[:40]:<40} edits {s['edits']:>4} broken {s['broken']:>3}"
            f" joined {s['joined']:>3}  {' | '.join(s['breaks'][:2] + s['joins'][:2])}"
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

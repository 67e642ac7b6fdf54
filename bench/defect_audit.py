"""Defect audit: which of the defects ``../shared/eval/defects.py`` still counts
in cleandoc's output are real, and which are the counter misreading the text.

    python3 bench/defect_audit.py ../shared/corpus/dirty/web            # a folder
    python3 bench/defect_audit.py ../shared/corpus/dirty/*/ --examples 3
    python3 bench/defect_audit.py ../shared/corpus/dirty/web --left     # every unexplained one
    python3 bench/defect_audit.py ../shared/corpus/dirty/web --input    # the dirty input, uncleaned

The counter is a heuristic without the gold text. Three of its patterns fire on
things official documents write on purpose, and this script names them:

- ``cell gap``: a tab or a run of two or more spaces between a Han character
  and a digit (``全州总户籍人口      4899310``). That is a table row or an
  aligned list; a wrapped line or a typist leaves one space, never a column gap.
- ``heading then text``: a line that starts with a heading or caption marker
  (``第一节``, ``（一）``, ``专栏3``, ``表1``, ``图2``) and has no sentence
  punctuation, followed by its text. The counter only checks whether the
  *second* line is a heading.
- ``table row``: a broken line where either line is a table row (cells apart by
  tabs or wide gaps): rows end without punctuation by nature.
- ``label follows``: a broken line whose second line is a short label without
  punctuation (``单位``, ``指标名称``, ``周口市统计局`` under a title or a
  caption): a sentence cut by a page ends its paragraph with punctuation, a
  table's header cell or a signature does not.

Everything else is printed as ``left``: read it, it may be a real miss. Nothing
here changes what cleandoc does; it only sorts the counter's findings so that a
note can say which are real, with the example that shows it.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"

HEADING_OR_CAPTION = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节篇部分编条]|专栏\s*\d+|[表图]\s*\d+"
    r"|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．](?!\d)|（\d+）)"
)
SENTENCE_PUNCT = re.compile("[。；！？]")
SHORT_LABEL = re.compile(r"^[^，。；：！？、]{1,8}$")
WIDE_GAP = re.compile(r"\S(?:\t| {2,}|\u3000{2,})\S")


@dataclass(frozen=True)
class Finding:
    """One defect the counter counts, where it is, and what it is."""

    source: str
    kind: str
    line: str
    verdict: str  # "cell gap", "heading then text", "table row", "label follows" or "left"


def load_defects(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("defects", eval_dir / "defects.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"defect_audit: no defects.py in {eval_dir}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def is_table_row(line: str) -> bool:
    return "\t" in line or len(WIDE_GAP.findall(line)) >= 2


def is_heading_line(line: str) -> bool:
    return bool(HEADING_OR_CAPTION.match(line)) and not SENTENCE_PUNCT.search(line)


def pattern_findings(source: str, text: str, defects: ModuleType) -> list[Finding]:
    found = []
    for line in text.splitlines():
        for kind, pattern in defects.PATTERNS.items():
            for match in pattern.finditer(line):
                gap = match.group(0)
                wide = kind == "space-cjk-digit" and ("\t" in gap or "  " in gap or "\u3000" in gap)
                found.append(Finding(source, kind, line, "cell gap" if wide else "left"))
        for _ in range(defects.spaces_in_cjk(line)):
            found.append(Finding(source, "space-in-cjk", line, "left"))
    return found


def broken_line_findings(source: str, text: str, defects: ModuleType) -> list[Finding]:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    found = []
    for first, second in itertools.pairwise(lines):
        if not defects.broken_lines(f"{first}\n{second}"):
            continue
        if is_heading_line(first):
            verdict = "heading then text"
        elif is_table_row(first) or is_table_row(second):
            verdict = "table row"
        elif SHORT_LABEL.match(second):
            verdict = "label follows"
        else:
            verdict = "left"
        found.append(Finding(source, "broken-line", f"{first} ⏎ {second}", verdict))
    return found


def audit_text(source: str, text: str, defects: ModuleType) -> list[Finding]:
    """Every defect ``defects.count`` counts in ``text``, each with a verdict.

    The findings add up to the counter's total except for the kinds this
    script does not place on a line (merged-lines, duplicate-item): those are
    added as ``left`` with an empty line so the totals still agree."""
    found = pattern_findings(source, text, defects) + broken_line_findings(source, text, defects)
    counted = defects.count(text)
    placed = Counter(f.kind for f in found)
    for kind, n in counted.items():
        found.extend(Finding(source, kind, "", "left") for _ in range(n - placed.get(kind, 0)))
    return found


def clean(text: str) -> str:
    import cleandoc

    return cleandoc.clean(text).text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--eval", type=Path, default=SHARED / "eval", help="folder of defects.py")
    parser.add_argument("--examples", type=int, default=2, help="examples printed per verdict and kind")
    parser.add_argument("--left", action="store_true", help="print every finding left unexplained")
    parser.add_argument(
        "--input", action="store_true", help="audit the files as they are, not cleandoc's output of them"
    )
    args = parser.parse_args(argv)
    if not (args.eval / "defects.py").exists():
        print(f"defect_audit: {args.eval}/defects.py not found (pass --eval)", file=sys.stderr)
        return 2
    defects = load_defects(args.eval)
    for folder in args.folders:
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else [folder]
        findings: list[Finding] = []
        for path in files:
            text = path.read_text("utf-8", errors="replace")
            findings += audit_text(path.name, text if args.input else clean(text), defects)
        by_verdict: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for f in findings:
            by_verdict[(f.verdict, f.kind)].append(f)
        left = sum(1 for f in findings if f.verdict == "left")
        misread = len(findings) - left
        print(f"## {folder}: {len(findings)} counted, {misread} misread by the counter, {left} left")
        for (verdict, kind), group in sorted(by_verdict.items(), key=lambda kv: (kv[0][0] == "left", kv[0])):
            print(f"  {verdict:18} {kind:16} {len(group):5}")
            shown = group if (args.left and verdict == "left") else group[: args.examples]
            for f in shown:
                print(f"      {f.source}: {f.line[:150]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

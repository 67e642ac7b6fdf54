"""Peak memory and time of ``cleandoc fix --report`` against the same run
without a report (not a test): reports must stream, so the difference stays a
few MB whatever the number of documents.

    python3 bench/bench_report_memory.py                    # 6,000 documents
    python3 bench/bench_report_memory.py --docs 60000 --formats json,html
    python3 bench/bench_report_memory.py --docs 60000 --select P   # fewer rules: quicker

The documents are generated from the real clean documents shipped in
tests/data/real, each damaged a little (ASCII commas, a broken line, a
repeated line) so that every rule family has something to record. They are
written as one folder of files. Each case runs ``cleandoc fix --dry-run -q``
in a fresh wrapper process and reads the peak RSS of the largest process of
the run (the CLI or a worker) from ``RUSAGE_CHILDREN``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_memory import measure

REAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "real" / "clean"


def damage(text: str, i: int) -> str:
    """A clean document with a few defects the rules repair (so the report
    has changes of several families to hold)."""
    lines = text.split("\n")
    if len(lines) > 6:
        k = 3 + i % (len(lines) - 5)
        lines.insert(k + 1, lines[k])  # a repeated paragraph (D)
        cut = lines[2]
        if len(cut) > 30:
            lines[2] = cut[:20] + "\n" + cut[20:]  # a line broken mid-sentence (L)
    return "\n".join(lines).replace("，", ",", 5)  # half-width commas (P)


def make_folder(path: Path, count: int) -> int:
    docs = [p.read_text(encoding="utf-8") for p in sorted(REAL.rglob("*.txt"))]
    size = 0
    for i in range(count):
        sub = path / f"d{i // 1000:04d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        data = damage(docs[i % len(docs)], i).encode("utf-8")
        (sub / f"{i:06d}.txt").write_bytes(data)
        size += len(data)
    return size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=6000, help="documents to generate")
    ap.add_argument("--formats", default="json,jsonl,html", help="report formats to measure")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--select", default=None, help="pass --select to cleandoc (default: all rules)")
    ap.add_argument("--tmp", default=None, help="where to generate the inputs (default: system temp)")
    opts = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cleandoc-bench-report-", dir=opts.tmp))
    rows = []
    try:
        folder = work / "in"
        mb = make_folder(folder, opts.docs) / 1e6
        extra = ["--select", opts.select] if opts.select else []
        base = ["fix", "--dry-run", "-q", "--jobs", str(opts.jobs), *extra, str(folder)]
        rows.append({"case": "no report", **measure(base)})
        for fmt in [f.strip() for f in opts.formats.split(",") if f.strip()]:
            path = work / f"r.{fmt}"
            r = measure([*base, "--report", str(path)])
            rows.append({"case": f"--report r.{fmt}", "report_mb": path.stat().st_size / 1e6, **r})
            path.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rules = opts.select or "all"
    print(f"{opts.docs} documents ({mb:.0f} MB), jobs={opts.jobs}, rules={rules}, nproc={os.cpu_count()}")
    print(f"{'case':20} {'exit':>4} {'seconds':>8} {'peak RSS MB':>12} {'vs none':>8} {'report MB':>10}")
    none = rows[0]["peak_rss_mb"]
    for row in rows:
        report_mb = f"{row['report_mb']:.0f}" if "report_mb" in row else "-"
        print(
            f"{row['case']:20} {row['rc']:>4} {row['seconds']:>8.1f} {row['peak_rss_mb']:>12.0f} "
            f"{row['peak_rss_mb'] - none:>+8.0f} {report_mb:>10}"
        )


if __name__ == "__main__":
    sys.exit(main())

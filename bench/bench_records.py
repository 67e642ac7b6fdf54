"""Peak memory and throughput of ``cleandoc fix`` on JSONL records (issue 15;
not a test): memory must stay flat as the number of records grows.

    python3 bench/bench_records.py                        # 10 and 100 MB, --jobs 1 and 2
    python3 bench/bench_records.py --mb 10 --mb 1000 --jobs 2
    python3 bench/bench_records.py --mb 50 --gzip
    python3 bench/bench_records.py --mb 1000 --jobs 2 --select P --no-bundle   # memory at 1 GB

Each size is one JSONL file of records ``{"id", "text", "meta"}`` whose texts
cycle through about 5 MB of dirty documents from bench/corpus_gen.py (real
documents dirtied by the quality harness when ../shared is there), so every
size has the same mix of text. Each case runs ``cleandoc fix -q --output TMP
--jobs N`` in a fresh process (bench/proc.py: wall time, peak RSS of the
largest process and of the whole process tree), then checks that the output
has as many lines as the input. For reference, the same texts are also
cleaned as a bundle (the text path) of the same size: the ratio of the two
is what reading and writing records costs, whatever the machine's load.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_gen as gen
import proc

POOL_BYTES = 5 * gen.MB  # distinct dirty text the records cycle through


def write_jsonl(path: Path, megabytes: float, texts: list[str], compress: bool) -> int:
    """A JSONL file of about ``megabytes`` MB (uncompressed); returns the record count."""
    target = int(megabytes * gen.MB)
    size = n = 0
    with gzip.open(path, "wb", compresslevel=1) if compress else path.open("wb") as fh:
        while size < target:
            record = {"id": n, "text": texts[n % len(texts)], "meta": {"source": "bench", "n": n}}
            data = (json.dumps(record, ensure_ascii=False) + "\n").encode()
            fh.write(data)
            size += len(data)
            n += 1
    return n


def write_bundle(path: Path, megabytes: float, texts: list[str]) -> int:
    """The same texts, in the same order and amount, as one bundle."""
    target = int(megabytes * gen.MB)
    size = n = 0
    with path.open("wb") as fh:
        while size < target:
            text = texts[n % len(texts)]
            body = text if text.endswith("\n") else text + "\n"
            data = f"<<<FILE>>> doc-{n}\n{body}<<<END>>>\n".encode()
            fh.write(data)
            size += len(data)
            n += 1
    return n


def count_lines(path: Path) -> int:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        return sum(1 for _ in fh)


def fix_command(src: Path, out: Path, jobs: int, extra: list[str]) -> list[str]:
    """``cleandoc fix`` of ``src`` into ``out``: the same run for records and the bundle."""
    return [
        sys.executable,
        "-m",
        "cleandoc",
        "fix",
        "-q",
        "--jobs",
        str(jobs),
        *extra,
        str(src),
        "-o",
        str(out),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--mb", type=float, action="append", help="JSONL sizes in MB (repeatable; default 10, 100)"
    )
    ap.add_argument("--jobs", type=int, action="append", help="--jobs values (repeatable; default 1, 2)")
    ap.add_argument("--gzip", action="store_true", help="write and clean .jsonl.gz instead")
    ap.add_argument("--tmp", default=None, help="where to generate the inputs (default: system temp)")
    ap.add_argument("--timeout", type=float, default=3600.0)
    ap.add_argument("--select", default=None, help="pass --select to cleandoc (default: all rules)")
    ap.add_argument("--no-bundle", action="store_true", help="skip the bundle of the same texts")
    opts = ap.parse_args()
    sizes = opts.mb or [10.0, 100.0]
    extra = ["--select", opts.select] if opts.select else []
    jobs_list = opts.jobs or [1, 2]
    texts = [d.text for d in gen.take(gen.Sources.load(), POOL_BYTES, seed=15)]
    work = Path(tempfile.mkdtemp(prefix="cleandoc-bench-records-", dir=opts.tmp))
    rows = []
    try:
        for mb in sizes:
            src = work / ("records.jsonl.gz" if opts.gzip else "records.jsonl")
            count = write_jsonl(src, mb, texts, opts.gzip)
            for jobs in jobs_list:
                out = work / f"out-{jobs}"
                run = proc.run(fix_command(src, out, jobs, extra), opts.timeout)
                ok = run.returncode == 0 and count_lines(out / src.name) == count
                rows.append((f"{mb:.0f} MB, {count} records", jobs, run, mb, ok))
                shutil.rmtree(out, ignore_errors=True)
            src.unlink()
            if opts.no_bundle:
                continue
            bundle = work / "bundle.txt"
            docs = write_bundle(bundle, mb, texts)
            for jobs in jobs_list:
                out = work / f"out-{jobs}"
                run = proc.run(fix_command(bundle, out, jobs, extra), opts.timeout)
                rows.append((f"{mb:.0f} MB bundle, {docs} docs", jobs, run, mb, run.returncode == 0))
                shutil.rmtree(out, ignore_errors=True)
            bundle.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"rules: {opts.select or 'all'}{', gzip' if opts.gzip else ''}")
    print(f"{'input':32} {'jobs':>4} {'ok':>3} {'seconds':>8} {'MB/s':>6} {'largest MB':>10} {'tree MB':>8}")
    for name, jobs, run, mb, ok in rows:
        print(
            f"{name:32} {jobs:>4} {'yes' if ok else 'NO':>3} {run.seconds:>8.1f} {mb / run.seconds:>6.2f} "
            f"{run.max_rss_mb:>10.0f} {run.tree_rss_mb:>8.0f}"
        )


if __name__ == "__main__":
    main()

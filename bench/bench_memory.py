"""Peak memory and throughput of ``cleandoc fix`` on a large bundle and a
large folder, generated from ../shared/corpus/clean (not a test).

    python3 bench/bench_memory.py                       # 20 MB bundle, 2,000 files
    python3 bench/bench_memory.py --bundle-mb 100 --files 100000 --jobs 2
    python3 bench/bench_memory.py --select P --bundle-mb 1000
    python3 bench/bench_memory.py --bundle-mb 0 --files 0 --plain-mb 10,100,1000   # one plain document

A plain (non-bundle) file is one document: up to reader.MAX_DOCUMENT_CHARS
characters it is cleaned whole (peak RSS grows with it, about 26x the file),
beyond that it is refused while being read (exit 2), in bounded memory.

Each case runs ``cleandoc fix -q --output TMP`` in a fresh process; peak RSS
is the largest of that process and its workers (``RUSAGE_CHILDREN``, measured
in a wrapper process per case so cases do not mix).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "clean"


def corpus() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*")) if p.is_file()]


def make_bundle(path: Path, megabytes: float) -> int:
    docs = corpus()
    target = int(megabytes * 1e6)
    size = i = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < target:
            # A few ASCII commas so that the real rules have something to do.
            piece = f"<<<FILE>>> doc-{i}\n{docs[i % len(docs)].replace('，', ',', 3)}\n<<<END>>>\n"
            fh.write(piece)
            size += len(piece.encode("utf-8"))
            i += 1
    return i


def make_plain(path: Path, megabytes: float) -> int:
    """One document (no bundle markers): corpus documents one after another."""
    docs = corpus()
    target = int(megabytes * 1e6)
    size = i = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < target:
            piece = docs[i % len(docs)].replace("，", ",", 3) + "\n"
            fh.write(piece)
            size += len(piece.encode("utf-8"))
            i += 1
    return i


def make_folder(path: Path, files: int) -> int:
    docs = corpus()
    for i in range(files):
        sub = path / f"d{i // 1000:04d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:06d}.txt").write_text(docs[i % len(docs)].replace("，", ",", 3), encoding="utf-8")
    return files


def measure(args: list[str]) -> dict[str, float]:
    """Run ``cleandoc ARGS`` in a child wrapper and return its peak RSS and time."""
    code = (
        "import resource, subprocess, sys, time, json;"
        "t = time.perf_counter();"
        "cmd = [sys.executable, '-m', 'cleandoc', *sys.argv[1:]];"
        "rc = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode;"
        "dt = time.perf_counter() - t;"
        "print(json.dumps({'rc': rc, 'seconds': dt,"
        " 'peak_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
    )
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bundle-mb", type=float, default=20.0, help="size of the generated bundle (0: skip)")
    ap.add_argument("--files", type=int, default=2000, help="files in the generated folder (0: skip)")
    ap.add_argument(
        "--plain-mb", default="", help="sizes (MB, comma-separated) of single plain documents to measure"
    )
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--select", default=None, help="pass --select to cleandoc (default: all rules)")
    ap.add_argument("--tmp", default=None, help="where to generate the inputs (default: system temp)")
    opts = ap.parse_args()
    extra = ["--select", opts.select] if opts.select else []
    work = Path(tempfile.mkdtemp(prefix="cleandoc-bench-", dir=opts.tmp))
    rows = []
    try:
        if opts.bundle_mb > 0:
            bundle = work / "bundle.txt"
            docs = make_bundle(bundle, opts.bundle_mb)
            mb = bundle.stat().st_size / 1e6
            r = measure(
                ["fix", "-q", "--jobs", str(opts.jobs), *extra, str(bundle), "-o", str(work / "out-b")]
            )
            rows.append({"case": f"bundle {mb:.0f} MB ({docs} docs)", "mb": mb, **r})
        for size in [float(x) for x in opts.plain_mb.split(",") if x.strip()]:
            plain = work / f"plain-{size:g}.txt"
            make_plain(plain, size)
            mb = plain.stat().st_size / 1e6
            r = measure(
                ["fix", "-q", "--jobs", str(opts.jobs), *extra, str(plain), "-o", str(work / "out-p")]
            )
            rows.append({"case": f"plain document {mb:.0f} MB", "mb": mb, **r})
            plain.unlink()
        if opts.files > 0:
            folder = work / "folder"
            make_folder(folder, opts.files)
            mb = sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6
            r = measure(
                ["fix", "-q", "--jobs", str(opts.jobs), *extra, str(folder), "-o", str(work / "out-f")]
            )
            rows.append({"case": f"folder {opts.files} files ({mb:.0f} MB)", "mb": mb, **r})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"nproc={os.cpu_count()} jobs={opts.jobs} rules={opts.select or 'all'}")
    print(f"{'case':40} {'exit':>4} {'seconds':>9} {'MB/s':>7} {'peak RSS MB':>12}")
    for row in rows:
        print(
            f"{row['case']:40} {row['rc']:>4} {row['seconds']:>9.1f} "
            f"{row['mb'] / row['seconds']:>7.2f} {row['peak_rss_mb']:>12.0f}"
        )


if __name__ == "__main__":
    main()

"""--jobs spreads the documents of a single large bundle over worker
processes; the output is byte-identical to one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleandoc import runner
from cleandoc.config import Config
from cleandoc.reader import iter_sources

SEEDS = sorted((Path(__file__).resolve().parent.parent / "samples").glob("seed-00?.txt"))


def _bundle(path: Path, copies: int) -> bytes:
    parts = ["outside text stays\n"]
    for i in range(copies):
        for seed in SEEDS:
            parts.append(f"<<<FILE>>> {i:03d}/{seed.name}\n{seed.read_text(encoding='utf-8')}<<<END>>>\n")
    data = "".join(parts).encode("utf-8")
    path.write_bytes(data)
    return data


def _fix(path: Path, jobs: int) -> tuple[bytes, int]:
    sources = [s for s in iter_sources([str(path)], ("*.txt",), ()) if not isinstance(s, Exception)]
    reports = list(runner.run(sources, runner.Job(Config(), write=True), jobs))
    return path.read_bytes(), sum(len(r.outcomes) for r in reports)


def test_documents_of_one_bundle_spread_over_workers_give_the_same_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, many = tmp_path / "one.txt", tmp_path / "many.txt"
    original = _bundle(one, 6)
    _bundle(many, 6)
    monkeypatch.setattr(runner, "DOC_POOL_MIN_BYTES", 0)
    used: list[int] = []
    real = runner._cleaned_segments

    def spy(segments, config, display, pool, review=None):  # type: ignore[no-untyped-def]
        used.append(pool.workers if pool else 1)
        return real(segments, config, display, pool, review)

    monkeypatch.setattr(runner, "_cleaned_segments", spy)
    out_one, docs_one = _fix(one, 1)
    out_many, docs_many = _fix(many, 2)
    assert used == [1, 2]
    assert out_one != original
    assert out_many == out_one
    assert docs_one == docs_many == 12


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found |= {int(x) for x in task.read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    docs = tmp_path / "docs"
    docs.mkdir()
    seed = SEEDS[0].read_text(encoding="utf-8")
    for i in range(400):
        (docs / f"{i:04d}.txt").write_text(seed, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleandoc", "fix", "-q", "--jobs", "2", str(docs)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the worker processes did not start"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers), "orphaned worker processes"
    finally:
        if proc.poll() is None:
            proc.kill()

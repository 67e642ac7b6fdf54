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


# ---------------------------------------------------------------- interrupts (issue 17)


def _interrupt_folder(root: Path, files: int) -> dict[Path, bytes]:
    """Small documents for the test rule, then two that keep a worker busy in C."""
    import reliability_helpers as h

    root.mkdir()
    old = {}
    for i in range(files):
        path = root / f"{i:03d}.txt"
        path.write_text(f"第{i}份@文件\n", encoding="utf-8")
        old[path] = path.read_bytes()
    for name in ("zz-slow-1.txt", "zz-slow-2.txt"):
        path = root / name
        path.write_text(f"{h.SLOW_MARK}@\n", encoding="utf-8")
        old[path] = path.read_bytes()
    return old


def _interrupt_once(root: Path, old: dict[Path, bytes], signum: int, delay: float) -> float:
    """Run fix --jobs 2 over ``root``, send ``signum`` ``delay`` seconds after
    its workers exist; check exit 130, every file old or new, no temp file.
    Return the seconds from the signal to the exit."""
    import signal
    import subprocess
    import time

    import reliability_helpers as h

    proc = subprocess.Popen(
        h.entry_argv("fix", "--select", f"{h.CODE},{h.SLOW_CODE}", "-q", "--jobs", "2", str(root)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(_children(proc.pid)) < 2 and proc.poll() is None:
            time.sleep(0.01)
        time.sleep(delay)
        sent = time.monotonic()
        proc.send_signal(signum)
        try:
            _, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - the failure shown below
            proc.kill()
            _, err = proc.communicate()
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:  # pragma: no cover
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, (signal.Signals(signum).name, delay, proc.returncode, err.decode()[-800:])
    assert b"Traceback" not in err, err.decode()[-800:]
    for path, data in old.items():
        new = h.expected(data.decode("utf-8")).encode("utf-8")
        assert path.read_bytes() in (data, new), f"{path} is neither old nor new"
    leftovers = sorted(p.name for p in root.iterdir() if p not in old)
    assert not leftovers, leftovers
    return took


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_sigint_and_sigterm_at_random_moments_end_the_run_promptly(tmp_path: Path) -> None:
    """Issue 17: 30 runs of fix --jobs 2, each interrupted (SIGINT or SIGTERM,
    alternately) at a random moment: while small files are being cleaned and
    written by the workers, or while both workers are deep inside a regular
    expression that no signal handler can interrupt. Each run ends with exit
    130 within 2 s, leaves every file old or new, and no temp file."""
    import random
    import shutil
    import signal
    from concurrent.futures import ThreadPoolExecutor

    rng = random.Random(17)
    plan = [
        (run, signal.SIGINT if run % 2 == 0 else signal.SIGTERM, rng.uniform(0.0, 0.5)) for run in range(30)
    ]

    def one(run: int, signum: int, delay: float) -> float:
        root = tmp_path / f"run{run}"
        old = _interrupt_folder(root, 40)
        took = _interrupt_once(root, old, signum, delay)
        shutil.rmtree(root)
        return took

    with ThreadPoolExecutor(2) as two_at_a_time:  # each run is mostly interpreter start-up
        took = list(two_at_a_time.map(lambda p: one(*p), plan))
    assert len(took) == 30 and max(took) < 2.0, f"the slowest interrupted run took {max(took):.2f} s to end"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_interrupt_while_both_workers_are_inside_one_long_computation(tmp_path: Path) -> None:
    # Both workers inside the slow rule (25 s of C each): before the fix the
    # main process waited for them at shutdown.
    import signal

    root = tmp_path / "docs"
    old = _interrupt_folder(root, 0)
    took = _interrupt_once(root, old, signal.SIGTERM, 0.5)
    assert took < 2.0, f"{took:.2f} s from SIGTERM to the exit"


def test_stop_waits_for_the_pool_manager_thread() -> None:
    """``runner._stop`` joins the pool's manager thread, which closes its
    wakeup pipe: left running at exit, CPython 3.11's exit hook could write to
    that pipe as it closed ("Bad file descriptor", seen in a CI run). The
    thread is taken before ``shutdown()``, which forgets it."""
    import time
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(2)
    executor.submit(time.sleep, 5)
    deadline = time.monotonic() + 10
    while not executor._processes and time.monotonic() < deadline:  # workers start lazily
        time.sleep(0.01)
    manager = executor._executor_manager_thread
    assert manager is not None
    runner._stop(executor)
    assert not manager.is_alive()

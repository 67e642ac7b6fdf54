"""Run a command as users run it and measure it: wall time, peak RSS of the
largest process (from wait4, which covers the reaped worker processes too),
and the peak of the summed RSS of the whole process tree (sampled from /proc,
because --jobs N runs N workers at once). A case that passes its timeout is
killed (its own process group, nothing else) and reported as timed out."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
SAMPLE_EVERY = 0.1  # seconds: often enough for a peak, cheap on a shared machine


@dataclass
class Run:
    cmd: list[str]
    seconds: float
    returncode: int | None  # None: killed at the timeout
    timed_out: bool
    cpu_seconds: float  # user + system, the process and its reaped workers
    max_rss_mb: float  # largest single process
    tree_rss_mb: float  # largest sum over the process tree (sampled)
    stdout: str
    stderr: str

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["stdout"] = d["stdout"][-2000:]
        d["stderr"] = d["stderr"][-2000:]
        return d


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: fields start after the last ')'
        fields = stat[stat.rindex(b")") + 2 :].split()
        kids.setdefault(int(fields[1]), []).append(int(entry.name))
    return kids


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss_kb(root: int) -> int:
    kids = _children_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kb(pid)
        todo.extend(kids.get(pid, ()))
    return total


def run(cmd: list[str], timeout: float, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"cdbench-{os.getpid()}-{time.monotonic_ns()}"
    with open(f"{out_path}.out", "w+b") as out, open(f"{out_path}.err", "w+b") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd, env=env, start_new_session=True)
        peak_tree = 0
        timed_out = False
        status = 0
        usage = None
        next_sample = t0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter()
            if now - t0 > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)  # the group of the process we started
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            if now >= next_sample:
                peak_tree = max(peak_tree, tree_rss_kb(proc.pid))
                next_sample = now + SAMPLE_EVERY
            time.sleep(0.005)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4 above
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    max_rss = usage.ru_maxrss / 1024 if usage else 0.0
    return Run(
        cmd=cmd,
        seconds=seconds,
        returncode=None if timed_out else proc.returncode,
        timed_out=timed_out,
        cpu_seconds=usage.ru_utime + usage.ru_stime if usage else 0.0,
        max_rss_mb=max_rss,
        tree_rss_mb=max(peak_tree / 1024, max_rss),
        stdout=stdout,
        stderr=stderr,
    )

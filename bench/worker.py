"""In-process measurements, each run in its own subprocess by run.py (so a
case can be killed at its timeout and its peak memory is its own).

    python3 bench/worker.py clean FILE            time cleandoc.clean per document
    python3 bench/worker.py tool NAME FILE        the same for autocorrect / ftfy
    python3 bench/worker.py recheck FILE          time cleandoc.clean on its own output
    python3 bench/worker.py rules FILE            time every rule inside the real pipeline
    python3 bench/worker.py profile FILE OUT      cProfile: whole pipeline and per family
    python3 bench/worker.py damage FILE           what each tool changes in clean documents

FILE is a bundle (``<<<FILE>>>`` ... ``<<<END>>>``) or one plain document.
Prints one JSON object on stdout. Timings cover only the cleaning call, not
reading or splitting, so they compare tools on the work itself.
"""

from __future__ import annotations

import cProfile
import dataclasses
import difflib
import io
import json
import pstats
import re
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

FAMILY_OF_MODULE = {
    "chars.py": "C",
    "lines.py": "L",
    "spacing.py": "S",
    "punctuation.py": "P",
    "headings.py": "H",
    "deduplicator.py": "D",
}


def load_docs(path: Path) -> list[str]:
    from cleandoc.reader import decode, split_bundle

    text = decode(path.read_bytes(), str(path)).text
    return [s.text for s in split_bundle(text, str(path)) if s.name is not None]


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def warm_up(docs: Sequence[str], fn: Callable[[str], object]) -> None:
    """Not timed: lazy imports and first-use regex compilation are a one-off
    cost that would otherwise dominate the small scaling steps."""
    if docs:
        fn(docs[0][:2000])


CPU_SECONDS: list[float] = []  # CPU time of the last _timed_run (robust to other load on the machine)


def _timed_run(docs: Sequence[str], fn: Callable[[str], object]) -> float:
    c0 = time.process_time()
    t0 = time.perf_counter()
    for d in docs:
        fn(d)
    wall = time.perf_counter() - t0
    CPU_SECONDS[:] = [time.process_time() - c0]
    return wall


def cmd_clean(path: Path) -> dict[str, Any]:
    return _time_clean(load_docs(path))


def _time_clean(docs: Sequence[str]) -> dict[str, Any]:
    """``cleandoc.clean`` timed over ``docs``, with how many changes it made
    and in how many documents."""
    import cleandoc

    config = cleandoc.Config()
    warm_up(docs, lambda t: cleandoc.clean(t, config))
    changes = changed = 0

    def one(text: str) -> None:
        nonlocal changes, changed
        made = len(cleandoc.clean(text, config).changes)
        changes += made
        changed += made > 0

    seconds = _timed_run(docs, one)
    return _summary(docs, seconds) | {"changes": changes, "docs_changed": changed}


def tool_fn(name: str) -> Callable[[str], str]:
    if name == "autocorrect":
        import autocorrect_py

        fmt: Callable[[str], str] = autocorrect_py.format
        return fmt
    if name == "ftfy":
        import ftfy

        return ftfy.fix_text
    if name == "cleandoc":
        import cleandoc

        config = cleandoc.Config()
        return lambda text: cleandoc.clean(text, config).text
    raise SystemExit(f"unknown tool {name}")


def cmd_tool(name: str, path: Path) -> dict[str, Any]:
    fn = tool_fn(name)
    docs = load_docs(path)
    warm_up(docs, fn)
    changed = 0

    def one(text: str) -> None:
        nonlocal changed
        changed += fn(text) != text

    seconds = _timed_run(docs, one)
    return _summary(docs, seconds) | {"docs_changed": changed}


def cmd_recheck(path: Path) -> dict[str, Any]:
    """``cleandoc.clean`` on documents it has already cleaned (not timed): every
    rule runs once and finds nothing to do. The least a run of the engine
    costs, and what ``cleandoc check`` costs on a corpus that passes; a dirty
    document pays at least this twice (the pass that changes it and the pass
    that confirms the fixed point). ``docs_changed`` is 0 unless cleaning is
    not idempotent."""
    import cleandoc

    config = cleandoc.Config()
    return _time_clean([cleandoc.clean(d, config).text for d in load_docs(path)])


def _summary(docs: Sequence[str], seconds: float) -> dict[str, Any]:
    nbytes = sum(len(d.encode()) for d in docs)
    cpu = CPU_SECONDS[0] if CPU_SECONDS else None
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "cpu_mb_s": nbytes / 1e6 / cpu if cpu else None,
        "bytes": nbytes,
        "docs": len(docs),
        "mb_s": nbytes / 1e6 / seconds if seconds else None,
        "maxrss_mb": maxrss_mb(),
    }


def _wrap_rules(make: Callable[[Any], Callable[..., Any]]) -> Callable[[], None]:
    """Replace every registered rule's function by ``make(rule)``; return an undo."""
    from cleandoc import rules as registry

    registry.all_rules()  # import the rule modules so they register
    saved = dict(registry._REGISTRY)
    for code, r in saved.items():
        registry._REGISTRY[code] = dataclasses.replace(r, fix=make(r))

    def undo() -> None:
        registry._REGISTRY.clear()
        registry._REGISTRY.update(saved)

    return undo


def cmd_rules(path: Path) -> dict[str, Any]:
    """Seconds spent in each rule during full clean() runs; the rest is the
    pipeline's own work (sorting, applying edits, offset maps)."""
    import cleandoc

    stats: dict[str, dict[str, Any]] = {}

    def make(r: Any) -> Callable[..., Any]:
        entry = stats.setdefault(r.code, {"name": r.name, "seconds": 0.0, "calls": 0, "proposed": 0})
        fn = r.fix

        def timed(text: str, config: Any) -> Any:
            t0 = time.perf_counter()
            out = fn(text, config)
            entry["seconds"] += time.perf_counter() - t0
            entry["calls"] += 1
            entry["proposed"] += len(out)
            return out

        return timed

    docs = load_docs(path)
    config = cleandoc.Config()
    warm_up(docs, lambda t: cleandoc.clean(t, config))
    undo = _wrap_rules(make)
    try:
        total = _timed_run(docs, lambda t: cleandoc.clean(t, config))
    finally:
        undo()
    families: dict[str, float] = {}
    for code, s in stats.items():
        families[code[0]] = families.get(code[0], 0.0) + s["seconds"]
    in_rules = sum(families.values())
    return _summary(docs, total) | {
        "rules": stats,
        "families": families,
        "pipeline_overhead_seconds": total - in_rules,
    }


def _top(prof: cProfile.Profile, n: int) -> list[dict[str, Any]]:
    st = pstats.Stats(prof, stream=io.StringIO())
    rows = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in st.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{_short(filename)}:{line}({func})",
                "calls": ncalls,
                "tottime": round(tottime, 4),
                "cumtime": round(cumtime, 4),
            }
        )
    rows.sort(key=lambda r: r["tottime"], reverse=True)
    return rows[:n]


def _short(filename: str) -> str:
    for marker in ("/cleandoc/", "/site-packages/", "/lib/python3"):
        if marker in filename:
            return filename[filename.index(marker) + 1 :]
    return filename


def cmd_profile(path: Path, out: Path) -> dict[str, Any]:
    """Two passes: the whole pipeline under one profiler, then each family's
    rules under a profiler of their own (so helpers such as ``re`` or
    rapidfuzz are charged to the family that called them)."""
    import cleandoc

    docs = load_docs(path)
    config = cleandoc.Config()
    warm_up(docs, lambda t: cleandoc.clean(t, config))
    whole = cProfile.Profile()
    whole.enable()
    for d in docs:
        cleandoc.clean(d, config)
    whole.disable()
    whole.dump_stats(str(out))

    profilers: dict[str, cProfile.Profile] = {}

    def make(r: Any) -> Callable[..., Any]:
        prof = profilers.setdefault(r.code[0], cProfile.Profile())
        fn = r.fix

        def profiled(text: str, config: Any) -> Any:
            prof.enable()
            try:
                return fn(text, config)
            finally:
                prof.disable()

        return profiled

    undo = _wrap_rules(make)
    try:
        for d in docs:
            cleandoc.clean(d, config)
    finally:
        undo()
    return {
        "pstats": str(out),
        "whole": _top(whole, 20),
        "families": {fam: _top(p, 8) for fam, p in sorted(profilers.items())},
    }


HALF_OF = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?", "“": '"', "”": '"'}
HAN_DIGIT = re.compile(r"[\u4e00-\u9fff] [0-9]|[0-9] [\u4e00-\u9fff]")


def _first_line_change(old: str, new: str, wanted: Callable[[str, str], bool]) -> dict[str, str] | None:
    """The first changed line where ``wanted(old_piece, new_piece)`` holds."""
    for o, n in zip(old.split("\n"), new.split("\n"), strict=False):
        if o == n:
            continue
        sm = difflib.SequenceMatcher(None, o, n, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag != "equal" and wanted(o[max(0, i1 - 1) : i2 + 1], n[max(0, j1 - 1) : j2 + 1]):
                before, after = o[max(0, i1 - 12) : i2 + 12], n[max(0, j1 - 12) : j2 + 12]
                return {"before": before, "after": after}
    return None


def _ascii_punct(o: str, n: str) -> bool:
    return any(fw in o and half in n and fw not in n for fw, half in HALF_OF.items())


def _han_digit_space(o: str, n: str) -> bool:
    return bool(HAN_DIGIT.search(n)) and not HAN_DIGIT.search(o)


def cmd_damage(path: Path) -> dict[str, Any]:
    """Run every tool on documents that are already clean: each change is damage.
    Counts documents and lines changed, and finds one concrete example of the
    two typical harms (full-width punctuation made ASCII, spaces put between
    Han characters and digits)."""
    docs = load_docs(path)
    out: dict[str, Any] = {"docs": len(docs)}
    for name in ("cleandoc", "autocorrect", "ftfy"):
        try:
            fn = tool_fn(name)
        except ImportError as err:
            out[name] = {"error": str(err)}
            continue
        docs_changed = lines_changed = lines_total = 0
        examples: dict[str, dict[str, str] | None] = {"ascii_punctuation": None, "han_digit_space": None}
        for d in docs:
            new = fn(d)
            old_lines, new_lines = d.split("\n"), new.split("\n")
            lines_total += len(old_lines)
            if new == d:
                continue
            docs_changed += 1
            lines_changed += sum(o != n for o, n in zip(old_lines, new_lines, strict=False))
            lines_changed += abs(len(old_lines) - len(new_lines))
            for kind, test in (("ascii_punctuation", _ascii_punct), ("han_digit_space", _han_digit_space)):
                if examples[kind] is None:
                    examples[kind] = _first_line_change(d, new, test)
        out[name] = {
            "docs_changed": docs_changed,
            "lines_changed": lines_changed,
            "lines_total": lines_total,
            "examples": examples,
        }
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, *args = argv
    # every tool runs with the garbage collector set as the cleandoc CLI sets
    # it (cleandoc.runner.tune_gc): what a user of the CLI gets, and the same
    # for the tools it is compared with
    from cleandoc.runner import tune_gc

    tune_gc()
    if cmd == "clean":
        result = cmd_clean(Path(args[0]))
    elif cmd == "tool":
        result = cmd_tool(args[0], Path(args[1]))
    elif cmd == "recheck":
        result = cmd_recheck(Path(args[0]))
    elif cmd == "rules":
        result = cmd_rules(Path(args[0]))
    elif cmd == "damage":
        result = cmd_damage(Path(args[0]))
    elif cmd == "profile":
        result = cmd_profile(Path(args[0]), Path(args[1]))
    else:
        print(f"unknown command {cmd}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

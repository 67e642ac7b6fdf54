"""Before/after fixture pairs as data: ``tests/data/<family>/<case>.in.txt``
and ``<case>.out.txt``; ``noop_*`` cases must come back byte-identical and
record no change. Shared by the rule families' tests."""

from __future__ import annotations

from pathlib import Path

import cleandoc
from cleandoc.config import Config

DATA = Path(__file__).parent / "data"


def cases(family: str) -> list[str]:
    return sorted(p.name.removesuffix(".in.txt") for p in (DATA / family).glob("*.in.txt"))


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def check_case(family: str, case: str, config: Config) -> None:
    """The case's input cleans to its output, once and for all (idempotent)."""
    src = read(DATA / family / f"{case}.in.txt")
    expected = read(DATA / family / f"{case}.out.txt")
    result = cleandoc.clean(src, config)
    assert result.text == expected
    assert cleandoc.clean(result.text, config).text == result.text  # idempotent
    if case.startswith("noop_"):
        assert src == expected and not result.changes


def check_pairs_complete(family: str) -> None:
    names = cases(family)
    assert names
    for case in names:
        assert (DATA / family / f"{case}.out.txt").is_file(), case

"""Where the tests find real documents.

- ``REAL``: documents shipped in ``tests/data/real`` (sources in its
  SOURCES.md): always there, on a machine that has only this repository.
- ``../shared`` beside the checkout (or ``$CLEANDOC_SHARED``): the project's
  full corpus, dirty extractions and quality harness. A test that needs it
  calls :func:`shared_path`, which skips with a reason saying what is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(__file__).resolve().parent / "data" / "real"
SAMPLES = ROOT / "samples"
SHARED = Path(os.environ.get("CLEANDOC_SHARED") or ROOT.parent / "shared")


def shared_path(*parts: str) -> Path:
    """``SHARED/parts...``, or skip the test saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"needs {'/'.join(parts) or 'the shared folder'} from ../shared (not beside this checkout)"
        )
    return path


def shared_files(*globs: str) -> list[Path]:
    """The files of ``SHARED`` matching ``globs`` (empty when it is missing)."""
    return sorted(p for g in globs for p in SHARED.glob(g) if p.is_file() and not p.name.startswith("_"))


def real_clean_docs() -> Iterator[tuple[str, str]]:
    """(name, text) of the real, already clean documents shipped with the tests."""
    for path in sorted((REAL / "clean").rglob("*")):
        if path.suffix in (".txt", ".md"):
            yield path.name, path.read_text(encoding="utf-8")


def clean_corpus_docs() -> Iterator[tuple[str, str]]:
    """(name, text) of the whole clean corpus when ``../shared`` is there,
    else of the shipped quarter of it."""
    folder = SHARED / "corpus" / "clean"
    paths = sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md")) if folder.is_dir() else []
    if not paths:
        yield from real_clean_docs()
        return
    for path in paths:
        yield path.name, path.read_text(encoding="utf-8")

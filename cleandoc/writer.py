"""Write cleaned sources back: atomically, in their own encoding and newline
style, never outside the output folder, and never when nothing changed."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cleandoc.reader import InputError


def encode(text: str, encoding: str, newline: str, display: str) -> bytes:
    """Encode ``text`` (with \\n newlines) for writing; a character the
    encoding cannot hold is an error naming the file and line, never a ``?``."""
    if newline != "\n":
        text = text.replace("\n", newline)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as err:
        line = text[: err.start].count("\n") + 1
        bad = text[err.start : err.end]
        raise InputError(
            f"{display}:{line}: {bad!r} cannot be written in {encoding}; use --output-encoding utf-8"
        ) from None


def output_path(output_dir: Path, rel: Path) -> Path:
    """Where a source goes under ``--output``; refuses anything that would
    land outside the folder (``..`` or absolute parts)."""
    root = output_dir.resolve()
    target = (root / rel).resolve()
    if not target.is_relative_to(root):
        raise InputError(f"{rel}: would be written outside {output_dir}; skipped")
    return target


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash, a kill or a full disk
    leaves either the old file or the new one, never a truncated one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".cleandoc-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError(f"{path}: cannot write: {err.strerror or err}; the file is unchanged") from None

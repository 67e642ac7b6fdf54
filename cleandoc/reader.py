"""Turn paths into sources and bytes into documents.

- Paths: files, folders (recursive, ``--include``/``--exclude`` globs, hidden
  folders skipped, symlinked folders not followed so a link loop cannot trap
  the walk) and ``-`` for stdin.
- Bytes: UTF-8, UTF-8 with BOM, UTF-16 with BOM, then GB18030 (a superset of
  GBK and GB2312), unless an encoding is forced. NUL bytes mean binary.
- Bundles: ``<<<FILE>>> name`` opens a document, ``<<<END>>>`` closes it, text
  outside documents is kept verbatim. Markers count only at the start of a
  line; a marker with leading whitespace is an error rather than text, because
  cleaning would strip the indentation and silently turn it into a marker.
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

FILE_MARKER = "<<<FILE>>>"
END_MARKER = "<<<END>>>"

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class InputError(Exception):
    """An input that cannot be processed; str() is the one-line message
    (``path:line: what is wrong``)."""


@dataclass(frozen=True, slots=True)
class Source:
    """A file (or stdin) to process, and where its output goes."""

    path: Path | None  # None for stdin
    display: str  # how messages name it
    rel: Path  # path relative to the input root (for --output mirroring)

    @property
    def is_stdin(self) -> bool:
        return self.path is None


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str  # newlines normalized to \n
    encoding: str
    newline: str  # "\n" or "\r\n": what to write back


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a source: verbatim outside text, or one document."""

    text: str
    name: str | None = None  # None: outside text (or a whole plain file when single)
    header: str = ""  # the marker line as written, with its newline
    footer: str = ""
    line: int = 1  # line of the source where ``text`` starts


def iter_sources(paths: Sequence[str], include: Sequence[str], exclude: Sequence[str]) -> Iterator[Source | InputError]:
    """Every source named by ``paths``, in order; errors in place of bad paths."""
    for raw in paths:
        if raw == "-":
            yield Source(None, "<stdin>", Path("stdin.txt"))
            continue
        path = Path(raw)
        try:
            st = path.stat()
        except FileNotFoundError:
            yield InputError(f"{raw}: no such file or folder")
            continue
        except OSError as err:
            yield InputError(f"{raw}: cannot open: {err.strerror or err}")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, include, exclude)
        elif stat.S_ISREG(st.st_mode):
            yield Source(path, raw, Path(path.name))
        else:
            yield InputError(f"{raw}: not a regular file (FIFO, device or socket); skipped")


def _excluded(rel: str, name: str, exclude: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(name, pat) for pat in exclude)


def _walk(root: Path, include: Sequence[str], exclude: Sequence[str]) -> Iterator[Source | InputError]:
    errors: list[OSError] = []
    for folder, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=False):
        here = Path(folder)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and not _excluded((here / d).relative_to(root).as_posix(), d, exclude)
        )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            rel = path.relative_to(root)
            if not any(fnmatch.fnmatch(name, pat) for pat in include):
                continue
            if _excluded(rel.as_posix(), name, exclude):
                continue
            try:
                st = path.stat()
            except OSError as err:
                yield InputError(f"{path}: cannot open: {err.strerror or err}")
                continue
            if not stat.S_ISREG(st.st_mode):
                yield InputError(f"{path}: not a regular file (FIFO, device or socket); skipped")
                continue
            yield Source(path, str(path), rel)
    for err in errors:
        yield InputError(f"{err.filename}: cannot read folder: {err.strerror or err}")


def decode(data: bytes, display: str, forced: str | None = None) -> Decoded:
    """Decode ``data``; raise InputError naming the file when it cannot be."""
    if forced:
        try:
            text = data.decode(forced)
        except (UnicodeDecodeError, LookupError) as err:
            raise InputError(f"{display}: cannot decode as {forced}: {err}") from None
        return _normalize_newlines(text, forced)
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _normalize_newlines(data.decode(encoding), encoding)
            except UnicodeDecodeError as err:
                raise InputError(f"{display}: invalid {encoding} after its byte-order mark: {err.reason}") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(f"{display}:{line}: binary file (NUL byte); skipped")
    try:
        return _normalize_newlines(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(f"{display}:{line}: not UTF-8, UTF-16 or GB18030 text; skipped") from None
    return _normalize_newlines(text, "gb18030")


def _normalize_newlines(text: str, encoding: str) -> Decoded:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    newline = "\r\n" if crlf > lf else "\n"
    if crlf:
        if lf:
            # Mixed endings: keeping them per line is impossible once lines are
            # joined, so the file is written back in its majority style.
            pass
        text = text.replace("\r\n", "\n")
    return Decoded(text, encoding, newline)


def is_bundle(text: str) -> bool:
    return any(
        line.lstrip(" \t\u3000").startswith((FILE_MARKER, END_MARKER)) for line in _marker_candidates(text)
    )


def _marker_candidates(text: str) -> Iterator[str]:
    if "<<<" not in text:
        return
    for line in text.split("\n"):
        if "<<<" in line:
            yield line


def split_bundle(text: str, display: str) -> list[Segment]:
    """Split a source's text into segments; a file without markers is one
    document named after the file. Raise InputError on a malformed bundle."""
    if not is_bundle(text):
        return [Segment(text, display)]
    segments: list[Segment] = []
    lines = text.splitlines(keepends=True)
    outside: list[str] = []
    outside_line = 1
    open_name: str | None = None
    header = ""
    body: list[str] = []
    body_line = 0
    seen: dict[str, int] = {}
    for no, line in enumerate(lines, start=1):
        bare = line.rstrip("\n")
        stripped = bare.lstrip(" \t\u3000")
        is_marker = stripped.startswith((FILE_MARKER, END_MARKER))
        if is_marker and stripped != bare:
            raise InputError(f"{display}:{no}: marker line has leading whitespace; write markers at the start of the line")
        if bare.startswith(FILE_MARKER):
            if open_name is not None:
                raise InputError(f"{display}:{no}: {FILE_MARKER} inside the open document '{open_name}' (opened on line {body_line - 1})")
            name = bare[len(FILE_MARKER) :].strip()
            if not name:
                name = f"document-{len(seen) + 1}"
            if name in seen:
                raise InputError(f"{display}:{no}: a second document named '{name}' (the first opens on line {seen[name]})")
            seen[name] = no
            if outside:
                segments.append(Segment("".join(outside), None, line=outside_line))
                outside = []
            open_name, header, body, body_line = name, line, [], no + 1
        elif bare.startswith(END_MARKER):
            if open_name is None:
                raise InputError(f"{display}:{no}: {END_MARKER} without an open document")
            if bare.strip() != END_MARKER:
                raise InputError(f"{display}:{no}: unexpected text after {END_MARKER}")
            segments.append(Segment("".join(body), open_name, header, line, body_line))
            open_name = None
            outside_line = no + 1
        elif open_name is not None:
            body.append(line)
        else:
            outside.append(line)
    if open_name is not None:
        raise InputError(f"{display}:{seen[open_name]}: document '{open_name}' is never closed with {END_MARKER}")
    if outside:
        segments.append(Segment("".join(outside), None, line=outside_line))
    return segments


def join_segments(segments: Sequence[Segment]) -> str:
    return "".join(s.header + s.text + s.footer for s in segments)

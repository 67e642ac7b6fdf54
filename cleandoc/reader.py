"""Turn paths into sources and bytes into documents, streaming.

- Paths: files, folders (recursive, ``--include``/``--exclude`` globs, hidden
  files and folders skipped, symlinked folders not followed so a link loop
  cannot trap the walk) and ``-`` for stdin. A symlinked file named on the
  command line is read (and written) through its link: the user named it. A
  symlinked file found *in a folder* is taken only when it points inside that
  folder: ``tree/readme.txt -> ../../home/.bashrc`` would otherwise let a
  folder rewrite files it does not hold; the others are reported as skipped
  (``follow_links`` takes them anyway). Leftover temp files of an interrupted
  run (``.NAME.XXXX.cleandoc-tmp``) are handed to ``on_leftover``. The same
  file named twice (a path and its folder, two links) is processed once, so
  two workers never race on it. FIFOs, sockets and devices
  are refused: reading them would block or never end.
- Bytes: UTF-8, UTF-8 with BOM, UTF-16 with BOM, then GB18030 (a superset of
  GBK and GB2312), unless an encoding is forced. A NUL character means binary.
  A forced encoding is checked, since cleaning the wrong text destroys the
  file: one that decodes UTF-8 bytes (``--encoding latin-1`` on a UTF-8 file
  gives mojibake), or that yields C1 control characters U+0080-U+009F (the
  sign of a single-byte codec applied to multi-byte text), is an error; so is
  ``utf-16``/``utf-32`` without a byte-order mark (the byte order is unknown).
  Choosing between UTF-8 and GB18030 needs the whole file (the first invalid
  byte may be the last one), so a large file is read twice: once to validate,
  once to process; a small one is read once.
- Bundles: ``<<<FILE>>> name`` opens a document, ``<<<END>>>`` closes it, text
  outside documents is kept verbatim. Documents are yielded one by one as the
  file is read (:func:`iter_segments`), so a 1 GB bundle never sits in memory;
  a malformed bundle raises :class:`InputError` when the fault is reached, and
  the caller throws its partial output away.
- Markers count only at the very start of a line. A line that is a marker
  after leading whitespace (spaces, tabs, U+3000, a stray BOM) is an *error*,
  not text: inside a document, cleaning drops indentation and would silently
  turn it into a real marker, so the bundle written back would split
  differently from the one read; outside documents it is almost surely a
  marker the user meant. Refusing both is the only choice that never changes
  a bundle's structure behind the user's back.
- Lines end only at ``\\n`` (``\\r\\n`` kept as written): ``str.splitlines``
  would also split at U+2028, U+0085 or form feeds, which are text here.
  (The runner treats a lone ``\\r`` inside a document as a line break.)
- Size: one document (a plain file, a bundle member, a run of text between
  members) may hold at most ``MAX_DOCUMENT_CHARS`` characters. Cleaning holds
  a document whole, with its parse, at about 26 bytes per byte of input; a
  larger one is refused with an error as soon as the limit is passed, before
  it is held whole, so memory is bounded by the limit, not by the input.
  (Cutting a document into pieces cleaned apart would change what the
  document-wide rules see, deduplication first.)
"""

from __future__ import annotations

import codecs
import contextlib
import fnmatch
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

FILE_MARKER = "<<<FILE>>>"
END_MARKER = "<<<END>>>"
MARKERS = (FILE_MARKER, END_MARKER)

# Leading characters that make a marker line ambiguous (see the module doc);
# str.lstrip() without arguments covers Unicode whitespace incl. U+3000.
_BOM_CHAR = "\ufeff"  # U+FEFF ZERO WIDTH NO-BREAK SPACE (a BOM inside the text)

CHUNK_SIZE = 1 << 20  # bytes read at a time
SMALL_FILE = 4 << 20  # files up to this size are read into memory once
# Characters one document may hold (see the module doc): cleaning takes about
# 75 bytes of memory per character (a 20 MB plain file of Chinese text, 7.1M
# characters, peaked at 520 MB). 4M characters is about 12 MB of Chinese text,
# a hundred times a long official document with its annexes, and keeps a
# worker near 300 MB.
MAX_DOCUMENT_CHARS = 4_000_000
TEMP_SUFFIX = ".cleandoc-tmp"  # the writer's temp files: .NAME.XXXXXXXX.cleandoc-tmp

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputError(Exception):
    """An input that cannot be processed; str() is the one-line message
    (``path:line: what is wrong``)."""


@dataclass(frozen=True, slots=True)
class Source:
    """A file (or stdin) to process, and where its output goes."""

    path: Path | None  # None for stdin
    display: str  # how messages name it: the path as given, made printable (see printable())
    rel: Path  # path relative to the input root (for --output mirroring)

    @property
    def is_stdin(self) -> bool:
        return self.path is None


@dataclass(frozen=True, slots=True)
class Encoding:
    """How a source's bytes map to text: ``codec`` decodes what follows the
    byte-order mark ``bom``, and both are written back the same way."""

    codec: str
    bom: bytes = b""
    forced: bool = False  # named by the user: checked for the signs of a wrong choice

    @property
    def name(self) -> str:
        """The name users know: utf-8, utf-8-sig, utf-16, gb18030..."""
        if self.bom == codecs.BOM_UTF8:
            return "utf-8-sig"
        if self.bom:
            return "utf-16"
        return self.codec

    @property
    def key(self) -> str:
        """Comparable with :func:`codec_key` of an ``--output-encoding``."""
        return self.name if self.bom else codec_key(self.codec)


def codec_key(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str  # newlines normalized to \n
    encoding: str
    newline: str  # "\n" or "\r\n": what to write back


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a source: verbatim outside text, or one document.

    ``text`` is as read (``\\r\\n`` kept); ``header``/``footer`` are the
    marker lines as written, with their newlines ("" for a plain file)."""

    text: str
    name: str | None = None  # None: outside text
    header: str = ""
    footer: str = ""
    line: int = 1  # line of the source where ``text`` starts


# ---------------------------------------------------------------- paths


Leftover = Callable[[Path], None]  # called with each temp file an interrupted run left


def iter_sources(
    paths: Sequence[str],
    include: Sequence[str],
    exclude: Sequence[str],
    *,
    follow_links: bool = False,
    on_leftover: Leftover | None = None,
) -> Iterator[Source | InputError]:
    """Every source named by ``paths``, in order; errors in place of bad paths
    (and of symlinks in folders that point out of them, unless ``follow_links``)."""
    walk = _Walk(include, exclude, follow_links, on_leftover)
    seen: set[tuple[int, int]] = set()
    for item in _iter_all(paths, walk):
        if isinstance(item, Source) and item.path is not None:
            try:
                st = item.path.stat()
            except OSError:
                pass  # reported when it is read
            else:
                if (st.st_dev, st.st_ino) in seen:
                    continue
                seen.add((st.st_dev, st.st_ino))
        yield item


@dataclass(frozen=True, slots=True)
class _Walk:
    """How folders are walked (see :func:`iter_sources`)."""

    include: Sequence[str]
    exclude: Sequence[str]
    follow_links: bool
    on_leftover: Leftover | None
    scanned: set[str] = field(default_factory=set)  # folders of named files already searched for leftovers


def _iter_all(paths: Sequence[str], walk: _Walk) -> Iterator[Source | InputError]:
    for raw in paths:
        if raw == "-":
            yield Source(None, "<stdin>", Path("stdin.txt"))
            continue
        if not raw:
            # Path("") is ".", which would clean the whole working folder.
            yield InputError("'': an empty path names nothing")
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
            yield from _walk(path, walk)
        elif stat.S_ISREG(st.st_mode):
            folder = os.path.dirname(raw) or "."
            if walk.on_leftover is not None and folder not in walk.scanned:
                walk.scanned.add(folder)  # once per folder: many files named in one folder stay linear
                _leftovers_in(Path(folder), walk.on_leftover)
            yield Source(path, printable(raw), Path(path.name))
        else:
            yield InputError(f"{raw}: {_kind(st.st_mode)}, not a regular file; skipped")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def _excluded(rel: str, name: str, exclude: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(name, pat) for pat in exclude)


def is_temp_name(name: str) -> bool:
    """A temp file of the writer (hidden, so never taken as a document)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _leftovers_in(folder: Path, on_leftover: Leftover) -> None:
    """The temp files an interrupted run left in ``folder`` (not below it)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if is_temp_name(entry.name):
                on_leftover(folder / entry.name)


def _walk(root: Path, walk: _Walk) -> Iterator[Source | InputError]:
    errors: list[OSError] = []
    real_root: Path | None = None  # resolved once, at the first symlink
    for folder, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=False):
        here = Path(folder)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and not _excluded((here / d).relative_to(root).as_posix(), d, walk.exclude)
        )
        for name in sorted(filenames):
            if name.startswith("."):
                if walk.on_leftover is not None and is_temp_name(name):
                    walk.on_leftover(here / name)
                continue  # hidden, and our own temp files
            path = here / name
            rel = path.relative_to(root)
            if not any(fnmatch.fnmatch(name, pat) for pat in walk.include):
                continue
            if _excluded(rel.as_posix(), name, walk.exclude):
                continue
            if not walk.follow_links and path.is_symlink():
                real_root = real_root or root.resolve()
                outside = _points_outside(path, real_root)
                if outside is not None:
                    yield InputError(
                        f"{path}: a symbolic link to {outside}, outside {root}; skipped "
                        "(--follow-links to clean it)"
                    )
                    continue
            try:
                st = path.stat()
            except OSError as err:
                yield InputError(f"{path}: cannot open: {err.strerror or err}")
                continue
            if not stat.S_ISREG(st.st_mode):
                yield InputError(f"{path}: {_kind(st.st_mode)}, not a regular file; skipped")
                continue
            yield Source(path, printable(str(path)), rel)
    for walk_err in errors:
        yield InputError(f"{walk_err.filename}: cannot read folder: {walk_err.strerror or walk_err}")


def _points_outside(link: Path, real_root: Path) -> str | None:
    """Where ``link`` points when that is outside ``real_root`` (None: inside,
    or a broken link or loop, which reading reports)."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return None if target.is_relative_to(real_root) else str(target)


# What may not appear raw in a one-line message: C0 and C1 controls (ESC, CR,
# newline...), U+2028/U+2029, and the surrogate escapes of a non-UTF-8 name.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\udc80-\udcff]")


def printable(text: str) -> str:
    """``text`` for a one-line message: control characters and the bytes of a
    non-UTF-8 file name shown as ``\\xNN``/``\\uNNNN``, so a name cannot split a
    line, move the cursor or colour the terminal."""
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code >= 0xDC80:  # a byte of a non-UTF-8 name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# ---------------------------------------------------------------- bytes


ChunkSource = Callable[[], Iterable[bytes]]  # each call reads the input again from its start


@dataclass(frozen=True, slots=True)
class Opened:
    """A source opened for reading: its bytes (re-readable) and identity."""

    chunks: ChunkSource
    identity: tuple[int, int, int, int] | None  # (dev, ino, size, mtime_ns) at open; None for stdin
    mode: int | None  # permission bits, to give the rewritten file
    owner: tuple[int, int] | None  # (uid, gid)
    digest: bytes | None = None  # content_digest of the bytes read (files up to SMALL_FILE)


def content_digest(data: bytes) -> bytes:
    """What a file held, to tell later whether it still holds it."""
    return hashlib.blake2b(data, digest_size=16).digest()


@contextlib.contextmanager
def open_source(source: Source, data: bytes | None = None) -> Iterator[Opened]:
    """Open a source for (possibly repeated) reading; InputError if it is not
    a readable regular file. O_NONBLOCK: a path that became a FIFO after the
    walk must not hang the run (it is then refused by the fstat check)."""
    if data is not None or source.path is None:
        payload = data or b""
        yield Opened(lambda: (payload,), None, None, None)
        return
    try:
        fd = os.open(source.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"{source.display}: no such file (removed during the run?)") from None
    except OSError as err:
        raise InputError(f"{source.display}: cannot read: {err.strerror or err}") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise InputError(f"{source.display}: {_kind(st.st_mode)}, not a regular file; skipped")
    with os.fdopen(fd, "rb", buffering=0) as fh:
        identity = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        mode, owner = stat.S_IMODE(st.st_mode), (st.st_uid, st.st_gid)
        display = source.display
        if st.st_size <= SMALL_FILE:
            whole = b"".join(_read_chunks(fh, display))
            yield Opened(lambda: (whole,), identity, mode, owner, content_digest(whole))
        else:
            yield Opened(lambda: _read_chunks(fh, display), identity, mode, owner)


def _read_chunks(fh: BinaryIO, display: str) -> Iterator[bytes]:
    """The file from its start, chunk by chunk; read errors become InputError
    here (not around the caller's ``with``, which also covers writing)."""
    try:
        fh.seek(0)
        while True:
            chunk = fh.read(CHUNK_SIZE)
            if not chunk:
                return
            yield chunk
    except OSError as err:
        raise InputError(f"{display}: cannot read: {err.strerror or err}") from None


def detect_encoding(chunks: ChunkSource, display: str, forced: str | None = None) -> Encoding:
    """The encoding of a source. Without a BOM or a forced encoding this reads
    the whole input: UTF-8 if all of it is UTF-8, else GB18030."""
    if forced:
        return _forced_encoding(chunks, display, forced)
    head = _head(chunks, 4)
    for bom, codec in BOMS:
        if head.startswith(bom):
            return Encoding(codec, bom)  # errors surface while processing
    try:
        _validate(chunks, Encoding("utf-8"), display)
        return Encoding("utf-8")
    except _NotThisEncoding as err:
        utf8_line = err.line
    try:
        _validate(chunks, Encoding("gb18030"), display)
    except _NotThisEncoding as err:
        # The encoding that got further is most likely the one meant: its
        # first bad line is the one to show.
        line = max(utf8_line, err.line)
        raise InputError(f"{display}:{line}: not UTF-8, UTF-16 or GB18030 text; skipped") from None
    return Encoding("gb18030")


# Codecs that are Unicode: their text is never checked for C1 controls (the
# sign of a single-byte codec on multi-byte text). utf-16/utf-32 without an
# explicit byte order need the BOM to know it.
_UNICODE_CODECS = frozenset({"utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"})
_NEEDS_BOM: dict[str, tuple[tuple[bytes, str], ...]] = {
    "utf-16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
    "utf-32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")),
}


def _forced_encoding(chunks: ChunkSource, display: str, forced: str) -> Encoding:
    """The encoding the user named, unless the bytes show it is the wrong one:
    cleaning mis-decoded text would destroy the file, not clean it."""
    try:
        key = codecs.lookup(forced).name
    except LookupError:
        raise InputError(f"{display}: unknown encoding '{forced}'") from None
    if key in _NEEDS_BOM:
        head = _head(chunks, 4)
        for bom, codec in _NEEDS_BOM[key]:
            if head.startswith(bom) and not (codec == "utf-16-le" and head.startswith(codecs.BOM_UTF32_LE)):
                return Encoding(codec, bom)
        raise InputError(
            f"{display}: --encoding {forced} needs a byte-order mark, and this file has none; "
            f"say the byte order ({key}-le or {key}-be); skipped"
        )
    if key not in ("utf-8", "utf-8-sig") and _is_utf8_text(chunks, display):
        raise InputError(
            f"{display}: is UTF-8 text: decoding it as {forced} would garble it (mojibake); "
            "leave --encoding out or use utf-8; skipped"
        )
    return Encoding(forced, forced=key not in _UNICODE_CODECS)


def _head(chunks: ChunkSource, size: int) -> bytes:
    head = b""
    for chunk in chunks():  # the BOM may be cut across chunks
        head += chunk[: size - len(head)]
        if len(head) >= size:
            break
    return head


def _is_utf8_text(chunks: ChunkSource, display: str) -> bool:
    """Valid UTF-8 with at least one multi-byte character (pure ASCII reads
    the same in every codec a user would force)."""
    try:
        _validate(chunks, Encoding("utf-8"), display)
    except (_NotThisEncoding, InputError):
        return False
    return any(max(chunk, default=0) >= 0x80 for chunk in chunks())


class _NotThisEncoding(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _validate(chunks: ChunkSource, encoding: Encoding, display: str) -> None:
    try:
        for _ in decode_chunks(chunks(), encoding, display):
            pass
    except InputError as err:
        if isinstance(err.__cause__, UnicodeDecodeError):
            # A NUL byte decodes fine in both; a binary file with both NULs
            # and invalid bytes should be called binary, whichever comes first.
            line = 1
            for chunk in chunks():
                nul = chunk.find(b"\x00")
                if nul >= 0:
                    line += chunk.count(b"\n", 0, nul)
                    raise InputError(f"{display}:{line}: binary file (NUL byte); skipped") from None
                line += chunk.count(b"\n")
            raise _NotThisEncoding(getattr(err, "line", 1)) from None
        raise


class _DecodeError(InputError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def decode_chunks(chunks: Iterable[bytes], encoding: Encoding, display: str) -> Iterator[str]:
    """Decode a stream of byte chunks into text pieces (any boundaries).
    InputError on an undecodable byte or a NUL (binary), naming the line."""
    decoder = codecs.getincrementaldecoder(encoding.codec)(errors="strict")
    line = 1
    skip = len(encoding.bom)  # the BOM may be cut across chunks
    for raw in chunks:
        chunk = raw
        if skip:
            chunk, skip = chunk[skip:], max(0, skip - len(chunk))
        try:
            pending = decoder.getstate()[0]
        except (AttributeError, TypeError, IndexError):  # pragma: no cover - exotic codecs
            pending = b""
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as err:
            where = line + (bytes(pending) + chunk)[: err.start].count(b"\n")
            raise _DecodeError(
                f"{display}:{where}: cannot decode as {encoding.name} ({err.reason}); skipped", where
            ) from err
        except UnicodeError as err:  # a codec's own complaint (no position)
            raise _DecodeError(
                f"{display}:{line}: cannot decode as {encoding.name} ({err}); skipped", line
            ) from err
        if encoding.forced:
            _no_c1(text, line, display, encoding)
        yield _checked(text, line, display)
        line += text.count("\n")
    try:
        tail = decoder.decode(b"", final=True)
    except UnicodeDecodeError as err:
        raise _DecodeError(
            f"{display}:{line}: cannot decode as {encoding.name} (truncated at the end); skipped", line
        ) from err
    if tail:
        yield _checked(tail, line, display)


_C1 = re.compile("[\x80-\x9f]")


def _no_c1(text: str, line: int, display: str, encoding: Encoding) -> None:
    """C1 control characters never occur in a document; a forced single-byte
    codec gives them when the bytes are in fact multi-byte text."""
    found = _C1.search(text)
    if found is not None:
        where = line + text.count("\n", 0, found.start())
        raise _DecodeError(
            f"{display}:{where}: decoding as {encoding.name} gives the control character "
            f"U+{ord(found.group()):04X}: not {encoding.name} text (wrong --encoding?); skipped",
            where,
        )


def _checked(text: str, line: int, display: str) -> str:
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(f"{display}:{line + text.count(chr(10), 0, nul)}: binary file (NUL byte); skipped")
    return text


def iter_lines(pieces: Iterable[str], display: str = "<text>") -> Iterator[str]:
    """Lines (with their ``\\n``) from text pieces cut anywhere. A line longer
    than a document may be is an error here, before it is held whole."""
    partial: list[str] = []
    size = 0  # characters in partial
    count = 0  # lines yielded
    for piece in pieces:
        start = 0
        while True:
            nl = piece.find("\n", start)
            if nl < 0:
                if start < len(piece):
                    partial.append(piece[start:])
                    size += len(piece) - start
                    if size > MAX_DOCUMENT_CHARS:
                        raise _too_long(display, count + 1, "a line is")
                break
            if partial:
                partial.append(piece[start : nl + 1])
                yield "".join(partial)
                partial, size = [], 0
            else:
                yield piece[start : nl + 1]
            count += 1
            start = nl + 1
    if partial:
        yield "".join(partial)


def _too_long(display: str, line: int, what: str) -> InputError:
    return InputError(
        f"{display}:{line}: {what} longer than {MAX_DOCUMENT_CHARS:,} characters, the most one document "
        "may hold (memory); split it into smaller documents (a bundle); skipped"
    )


def decode(data: bytes, display: str, forced: str | None = None) -> Decoded:
    """Decode a whole input at once (newlines normalized to ``\\n``); raise
    InputError naming the file when it cannot be."""
    encoding = detect_encoding(lambda: (data,), display, forced)
    text = "".join(decode_chunks((data,), encoding, display))
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf > text.count("\n") - crlf else "\n"
    return Decoded(text.replace("\r\n", "\n"), encoding.name, newline)


# ---------------------------------------------------------------- bundles


def marker_of(line: str) -> str | None:
    """The marker a line starts with, ignoring leading whitespace, or None."""
    if "<<<" not in line:
        return None
    stripped = line.lstrip().lstrip(_BOM_CHAR).lstrip()
    for marker in MARKERS:
        if stripped.startswith(marker):
            return marker
    return None


def iter_segments(lines: Iterable[str], display: str) -> Iterator[Segment]:
    """Split a source's lines into segments as they come; a source without
    markers is one document named ``display``. Raise InputError on a
    malformed bundle, at the line where the fault is found."""
    outside: list[str] = []
    outside_line = 1
    open_name: str | None = None
    open_line = 0
    header = ""
    body: list[str] = []
    seen: dict[str, int] = {}
    count = 0
    bundle = False
    no = 0
    size = 0  # characters in the piece being gathered (body or outside)
    for no, line in enumerate(lines, start=1):
        marker = marker_of(line)
        if marker is None:
            (body if open_name is not None else outside).append(line)
            size += len(line)
            if size > MAX_DOCUMENT_CHARS:
                what = (
                    f"document '{open_name}'"
                    if open_name
                    else "text outside documents"
                    if bundle
                    else "the document"
                )
                raise _too_long(display, no, f"{what} is")
            continue
        size = 0
        bare = line.rstrip("\r\n")
        if not bare.startswith(marker):
            raise InputError(
                f"{display}:{no}: {marker} line with leading whitespace; "
                "write markers at the start of the line"
            )
        bundle = True
        if marker == FILE_MARKER:
            if open_name is not None:
                raise InputError(
                    f"{display}:{no}: {FILE_MARKER} inside the open document '{open_name}' "
                    f"(opened on line {open_line}; missing {END_MARKER}?)"
                )
            count += 1
            name = bare[len(FILE_MARKER) :].strip()
            if name:
                if name in seen:
                    raise InputError(
                        f"{display}:{no}: a second document named '{name}' "
                        f"(the first opens on line {seen[name]})"
                    )
                seen[name] = no
            else:
                name = f"document-{count}"
            if outside:
                yield Segment("".join(outside), None, line=outside_line)
                outside = []
            open_name, open_line, header, body = name, no, line, []
        else:
            if open_name is None:
                raise InputError(f"{display}:{no}: {END_MARKER} without an open document")
            if bare.strip() != END_MARKER:
                raise InputError(f"{display}:{no}: unexpected text after {END_MARKER}")
            yield Segment("".join(body), open_name, header, line, open_line + 1)
            open_name, body = None, []
            outside_line = no + 1
    if open_name is not None:
        raise InputError(f"{display}:{open_line}: document '{open_name}' is never closed with {END_MARKER}")
    if not bundle:
        yield Segment("".join(outside), display)
    elif outside:
        yield Segment("".join(outside), None, line=outside_line)


def split_bundle(text: str, display: str) -> list[Segment]:
    """All segments of a text at once (see :func:`iter_segments`)."""
    return list(iter_segments(iter_lines((text,)), display))


def join_segments(segments: Sequence[Segment]) -> str:
    return "".join(s.header + s.text + s.footer for s in segments)

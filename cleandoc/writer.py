"""Write cleaned sources back: atomically, in their own encoding and newline
style, never outside the output folder, and never when nothing changed.

Every write goes to a temp file in the target's own folder (same file system,
so the final ``os.replace`` is atomic), is fsync'ed, gets the old file's
permission bits and owner, then replaces the target. A crash, a kill or a full
disk at any point leaves the old file or the new one, never a mix; at worst a
temp file named ``.<name>.<random>.cleandoc-tmp`` stays behind, which the
folder walker skips (hidden) and no ``--include`` glob for documents matches.

A temp file is ``flock``-ed by its writer until it has been renamed, so the
next run can tell a leftover (lockable: its writer is dead, since the kernel
drops the lock of a killed process) from the live temp file of a run going on
in the same folder, and removes only the former (:func:`remove_stale_temp`).

A file replaced in place must still be the file that was read: ``commit``
calls its ``guard`` after the fsync, right before the rename, so the window in
which someone else's edit could be lost is the few microseconds between that
check and the rename instead of the whole write; what the guard returns runs
right after the rename, to see a write that hit the rename itself (see the
README for what is and is not guaranteed).

Output is built progressively (:class:`OutputSink`): in memory up to
``SPILL_SIZE`` bytes, then in the temp file, so a 1 GB bundle is never held
whole. Writing in place through a symlink writes the file it points to (the
link stays a link).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cleandoc.reader import TEMP_SUFFIX, Encoding, InputError

# Checks a target right before the rename (raising refuses it); returns what
# to run right after the rename, if anything.
Guard = Callable[[], "Callable[[], None] | None"]

# A temp file younger than this is never taken for a leftover: between its
# creation and its flock a live writer holds no lock yet.
STALE_AGE = 2.0  # seconds
SPILL_SIZE = 4 << 20  # bytes of output kept in memory before spilling to the temp file


def encode(text: str, encoding: str, newline: str, display: str) -> bytes:
    """Encode ``text`` (with \\n newlines) for writing; a character the
    encoding cannot hold is an error naming the file and line, never a ``?``."""
    if newline != "\n":
        text = text.replace("\n", newline)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as err:
        raise _unencodable(err, text, encoding, display, 1) from None
    except LookupError:
        raise InputError(f"{display}: unknown encoding '{encoding}'") from None


def _unencodable(
    err: UnicodeEncodeError, text: str, encoding: str, display: str, first_line: int
) -> InputError:
    line = first_line + text.count("\n", 0, err.start)
    bad = text[err.start : err.end]
    points = " ".join(f"U+{ord(c):04X}" for c in bad[:4])
    return InputError(
        f"{display}:{line}: {bad[:4]!r} ({points}) cannot be written in {encoding}; "
        "file left unchanged (use --output-encoding utf-8)"
    )


class TextEncoder:
    """Encodes a source's output piece by piece: the BOM once, then the text.
    With ``output_encoding`` the user's codec decides (``utf-8-sig`` and
    ``utf-16`` write their own BOM); otherwise the input's codec and BOM are
    reused, so a UTF-16-BE file stays big-endian."""

    def __init__(self, source_encoding: Encoding, output_encoding: str | None, display: str) -> None:
        self.display = display
        self.name = output_encoding or source_encoding.name
        self._bom = b"" if output_encoding else source_encoding.bom
        try:
            factory = codecs.getincrementalencoder(output_encoding or source_encoding.codec)
        except LookupError:
            raise InputError(f"{display}: unknown encoding '{self.name}'") from None
        self._encoder = factory(errors="strict")

    def encode(self, text: str, first_line: int) -> bytes:
        """``first_line``: the source line ``text`` starts at, for messages."""
        try:
            data = self._encoder.encode(text)
        except UnicodeEncodeError as err:
            raise _unencodable(err, text, self.name, self.display, first_line) from None
        if self._bom:
            data, self._bom = self._bom + data, b""
        return data

    def finish(self) -> bytes:
        data = self._bom + self._encoder.encode("", final=True)
        self._bom = b""
        return data


def output_path(output_dir: Path, rel: Path) -> Path:
    """Where a source goes under ``--output``; refuses anything that would
    land outside the folder (``..``, absolute parts, or a symlink in the
    output tree pointing out of it)."""
    root = output_dir.resolve()
    target = (root / rel).resolve()
    if target == root or not target.is_relative_to(root):
        raise InputError(f"{rel}: would be written outside {output_dir}; skipped")
    return target


def _temp_prefix(name: str) -> str:
    # Keep the temp name within NAME_MAX (255 bytes) even for long CJK names.
    short = os.fsencode(name)[:80].decode("utf-8", "ignore") if len(os.fsencode(name)) > 80 else name
    return f".{short}."


_UMASK: int | None = None


def _new_file_mode() -> int:
    """What ``open()`` would give a new file (mkstemp gives 0600)."""
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return 0o666 & ~_UMASK


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # pragma: no cover - os.write raises instead
            raise OSError(errno.EIO, "short write")
        view = view[written:]


class OutputSink:
    """The output of one source, built progressively, committed atomically.

    ``target`` None: keep the bytes (stdin). ``discard``: keep nothing (check,
    dry run). Otherwise bytes beyond ``SPILL_SIZE`` go to a temp file next to
    ``target``; :meth:`commit` moves them into place, :meth:`abort` (also
    called by ``with`` on any exception) deletes the temp file."""

    def __init__(self, target: Path | None, display: str, discard: bool = False) -> None:
        self.target = target
        self.display = display
        self.discard = discard
        self._parts: list[bytes] = []
        self._size = 0
        self._fd: int | None = None
        self._tmp: str | None = None

    def __enter__(self) -> OutputSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.abort()

    def write(self, data: bytes) -> None:
        if self.discard or not data:
            return
        if self._fd is not None:
            self._spill_write(data)
            return
        self._parts.append(data)
        self._size += len(data)
        if self.target is not None and self._size > SPILL_SIZE:
            self._open_temp()
            pending, self._parts, self._size = self._parts, [], 0
            for part in pending:
                self._spill_write(part)

    def getvalue(self) -> bytes:
        """The bytes written (stdin: no target, nothing spilled)."""
        assert self._fd is None
        return b"".join(self._parts)

    def _open_temp(self) -> None:
        assert self.target is not None
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._fd, self._tmp = tempfile.mkstemp(
                prefix=_temp_prefix(self.target.name), suffix=TEMP_SUFFIX, dir=self.target.parent
            )
            with contextlib.suppress(OSError):  # a file system without locks: age alone protects it
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            raise self._write_error(err) from None

    def _spill_write(self, data: bytes) -> None:
        assert self._fd is not None
        try:
            _write_all(self._fd, data)
        except OSError as err:
            self.abort()
            raise self._write_error(err) from None

    def _write_error(self, err: OSError) -> InputError:
        # ``display``: the path as the user gave it, not the resolved target
        return InputError(f"{self.display}: cannot write: {err.strerror or err}; the file is unchanged")

    def commit(
        self,
        mode: int | None = None,
        owner: tuple[int, int] | None = None,
        guard: Guard | None = None,
    ) -> None:
        """Put the output in place of ``target`` (atomically). ``guard`` runs
        after everything but the rename and may refuse it by raising (the
        temp file is then removed and the target left alone); what it returns
        runs right after the rename (and may report what happened meanwhile)."""
        assert self.target is not None and not self.discard
        if self._fd is None:
            self._open_temp()
            pending, self._parts, self._size = self._parts, [], 0
            for part in pending:
                self._spill_write(part)
        assert self._fd is not None and self._tmp is not None
        try:
            os.fsync(self._fd)
            os.fchmod(self._fd, _new_file_mode() if mode is None else mode)
            if owner is not None and os.geteuid() == 0:
                with contextlib.suppress(OSError):
                    os.fchown(self._fd, *owner)
            after = guard() if guard is not None else None
            os.replace(self._tmp, self.target)
            self._tmp = None
        except OSError as err:
            self.abort()
            raise self._write_error(err) from None
        except BaseException:
            self.abort()
            raise
        # Closed only now: the lock says "in use" until the temp name is gone.
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None
        if after is not None:
            after()

    def detach(self) -> OutputSink:
        """A sink that owns this one's output from now on (to be committed
        elsewhere: another thread); this one is left empty, so leaving its
        ``with`` block no longer deletes anything."""
        taken = OutputSink(self.target, self.display, self.discard)
        taken._parts, taken._size, taken._fd, taken._tmp = self._parts, self._size, self._fd, self._tmp
        self._parts, self._size, self._fd, self._tmp = [], 0, None, None
        return taken

    def abort(self) -> None:
        """Forget the output; remove the temp file if there is one."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            self._tmp = None
        self._parts, self._size = [], 0


CONFLICT_SUFFIX = ".cleandoc-conflict"


def save_conflict(fd: int, target: Path) -> Path:
    """Save what the open file ``fd`` (a file just replaced, that someone wrote
    to at that very moment) holds, next to ``target``; return its path."""
    parts = []
    os.lseek(fd, 0, os.SEEK_SET)
    while chunk := os.read(fd, 1 << 20):
        parts.append(chunk)
    fd_out, path = tempfile.mkstemp(prefix=f"{target.name}.", suffix=CONFLICT_SUFFIX, dir=target.parent)
    try:
        _write_all(fd_out, b"".join(parts))
        os.fsync(fd_out)
    finally:
        os.close(fd_out)
    return Path(path)


def remove_stale_temp(path: Path, min_age: float = STALE_AGE) -> bool:
    """Remove ``path``, a temp file of this writer, if it is a leftover: no
    live writer holds its lock and it is at least ``min_age`` seconds old.
    True if removed; False if in use (or already gone)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if time.time() - os.fstat(fd).st_mtime < min_age:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a run going on holds it
        except OSError:
            pass  # no locks on this file system: its age decides
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash, a kill or a full disk
    leaves either the old file or the new one, never a truncated one."""
    try:
        st = path.stat()
        mode: int | None = st.st_mode & 0o7777
        owner: tuple[int, int] | None = (st.st_uid, st.st_gid)
    except FileNotFoundError:
        mode, owner = None, None
    except OSError as err:
        raise InputError(f"{path}: cannot write: {err.strerror or err}; the file is unchanged") from None
    with OutputSink(path, str(path)) as sink:
        sink.write(data)
        sink.commit(mode, owner)

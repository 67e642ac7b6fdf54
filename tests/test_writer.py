"""The writer and the runner's write path: encodings and newlines kept,
unencodable characters refused, atomic replacement, faults, bounded memory."""

from __future__ import annotations

import codecs
import errno
import os
import tracemalloc
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
import reliability_helpers as h

from cleandoc import reader, runner, writer
from cleandoc.cli import run_cli
from cleandoc.reader import Encoding, InputError, Source
from cleandoc.runner import Job, process, run
from cleandoc.writer import OutputSink, TextEncoder, atomic_write, encode, output_path


@pytest.fixture(autouse=True)
def test_rule() -> Iterator[None]:
    h.register()
    yield
    h.unregister()


def fix(*args: str) -> int:
    return run_cli(["fix", *h.SELECT, "--jobs", "1", "-q", *args])


TEXT = "关于@通知\n各单位@\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [
        ("utf-8", b"", "\n"),
        ("utf-8", codecs.BOM_UTF8, "\r\n"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "\n"),
        ("gb18030", b"", "\r\n"),
        ("gbk", b"", "\n"),  # GBK bytes are GB18030 bytes: read and written back as such
    ],
)
def test_encoding_bom_and_newlines_come_back(tmp_path: Path, encoding: str, bom: bytes, newline: str) -> None:
    doc = tmp_path / "a.txt"
    doc.write_bytes(bom + TEXT.replace("\n", newline).encode(encoding))
    assert fix(str(doc)) == 0
    assert doc.read_bytes() == bom + h.expected(TEXT).replace("\n", newline).encode(encoding)


def test_output_encoding_converts_even_clean_files(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_bytes("甲乙\r\n".encode("gb18030"))
    assert fix("--output-encoding", "utf-8", str(doc)) == 0
    assert doc.read_bytes() == "甲乙\r\n".encode()
    mtime = doc.stat().st_mtime_ns
    assert fix("--output-encoding", "utf-8", str(doc)) == 0  # now nothing to do
    assert doc.stat().st_mtime_ns == mtime


def test_unencodable_character_is_an_error_not_a_question_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = "第一行@\n第二行𠀀@\n".encode()  # U+20000 is not in GBK
    doc = tmp_path / "a.txt"
    doc.write_bytes(content)
    assert fix("--output-encoding", "gbk", str(doc)) == 2
    err = capsys.readouterr().err
    assert f"{doc}:2:" in err and "U+20000" in err and "gbk" in err
    assert doc.read_bytes() == content


def test_mixed_newlines_unchanged_documents_stay_byte_identical(tmp_path: Path) -> None:
    bundle = "<<<FILE>>> a\r\n甲\n乙\r\n<<<END>>>\n外\r\n<<<FILE>>> b\n丙@\r\n丁@\r\n戊\n<<<END>>>\r\n"
    doc = tmp_path / "b.txt"
    doc.write_bytes(bundle.encode())
    assert fix(str(doc)) == 0
    # a unchanged: as it was; b changed: written in its majority style (CRLF).
    assert doc.read_bytes() == bundle.replace("丙@\r\n丁@\r\n戊\n", "丙＠\r\n丁＠\r\n戊\r\n").encode()


def test_text_encoder_streams_one_bom() -> None:
    enc = TextEncoder(Encoding("utf-16-be", codecs.BOM_UTF16_BE), None, "f")
    data = enc.encode("甲", 1) + enc.encode("乙", 1) + enc.finish()
    assert data == codecs.BOM_UTF16_BE + "甲乙".encode("utf-16-be")
    enc = TextEncoder(Encoding("utf-8"), "utf-8-sig", "f")
    assert enc.encode("a", 1) + enc.encode("b", 1) + enc.finish() == codecs.BOM_UTF8 + b"ab"


def test_encode_names_line_and_code_point() -> None:
    with pytest.raises(InputError, match=r"^f:2: '€' \(U\+20AC\) cannot be written in ascii"):
        encode("a\n€\n", "ascii", "\n", "f")


def test_output_path_refuses_escapes(tmp_path: Path) -> None:
    assert output_path(tmp_path, Path("a/b.txt")) == (tmp_path / "a" / "b.txt").resolve()
    for rel in (Path("../x.txt"), Path("/etc/passwd"), Path(".")):
        with pytest.raises(InputError, match="outside"):
            output_path(tmp_path, rel)


def test_atomic_write_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_bytes(b"old")
    doc.chmod(0o640)
    atomic_write(doc, b"new")
    assert doc.read_bytes() == b"new" and (doc.stat().st_mode & 0o777) == 0o640
    assert os.listdir(tmp_path) == ["a.txt"]


def test_long_cjk_file_name_fits_its_temp_name(tmp_path: Path) -> None:
    doc = tmp_path / ("通知" * 40 + ".txt")  # 243 bytes: the temp name must not exceed 255
    doc.write_text("@", encoding="utf-8")
    assert fix(str(doc)) == 0
    assert doc.read_text(encoding="utf-8") == "\uff20"


@pytest.mark.parametrize("spill", [0, 1 << 30])
@pytest.mark.parametrize("fault", ["write", "fsync", "replace"])
def test_fault_while_writing_leaves_the_file_and_no_temp(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fault: str,
    spill: int,
) -> None:
    monkeypatch.setattr(writer, "SPILL_SIZE", spill)
    doc = tmp_path / "a.txt"
    content = "甲@\n" * 1000
    doc.write_text(content, encoding="utf-8")
    calls = {"n": 0}

    def write_then_fail(fd: int, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        os.write(fd, data[: len(data) // 2])  # a short first write, then a full disk
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fail(*args: Any) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    if fault == "write":
        monkeypatch.setattr(writer, "_write_all", write_then_fail)
    elif fault == "fsync":
        monkeypatch.setattr(writer.os, "fsync", fail)
    else:
        monkeypatch.setattr(writer.os, "replace", fail)
    assert fix(str(doc)) == 2
    err = capsys.readouterr().err
    assert str(doc) in err and "the file is unchanged" in err
    assert doc.read_text(encoding="utf-8") == content
    assert os.listdir(tmp_path) == ["a.txt"]


def test_sink_spills_and_aborts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "SPILL_SIZE", 4)
    target = tmp_path / "a.txt"
    with OutputSink(target, "a") as sink:
        sink.write(b"12345678")
        assert len(list(tmp_path.iterdir())) == 1  # the temp file
    assert list(tmp_path.iterdir()) == []
    with OutputSink(target, "a") as sink:
        sink.write(b"12345678")
        sink.commit()
    assert target.read_bytes() == b"12345678"


def test_malformed_bundle_found_after_spilling_deletes_the_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "SPILL_SIZE", 100)
    monkeypatch.setattr(reader, "SMALL_FILE", 100)
    monkeypatch.setattr(reader, "CHUNK_SIZE", 64)
    doc = tmp_path / "b.txt"
    content = ("".join(f"<<<FILE>>> {i}\n甲@\n<<<END>>>\n" for i in range(200)) + "<<<END>>>\n").encode()
    doc.write_bytes(content)
    rep = process(Source(doc, "b", Path("b.txt")), Job(h.CONFIG, write=True))
    assert rep.error is not None and "b:601: <<<END>>> without an open document" in rep.error
    assert doc.read_bytes() == content and os.listdir(tmp_path) == ["b.txt"]


def test_streamed_bundle_equals_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = "外\r\n" + "".join(f"<<<FILE>>> {i}\r\n甲@{i}\r\n<<<END>>>\r\n" for i in range(300))
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(content.encode("gb18030"))
    b.write_bytes(content.encode("gb18030"))
    assert process(Source(a, "a", Path("a.txt")), Job(h.CONFIG, write=True)).error is None
    monkeypatch.setattr(writer, "SPILL_SIZE", 50)
    monkeypatch.setattr(reader, "SMALL_FILE", 50)
    monkeypatch.setattr(reader, "CHUNK_SIZE", 33)
    assert process(Source(b, "b", Path("b.txt")), Job(h.CONFIG, write=True)).error is None
    assert a.read_bytes() == b.read_bytes() == h.expected(content).encode("gb18030")


def _peak_for(path: Path, docs: int) -> tuple[int, int]:
    doc = "<<<FILE>>> d{}\n" + "甲乙丙丁，戊己庚辛。\n" * 200 + "@\n<<<END>>>\n"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(docs):
            fh.write(doc.format(i))
    tracemalloc.start()
    try:
        rep = process(Source(path, "big", Path("big.txt")), Job(h.CONFIG, write=True, keep_texts=False))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rep.error is None and rep.wrote
    return peak, path.stat().st_size


def test_bundle_is_processed_in_bounded_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Smaller buffers than the defaults, so the test is quick; doubling the
    # bundle must not grow the peak (beyond a little per-document bookkeeping).
    monkeypatch.setattr(reader, "SMALL_FILE", 1 << 20)
    monkeypatch.setattr(reader, "CHUNK_SIZE", 1 << 18)
    monkeypatch.setattr(writer, "SPILL_SIZE", 1 << 20)
    small_peak, _ = _peak_for(tmp_path / "a.txt", 800)
    big_peak, big_size = _peak_for(tmp_path / "b.txt", 1600)
    assert big_size > 9_000_000
    assert big_peak < small_peak * 1.3, (small_peak, big_peak)
    assert big_peak < big_size / 3, f"peak {big_peak / 1e6:.1f} MB for a {big_size / 1e6:.1f} MB bundle"


class CountingPool:
    """A stand-in for ProcessPoolExecutor that runs in-process and counts
    how many submitted results are not yet taken."""

    max_outstanding = 0

    def __init__(self, max_workers: int, **options: Any) -> None:
        self.outstanding = 0

    def submit(self, fn: Any, *args: Any) -> Future[Any]:
        fut: Future[Any] = Future()
        fut.set_result(fn(*args))
        self.outstanding += 1
        CountingPool.max_outstanding = max(CountingPool.max_outstanding, self.outstanding)
        real_result = fut.result

        def result(timeout: float | None = None) -> Any:
            self.outstanding -= 1
            return real_result(timeout)

        fut.result = result  # type: ignore[method-assign]
        return fut

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def test_run_keeps_a_bounded_number_in_flight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "ProcessPoolExecutor", CountingPool)
    sources = []
    for i in range(200):
        p = tmp_path / f"{i:03d}.txt"
        p.write_text(f"{i}@\n", encoding="utf-8")
        sources.append(Source(p, str(p), Path(p.name)))
    reports = list(run(sources, Job(h.CONFIG, write=False), jobs=3))
    assert [r.source for r in reports] == sources
    assert 0 < CountingPool.max_outstanding <= runner.IN_FLIGHT_PER_WORKER * 3


_REAL_PROCESS = runner.process


def _dying_process(source: Source, job: Job, data: bytes | None = None) -> runner.SourceReport:
    """Module-level (picklable by reference), reached in forked workers."""
    if source.display.endswith("005.txt"):
        os._exit(1)  # a worker killed (e.g. by the OOM killer)
    return _REAL_PROCESS(source, job, data)


def test_a_dying_worker_is_reported_and_the_rest_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "process", _dying_process)  # forked workers inherit it
    sources = []
    for i in range(30):
        p = tmp_path / f"{i:03d}.txt"
        p.write_text("@\n", encoding="utf-8")
        sources.append(Source(p, str(p), Path(p.name)))
    reports = list(run(sources, Job(h.CONFIG, write=True), jobs=2))
    assert [r.source for r in reports] == sources
    failed = [r for r in reports if r.error]
    assert any(r.source.display.endswith("005.txt") for r in failed)
    assert all("worker process died" in (r.error or "") for r in failed)
    assert len(failed) <= 2 * runner.IN_FLIGHT_PER_WORKER + 1
    assert (tmp_path / "029.txt").read_text(encoding="utf-8") == "\uff20\n"  # the rest went on


# ---------------------------------------------------------------- issue 17: concurrent edits


def test_an_edit_made_while_the_output_is_synced_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fsync of a large output takes long: the "changed by someone else?"
    # check must come after it, right before the rename.
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    real_fsync = os.fsync

    def fsync_while_someone_appends(fd: int) -> None:
        with doc.open("a", encoding="utf-8") as fh:
            fh.write("别人追加的一行\n")
        real_fsync(fd)

    monkeypatch.setattr(writer.os, "fsync", fsync_while_someone_appends)
    assert run_cli(["fix", *h.SELECT, "--jobs", "1", str(doc)]) == 2
    assert "changed by someone else" in capsys.readouterr().err
    assert doc.read_text(encoding="utf-8") == TEXT + "别人追加的一行\n"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_a_same_size_edit_within_the_same_mtime_is_seen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A coarse file-system clock can give an edit the mtime the file had:
    # the content itself is compared.
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    st = doc.stat()
    real_clean = runner.clean
    edited = TEXT.replace("关于", "有关")  # same size in UTF-8

    def clean_while_someone_edits(text: str, config: Any) -> Any:
        doc.write_text(edited, encoding="utf-8")
        os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns))
        return real_clean(text, config)

    monkeypatch.setattr(runner, "clean", clean_while_someone_edits)
    assert fix(str(doc)) == 2
    assert "changed by someone else" in capsys.readouterr().err
    assert doc.read_text(encoding="utf-8") == edited


def test_a_write_into_the_old_file_during_the_rename_is_saved_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A program that had the file open writes into it just as it is replaced:
    # its text would go to a file no name points to any more.
    doc = tmp_path / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    real_replace = os.replace

    def replace_while_a_writer_holds_it(src: Any, dst: Any) -> None:
        with open(dst, "a", encoding="utf-8") as held:
            real_replace(src, dst)
            held.write("晚到的一行\n")

    monkeypatch.setattr(writer.os, "replace", replace_while_a_writer_holds_it)
    assert fix(str(doc)) == 2
    err = capsys.readouterr().err
    assert "written to by another program while it was replaced" in err
    assert doc.read_text(encoding="utf-8") == h.expected(TEXT)
    (saved,) = [p for p in tmp_path.iterdir() if p.name.endswith(writer.CONFLICT_SUFFIX)]
    assert saved.read_text(encoding="utf-8") == TEXT + "晚到的一行\n"
    assert saved.name in err.replace("\n", "")


@pytest.mark.stress
def test_live_appends_during_a_run_are_never_lost(tmp_path: Path) -> None:
    """A writer appends unique lines to 300 files while ``fix -j1`` runs over
    them (issue 17: before, 1-4 appends were lost in 5 runs of 6). Every line
    appended is afterwards in its file, or in the copy saved and reported for
    a write that hit the rename itself.

    Not run by default: the writer opens a file, then writes and closes it, and
    when the rename falls between its open and its write it writes into the
    replaced file after cleandoc's last look at it, which the README says no
    tool without a lock can see (1 append of 85,511 once in CI-like runs). The
    tests above pin each guarantee deterministically."""
    import random
    import subprocess
    import threading

    files = []
    for i in range(300):
        path = tmp_path / f"{i:03d}.txt"
        path.write_text(f"第{i}份@文件\n" * 50, encoding="utf-8")
        files.append(path)
    appended: list[tuple[Path, str]] = []
    stop = threading.Event()

    def append_forever() -> None:
        rng = random.Random(17)
        n = 0
        while not stop.is_set():
            path = rng.choice(files)
            line = f"追加第{n}行\n"
            with path.open("a", encoding="utf-8") as fh:
                fh.write(line)
            appended.append((path, line))
            n += 1

    writer_thread = threading.Thread(target=append_forever)
    writer_thread.start()
    try:
        r = subprocess.run(
            h.cli_argv("fix", *h.SELECT, "--jobs", "1", "-q", str(tmp_path)), capture_output=True
        )
    finally:
        stop.set()
        writer_thread.join()
    assert r.returncode in (0, 2), r.stderr.decode()
    err = r.stderr.decode()
    assert all(
        "changed by someone else" in line or "written to by another program" in line
        for line in err.splitlines()
        if line.startswith("error:")
    ), err
    saved = "".join(
        p.read_text(encoding="utf-8") for p in tmp_path.iterdir() if p.suffix == writer.CONFLICT_SUFFIX
    )
    texts = {p: p.read_text(encoding="utf-8") for p in files}
    lost = [line for path, line in appended if line not in texts[path] and line not in saved]
    assert appended and not lost, f"{len(lost)} of {len(appended)} appended lines lost"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".cleandoc-tmp")]

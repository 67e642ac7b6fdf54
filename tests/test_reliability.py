"""Issue 7, I/O side: every bad input is one loud, specific error (file and
line), the file stays byte-identical, the run goes on (exit 2); writes are
atomic; --output never escapes its folder; a full disk loses nothing; --jobs
does not change the output. Cleaning is the test rule of reliability_helpers
("@" to full width) unless a test says otherwise, so these tests do not move
when the real rules change."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import reliability_helpers as h

import cleandoc
from cleandoc.cli import run_cli
from cleandoc.reader import iter_sources

GOOD = "甲@乙\n"


@pytest.fixture(autouse=True)
def test_rule() -> Iterator[None]:
    h.register()
    yield
    h.unregister()


def fix(*args: str) -> int:
    return run_cli(["fix", *h.SELECT, "--jobs", "1", *args])


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


def bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, name: str = "bad.txt"
) -> tuple[Path, str]:
    """Run fix over a bad file and a good one; check the contract common to
    all bad inputs and return the bad path and its one error line."""
    bad = tmp_path / name
    bad.write_bytes(content)
    before = bad.stat().st_mtime_ns
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert fix(str(bad), str(good)) == 2
    assert bad.read_bytes() == content and bad.stat().st_mtime_ns == before
    assert good.read_text(encoding="utf-8") == h.expected(GOOD)  # the other input was processed
    errs = errors(capsys.readouterr().err)
    assert len(errs) == 1, errs
    assert str(bad) in errs[0]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".cleandoc-tmp")]
    return bad, errs[0]


# ---------------------------------------------------------------- bad input


def test_undecodable_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad, err = bad_input(tmp_path, capsys, "第一行@\n".encode() + b"\x80\x80\xff\n")
    assert f"{bad}:2:" in err and "not UTF-8, UTF-16 or GB18030" in err


def test_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad, err = bad_input(tmp_path, capsys, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in err and f"{bad}:3:" in err


def test_nul_in_otherwise_good_text_is_binary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad, err = bad_input(tmp_path, capsys, "甲@\n乙\n丙\x00\n".encode())
    assert f"{bad}:3:" in err and "binary" in err


def test_truncated_utf16(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, err = bad_input(tmp_path, capsys, "甲@\n".encode("utf-16") + b"\x41")
    assert "utf-16" in err and "truncated" in err


def test_empty_file_is_fine_and_not_rewritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    before = empty.stat().st_mtime_ns
    assert fix(str(empty)) == 0
    assert empty.read_bytes() == b"" and empty.stat().st_mtime_ns == before
    assert not errors(capsys.readouterr().err)


def test_whitespace_only_file_is_cleaned_like_any_text(tmp_path: Path) -> None:
    # Not an error: it is text. Decided: it is cleaned by the real rules like
    # any document (whatever they make of it), and then it is stable.
    text = "  \n\t\n\u3000\u3000\n\n"  # U+3000 IDEOGRAPHIC SPACE
    doc = tmp_path / "blank.txt"
    doc.write_text(text, encoding="utf-8")
    assert run_cli(["fix", "--jobs", "1", str(doc)]) == 0
    assert doc.read_text(encoding="utf-8") == cleandoc.clean(text).text
    assert run_cli(["check", "--jobs", "1", str(doc)]) == 0


@pytest.mark.parametrize(
    ("content", "line", "what"),
    [
        ("<<<FILE>>> a\n甲@\n<<<FILE>>> b\n乙\n<<<END>>>\n", 3, "inside the open document 'a'"),
        ("甲@\n<<<END>>>\n", 2, "without an open document"),
        ("<<<FILE>>> a\n甲@\n<<<END>>>\n<<<FILE>>> b\n乙\n", 4, "'b' is never closed"),
        ("<<<FILE>>> a\n甲@\n<<<END>>>\n<<<FILE>>> a\n乙\n<<<END>>>\n", 4, "second document named 'a'"),
        ("<<<FILE>>> a\n甲@\n  <<<END>>>\n<<<END>>>\n", 3, "leading whitespace"),
        ("<<<FILE>>> a\n\u3000<<<FILE>>> b\n<<<END>>>\n", 2, "leading whitespace"),
        ("前言\n\t<<<FILE>>> a\n甲\n<<<END>>>\n", 2, "leading whitespace"),
        ("<<<FILE>>> a\n甲@\n<<<END>>> b\n", 3, "unexpected text after <<<END>>>"),
    ],
    ids=[
        "file-in-open",
        "end-without-open",
        "never-closed",
        "same-name",
        "indented-end",
        "indented-file-u3000",
        "indented-outside",
        "text-after-end",
    ],
)
def test_malformed_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, line: int, what: str
) -> None:
    bad, err = bad_input(tmp_path, capsys, content.encode())
    assert f"{bad}:{line}:" in err and what in err


def test_malformed_bundle_in_crlf_gb18030(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = "<<<FILE>>> 甲\r\n甲@\r\n<<<END>>>\r\n<<<END>>>\r\n".encode("gb18030")
    bad, err = bad_input(tmp_path, capsys, content)
    assert f"{bad}:4:" in err


def test_marker_text_inside_a_line_is_just_text(tmp_path: Path) -> None:
    content = "<<<FILE>>> a\n见 <<<END>>> 标记@\n<<<END>>>\n"
    doc = tmp_path / "b.txt"
    doc.write_text(content, encoding="utf-8")
    assert fix(str(doc)) == 0
    assert doc.read_text(encoding="utf-8") == h.expected(content)


def test_path_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert fix(str(tmp_path / "nope.txt"), str(good)) == 2
    errs = errors(capsys.readouterr().err)
    assert len(errs) == 1 and "nope.txt: no such file or folder" in errs[0]
    assert good.read_text(encoding="utf-8") == h.expected(GOOD)


def test_empty_path_argument_is_not_the_working_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fix("") == 2
    assert "empty path" in capsys.readouterr().err


def test_symlink_loop_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert fix(str(tmp_path)) == 2
    errs = errors(capsys.readouterr().err)
    assert len(errs) == 1 and "loop.txt" in errs[0] and "symbolic links" in errs[0]
    assert good.read_text(encoding="utf-8") == h.expected(GOOD)


def test_symlinked_folder_loop_is_not_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Decided: symlinked folders are never followed (documented in reader.py),
    # so a loop is not an error: the walk simply does not enter it.
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    doc = tmp_path / "sub" / "doc.txt"
    doc.write_text(GOOD, encoding="utf-8")
    assert fix(str(tmp_path)) == 0
    assert doc.read_text(encoding="utf-8") == h.expected(GOOD)
    assert not errors(capsys.readouterr().err)


def test_symlinked_file_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text(GOOD, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert fix(str(link)) == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == h.expected(GOOD)


def test_same_file_twice_is_processed_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(GOOD, encoding="utf-8")
    assert run_cli(["fix", *h.SELECT, "--jobs", "2", str(doc), str(tmp_path), str(doc)]) == 0
    assert doc.read_text(encoding="utf-8") == h.expected(GOOD)
    assert not errors(capsys.readouterr().err)


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    for args in ([str(fifo), str(good)], [str(tmp_path)]):
        good.write_text(GOOD, encoding="utf-8")
        r = h.cli("fix", *h.SELECT, *args, timeout=60)
        assert r.returncode == 2
        errs = errors(r.stderr.decode())
        assert len(errs) == 1 and "pipe.txt: a FIFO, not a regular file" in errs[0]
        assert good.read_text(encoding="utf-8") == h.expected(GOOD)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_device_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert fix("/dev/null", str(good)) == 2
    errs = errors(capsys.readouterr().err)
    assert len(errs) == 1 and "/dev/null: a device, not a regular file" in errs[0]
    assert good.read_text(encoding="utf-8") == h.expected(GOOD)


def test_zero_byte_stdin() -> None:
    r = h.cli("fix", *h.SELECT, "-")
    assert r.returncode == 0 and r.stdout == b""
    assert not errors(r.stderr.decode())


def test_stdin_bundle_round_trip_crlf_gb18030() -> None:
    content = "前言\r\n<<<FILE>>> 甲\r\n甲@\r\n<<<END>>>\r\n尾@".encode("gb18030")
    r = h.cli("fix", *h.SELECT, "-", stdin=content)
    assert r.returncode == 0
    assert r.stdout == h.expected("前言\r\n<<<FILE>>> 甲\r\n甲@\r\n<<<END>>>\r\n").encode(
        "gb18030"
    ) + "尾@".encode("gb18030")


# Root ignores permission bits (CAP_DAC_OVERRIDE). Rather than skip, the CLI
# runs without that capability (capsh/setpriv drop it from the bounding set),
# as an ordinary user would: the kernel itself then refuses the access.
DROP_DAC = [
    "setpriv",
    "--bounding-set=-dac_override,-dac_read_search",
    "--inh-caps=-dac_override,-dac_read_search",
]


def _setpriv_works() -> bool:
    if shutil.which("setpriv") is None:
        return False
    with contextlib.suppress(OSError):
        return subprocess.run([*DROP_DAC, "true"], capture_output=True, check=False).returncode == 0
    return False


needs_setpriv = pytest.mark.skipif(not _setpriv_works(), reason="setpriv cannot drop capabilities here")


def unprivileged() -> list[str]:
    return DROP_DAC if os.geteuid() == 0 else []


@needs_setpriv
def test_file_without_read_permission(tmp_path: Path) -> None:
    bad = tmp_path / "secret.txt"
    bad.write_text(GOOD, encoding="utf-8")
    bad.chmod(0o000)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    r = h.cli("fix", *h.SELECT, str(bad), str(good), prefix=unprivileged())
    assert r.returncode == 2
    errs = errors(r.stderr.decode())
    assert len(errs) == 1 and f"{bad}: cannot read: Permission denied" in errs[0]
    bad.chmod(0o644)
    assert bad.read_text(encoding="utf-8") == GOOD
    assert good.read_text(encoding="utf-8") == h.expected(GOOD)


@needs_setpriv
def test_file_without_write_permission(tmp_path: Path) -> None:
    # The folder is writable, so a rename over the file would succeed: the
    # writer must check the file's own permission, as `open(..., "w")` would.
    bad = tmp_path / "readonly.txt"
    bad.write_text(GOOD, encoding="utf-8")
    bad.chmod(0o444)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    r = h.cli("fix", *h.SELECT, str(bad), str(good), prefix=unprivileged())
    assert r.returncode == 2
    errs = errors(r.stderr.decode())
    assert len(errs) == 1 and f"{bad}: no write permission" in errs[0]
    assert bad.read_text(encoding="utf-8") == GOOD and stat.S_IMODE(bad.stat().st_mode) == 0o444
    assert good.read_text(encoding="utf-8") == h.expected(GOOD)
    # ...and `check` does not need write permission.
    assert h.cli("check", *h.SELECT, str(bad), prefix=unprivileged()).returncode == 1


@needs_setpriv
def test_folder_without_read_permission(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(GOOD, encoding="utf-8")
    locked.chmod(0o000)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    try:
        r = h.cli("fix", *h.SELECT, str(tmp_path), prefix=unprivileged())
    finally:
        locked.chmod(0o755)
    assert r.returncode == 2
    errs = errors(r.stderr.decode())
    assert len(errs) == 1 and f"{locked}: cannot read folder" in errs[0]
    assert (locked / "a.txt").read_text(encoding="utf-8") == GOOD
    assert good.read_text(encoding="utf-8") == h.expected(GOOD)


def _chattr(path: Path, flag: str) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False).returncode == 0


def test_immutable_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # chattr +i is refused to root too: a real kernel refusal, as root.
    bad = tmp_path / "immutable.txt"
    bad.write_text(GOOD, encoding="utf-8")
    if not _chattr(bad, "+i"):
        pytest.skip("chattr +i is not supported on this file system")
    try:
        good = tmp_path / "good.txt"
        good.write_text(GOOD, encoding="utf-8")
        assert fix(str(bad), str(good)) == 2
        errs = errors(capsys.readouterr().err)
        assert len(errs) == 1 and str(bad) in errs[0] and "unchanged" in errs[0]
        assert bad.read_text(encoding="utf-8") == GOOD
        assert good.read_text(encoding="utf-8") == h.expected(GOOD)
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".cleandoc-tmp")]
    finally:
        _chattr(bad, "-i")


def test_file_changed_during_the_run_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import cleandoc.runner as runner

    doc = tmp_path / "a.txt"
    doc.write_text(GOOD, encoding="utf-8")
    real_clean = runner.clean

    def clean_while_someone_edits(text: str, config: cleandoc.Config) -> cleandoc.Result:
        doc.write_text("someone else's edit\n", encoding="utf-8")
        return real_clean(text, config)

    monkeypatch.setattr(runner, "clean", clean_while_someone_edits)
    assert fix(str(doc)) == 2
    assert "changed by someone else" in capsys.readouterr().err
    assert doc.read_text(encoding="utf-8") == "someone else's edit\n"


def test_a_crashing_rule_is_an_error_for_that_file_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import cleandoc.runner as runner

    real_clean = runner.clean

    def buggy(text: str, config: cleandoc.Config) -> cleandoc.Result:
        if "炸" in text:
            raise ValueError("rule bug\nwith two lines")
        return real_clean(text, config)

    monkeypatch.setattr(runner, "clean", buggy)
    _, err = bad_input(tmp_path, capsys, "炸@\n".encode())
    assert "internal error (ValueError: rule bug with two lines)" in err


def test_a_rule_that_creates_a_marker_line_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import cleandoc.runner as runner

    real_clean = runner.clean

    def unindenting(text: str, config: cleandoc.Config) -> cleandoc.Result:
        result = real_clean(text, config)
        return cleandoc.Result(result.text.replace("《《《END》》》", "<<<END>>>"), result.changes)

    monkeypatch.setattr(runner, "clean", unindenting)
    _, err = bad_input(tmp_path, capsys, "<<<FILE>>> a\n甲@\n《《《END》》》\n<<<END>>>\n".encode())
    assert "would create a bundle marker line" in err


# ---------------------------------------------------------------- --output


def test_output_never_writes_outside_its_folder(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    bundle = "<<<FILE>>> ../../escape.txt\n甲@\n<<<END>>>\n<<<FILE>>> /etc/passwd\n乙@\n<<<END>>>\n"
    (src / "b.txt").write_text(bundle, encoding="utf-8")
    out = tmp_path / "out"
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "sub").mkdir(parents=True)
    (out / "sub" / "link.txt").symlink_to(outside / "target.txt")  # a link in the output tree
    (src / "sub").mkdir()
    (src / "sub" / "link.txt").write_text(GOOD, encoding="utf-8")

    def snapshot() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and out not in p.parents}

    before = snapshot()
    assert fix(str(src), "--output", str(out)) == 2  # the link target is refused
    assert snapshot() == before
    assert not (outside / "target.txt").exists()
    # Document names are names, not paths: the bundle comes back as one file.
    assert (out / "b.txt").read_text(encoding="utf-8") == h.expected(bundle)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["b.txt"]


def test_output_clash_is_an_error_not_an_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text("甲@\n", encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text("乙@\n", encoding="utf-8")
    out = tmp_path / "out"
    assert fix(str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "-o", str(out)) == 2
    assert (out / "x.txt").read_text(encoding="utf-8") == "甲\uff20\n"
    assert "would be written to" in capsys.readouterr().err


def test_output_files_get_normal_permissions(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        assert fix(str(src), "-o", str(out)) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((out / "a.txt").stat().st_mode) == 0o644


# ---------------------------------------------------------------- faults


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    where.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    return r.returncode == 0


def test_disk_full_on_a_real_tiny_file_system(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "512k"):
        pytest.skip("cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)")
    try:
        # 315 KB file (405 KB cleaned) on a 512 KB disk: the rewrite needs a second copy, which does not fit.
        content = ("甲@乙" * 100 + "\n") * 450
        big = disk / "big.txt"
        big.write_text(content, encoding="utf-8")
        small = disk / "small.txt"
        small.write_text(GOOD, encoding="utf-8")
        assert fix(str(big), str(small)) == 2
        errs = errors(capsys.readouterr().err)
        assert len(errs) == 1 and "No space left on device" in errs[0] and "unchanged" in errs[0]
        assert big.read_text(encoding="utf-8") == content
        assert small.read_text(encoding="utf-8") == h.expected(GOOD)
        assert sorted(p.name for p in disk.iterdir()) == ["big.txt", "small.txt"]  # no temp left
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def _kill_midway(cmd: list[str], started: Path) -> None:
    """Start ``cmd``; SIGKILL it as soon as ``started`` exists or changed."""
    before = started.stat().st_mtime_ns if started.exists() else None
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            with contextlib.suppress(OSError):
                if started.stat().st_mtime_ns != before:
                    break
            time.sleep(0.002)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def test_kill_mid_run_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    docs = list(h.corpus_docs())
    src = tmp_path / "docs"
    old: dict[Path, bytes] = {}
    for i in range(3000):
        name, text = docs[i % len(docs)]
        folder = src / f"d{i // 500}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:04d}-{name[:20]}.txt"
        body = text.replace("。", "@", 3) + "@\n"
        path.write_text(body, encoding="utf-8")
        old[path] = path.read_bytes()
    first = min(old)
    _kill_midway(h.cli_argv("fix", *h.SELECT, "--jobs", "2", "-q", str(src)), first)
    states = {"old": 0, "new": 0}
    for path, data in old.items():
        now = path.read_bytes()
        new = h.expected(data.decode("utf-8")).encode("utf-8")
        assert now in (data, new), f"{path} is neither the old nor the new version"
        states["old" if now == data else "new"] += 1
    assert states["new"] >= 1
    if states["old"] == 0:
        pytest.skip("the run finished before it could be killed: nothing shown")  # pragma: no cover
    leftovers = [p for p in src.rglob("*") if p.is_file() and p not in old]
    assert all(p.name.startswith(".") and p.name.endswith(".cleandoc-tmp") for p in leftovers), leftovers
    assert not [
        s for s in iter_sources([str(src)], ["*.txt", "*.md"], []) if getattr(s, "path", None) in leftovers
    ]


def test_kill_while_writing_a_large_bundle_leaves_the_original(tmp_path: Path) -> None:
    doc = "<<<FILE>>> d{}\n" + "甲@乙丙丁，戊己庚辛。\n" * 400 + "<<<END>>>\n"
    content = "".join(doc.format(i) for i in range(3000)).encode("utf-8")  # ~ 40 MB
    big = tmp_path / "big.txt"
    big.write_bytes(content)
    proc = subprocess.Popen(h.cli_argv("fix", *h.SELECT, "-q", str(big)), stdout=subprocess.DEVNULL)
    seen_temp = False
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            temps = [p for p in tmp_path.iterdir() if p.name.endswith(".cleandoc-tmp")]
            with contextlib.suppress(OSError):
                if temps and temps[0].stat().st_size > 0:
                    seen_temp = True
                    break
            time.sleep(0.002)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    if not seen_temp:
        pytest.skip("the run finished before its temp file was seen")  # pragma: no cover
    assert proc.returncode == -signal.SIGKILL
    assert big.read_bytes() == content  # killed while writing the temp file: the original is intact
    for p in tmp_path.iterdir():
        assert p == big or (p.name.startswith(".big.txt.") and p.name.endswith(".cleandoc-tmp"))
    assert [s.path for s in iter_sources([str(tmp_path)], ["*.txt", "*.md"], [])] == [big]  # type: ignore[union-attr]


# ---------------------------------------------------------------- --jobs


def test_jobs_output_identical_to_one_job_with_the_real_rules(tmp_path: Path) -> None:
    h.unregister()  # the real rules, whatever they do today
    src = tmp_path / "in"
    docs = list(h.corpus_docs())  # 31 shipped, or 120 from ../shared
    files, bundled = docs[: len(docs) * 2 // 3], docs[len(docs) * 2 // 3 :]
    for i, (_name, text) in enumerate(files):
        (src / f"g{i % 3}").mkdir(parents=True, exist_ok=True)
        (src / f"g{i % 3}" / f"{i:03d}.txt").write_text(text.replace("，", ",", 2), encoding="utf-8")
    (src / "bundle.txt").write_text(
        "".join(f"<<<FILE>>> {n}\n{t}\n<<<END>>>\n" for n, t in bundled), encoding="utf-8"
    )
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        r = subprocess.run(
            [sys.executable, "-m", "cleandoc", "fix", "-q", "--jobs", jobs, str(src), "-o", str(out)],
            capture_output=True,
            check=False,
        )
        assert r.returncode == 0, r.stderr.decode()
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert len(outputs[0]) == len(files) + 1
    assert outputs[0] == outputs[1]


# ---------------------------------------------------------------- background commits (--jobs 1)


def _slow_fsync(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Make every commit wait for a slow disk, so a report that came before
    its file was in place, or a run that stopped without waiting, shows."""
    import cleandoc.writer as writer

    real_fsync = os.fsync

    def slow(fd: int) -> None:
        time.sleep(seconds)
        real_fsync(fd)

    monkeypatch.setattr(writer.os, "fsync", slow)


def _sources(tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = tmp_path / f"{i:02d}.txt"
        path.write_text(f"第{i}份@文件\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_each_report_comes_in_order_once_its_file_is_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleandoc.runner import Job, run

    _slow_fsync(monkeypatch, 0.02)
    paths = _sources(tmp_path, 12)
    sources = list(iter_sources([str(p) for p in paths], ["*.txt"], []))
    seen = []
    for rep in run(sources, Job(h.CONFIG, write=True), jobs=1):
        assert rep.error is None and rep.wrote
        assert rep.source.path is not None
        seen.append(rep.source.path)
        assert rep.source.path.read_text(encoding="utf-8") == h.expected(f"第{len(seen) - 1}份@文件\n")
    assert seen == paths
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".cleandoc-tmp")]


def test_an_interrupted_run_finishes_the_commits_under_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while a document is cleaned: the files already cleaned are put
    in place (their commits were under way), none is left half-done, no temp
    file stays behind, and the file being cleaned is untouched."""
    import cleandoc.runner as runner

    _slow_fsync(monkeypatch, 0.1)
    paths = _sources(tmp_path, 6)
    real_clean = runner.clean
    cleaned = 0

    def clean_then_ctrl_c(text: str, config: cleandoc.Config) -> cleandoc.Result:
        nonlocal cleaned
        cleaned += 1
        if cleaned == 4:
            raise KeyboardInterrupt
        return real_clean(text, config)

    monkeypatch.setattr(runner, "clean", clean_then_ctrl_c)
    sources = list(iter_sources([str(p) for p in paths], ["*.txt"], []))
    with pytest.raises(KeyboardInterrupt):
        for _ in runner.run(sources, runner.Job(h.CONFIG, write=True), jobs=1):
            pass
    for i, path in enumerate(paths):
        old = f"第{i}份@文件\n"
        assert path.read_text(encoding="utf-8") == (h.expected(old) if i < 3 else old)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".cleandoc-tmp")]


# ---------------------------------------------------------------- issue 17: odd options and names


@pytest.mark.parametrize(
    ("encoding", "content", "what"),
    [
        ("latin-1", "第一行@，\n".encode(), "is UTF-8 text: decoding it as latin-1 would garble it"),
        ("gb18030", "第一行@，\n".encode(), "is UTF-8 text: decoding it as gb18030"),
        ("cp1252", "第一行@\n".encode(), "is UTF-8 text"),
        ("utf-16-le", "第一行@\n".encode(), "is UTF-8 text"),
        # GBK bytes (丂 is 0x81 0x40) read as latin-1: a C1 control character
        ("latin-1", "第一行@\n丂\n".encode("gbk"), "gives the control character U+0081"),
        ("utf-16", "第一行@\n".encode("utf-16-le"), "needs a byte-order mark"),
    ],
    ids=[
        "latin1-on-utf8",
        "gb18030-on-utf8",
        "cp1252-on-utf8",
        "utf16le-on-utf8",
        "latin1-c1",
        "utf16-no-bom",
    ],
)
def test_a_wrong_forced_encoding_is_an_error_not_a_cleaning_job(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str, content: bytes, what: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    assert fix("--encoding", encoding, str(bad)) == 2
    errs = errors(capsys.readouterr().err)
    assert len(errs) == 1 and str(bad) in errs[0] and what in errs[0], errs
    assert bad.read_bytes() == content


@pytest.mark.parametrize(
    ("encoding", "content", "written"),
    [
        ("gb18030", "第一行@\n".encode("gb18030"), "gb18030"),
        ("latin-1", "caf\xe9 @\n".encode("latin-1"), "utf-8"),  # U+FF20 is not in latin-1
        ("utf-16", "第一行@\n".encode("utf-16"), "utf-16"),  # with its BOM
        ("utf-16-le", "第一行@\n".encode("utf-16-le"), "utf-16-le"),
        ("utf-8", "第一行@\n".encode(), "utf-8"),
    ],
)
def test_a_right_forced_encoding_still_works(
    tmp_path: Path, encoding: str, content: bytes, written: str
) -> None:
    doc = tmp_path / "a.txt"
    doc.write_bytes(content)
    assert fix("--encoding", encoding, "--output-encoding", written, str(doc)) == 0
    assert doc.read_bytes() == h.expected(content.decode(encoding)).encode(written)


def test_symlinks_in_a_folder_only_inside_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree, home = tmp_path / "tree", tmp_path / "home"
    tree.mkdir()
    home.mkdir()
    secret = home / "bashrc.txt"
    secret.write_text(GOOD, encoding="utf-8")
    (tree / "readme.txt").symlink_to(Path("..") / "home" / "bashrc.txt")
    inside = tree / "real.txt"
    inside.write_text("乙@\n", encoding="utf-8")
    (tree / "sub").mkdir()
    (tree / "sub" / "alias.txt").symlink_to(Path("..") / "real.txt")
    assert fix(str(tree)) == 2
    errs = errors(capsys.readouterr().err)
    assert len(errs) == 1 and f"{tree / 'readme.txt'}: a symbolic link to {secret.resolve()}" in errs[0]
    assert "skipped" in errs[0] and "--follow-links" in errs[0]
    assert secret.read_text(encoding="utf-8") == GOOD  # outside: untouched
    assert inside.read_text(encoding="utf-8") == "乙\uff20\n"  # inside: cleaned (once)
    assert (tree / "readme.txt").is_symlink() and (tree / "sub" / "alias.txt").is_symlink()
    # named on the command line, or with --follow-links: taken
    assert fix("--follow-links", str(tree)) == 0
    assert secret.read_text(encoding="utf-8") == h.expected(GOOD)
    assert (tree / "readme.txt").is_symlink()


def test_hard_linked_file_is_reported_not_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Decided: replacing a file with other hard links would leave them the old
    # text; writing through them could not be atomic. So it is an error, and
    # --output (or check) works as usual.
    doc = tmp_path / "a.txt"
    doc.write_text(GOOD, encoding="utf-8")
    twin = tmp_path / "twin.dat"
    os.link(doc, twin)
    assert fix(str(doc)) == 2
    err = capsys.readouterr().err
    assert f"{doc}: has 2 hard links" in err and "left unchanged" in err
    assert doc.read_text(encoding="utf-8") == GOOD and os.path.samefile(doc, twin)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".cleandoc-tmp")]
    out = tmp_path / "out"
    assert fix(str(doc), "-o", str(out)) == 0
    assert (out / "a.txt").read_text(encoding="utf-8") == h.expected(GOOD)
    unchanged = tmp_path / "clean.txt"
    unchanged.write_text("甲乙\n", encoding="utf-8")
    os.link(unchanged, tmp_path / "clean-twin.dat")
    assert fix(str(unchanged)) == 0  # nothing to write: no error


def test_report_naming_an_input_is_refused_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "x.html"
    doc.write_text(GOOD, encoding="utf-8")
    other = tmp_path / "a.txt"
    other.write_text(GOOD, encoding="utf-8")
    assert fix("--include", "*.html", str(tmp_path), "--report", str(doc)) == 2
    err = capsys.readouterr().err
    assert f"--report {doc}: is the input {doc}" in err
    assert doc.read_text(encoding="utf-8") == GOOD and other.read_text(encoding="utf-8") == GOOD


def test_report_in_a_missing_folder_fails_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(GOOD, encoding="utf-8")
    report = tmp_path / "missing" / "r.json"
    assert fix(str(doc), "--report", str(report)) == 2
    assert "no folder" in capsys.readouterr().err
    assert doc.read_text(encoding="utf-8") == GOOD  # nothing was cleaned only to lose the report


def test_report_where_output_writes_an_input_is_refused(tmp_path: Path) -> None:
    from cleandoc.cli import _report_refusal
    from cleandoc.reader import Source

    out = tmp_path / "out"
    out.mkdir()
    src = Source(tmp_path / "in" / "r.json", "in/r.json", Path("r.json"))
    assert "is where --output writes in/r.json" in (_report_refusal(out / "r.json", [src], out) or "")
    assert _report_refusal(out / "other.json", [src], out) is None


def test_report_with_a_non_utf8_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = os.fsdecode(b"\xff\xfe-notice.txt")
    doc = tmp_path / name
    doc.write_text(GOOD, encoding="utf-8")
    report = tmp_path / "r.json"
    assert fix(str(tmp_path), "--report", str(report)) == 0
    assert doc.read_text(encoding="utf-8") == h.expected(GOOD)
    data = report.read_text(encoding="utf-8")  # valid UTF-8, naming the file escaped
    assert "\\\\xff\\\\xfe-notice.txt" in data


def test_stdout_that_cannot_take_chinese_is_one_clear_error(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    r = subprocess.run(
        [*h.entry_argv("fix", *h.SELECT, "--dry-run", str(doc))], capture_output=True, env=env, check=False
    )
    assert r.returncode == 2
    err = r.stderr.decode("ascii")
    assert "Traceback" not in err and len(errors(err)) == 1 and "PYTHONIOENCODING=utf-8" in err
    assert doc.read_text(encoding="utf-8") == GOOD


def test_out_of_memory_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import cleandoc.runner as runner

    def no_memory(text: str, config: cleandoc.Config) -> cleandoc.Result:
        raise MemoryError

    monkeypatch.setattr(runner, "clean", no_memory)
    doc = tmp_path / "a.txt"
    doc.write_text(GOOD, encoding="utf-8")
    assert fix(str(doc)) == 2
    err = capsys.readouterr().err
    assert f"{doc}: out of memory" in err and "internal error" not in err
    assert doc.read_text(encoding="utf-8") == GOOD


def test_names_with_control_characters_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "evil\x1b[31m\rname\n.txt"
    doc.write_text("甲@乙@\n", encoding="utf-8")
    assert run_cli(["fix", *h.SELECT, "--jobs", "1", "-q", "--explain", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 2, lines  # one change per line
    assert all("evil\\x1b[31m\\x0dname\\x0a.txt:1:" in line for line in lines)
    assert "\x1b" not in out and "\r" not in out
    bad = tmp_path / "bad\x1b]0;title\x07.txt"
    bad.write_bytes(b"\x80\x80\xff\n")
    assert fix(str(bad)) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "bad\\x1b]0;title\\x07.txt" in err


def test_errors_name_the_path_as_given_not_the_resolved_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import cleandoc.writer as writer

    real = tmp_path / "store" / "real.txt"
    real.parent.mkdir()
    real.write_text(GOOD, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "replace", full_disk)
    assert fix(str(link)) == 2
    err = capsys.readouterr().err
    assert f"{link}: cannot write" in err and "store" not in err


def test_jobs_above_the_cores_are_capped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import cleandoc.cli as cli
    from cleandoc.runner import default_jobs

    asked: list[int] = []
    real_run = cli.run

    def spy(sources, job, jobs, stdin_data=None):  # type: ignore[no-untyped-def]
        asked.append(jobs)
        return real_run(sources, job, jobs, stdin_data)

    monkeypatch.setattr(cli, "run", spy)
    doc = tmp_path / "a.txt"
    doc.write_text(GOOD, encoding="utf-8")
    assert run_cli(["fix", *h.SELECT, "-q", "--jobs", "512", str(doc)]) == 0
    assert run_cli(["fix", *h.SELECT, "-q", "--jobs", "1", str(doc)]) == 0
    assert asked == [default_jobs(), 1]


# ---------------------------------------------------------------- issue 17: leftovers of a kill -9


def _leftover(folder: Path, name: str, age: float = 3600) -> Path:
    temp = folder / f".{name}.k3x9q2ab.cleandoc-tmp"
    temp.write_bytes(b"half a file")
    old = time.time() - age
    os.utime(temp, (old, old))
    return temp


def test_leftover_temp_files_are_removed_by_the_next_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    doc = sub / "a.txt"
    doc.write_text(GOOD, encoding="utf-8")
    temp = _leftover(sub, "a.txt")
    # check and --dry-run write nothing: they report it
    assert run_cli(["check", *h.SELECT, "--jobs", "1", str(tmp_path)]) == 1
    assert temp.exists() and f"{temp}: a temp file left by an interrupted run" in capsys.readouterr().err
    # fix in place removes it (folder walk), and a file named alone finds its own
    assert fix(str(tmp_path)) == 0
    assert not temp.exists() and f"removed {temp}" in capsys.readouterr().err
    temp = _leftover(sub, "a.txt")
    assert fix(str(doc)) == 0
    assert not temp.exists()
    assert sorted(p.name for p in sub.iterdir()) == ["a.txt"]


def test_a_temp_file_in_use_or_just_made_is_not_a_leftover(tmp_path: Path) -> None:
    import fcntl

    from cleandoc.writer import remove_stale_temp

    young = _leftover(tmp_path, "a.txt", age=0)
    assert not remove_stale_temp(young)  # a live writer may not have locked it yet
    held = _leftover(tmp_path, "b.txt")
    with held.open("rb") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # as the writer of a run going on holds it
        assert not remove_stale_temp(held)
        assert fix(str(tmp_path)) == 0
        assert held.exists()
    assert remove_stale_temp(held) and not held.exists()


# ---------------------------------------------------------------- issue 17: line endings


def _newline_styles() -> list[tuple[str, str]]:
    _name, text = next(iter(h.corpus_docs()))
    text = text.replace("，", ",", 3)  # something to fix
    lines = text.split("\n")
    mixed = "".join(line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(lines))
    return [
        ("lone-cr-after-space", "第一行 \r"),
        ("lone-cr-inside", "通知,\r第二行 ,\r"),
        ("cr-only", text.replace("\n", "\r")),
        ("crlf", text.replace("\n", "\r\n")),
        ("lf", text),
        ("mixed", mixed),
        ("crlf-then-lone-cr", "第一行 \r\n第二行,\r"),
    ]


@pytest.mark.parametrize(("case", "text"), _newline_styles(), ids=[c for c, _ in _newline_styles()])
def test_fix_then_check_agrees_on_every_newline_style(tmp_path: Path, case: str, text: str) -> None:
    h.unregister()  # the real rules
    doc = tmp_path / "a.txt"
    doc.write_bytes(text.encode("utf-8"))
    assert run_cli(["fix", "-q", "--jobs", "1", str(doc)]) == 0
    fixed = doc.read_bytes()
    assert run_cli(["check", "-q", "--jobs", "1", str(doc)]) == 0, (text, fixed)
    # one line ending style comes back: the majority one
    body = fixed.decode("utf-8")
    styles = {"\r\n": body.count("\r\n")}
    styles["\n"] = body.count("\n") - styles["\r\n"]
    styles["\r"] = body.count("\r") - styles["\r\n"]
    if text != body:
        assert sum(1 for n in styles.values() if n) <= 1, styles

"""The command-line contract of issue 2, run as a user runs it (a subprocess)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cleandoc

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DIRTY = "关于做好 2025 年工作的通知\n各区、县(市)人民政府:\n现就有关事项通知如下.\n"


def cli(*args: str, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "cleandoc", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_version() -> None:
    r = cli("--version")
    assert r.returncode == 0
    assert cleandoc.__version__ in r.stdout.decode()


def test_dry_run_on_samples_writes_nothing_and_prints_a_diff(tmp_path: Path) -> None:
    work = tmp_path / "samples"
    shutil.copytree(SAMPLES, work)
    before = snapshot(work)
    r = cli("fix", "--dry-run", str(work))
    assert r.returncode == 0, r.stderr.decode()
    assert snapshot(work) == before
    out = r.stdout.decode()
    assert "--- a/" in out and "+++ b/" in out
    assert "would" in r.stderr.decode()


def test_check_fails_on_dirty_and_passes_once_fixed(tmp_path: Path) -> None:
    doc = tmp_path / "notice.txt"
    doc.write_text(DIRTY, encoding="utf-8")
    assert cli("check", str(doc)).returncode == 1
    assert doc.read_text(encoding="utf-8") == DIRTY  # check writes nothing
    r = cli("fix", str(doc))
    assert r.returncode == 0, r.stderr.decode()
    assert doc.read_text(encoding="utf-8") != DIRTY
    assert r.stdout == b""  # messages go to stderr only
    assert cli("check", str(doc)).returncode == 0


def test_unchanged_file_is_not_rewritten(tmp_path: Path) -> None:
    doc = tmp_path / "clean.txt"
    doc.write_text("关于印发示例的通知\n现印发给你们，请认真贯彻执行。\n", encoding="utf-8")
    os.utime(doc, ns=(1_000_000_000, 1_000_000_000))
    assert cli("fix", str(doc)).returncode == 0
    assert doc.stat().st_mtime_ns == 1_000_000_000


def test_bundle_round_trip_through_stdin_keeps_markers_and_clean_members() -> None:
    clean_member = "关于印发示例的通知\n\n现印发给你们，请认真贯彻执行。\n"
    bundle = (
        "preamble kept verbatim  \n"
        f"<<<FILE>>> a/dirty.txt\n{DIRTY}<<<END>>>\n"
        "\n"
        f"<<<FILE>>> b/clean.txt\n{clean_member}<<<END>>>\n"
    )
    r = cli("fix", "-", stdin=bundle.encode())
    assert r.returncode == 0, r.stderr.decode()
    out = r.stdout.decode()
    assert out.startswith("preamble kept verbatim  \n<<<FILE>>> a/dirty.txt\n")
    assert f"\n<<<END>>>\n\n<<<FILE>>> b/clean.txt\n{clean_member}<<<END>>>\n" in out
    assert out.count("<<<FILE>>>") == 2 and out.count("<<<END>>>") == 2
    dirty_out = out.split("<<<FILE>>> a/dirty.txt\n")[1].split("<<<END>>>")[0]
    assert dirty_out == cleandoc.clean(DIRTY).text


def test_empty_stdin_is_fine() -> None:
    r = cli("fix", "-")
    assert r.returncode == 0
    assert r.stdout == b""


@pytest.mark.parametrize(
    ("content", "line", "what"),
    [
        ("<<<FILE>>> a\ntext\n<<<FILE>>> b\n", 3, "inside the open document"),
        ("text\n<<<END>>>\n", 2, "without an open document"),
        ("<<<FILE>>> a\ntext\n", 1, "never closed"),
        ("<<<FILE>>> a\nx\n<<<END>>>\n<<<FILE>>> a\ny\n<<<END>>>\n", 4, "second document named"),
    ],
)
def test_malformed_bundle_is_reported_with_line_and_left_alone(
    tmp_path: Path, content: str, line: int, what: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(content, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(DIRTY, encoding="utf-8")
    r = cli("fix", str(bad), str(good))
    assert r.returncode == 2
    err = r.stderr.decode()
    assert f"{bad}:{line}:" in err and what in err
    assert bad.read_text(encoding="utf-8") == content
    assert good.read_text(encoding="utf-8") != DIRTY  # the other input was still processed


def test_binary_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    binary.write_bytes(data)
    r = cli("fix", str(binary))
    assert r.returncode == 2
    assert str(binary) in r.stderr.decode() and "binary" in r.stderr.decode()
    assert binary.read_bytes() == data


def test_missing_path_is_an_error_naming_it(tmp_path: Path) -> None:
    r = cli("fix", str(tmp_path / "nope.txt"))
    assert r.returncode == 2
    assert "nope.txt" in r.stderr.decode()


def test_gb18030_crlf_comes_back_gb18030_crlf(tmp_path: Path) -> None:
    doc = tmp_path / "gbk.txt"
    doc.write_bytes(DIRTY.replace("\n", "\r\n").encode("gb18030"))
    assert cli("fix", str(doc)).returncode == 0
    data = doc.read_bytes()
    text = data.decode("gb18030")
    assert text == cleandoc.clean(DIRTY).text.replace("\n", "\r\n")
    assert text.count("\r\n") == text.count("\n")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_output_dir_mirrors_the_tree_and_leaves_inputs_alone(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (src / "b.md").write_text(DIRTY, encoding="utf-8")
    (src / "skip.csv").write_text(DIRTY, encoding="utf-8")
    (src / ".hidden").mkdir()
    (src / ".hidden" / "c.txt").write_text(DIRTY, encoding="utf-8")
    out = tmp_path / "out"
    before = snapshot(src)
    r = cli("fix", str(src), "--output", str(out))
    assert r.returncode == 0, r.stderr.decode()
    assert snapshot(src) == before
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == ["b.md", "sub/a.txt"]
    assert (out / "sub" / "a.txt").read_text(encoding="utf-8") == cleandoc.clean(DIRTY).text


def test_include_and_exclude(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "b.log").write_text(DIRTY, encoding="utf-8")
    r = cli("check", str(tmp_path), "--include", "*.log", "--exclude", "a.*")
    assert r.returncode == 1
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DIRTY
    assert cli("check", str(tmp_path), "--exclude", "*.txt").returncode == 0


def test_rules_lists_every_rule_with_code_and_example() -> None:
    r = cli("rules")
    assert r.returncode == 0
    out = r.stdout.decode()
    for rule in cleandoc.rules.all_rules():
        assert rule.code in out and rule.name in out


def test_select_ignore_and_unknown_rule(tmp_path: Path) -> None:
    doc = tmp_path / "x.txt"
    doc.write_text(DIRTY, encoding="utf-8")
    r = cli("check", str(doc), "--select", "NOPE999")
    assert r.returncode == 2
    assert "NOPE999" in r.stderr.decode()
    every_code = ",".join(rule.code for rule in cleandoc.rules.all_rules())
    # nothing left to run is a usage error, not a silent success
    r = cli("check", str(doc), "--ignore", every_code)
    assert r.returncode == 2 and "no rule to run" in r.stderr.decode()
    r = cli("check", str(doc), "--select", "P", "--ignore", "P")
    assert r.returncode == 2 and "no rule to run" in r.stderr.decode()
    assert cli("check", str(doc), "--select", "P", "--ignore", "P102").returncode == 1


def test_config_file_is_read_and_unknown_keys_are_named(tmp_path: Path) -> None:
    doc = tmp_path / "x.txt"
    doc.write_text(DIRTY, encoding="utf-8")
    (tmp_path / "cleandoc.toml").write_text('select = ["H"]\n', encoding="utf-8")
    assert cli("check", str(doc)).returncode == 0  # the file's select is read: no H rule acts on DIRTY
    # --config replaces the nearest file
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    assert cli("check", str(doc), "--config", str(tmp_path / "empty.toml")).returncode == 1
    r = cli("check", str(doc), "--config", str(tmp_path / "none.toml"))
    assert r.returncode == 2
    assert "none.toml" in r.stderr.decode() and "Traceback" not in r.stderr.decode()
    (tmp_path / "cleandoc.toml").write_text("colour = 'red'\n", encoding="utf-8")
    r = cli("check", str(doc))
    assert r.returncode == 2
    assert "colour" in r.stderr.decode() and "cleandoc.toml" in r.stderr.decode()


def test_flags_win_over_the_config_file(tmp_path: Path) -> None:
    doc = tmp_path / "x.txt"
    doc.write_text("建设 20 个基地。\n", encoding="utf-8")
    (tmp_path / "cleandoc.toml").write_text('spacing = "keep"\n', encoding="utf-8")
    assert cli("check", str(doc), "--select", "S").returncode == 0
    assert cli("check", str(doc), "--select", "S", "--spacing", "remove").returncode == 1


def test_pyproject_tool_table(tmp_path: Path) -> None:
    doc = tmp_path / "x.txt"
    doc.write_text(DIRTY, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.cleandoc]\nspacing = "sideways"\n', encoding="utf-8")
    r = cli("check", str(doc))
    assert r.returncode == 2
    assert "spacing" in r.stderr.decode()


def test_usage_error_exits_2() -> None:
    assert cli("fix").returncode == 2
    assert cli("fix", "--no-such-flag", ".").returncode == 2


def test_diff_while_fixing_goes_to_stdout(tmp_path: Path) -> None:
    doc = tmp_path / "x.txt"
    doc.write_text(DIRTY, encoding="utf-8")
    r = cli("fix", "--diff", str(doc))
    assert r.returncode == 0
    assert r.stdout.decode().startswith("--- a/")
    assert doc.read_text(encoding="utf-8") == cleandoc.clean(DIRTY).text


def test_python_api_returns_text_and_changes() -> None:
    result = cleandoc.clean(DIRTY)
    assert result.text != DIRTY
    assert result.changes
    assert all(c.code and c.name and c.line >= 1 and c.col >= 1 for c in result.changes)


def test_explain_points_into_the_bundle_file(tmp_path: Path) -> None:
    bundle = tmp_path / "b.txt"
    bundle.write_text(f"intro\n<<<FILE>>> x\n{DIRTY}<<<END>>>\n", encoding="utf-8")
    r = cli("fix", "--dry-run", "--explain", "--select", "P103", str(bundle))
    lines = [ln for ln in r.stdout.decode().splitlines() if " P103 " in ln]
    # DIRTY's line 2 ("各区、县(市)人民政府:") is line 4 of the bundle
    assert lines and all(ln.startswith(f"{bundle}:4:") for ln in lines), lines


def test_structured_files_are_refused_not_cleaned_as_prose(tmp_path: Path) -> None:
    for name in ("t.json", "t.csv", "t.tsv"):
        path = tmp_path / name
        path.write_text('{"text": "中文,测试"}\n中文,测试\n', encoding="utf-8")
        r = cli("fix", str(path))
        assert r.returncode == 2, name
        assert "structured data" in r.stderr.decode()
        assert path.read_text(encoding="utf-8") == '{"text": "中文,测试"}\n中文,测试\n'


# --- issue 14: the first hour of a real user -------------------------------------------


def test_a_failed_input_is_printed_once_with_its_path_once(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "image.txt").write_bytes(b"ok\n\x00bad")
    r = cli("check", "bad", cwd=tmp_path)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.count("bad/image.txt") == 1, err
    assert "bad/image.txt:2: binary file" in err


def test_output_inside_the_input_folder_is_not_cleaned_again(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(DIRTY, encoding="utf-8")
    for _ in range(2):
        assert cli("fix", "in", "-o", "in/cleaned", "-q", cwd=tmp_path).returncode == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.txt")) == [
        "in/a.txt",
        "in/cleaned/a.txt",
    ]


def test_force_exclude_applies_exclude_to_named_files(tmp_path: Path) -> None:
    (tmp_path / "vendor").mkdir()
    for name in ("a.txt", "vendor/b.txt"):
        (tmp_path / name).write_text(DIRTY, encoding="utf-8")
    (tmp_path / "cleandoc.toml").write_text('exclude = ["a.txt", "vendor"]\n', encoding="utf-8")
    # a named file is cleaned even when excluded (as black and ruff do) ...
    assert cli("check", "a.txt", "vendor/b.txt", "-q", cwd=tmp_path).returncode == 1
    # ... unless --force-exclude (what a pre-commit hook passes)
    assert cli("check", "a.txt", "vendor/b.txt", "--force-exclude", "-q", cwd=tmp_path).returncode == 0
    r = cli("fix", "-", "--stdin-filename", "a.txt", "--force-exclude", stdin=DIRTY.encode(), cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == DIRTY.encode()  # an excluded pipe flows through unchanged


def test_output_with_stdin_is_a_usage_error(tmp_path: Path) -> None:
    r = cli("fix", "-", "-o", str(tmp_path / "out"), stdin=DIRTY.encode())
    assert r.returncode == 2 and "--output" in r.stderr.decode()
    assert r.stdout == b"" and not (tmp_path / "out").exists()


def test_unknown_encoding_is_one_usage_error(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(DIRTY, encoding="utf-8")
    r = cli("check", str(tmp_path), "--encoding", "nosuch")
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.count("nosuch") == 1 and "encoding" in err and "documents" not in err


def test_a_bad_settings_file_is_one_line_naming_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    for content in ('ignore = ["去重"]\n'.encode("gb18030"), b"spacing = \n", b"select = 5\n"):
        (tmp_path / "cleandoc.toml").write_bytes(content)
        r = cli("check", "a.txt", cwd=tmp_path)
        err = r.stderr.decode()
        assert r.returncode == 2 and "cleandoc.toml" in err and err.count("\n") == 1, err


def test_messages_are_never_cut_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    folder = tmp_path / ("一个名字很长很长的文件夹" * 3)
    folder.mkdir()
    doc = folder / ("关于印发某某某某某某管理办法的通知" * 2 + ".txt")
    doc.write_text("一、总则\n\n三、附则\n", encoding="utf-8")
    env_columns = os.environ.get("COLUMNS")
    try:
        os.environ.pop("COLUMNS", None)
        r = subprocess.run(
            [sys.executable, "-m", "cleandoc", "check", str(doc)], capture_output=True, timeout=120
        )
    finally:
        if env_columns is not None:
            os.environ["COLUMNS"] = env_columns
    err = r.stderr.decode()
    # the warning's place comes whole, on one line: path:line:col
    assert any(f"{doc}:3:1" in line for line in err.splitlines()), err


def test_plain_progress_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleandoc import cli as cli_mod

    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(DIRTY, encoding="utf-8")
    monkeypatch.setattr(cli_mod, "PLAIN_PROGRESS_SECONDS", 0.0)
    assert cli_mod.run_cli(["check", str(tmp_path), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert "cleandoc: 1/5 files" in err and "cleandoc: 4/5 files" in err
    assert cli_mod.run_cli(["check", str(tmp_path), "-j", "1", "-q"]) == 1
    assert "files" not in capsys.readouterr().err


def test_explain_is_in_reading_order(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    # line repair joins line 1 and 2 (made first), punctuation then fixes line 1
    doc.write_text("各区、县(市)人民政府,现就有关事项\n\n通知如下:\n", encoding="utf-8")
    r = cli("check", str(doc), "--explain", "-q")
    places = [
        tuple(int(x) for x in line.split(" ")[0].rsplit(":", 2)[1:])
        for line in r.stdout.decode().splitlines()
    ]
    assert len(places) > 2 and places == sorted(places)


def test_bundle_diff_applies_with_patch(tmp_path: Path) -> None:
    if shutil.which("patch") is None:
        pytest.skip("needs the patch program")
    bundle = (
        "<<<FILE>>> x.txt\n关于做好 2025 年工作的通知\n现就有关事项通知如下.\n<<<END>>>\n"
        "<<<FILE>>> y.txt\n甲\n乙\n丙\n丁\n戊,己\n<<<END>>>\n"
    )
    (tmp_path / "b.txt").write_text(bundle, encoding="utf-8")
    r = cli("fix", "--dry-run", "b.txt", "-q", cwd=tmp_path)
    diff = r.stdout.decode()
    assert diff.count("--- a/b.txt\n") == 1 and "x.txt" not in diff
    applied = subprocess.run(["patch", "-p1", "-F0"], input=r.stdout, cwd=tmp_path, capture_output=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    (fixed / "b.txt").write_text(bundle, encoding="utf-8")
    assert cli("fix", "b.txt", "-q", cwd=fixed).returncode == 0
    assert (tmp_path / "b.txt").read_bytes() == (fixed / "b.txt").read_bytes()


def test_stdin_filename_names_stdin_and_picks_its_format() -> None:
    text = "# 关于加强管理的通知\n\n## 一、总则\n\n正文,内容。\n"
    r = cli("fix", "-", "--stdin-filename", "notice.md", stdin=text.encode())
    assert r.stdout.decode() == "# 关于加强管理的通知\n\n## 一、总则\n\n正文，内容。\n"
    r = cli("fix", "-", stdin=text.encode())
    assert r.stdout.decode().startswith("关于加强管理的通知\n")
    r = cli("check", "-", "--stdin-filename", "notice.md", "--explain", "-q", stdin=text.encode())
    assert r.stdout.decode().startswith("notice.md:5:3 P103")


def test_check_output_format_github_and_json_lines(tmp_path: Path) -> None:
    doc = tmp_path / "a,b.txt"
    doc.write_text("甲\n乙,丙\n", encoding="utf-8")
    r = cli("check", str(doc), "--output-format", "github", "-q")
    assert r.returncode == 1
    assert r.stdout.decode().splitlines() == [
        f"::error title=cleandoc (P103),file={str(doc).replace(',', '%2C')},line=2,col=2::"
        "P103 halfwidth-punct: , → ，  [half-width mark in Chinese text]"
    ]
    r = cli("check", str(doc), "--output-format", "json-lines", "-q")
    (obj,) = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert obj["path"] == str(doc) and (obj["line"], obj["col"], obj["code"], obj["old"]) == (
        2,
        2,
        "P103",
        ",",
    )


def test_heading_style_auto_keeps_markdown_in_md_files_only(tmp_path: Path) -> None:
    text = "# 关于加强管理的通知\n\n## 一、总则\n\n正文。\n"
    for name in ("a.md", "a.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert cli("check", "a.md", "-q", cwd=tmp_path).returncode == 0
    assert cli("check", "a.txt", "-q", cwd=tmp_path).returncode == 1
    assert cli("check", "a.md", "--heading-style", "plain", "-q", cwd=tmp_path).returncode == 1
    assert cli("check", "a.txt", "--heading-style", "auto", "-q", cwd=tmp_path).returncode == 1


def test_report_lists_inputs_that_failed_while_the_paths_were_walked(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(DIRTY, encoding="utf-8")
    report = tmp_path / "r.json"
    r = cli("check", str(good), str(tmp_path / "missing.txt"), "--report", str(report))
    assert r.returncode == 2
    data = json.loads(report.read_text(encoding="utf-8"))
    names = [d["name"] for d in data["documents"]]
    assert any("missing.txt" in n for n in names), names
    assert any(n.endswith("a.txt") for n in names), names


def test_a_refused_run_leaves_no_report_temp_file(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(DIRTY, encoding="utf-8")
    r = cli("fix", "-", "-", "--report", str(tmp_path / "r.json"))
    assert r.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]

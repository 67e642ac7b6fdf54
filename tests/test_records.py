"""Records (issue 15): JSONL and Parquet sources, the text field of each
record cleaned, everything else kept, bad records reported and passed through."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import cleandoc
from cleandoc import formats, records, runner
from cleandoc.config import Config
from cleandoc.reader import Source
from cleandoc.runner import Job, SourceReport
from tests.shared_data import real_clean_docs

DIRTY = "关于做好 2025 年工作的通知\n各区、县(市)人民政府:\n现就有关事项通知如下."
CLEAN = cleandoc.clean(DIRTY).text.rstrip("\n")  # a record's text gets no final newline


def process(path: Path, **job: Any) -> SourceReport:
    options: dict[str, Any] = {"write": True, **job}
    return runner.process(Source(path, str(path), Path(path.name)), Job(Config(), **options))


def cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "cleandoc", *args], input=stdin, capture_output=True, env=env, timeout=120
    )


def line(**fields: Any) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode() + b"\n"


# ---------------------------------------------------------------- one record's text


def test_a_record_text_gets_no_final_newline_but_keeps_one_it_had() -> None:
    assert records.clean_text("委员会:").text == "委员会："
    assert records.clean_text("委员会:\n").text == "委员会：\n"
    assert records.clean_text("已经干净。").changes == ()
    assert records.clean_text("").text == ""


def test_a_crlf_record_text_keeps_its_line_ends() -> None:
    assert records.clean_text("一、总则\r\n委员会:").text == "一、总则\r\n委员会："


def test_record_text_is_cleaned_as_the_same_document() -> None:
    # the real documents shipped with the tests: cleaning one as a record
    # gives the document's cleaning, without the final newline
    for name, text in real_clean_docs():
        body = text.rstrip("\n")
        assert records.clean_text(body).text == cleandoc.clean(body + "\n").text.rstrip("\n"), name


# ---------------------------------------------------------------- JSONL


def test_only_changed_records_are_rewritten_and_only_their_text_value(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    lines = [
        b'{"id": 1, "text": "\xe5\xa7\x94\xe5\x91\x98\xe4\xbc\x9a:", "score": 1.50, "n": {"x": [1, 2]}}\n',
        b'{"id":2,"text":"\xe5\xb7\xb2\xe7\xbb\x8f\xe5\xb9\xb2\xe5\x87\x80\xe3\x80\x82","big":12345678901234567890}\n',
        b"\n",
        b'{"text":"\\u59d4\\u5458\\u4f1a:","x":1}\r\n',
        b'  {"text" : "a", "text": "\xe5\xa7\x94\xe5\x91\x98\xe4\xbc\x9a:" }',
    ]
    src.write_bytes(b"".join(lines))
    report = process(src)
    assert report.error is None and report.wrote
    out = src.read_bytes().splitlines(keepends=True)
    fixed = "委员会：".encode()
    assert out[0] == b'{"id": 1, "text": "' + fixed + b'", "score": 1.50, "n": {"x": [1, 2]}}\n'
    assert out[1:3] == lines[1:3]  # unchanged: byte-identical (1.50 and the big number too)
    assert out[3] == b'{"text":"\\u59d4\\u5458\\u4f1a\\uff1a","x":1}\r\n'  # escaped style and CRLF kept
    # a repeated key: the last one is the value (as json.loads reads it), no final newline added
    assert out[4] == b'  {"text" : "a", "text": "\xe5\xa7\x94\xe5\x91\x98\xe4\xbc\x9a\xef\xbc\x9a" }'
    assert [o.name for o in report.outcomes] == [f"{src}:1", f"{src}:2", f"{src}:4", f"{src}:5"]


def test_an_unchanged_file_is_not_rewritten(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_bytes(line(text="已经干净。") * 3)
    before = src.stat().st_mtime_ns
    report = process(src)
    assert not report.wrote and not report.changed
    assert src.stat().st_mtime_ns == before


def test_bad_records_are_reported_with_their_line_and_passed_through(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    bad = [
        b"not json\n",
        b'{"id": 3}\n',
        b'{"text": null}\n',
        b'{"text": 5}\n',
        b"[1, 2]\n",
        b'{"text": "\xff"}\n',
    ]
    src.write_bytes(line(text="委员会:") + b"".join(bad) + line(text="委员会:"))
    report = process(src)
    out = src.read_bytes().splitlines(keepends=True)
    assert out[1:7] == bad  # never dropped, never changed
    assert out[0] == out[7] == line(text="委员会：")
    errors = [o.error for o in report.outcomes if o.result is None]
    assert errors == [
        f"{src}:2: bad JSON (Expecting value at column 1); record passed through unchanged",
        f"{src}:3: no field 'text' (see --text-field); record passed through unchanged",
        f"{src}:4: field 'text' is null, not a string; record passed through unchanged",
        f"{src}:5: field 'text' is a number, not a string; record passed through unchanged",
        f"{src}:6: the record is an array, not an object; record passed through unchanged",
        f"{src}:7: not UTF-8 (byte 11); record passed through unchanged",
    ]
    assert report.error is not None and report.error.startswith(f"{src}:2: bad JSON")
    assert "6 such records" in report.error


def test_past_a_limit_bad_records_are_counted_not_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "MAX_LISTED_ERRORS", 3)
    src = tmp_path / "a.jsonl"
    src.write_bytes(line(body="x") * 10)
    report = process(src)
    assert len(report.outcomes) == 3
    assert (
        report.error is not None
        and "10 such records" in report.error
        and "the first 3 listed" in report.error
    )


def test_text_field_and_changes_field(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_bytes(
        b'{"body": "\xe5\xa7\x94\xe5\x91\x98\xe4\xbc\x9a:"}\n{"body":"ok"}\n{}\n'
        b'{"body": "\xe5\xb7\xb2\xe7\xbb\x8f\xe3\x80\x82", "cd": {"old": 1}}\n'
    )
    report = process(src, text_field="body", changes_field="cd")
    assert src.read_bytes() == (
        b'{"body": "\xe5\xa7\x94\xe5\x91\x98\xe4\xbc\x9a\xef\xbc\x9a", "cd": {"P103": 1}}\n'
        b'{"body":"ok","cd":{}}\n{}\n'  # the bad record ({} has no body) is left alone
        b'{"body": "\xe5\xb7\xb2\xe7\xbb\x8f\xe3\x80\x82", "cd": {}}\n'  # an old value is replaced
    )
    assert report.error is not None and ":3: no field 'body'" in report.error


def test_changes_field_must_differ_from_text_field(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_bytes(line(text="委员会:"))
    report = process(src, changes_field="text")
    assert report.error is not None and "both 'text'" in report.error
    assert src.read_bytes() == line(text="委员会:")


def test_a_lone_surrogate_escape_stays_escaped(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_bytes(b'{"text": "\\ud800\xe5\xa7\x94\xe5\x91\x98\xe4\xbc\x9a:"}\n')
    report = process(src)
    assert report.error is None
    assert json.loads(src.read_bytes()) == {"text": "\ud800委员会："}


def test_gzip_in_and_out(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl.gz"
    src.write_bytes(gzip.compress(line(text="委员会:") + line(text="已经干净。")))
    process(src)
    assert gzip.decompress(src.read_bytes()) == line(text="委员会：") + line(text="已经干净。")


def test_an_unchanged_gzip_file_is_mirrored_byte_for_byte(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl.gz"
    data = gzip.compress(line(text="已经干净。"), compresslevel=1)
    src.write_bytes(data)
    report = process(src, output_dir=tmp_path / "out")
    assert report.wrote
    assert (tmp_path / "out" / "a.jsonl.gz").read_bytes() == data


def test_a_broken_gzip_file_is_an_error_and_left_alone(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl.gz"
    data = gzip.compress(line(text="委员会:") * 100)[:-20]
    src.write_bytes(data)
    report = process(src)
    assert report.error is not None and "gzip" in report.error and "left unchanged" in report.error
    assert src.read_bytes() == data


def test_cli_stdin_with_format_jsonl_and_exit_codes(tmp_path: Path) -> None:
    r = cli("fix", "-", "--format", "jsonl", "-q", stdin=line(text="委员会:") + b"{bad\n")
    assert r.stdout == line(text="委员会：") + b"{bad\n"
    assert r.returncode == 2
    assert b"<stdin>:2: bad JSON" in r.stderr
    r = cli("check", "-", "--format", "jsonl", "-q", stdin=line(text="委员会:"))
    assert r.returncode == 1
    r = cli("check", "-", "--format", "jsonl", "-q", stdin=line(text="已经干净。"))
    assert r.returncode == 0, r.stderr


def test_cli_reports_name_records_by_file_and_line(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_bytes(line(text="已经干净。") + line(text="一、总则\n委员会:"))
    report_path = tmp_path / "r.json"
    r = cli("fix", "--dry-run", "--explain", "--report", str(report_path), str(src))
    out = r.stdout.decode()
    # record on line 2, its text's line 2, column 4
    assert f"{src}:2:2:4 P103 halfwidth-punct: : → ：" in out
    assert f"+++ b/{src}:2\n" in out  # the diff names the record
    docs = json.loads(report_path.read_text(encoding="utf-8"))["documents"]
    assert [(d["name"], d["status"]) for d in docs] == [(f"{src}:1", "unchanged"), (f"{src}:2", "changed")]
    assert docs[1]["counts"] == {"P103": 1}
    assert src.read_bytes() == line(text="已经干净。") + line(text="一、总则\n委员会:")  # dry run


def test_structured_files_are_refused_and_jsonl_is_not(tmp_path: Path) -> None:
    assert formats.format_of("a.JSONL.gz") == formats.JSONL
    assert formats.format_of("a.ndjson") == formats.JSONL
    assert formats.format_of("a.parquet") == formats.PARQUET
    assert formats.format_of("a.txt") == formats.TEXT
    assert formats.format_of("a.json", forced="jsonl") == formats.JSONL
    for name in ("a.json", "a.csv", "a.tsv", "a.xlsx", "a.json.gz"):
        with pytest.raises(formats.UnsupportedFormat, match="structured data"):
            formats.format_of(name)
    with pytest.raises(formats.UnsupportedFormat, match="unknown format"):
        formats.format_of("a.txt", forced="xml")
    data = '{"text": "中文,测试"}\n'
    (tmp_path / "a.csv").write_text(data, encoding="utf-8")
    r = cli("fix", str(tmp_path / "a.csv"))
    assert r.returncode == 2 and b"structured data" in r.stderr
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == data


# ---------------------------------------------------------------- --jobs and memory


def test_a_large_source_is_spread_over_workers_with_the_same_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "DOC_POOL_MIN_BYTES", 1)
    monkeypatch.setattr(records, "BATCH_RECORDS", 3)
    data = b"".join(line(id=i, text=f"第{i}条 委员会:{i}") if i % 7 else b"{bad\n" for i in range(200))
    outputs = []
    for jobs in (1, 2):
        src = tmp_path / f"j{jobs}" / "a.jsonl"
        src.parent.mkdir()
        src.write_bytes(data)
        source = Source(src, str(tmp_path / "a.jsonl"), Path("a.jsonl"))
        pool = records._doc_pool(source, Job(Config(), True, jobs=jobs), None)
        assert (pool is not None) == (jobs > 1)
        if pool is not None:
            pool.executor.shutdown()
        report = runner.process(source, Job(Config(), True, jobs=jobs))
        outputs.append((src.read_bytes(), report.outcomes, report.error))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] != data


def test_a_small_source_or_one_in_a_worker_gets_no_pool(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_bytes(line(text="x"))
    source = Source(src, str(src), Path("a.jsonl"))
    assert records._doc_pool(source, Job(Config(), True, jobs=2), None) is None  # below DOC_POOL_MIN_BYTES
    assert records._doc_pool(source, Job(Config(), True, jobs=1), b"x" * (3 << 20)) is None


def test_without_texts_records_with_the_same_changes_share_one_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "a.jsonl"
    src.write_bytes(line(text="委员会:") * 50 + line(text="已经干净。") * 50)
    report = process(src, keep_texts=False, write=False)
    assert len(report.outcomes) == 100
    assert sum(o.changed for o in report.outcomes) == 50
    # "委员会:" has a warning: the first records with warnings keep their name (the summary lists them)
    named = [o for o in report.outcomes if o.name != str(src)]
    assert [o.name for o in named] == [f"{src}:{i}" for i in range(1, records.NAMED_WARNINGS + 1)]
    monkeypatch.setattr(records, "NAMED_WARNINGS", 0)
    report = process(src, keep_texts=False, write=False)
    assert len({id(o) for o in report.outcomes}) == 2  # memory: references, not objects
    assert sum(len(o.result.warnings) for o in report.outcomes if o.result) == 50


# ---------------------------------------------------------------- Python API


def test_clean_records_never_raises_for_a_bad_record() -> None:
    rows: list[Any] = [
        {"text": "委员会:", "id": 1},
        {"id": 2},
        "text",
        {"text": None},
        {"text": "已经干净。"},
    ]
    out = list(cleandoc.clean_records(rows, changes_field="cd"))
    assert out[0].record == {"text": "委员会：", "id": 1, "cd": {"P103": 1}} and out[0].changed
    assert rows[0] == {"text": "委员会:", "id": 1}  # the input is not modified
    assert [o.error for o in out[1:4]] == [
        "record 2: no field 'text' (see --text-field)",
        "record 3: the record is a str, not an object",
        "record 4: field 'text' is null, not a string",
    ]
    assert [o.record for o in out[1:4]] == rows[1:4]
    assert out[4].record == {"text": "已经干净。", "cd": {}}
    same = list(cleandoc.clean_records([rows[4]]))
    assert same[0].record is rows[4] and not same[0].changed


def test_clean_batch_on_a_dict_of_columns() -> None:
    batch = {"text": ["委员会:", None, "已经干净。"], "id": [1, 2, 3]}
    out = cleandoc.clean_batch(batch, changes_field="cd")
    assert out == {"text": ["委员会：", None, "已经干净。"], "id": [1, 2, 3], "cd": [{"P103": 1}, None, {}]}
    with pytest.raises(KeyError, match="no column 'body'"):
        cleandoc.clean_batch(batch, text_field="body")
    with pytest.raises(TypeError):
        cleandoc.clean_batch([1, 2])


def test_clean_batch_on_numpy_columns_gives_numpy_back() -> None:
    np = pytest.importorskip("numpy")
    out = cleandoc.clean_batch({"text": np.array(["委员会:", "ok"], dtype=object)})
    assert isinstance(out["text"], np.ndarray) and list(out["text"]) == ["委员会：", "ok"]


def test_clean_batch_on_arrow_tables_and_record_batches() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"id": [1, 2], "text": pa.array(["委员会:", None], pa.large_string())})
    out = cleandoc.clean_batch(table, changes_field="cd")
    assert out.column("text").type == pa.large_string()
    assert out.to_pylist() == [
        {"id": 1, "text": "委员会：", "cd": [("P103", 1)]},
        {"id": 2, "text": None, "cd": None},
    ]
    batch = cleandoc.clean_batch(table.to_batches()[0])
    assert isinstance(batch, pa.RecordBatch) and batch.column(1).to_pylist() == ["委员会：", None]


def test_clean_batch_on_pandas() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"text": ["委员会:", None], "id": [1, 2]})
    out = cleandoc.clean_batch(frame, changes_field="cd")
    assert out["text"].iloc[0] == "委员会：" and pd.isna(out["text"].iloc[1])  # a missing value stays missing
    assert out["cd"].tolist() == [{"P103": 1}, None]
    assert frame["text"].iloc[0] == "委员会:"  # the input is not modified


# ---------------------------------------------------------------- Parquet


@pytest.fixture()
def pq() -> Any:
    return pytest.importorskip("pyarrow.parquet", reason="Parquet needs pyarrow (the parquet extra)")


def test_parquet_text_column_cleaned_everything_else_kept(tmp_path: Path, pq: Any) -> None:
    import pyarrow as pa

    src = tmp_path / "a.parquet"
    table = pa.table({"id": [1, 2, 3], "text": ["委员会:", "已经干净。", None]}, metadata={b"k": b"v"})
    pq.write_table(table, src, compression="zstd", row_group_size=2)
    report = process(src, changes_field="cd")
    out = pq.ParquetFile(src)
    assert out.metadata.num_row_groups == 2 and out.metadata.row_group(0).column(0).compression == "ZSTD"
    got = out.read()
    assert got.schema.metadata == {b"k": b"v"}
    assert got.to_pylist() == [
        {"id": 1, "text": "委员会：", "cd": [("P103", 1)]},
        {"id": 2, "text": "已经干净。", "cd": []},
        {"id": 3, "text": None, "cd": None},
    ]
    assert report.error == f"{src}:3: field 'text' is null, not a string; row passed through unchanged"
    assert [o.name for o in report.outcomes] == [f"{src}:1", f"{src}:2", f"{src}:3"]


def test_an_unchanged_parquet_file_is_not_rewritten_and_mirrored_as_is(tmp_path: Path, pq: Any) -> None:
    import pyarrow as pa

    src = tmp_path / "a.parquet"
    pq.write_table(pa.table({"text": ["已经干净。"]}), src)
    data, before = src.read_bytes(), src.stat().st_mtime_ns
    assert not process(src).wrote and src.stat().st_mtime_ns == before
    assert process(src, output_dir=tmp_path / "out").wrote
    assert (tmp_path / "out" / "a.parquet").read_bytes() == data


def test_parquet_without_a_text_column_is_an_error(tmp_path: Path, pq: Any) -> None:
    import pyarrow as pa

    src = tmp_path / "a.parquet"
    pq.write_table(pa.table({"body": ["委员会:"], "n": [1]}), src)
    data = src.read_bytes()
    report = process(src)
    assert report.error is not None and "no column 'text'" in report.error and "body, n" in report.error
    report = process(src, text_field="n")
    assert report.error is not None and "holds int64, not strings" in report.error
    (tmp_path / "b.parquet").write_bytes(b"PAR1 not really")
    report = process(tmp_path / "b.parquet")
    assert report.error is not None and "not a readable Parquet file" in report.error
    assert src.read_bytes() == data


def test_parquet_on_stdin(pq: Any) -> None:
    import io

    import pyarrow as pa

    buf = io.BytesIO()
    pq.write_table(pa.table({"text": ["委员会:"]}), buf)
    r = cli("fix", "-", "--format", "parquet", "-q", stdin=buf.getvalue())
    assert r.returncode == 0, r.stderr
    assert pq.read_table(pa.BufferReader(r.stdout)).to_pylist() == [{"text": "委员会："}]


def test_parquet_spread_over_workers_gives_the_same_file(
    tmp_path: Path, pq: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa

    monkeypatch.setattr(records, "DOC_POOL_MIN_BYTES", 1)
    monkeypatch.setattr(records, "BATCH_RECORDS", 4)
    texts = [f"第{i}条 委员会:{i}" for i in range(60)]
    results = []
    for jobs in (1, 2):
        src = tmp_path / f"j{jobs}" / "a.parquet"
        src.parent.mkdir()
        pq.write_table(pa.table({"text": texts}), src, row_group_size=25)
        runner.process(Source(src, "a.parquet", Path("a.parquet")), Job(Config(), True, jobs=jobs))
        results.append(pq.read_table(src).to_pylist())
    assert results[0] == results[1]
    assert results[0] != [{"text": t} for t in texts]


def test_cli_options_reach_the_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleandoc.cli import run_cli

    seen: list[Job] = []
    real = records._doc_pool

    def spy(source: Source, job: Job, data: bytes | None) -> Any:
        seen.append(job)
        return real(source, job, data)

    monkeypatch.setattr(records, "_doc_pool", spy)
    src = tmp_path / "a.jsonl"
    src.write_bytes(b'\xef\xbb\xbf{"body": "\xe5\xa7\x94\xe5\x91\x98\xe4\xbc\x9a:"}\n')  # with a BOM
    code = run_cli(["fix", "-q", "--jobs", "2", "--text-field", "body", "--changes-field", "cd", str(src)])
    assert code == 0
    assert src.read_bytes() == b'\xef\xbb\xbf{"body": "' + "委员会：".encode() + b'", "cd": {"P103": 1}}\n'
    assert [(j.text_field, j.changes_field, j.jobs) for j in seen] == [("body", "cd", 2)]


def test_a_folder_of_records_and_text_with_jobs(tmp_path: Path) -> None:
    # several files are spread over the workers one file each: the same output for every --jobs
    outputs = []
    for jobs in ("1", "2"):
        root = tmp_path / f"j{jobs}"
        (root / "sub").mkdir(parents=True)
        (root / "a.jsonl").write_bytes(line(text="委员会:") + b"{bad\n")
        (root / "sub" / "b.jsonl.gz").write_bytes(gzip.compress(line(text="各区、县(市)人民政府:")))
        (root / "c.txt").write_text("委员会:\n", encoding="utf-8")
        r = cli(
            "fix",
            "-q",
            "--jobs",
            jobs,
            "--include",
            "*.jsonl",
            "--include",
            "*.jsonl.gz",
            "--include",
            "*.txt",
            str(root),
        )
        assert r.returncode == 2 and b"a.jsonl:2: bad JSON" in r.stderr
        outputs.append(
            (
                (root / "a.jsonl").read_bytes(),
                gzip.decompress((root / "sub" / "b.jsonl.gz").read_bytes()),
                (root / "c.txt").read_bytes(),
            )
        )
    assert outputs[0] == outputs[1]
    assert outputs[0] == (
        line(text="委员会：") + b"{bad\n",
        line(text="各区、县（市）人民政府："),
        "委员会：\n".encode(),
    )


def test_gzipped_jsonl_on_stdin_comes_back_gzipped_and_an_empty_file_is_fine(tmp_path: Path) -> None:
    r = cli("fix", "-", "--format", "jsonl", "-q", stdin=gzip.compress(line(text="委员会:")))
    assert r.returncode == 0, r.stderr
    assert gzip.decompress(r.stdout) == line(text="委员会：")
    empty = tmp_path / "e.jsonl"
    empty.write_bytes(b"")
    report = process(empty)
    assert report.error is None and report.outcomes == () and empty.read_bytes() == b""

"""The reader: encodings, lines, bundles, streaming. Pure functions on bytes
and text; no rules involved."""

from __future__ import annotations

import codecs
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleandoc import reader
from cleandoc.reader import (
    Encoding,
    InputError,
    Segment,
    Source,
    decode,
    decode_chunks,
    detect_encoding,
    iter_lines,
    iter_segments,
    iter_sources,
    join_segments,
    open_source,
    split_bundle,
)


def pieces(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)] or [b""]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ("甲乙".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "甲乙".encode(), "utf-8-sig"),
        ("甲乙".encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + "甲乙".encode("utf-16-be"), "utf-16"),
        ("甲乙".encode("gb18030"), "gb18030"),
        ("甲乙".encode("gbk"), "gb18030"),
        (b"", "utf-8"),
    ],
)
def test_detect_encoding(data: bytes, name: str) -> None:
    assert detect_encoding(lambda: (data,), "f").name == name


def test_utf16_be_keeps_its_byte_order() -> None:
    enc = detect_encoding(lambda: (codecs.BOM_UTF16_BE + "甲".encode("utf-16-be"),), "f")
    assert enc == Encoding("utf-16-be", codecs.BOM_UTF16_BE)


def test_utf8_decided_on_the_whole_file_not_its_start() -> None:
    # A GB18030 byte pair far into the file: the whole file is GB18030.
    data = b"abc\n" * 1000 + "甲".encode("gb18030")
    chunks = pieces(data, 7)
    assert detect_encoding(lambda: chunks, "f").codec == "gb18030"


def test_forced_encoding_and_unknown_encoding() -> None:
    assert detect_encoding(lambda: (b"x",), "f", "gbk").codec == "gbk"
    with pytest.raises(InputError, match="unknown encoding 'nope'"):
        detect_encoding(lambda: (b"x",), "f", "nope")


@pytest.mark.parametrize("size", [1, 2, 3, 5, 1 << 20])
def test_decode_chunks_any_boundaries(size: int) -> None:
    text = "甲\r\n乙𠀀丙\n\u2028丁\x0c戊"  # U+2028 LINE SEPARATOR, form feed: text, not newlines
    for enc in (Encoding("utf-8"), Encoding("gb18030"), Encoding("utf-16-le", codecs.BOM_UTF16_LE)):
        data = enc.bom + text.encode(enc.codec)
        got = "".join(decode_chunks(pieces(data, size), enc, "f"))
        assert got == text
        assert list(iter_lines(decode_chunks(pieces(data, size), enc, "f"))) == [
            "甲\r\n",
            "乙𠀀丙\n",
            "\u2028丁\x0c戊",
        ]


def test_decode_error_names_the_line() -> None:
    data = "一\n二\n".encode() + b"\xff\n"  # line 1 is not GB18030, line 3 not UTF-8
    with pytest.raises(InputError, match=r"^f:3: not UTF-8, UTF-16 or GB18030"):
        detect_encoding(lambda: pieces(data, 2), "f")


def test_nul_is_binary_with_its_line() -> None:
    with pytest.raises(InputError, match=r"^f:2: binary file"):
        decode(b"a\nb\x00", "f")
    with pytest.raises(InputError, match=r"^f:1: binary file"):
        decode("\x00甲".encode("utf-16"), "f")  # a NUL character in UTF-16 too


def test_decode_keeps_the_old_api() -> None:
    d = decode("甲\r\n乙\r\n".encode("gb18030"), "f")
    assert (d.text, d.encoding, d.newline) == ("甲\n乙\n", "gb18030", "\r\n")


@pytest.mark.parametrize("size", [1, 3, 64])
def test_iter_lines(size: int) -> None:
    text = "a\nbb\r\n\n末"
    chunks = [text[i : i + size] for i in range(0, len(text), size)]
    assert list(iter_lines(chunks)) == ["a\n", "bb\r\n", "\n", "末"]
    assert list(iter_lines([])) == []


def test_plain_file_is_one_document() -> None:
    assert split_bundle("甲\n<<< not a marker\n", "f") == [Segment("甲\n<<< not a marker\n", "f")]
    assert split_bundle("", "f") == [Segment("", "f")]


def test_bundle_segments_keep_everything_verbatim() -> None:
    text = (
        "前言\r\n<<<FILE>>>  一号 \r\n甲\r\n<<<END>>>\r\n"
        "中间\n<<<FILE>>>\n<<<END>>>\n<<<FILE>>>\n乙\n<<<END>>>"
    )
    segs = split_bundle(text, "f")
    assert [(s.name, s.line) for s in segs] == [
        (None, 1),
        ("一号", 3),
        (None, 5),
        ("document-2", 7),
        ("document-3", 9),
    ]
    assert segs[1].header == "<<<FILE>>>  一号 \r\n" and segs[1].footer == "<<<END>>>\r\n"
    assert segs[1].text == "甲\r\n" and segs[3].text == ""
    assert segs[4].footer == "<<<END>>>"
    assert join_segments(segs) == text


def test_segments_stream_before_the_fault() -> None:
    # The first document is yielded before the fault further down is read.
    lines = iter(["<<<FILE>>> a\n", "甲\n", "<<<END>>>\n", "<<<END>>>\n"])
    segs = iter_segments(lines, "f")
    assert next(segs).name == "a"
    assert next(lines) == "<<<END>>>\n"  # not read yet


def test_unnamed_documents_do_not_clash() -> None:
    segs = split_bundle("<<<FILE>>>\na\n<<<END>>>\n<<<FILE>>>\nb\n<<<END>>>\n", "f")
    assert [s.name for s in segs] == ["document-1", "document-2"]


def test_marker_after_a_bom_character_is_ambiguous() -> None:
    with pytest.raises(InputError, match="f:1: <<<FILE>>> line with leading whitespace"):
        split_bundle("\ufeff<<<FILE>>> a\n甲\n<<<END>>>\n", "f")


def test_open_source_refuses_a_folder_opened_as_a_file(tmp_path: Path) -> None:
    with (
        pytest.raises(InputError, match="a folder, not a regular file"),
        open_source(Source(tmp_path, "d", Path("d"))),
    ):
        pass


def test_large_file_is_read_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "SMALL_FILE", 10)
    monkeypatch.setattr(reader, "CHUNK_SIZE", 7)
    path = tmp_path / "a.txt"
    text = "<<<FILE>>> 甲\n" + "甲乙丙\n" * 50 + "<<<END>>>\n"
    path.write_bytes(text.encode("gb18030"))
    with open_source(Source(path, "a", Path("a.txt"))) as opened:
        chunks = list(opened.chunks())
        assert len(chunks) > 10 and max(map(len, chunks)) == 7
        enc = detect_encoding(opened.chunks, "a")
        assert enc.codec == "gb18030"
        segs = list(iter_segments(iter_lines(decode_chunks(opened.chunks(), enc, "a")), "a"))
    assert join_segments(segs) == text


def _sources(
    *args: str, include: tuple[str, ...] = ("*.txt", "*.md"), exclude: tuple[str, ...] = ()
) -> Iterator[str]:
    for s in iter_sources(list(args), include, exclude):
        yield s.display if isinstance(s, Source) else f"ERROR {s}"


def test_walk_skips_hidden_and_temp_files(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    (tmp_path / ".a.txt.abc.cleandoc-tmp").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "b.md").write_text("x")
    (tmp_path / "c.csv").write_text("x")
    assert list(_sources(str(tmp_path))) == [str(tmp_path / "b.md")]
    assert list(_sources(str(tmp_path), include=("*.csv",))) == [str(tmp_path / "c.csv")]
    assert list(_sources(str(tmp_path), exclude=("b.*",))) == []


def test_same_file_is_listed_once(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("x")
    (tmp_path / "link.txt").symlink_to(doc)
    assert list(_sources(str(doc), str(tmp_path), str(tmp_path / "link.txt"))) == [str(doc)]


# ---------------------------------------------------------------- issue 17: size limit, names


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(reader, "MAX_DOCUMENT_CHARS", 1000)
    return 1000


def test_a_plain_document_over_the_limit_is_refused_at_its_line(small_limit: int) -> None:
    text = "".join(f"第{i:03d}行，内容。\n" for i in range(200))  # 10 characters a line
    with pytest.raises(InputError, match=r"^f:101: the document is longer than 1,000 characters"):
        list(iter_segments(iter_lines([text], "f"), "f"))
    assert len(list(iter_segments(iter_lines([text[:1000]], "f"), "f"))) == 1  # at the limit: fine


def test_a_bundle_member_over_the_limit_is_refused_the_others_are_not(small_limit: int) -> None:
    small = "<<<FILE>>> a\n" + "短。\n" * 100 + "<<<END>>>\n"
    big = "<<<FILE>>> b\n" + "长长长长。\n" * 300 + "<<<END>>>\n"
    assert [s.name for s in split_bundle(small * 1, "f")] == ["a"]
    with pytest.raises(InputError, match=r"^f:\d+: document 'b' is longer than 1,000"):
        split_bundle(small + big, "f")


def test_one_huge_line_is_refused_before_it_is_held_whole(small_limit: int) -> None:
    pieces = ("通" * 100 for _ in range(10**6))  # 100M characters, never all made
    with pytest.raises(InputError, match=r"^f:3: a line is longer than 1,000"):
        list(iter_lines(itertools.chain(["甲\n乙\n"], pieces), "f"))


def test_a_huge_plain_file_is_refused_in_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracemalloc

    from cleandoc.config import Config
    from cleandoc.runner import Job, process

    monkeypatch.setattr(reader, "MAX_DOCUMENT_CHARS", 200_000)
    monkeypatch.setattr(reader, "SMALL_FILE", 1 << 20)
    monkeypatch.setattr(reader, "CHUNK_SIZE", 1 << 16)
    doc = tmp_path / "huge.txt"
    with doc.open("w", encoding="utf-8") as fh:
        for _ in range(300):
            fh.write("关于做好年度工作的通知，各单位：" * 1000 + "\n")  # 16 MB, 4.8M characters
    before = doc.stat().st_mtime_ns
    tracemalloc.start()
    try:
        rep = process(Source(doc, "huge.txt", Path("huge.txt")), Job(Config(), write=True))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (
        rep.error is not None and "huge.txt:13: the document is longer than 200,000 characters" in rep.error
    )
    assert doc.stat().st_mtime_ns == before
    assert peak < 8_000_000, f"peak {peak / 1e6:.1f} MB refusing a {doc.stat().st_size / 1e6:.0f} MB file"


def test_walked_names_are_printable(tmp_path: Path) -> None:
    (tmp_path / "a\x1b[2Jb\n.txt").write_text("甲\n", encoding="utf-8")
    (tmp_path / os.fsdecode(b"\xff.txt")).write_text("甲\n", encoding="utf-8")
    displays = sorted(
        s.display for s in iter_sources([str(tmp_path)], ["*.txt"], []) if isinstance(s, Source)
    )
    assert [d[len(str(tmp_path)) + 1 :] for d in displays] == ["\\xff.txt", "a\\x1b[2Jb\\x0a.txt"]
    assert reader.printable("通知\u3000第1号 tab\there") == "通知\u3000第1号 tab\\x09here"

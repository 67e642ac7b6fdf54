"""Which format a source is read as: by its name, or for a pipe by its bytes."""

from __future__ import annotations

import json

import pytest
from reliability_helpers import cli

from cleandoc import formats


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", formats.TEXT),
        ("a.md", formats.TEXT),
        ("a.JSONL", formats.JSONL),
        ("a.jsonl.gz", formats.JSONL),
        ("a.parquet", formats.PARQUET),
        ("a.pdf", formats.PDF),
    ],
)
def test_format_by_name(name: str, fmt: str) -> None:
    assert formats.format_of(name) == fmt


@pytest.mark.parametrize("name", ["a.json", "a.csv", "a.tsv", "a.xlsx"])
def test_structured_names_are_refused(name: str) -> None:
    with pytest.raises(formats.UnsupportedFormat, match="structured data"):
        formats.format_of(name)


def test_sniffing_piped_bytes() -> None:
    assert formats.sniff("关于做好工作的通知\n{各单位}".encode()) is None
    assert formats.sniff(b"{not json\n") is None
    assert formats.sniff(b'{"text": "a"}\n{"text": "b"}\n') == formats.JSONL
    assert formats.sniff(b"%PDF-1.7\n...") == formats.PDF
    assert formats.sniff(b"PAR1....") == formats.PARQUET
    with pytest.raises(formats.UnsupportedFormat, match="JSON"):
        formats.sniff(b'[{"text": "a"}]\n')
    with pytest.raises(formats.UnsupportedFormat, match="JSON"):
        formats.sniff(b'{\n  "text": "a"\n}\n')


def test_jsonl_piped_in_without_format_is_read_as_records() -> None:
    rows = [{"id": 1, "text": "中文,测试"}, {"id": 2, "text": "好"}]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    r = cli("fix", "-q", "-", stdin=data)
    assert r.returncode == 0, r.stderr.decode()
    out = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert out == [{"id": 1, "text": "中文，测试"}, {"id": 2, "text": "好"}]


def test_json_piped_in_is_refused_not_cleaned_as_prose() -> None:
    r = cli("fix", "-q", "-", stdin='[{"text": "中文,测试"}]\n'.encode())
    assert r.returncode == 2
    assert "JSON" in r.stderr.decode()
    assert "，" not in r.stdout.decode()

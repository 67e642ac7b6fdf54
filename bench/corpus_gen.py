"""Reproducible benchmark input: dirty 公文 at a given size, as a folder of
files or as one bundle, plus the degenerate documents that catch quadratic
behaviour.

Where the documents come from (all optional, so the benchmark runs anywhere):

- ``samples/*.txt`` (not ``*.expected.txt``): already dirty, used as they are
  (bundles are split into their documents);
- ``../shared/corpus/clean``: real documents, brought to their canonical form
  and dirtied with the quality harness's own ``corrupt(gold, seed)``, so the
  cleaner has the defects it will meet (broken lines, half-width punctuation,
  LLM loops, page numbers ...) and not only text it leaves alone;
- ``../shared/corpus/dirty``: real pdftotext output, used as it is;
- a small built-in document, when none of the above exists.

Every copy of a corpus document gets its own corruption seed derived from
``seed``, so a 100 MB input is not one megabyte repeated a hundred times (a
cache or a dedup across documents would make that unrealistically fast).
Same seed, same sources: byte-identical output.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = Path(os.environ.get("CLEANDOC_SHARED", ROOT.parent / "shared"))
MB = 1_000_000  # figures are in decimal megabytes of UTF-8 input

FILE_MARKER = "<<<FILE>>>"
END_MARKER = "<<<END>>>"

# Used only when neither samples/ nor the shared corpus exist: a short notice
# with the defects of the seeds (half-width punctuation, a broken line, an LLM loop).
BUILTIN = (
    "## 一、总体要求\n"
    "各市州教育局:\n"
    "根据《湖南省普通高中学业水平考试办法》(湘教通〔2018〕22号)精神,现就做好 2020 年\n"
    "\n"
    "普通高中学业水平考试工作有关事项通知如下。\n"
    "1. 加强组织领导,落实工作责任。\n"
    "2. 加强组织领导,落实工作责任。\n"
    "3. 加强组织领导,落实工作责任。\n"
    "— 2 —\n"
)


@dataclass(frozen=True, slots=True)
class Doc:
    name: str
    text: str


Dirtier = Callable[[str, int], str]


def _load_shared_eval() -> tuple[Dirtier, Callable[[str], str]] | None:
    """``corrupt`` and ``canonical`` from the quality harness, if it is there."""
    eval_dir = SHARED / "eval"
    if not (eval_dir / "corrupt.py").is_file():
        return None
    if str(eval_dir) not in sys.path:
        sys.path.insert(0, str(eval_dir))
    from corpus import canonical  # type: ignore[import-not-found]
    from corrupt import corrupt  # type: ignore[import-not-found]

    return corrupt, canonical


def _decode(data: bytes) -> str:
    from cleandoc.reader import decode

    return decode(data, "sample").text


def _split(text: str, stem: str) -> list[Doc]:
    from cleandoc.reader import split_bundle

    segs = [s for s in split_bundle(text, stem) if s.name is not None]
    return [Doc(f"{stem}-{i}" if len(segs) > 1 else stem, s.text) for i, s in enumerate(segs)]


def sample_docs() -> list[Doc]:
    """The dirty documents of samples/ (already dirty: used as they are)."""
    docs: list[Doc] = []
    if not SAMPLES.is_dir():
        return docs
    for path in sorted(SAMPLES.glob("*.txt")):
        if path.name.endswith(".expected.txt"):
            continue
        docs.extend(_split(_decode(path.read_bytes()), path.stem))
    return docs


def gold_docs() -> list[Doc]:
    """Canonical (gold) forms of the shared clean corpus, to be dirtied."""
    loaded = _load_shared_eval()
    folder = SHARED / "corpus" / "clean"
    if loaded is None or not folder.is_dir():
        return []
    _, canonical = loaded
    docs = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".txt", ".md") or path.name == "SOURCES.md":
            continue
        text = canonical(path.read_text(encoding="utf-8", errors="replace"))
        if len(text) >= 200:
            docs.append(Doc(path.stem, text))
    return docs


def real_dirty_docs() -> list[Doc]:
    folder = SHARED / "corpus" / "dirty"
    if not folder.is_dir():
        return []
    return [Doc(p.stem, _decode(p.read_bytes())) for p in sorted(folder.rglob("*.txt"))]


@dataclass(frozen=True)
class Sources:
    """Everything the generator draws from, loaded once."""

    dirty: tuple[Doc, ...]  # used verbatim
    gold: tuple[Doc, ...]  # dirtied per copy
    corrupt: Dirtier | None

    @classmethod
    def load(cls) -> Sources:
        loaded = _load_shared_eval()
        dirty = sample_docs() + real_dirty_docs()
        gold = gold_docs()
        if not dirty and not gold:
            dirty = [Doc("builtin", BUILTIN)]
        return cls(tuple(dirty), tuple(gold), loaded[0] if loaded else None)

    def fingerprint(self) -> str:
        """Changes when the source documents change (so cached inputs are redone)."""
        h = hashlib.sha256()
        for d in (*self.dirty, *self.gold):
            h.update(d.name.encode() + b"\0" + d.text.encode() + b"\0")
        return h.hexdigest()[:12]

    def describe(self) -> dict[str, int]:
        return {
            "verbatim_dirty_docs": len(self.dirty),
            "gold_docs_dirtied": len(self.gold),
            "source_bytes": sum(len(d.text.encode()) for d in (*self.dirty, *self.gold)),
        }


def stream(sources: Sources, seed: int) -> Iterator[Doc]:
    """An endless, reproducible stream of dirty documents.

    Round r yields every verbatim dirty document once and every gold document
    dirtied with its own seed, in an order shuffled by ``seed`` and r.
    """
    rng = random.Random(seed)
    r = 0
    while True:
        items: list[Doc] = []
        for d in sources.dirty:
            items.append(Doc(f"r{r:04d}-{d.name}", d.text))
        for i, d in enumerate(sources.gold):
            doc_seed = rng.randrange(1 << 30) ^ (i * 7919)
            text = sources.corrupt(d.text, doc_seed) if sources.corrupt else d.text
            items.append(Doc(f"r{r:04d}-{d.name}", text))
        random.Random(seed * 1_000_003 + r).shuffle(items)
        yield from items
        r += 1


def take(sources: Sources, target_bytes: int, seed: int) -> list[Doc]:
    """Documents from the stream until their UTF-8 size reaches ``target_bytes``."""
    docs: list[Doc] = []
    total = 0
    for n, d in enumerate(stream(sources, seed)):
        if total >= target_bytes:
            break
        docs.append(Doc(f"doc-{n:06d}", d.text))
        total += len(d.text.encode())
    return docs


def repeat_docs(docs: list[Doc], k: int) -> list[Doc]:
    """The same documents k times (new names): the scaling of a bundle is then
    measured on an identical mix of text at every size."""
    return [Doc(f"{d.name}-{i}", d.text) for i in range(k) for d in docs]


# ---------------------------------------------------------------- writing


def _safe_body(text: str) -> str:
    """A bundle member must end with a newline so ``<<<END>>>`` starts a line."""
    return text if text.endswith("\n") else text + "\n"


def write_folder(docs: list[Doc], folder: Path) -> None:
    """One file per document, 500 per sub-folder (as a real archive would be)."""
    for i, d in enumerate(docs):
        sub = folder / f"part{i // 500:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{d.name}.txt").write_bytes(d.text.encode())


def bundle_text(docs: list[Doc]) -> str:
    return "".join(f"{FILE_MARKER} {d.name}\n{_safe_body(d.text)}{END_MARKER}\n" for d in docs)


def write_bundle(docs: list[Doc], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for d in docs:
            fh.write(f"{FILE_MARKER} {d.name}\n{_safe_body(d.text)}{END_MARKER}\n".encode())


# ---------------------------------------------------------------- degenerate documents


def repeated_list(items: int) -> str:
    """An LLM loop: one numbered item repeated ``items`` times (the seeds have 20)."""
    head = "关于进一步加强教育工作的通知\n各市州教育局：\n一、总体要求\n"
    body = "".join(f"{n}.加强组织领导，落实工作责任，确保各项工作落到实处。\n" for n in range(1, items + 1))
    return head + body + "特此通知。\n"


def _prose(sources: Sources, target_bytes: int, seed: int) -> str:
    """Dirty body text, newlines removed, of about ``target_bytes``."""
    parts: list[str] = []
    total = 0
    for d in stream(sources, seed):
        chunk = d.text.replace("\r", "").replace("\n", "")
        parts.append(chunk)
        total += len(chunk.encode())
        if total >= target_bytes:
            break
    return _cut("".join(parts), target_bytes)


def _cut(text: str, target_bytes: int) -> str:
    data = text.encode()[:target_bytes]
    return data.decode("utf-8", errors="ignore")


def no_newline(sources: Sources, target_bytes: int, seed: int) -> str:
    """A whole document without a single line break (a PDF text layer gone wrong)."""
    return _prose(sources, target_bytes, seed)


def han_run(sources: Sources, target_bytes: int, seed: int) -> str:
    """One line of Han characters only: no space, no punctuation, no digit (OCR
    that lost every punctuation mark). Catches regexes that rescan a run."""
    prose = _prose(sources, target_bytes * 2, seed)
    return _cut("".join(ch for ch in prose if "\u4e00" <= ch <= "\u9fff"), target_bytes) + "\n"


def long_line(sources: Sources, target_bytes: int, seed: int) -> str:
    """A normal document with one line of ``target_bytes`` in its middle."""
    doc = next(d for d in stream(sources, seed + 1) if d.text.count("\n") > 10)
    lines = doc.text.split("\n")
    mid = len(lines) // 2
    return "\n".join([*lines[:mid], _prose(sources, target_bytes, seed), *lines[mid:]])


def one_big_document(sources: Sources, target_bytes: int, seed: int) -> str:
    """Many ordinary documents concatenated into one (a whole yearbook in one file)."""
    parts: list[str] = []
    total = 0
    for d in stream(sources, seed):
        parts.append(_safe_body(d.text.replace("\r\n", "\n")))
        total += len(parts[-1].encode())
        if total >= target_bytes:
            break
    return "".join(parts)


# ---------------------------------------------------------------- cached inputs on disk


@dataclass(frozen=True)
class Prepared:
    folder: Path
    bundle: Path
    docs: int
    bytes: int


def prepare(sources: Sources, size_mb: float, seed: int, cache: Path) -> Prepared:
    """Folder and bundle of ``size_mb`` MB, generated once per (sources, size, seed)."""
    key = f"{size_mb:g}MB-seed{seed}-{sources.fingerprint()}"
    base = cache / key
    manifest = base / "manifest.json"
    if manifest.is_file():
        meta = json.loads(manifest.read_text())
        return Prepared(base / "folder", base / "bundle.txt", meta["docs"], meta["bytes"])
    docs = take(sources, int(size_mb * MB), seed)
    tmp = cache / f".{key}.tmp"
    if tmp.exists():
        import shutil

        shutil.rmtree(tmp)
    write_folder(docs, tmp / "folder")
    write_bundle(docs, tmp / "bundle.txt")
    nbytes = sum(len(d.text.encode()) for d in docs)
    (tmp / "manifest.json").write_text(json.dumps({"docs": len(docs), "bytes": nbytes, "seed": seed}))
    tmp.rename(base)
    return Prepared(base / "folder", base / "bundle.txt", len(docs), nbytes)

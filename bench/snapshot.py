"""Behaviour snapshot for refactoring: clean a fixed set of documents (the
shared corpus, corrupted copies of it, the seeds and samples) and write or
compare the outputs, changes and warnings. A performance change must leave
the snapshot identical.

    python3 bench/snapshot.py write /tmp/snap     # before
    python3 bench/snapshot.py compare /tmp/snap   # after: lists every difference
"""

from __future__ import annotations

import hashlib
import json
import sys
import zlib
from pathlib import Path

import cleandoc

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def documents() -> list[tuple[str, str]]:
    sys.path.insert(0, str(SHARED / "eval"))
    from corrupt import corrupt

    docs: list[tuple[str, str]] = []
    for folder in (SHARED / "corpus", SHARED / "seeds", ROOT / "samples"):
        for p in sorted(folder.rglob("*")):
            if (
                p.suffix in (".txt", ".md")
                and p.name not in ("SOURCES.md", "README.md")
                and "gb18030" not in p.name
            ):
                docs.append((str(p.relative_to(folder.parent)), p.read_text(encoding="utf-8")))
    clean = [(n, t) for n, t in docs if "/clean/" in n]
    for salt in (0, 1):
        docs += [(f"{n}#salt{salt}", corrupt(t, zlib.crc32(f"{salt}:{n}".encode()))) for n, t in clean]
    return docs


def record(text: str) -> dict[str, object]:
    r = cleandoc.clean(text)
    return {
        "text": r.text,
        "changes": [[c.code, c.line, c.col, c.old, c.new, c.note, c.removed] for c in r.changes],
        "warnings": [[w.code, w.line, w.col, w.message] for w in r.warnings],
    }


def main() -> int:
    mode, folder = sys.argv[1], Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    differences = 0
    for name, text in documents():
        key = hashlib.sha1(name.encode()).hexdigest()[:16]
        got = record(text)
        path = folder / f"{key}.json"
        if mode == "write":
            path.write_text(json.dumps({"name": name, **got}, ensure_ascii=False), encoding="utf-8")
            continue
        want = json.loads(path.read_text(encoding="utf-8"))
        for field in ("text", "changes", "warnings"):
            if want[field] != got[field]:
                differences += 1
                print(f"{name}: {field} differs")
    if mode == "compare":
        print(f"{differences} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())

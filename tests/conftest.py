"""Shared fixtures: one build of the demo corpus per test session."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
EVAL_DEV = SHARED / "eval-dev"


def tree_digest(folder: Path) -> str:
    """Names, sizes, mtimes and bytes of every file: proves a folder untouched."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        st = p.stat()
        h.update(f"{p.relative_to(folder)}|{st.st_size}|{st.st_mtime_ns}".encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """(KnowledgeGraph, output dir) of the bundled demo corpus."""
    import kgnotes

    out = tmp_path_factory.mktemp("demo") / "output"
    before = tree_digest(DEMO)
    kg = kgnotes.build(DEMO, out)
    assert tree_digest(DEMO) == before, "the build wrote into the corpus folder"
    return kg, out


@pytest.fixture
def write_note(tmp_path):
    """Write a note (text or bytes) under tmp_path/notes and return the corpus root."""
    root = tmp_path / "notes"
    root.mkdir(exist_ok=True)

    def _write(rel: str, content, encoding: str = "utf-8") -> Path:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding=encoding)
        return root

    return _write

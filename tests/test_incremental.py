"""An incremental build gives the same graph as a full build, and the number
of workers never changes the output."""
from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from conftest import DEMO

import kgnotes
from kgnotes.rdf import BUILD


def _quads(out) -> list[str]:
    """Every quad of graph.trig but the build's own (its times differ)."""
    quads = ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    return sorted(str(q) for q in quads if q.subject != BUILD)


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("inc") / "corpus"
    shutil.copytree(DEMO, root)
    return root


def _edit(root):
    """Edit one note, add one, delete one."""
    sgd = root / "optimizers" / "sgd.md"
    sgd.write_text(sgd.read_text(encoding="utf-8") + "\n\n随机梯度下降 (SGD) 是一种优化器。Lookahead 优化器在 SGD 的基础上做了改进。\n", encoding="utf-8")
    (root / "optimizers" / "lookahead.md").write_text(
        "---\ntitle: Lookahead 优化器\ntags: [优化器]\n---\n"
        "Lookahead 优化器 (Lookahead Optimizer) 维护快慢两组权重，是一种包装在 Adam 或 SGD 外面的优化器。\n"
        "慢权重每 k 步向快权重插值一次，可以看作对 [[sgd]] 轨迹的平滑。\n",
        encoding="utf-8",
    )
    (root / "losses" / "focal-loss.md").unlink()


def test_incremental_equals_full(corpus_copy, tmp_path):
    inc = tmp_path / "inc"
    (corpus_copy / "basics" / "scan.md").write_bytes(b"\x00\x01\x02 not a note")  # never cached: read each time
    first = kgnotes.build(corpus_copy, inc, workers=1)
    assert first.build["timings"]["extracted"] == len(first.notes)
    assert first.build["timings"]["files_read"] == len(first.notes) + 1  # + the binary file it skips
    unchanged = kgnotes.build(corpus_copy, inc, workers=1)
    assert unchanged.build["up_to_date"]  # no file changed: the outputs stand
    assert unchanged.build["timings"]["extracted"] == 0 and unchanged.build["timings"]["files_read"] == 0
    shutil.rmtree(inc / "maps")  # an output gone: not up to date any more
    assert not kgnotes.build(corpus_copy, inc, workers=1).build.get("up_to_date")
    assert (inc / "maps").is_dir()
    (corpus_copy / "basics" / "cnn.md").touch()  # a new mtime, the same bytes: read again, nothing re-extracted
    touched = kgnotes.build(corpus_copy, inc, workers=1)
    assert not touched.build.get("up_to_date")
    assert touched.build["timings"]["extracted"] == 0
    assert touched.build["timings"]["files_read"] == 2  # the touched note and the file it could not read
    # a cached note still gives the warning reading it gave
    assert any("gb18030" in w for w in unchanged.warnings) and any("binary" in w for w in unchanged.warnings)
    assert sorted(unchanged.warnings) == sorted(first.warnings) == sorted(touched.warnings)
    _edit(corpus_copy)
    again = kgnotes.build(corpus_copy, inc, workers=1)
    assert again.build["timings"]["extracted"] < len(again.notes)
    assert again.build["timings"]["files_read"] == 3  # the edited, the added and the unreadable file
    assert "losses/focal-loss.md" not in again.notes and "optimizers/lookahead.md" in again.notes
    # the query store was updated in place by the difference, and holds what a fresh load would
    assert again.build["timings"]["store_updated"] == 1
    assert _store_quads(inc) == sorted(set(_quads(inc)))  # a store is a set; the files may repeat a quad
    # GraphML: the unchanged notes' edges were copied from the last file, the
    # file is still byte for byte what a full build writes
    assert 0 < again.build["timings"]["graphml_notes_copied"] < len(again.notes)
    full = tmp_path / "full"
    kgnotes.build(corpus_copy, full, full=True, workers=1)
    assert _quads(inc) == _quads(full)
    assert (inc / "graph.graphml").read_bytes() == (full / "graph.graphml").read_bytes()
    assert kgnotes.build(corpus_copy, full, full=True, workers=1).build["timings"]["store_updated"] == 0


def _store_quads(out) -> list[str]:
    store = ox.Store.read_only(str(out / "store"))
    return sorted(str(q) for q in store if q.subject != BUILD)


def _demo_copy(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(DEMO, root)
    return root


def _same_as_full(root, out, tmp_path) -> bool:
    """A full build of ``root`` has the quads the incremental one left in ``out``."""
    full = tmp_path / "full"
    kgnotes.build(root, full, full=True, workers=1)
    return _quads(out) == _quads(full)


def test_workers_do_not_change_output(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    kgnotes.build(DEMO, one, workers=1, full=True)
    kgnotes.build(DEMO, two, workers=2, full=True)
    assert _quads(one) == _quads(two)


def test_cache_shards_rewritten_only_where_notes_changed(tmp_path):
    import pickle

    from kgnotes.cache import CACHE_DIR, _shard_of

    root = _demo_copy(tmp_path)
    out = tmp_path / "out"
    kgnotes.build(root, out, workers=1)
    state = out / CACHE_DIR / "state"
    before = {p.name: p.stat().st_mtime_ns for p in state.glob("*.pkl")}
    sgd = root / "optimizers" / "sgd.md"
    sgd.write_text(sgd.read_text(encoding="utf-8") + "\n\n动量可以加快随机梯度下降。\n", encoding="utf-8")
    kgnotes.build(root, out, workers=1)
    after = {p.name: p.stat().st_mtime_ns for p in state.glob("*.pkl")}
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"meta.pkl", f"{_shard_of('optimizers/sgd.md'):02d}.pkl"}

    # a shard left by a save that did not finish (its generation is not the
    # one meta.pkl names) is not trusted: its notes are extracted again
    shard = state / f"{_shard_of('optimizers/sgd.md'):02d}.pkl"
    _gen, part = pickle.loads(shard.read_bytes())
    shard.write_bytes(pickle.dumps(("unfinished", part)))
    sgd.write_text(sgd.read_text(encoding="utf-8") + "\n再加一句。\n", encoding="utf-8")
    again = kgnotes.build(root, out, workers=1)
    assert again.build["timings"]["extracted"] >= len(part.facts)
    assert _same_as_full(root, out, tmp_path)


def test_a_full_build_leaves_a_cache_for_the_next_build(tmp_path):
    # --full takes nothing from the last build, but the build after it is
    # incremental: only the note edited since is extracted again
    root = tmp_path / "corpus"
    shutil.copytree(DEMO, root)
    out = tmp_path / "out"
    kg = kgnotes.build(root, out, workers=1, full=True)
    assert kg.build["timings"]["extracted"] == len(kg.notes)
    sgd = root / "optimizers" / "sgd.md"
    sgd.write_text(sgd.read_text(encoding="utf-8") + "\n\n动量可以加快随机梯度下降。\n", encoding="utf-8")
    again = kgnotes.build(root, out, workers=1)
    assert again.build["timings"]["files_read"] == 1 and again.build["timings"]["extracted"] <= 3
    assert _same_as_full(root, out, tmp_path)


def test_notes_extracted_again_under_their_old_key_are_saved(tmp_path):
    # Deleting a note changes what its labels mean in the notes that mention
    # them: those are extracted again though their own bytes did not change.
    # Their new facts must reach the cache on disk, or a later build reuses
    # the stale ones (here: a concept that no longer exists).
    root, out = _demo_copy(tmp_path), tmp_path / "out"
    kgnotes.build(root, out, workers=1)
    (root / "losses" / "focal-loss.md").unlink()
    assert kgnotes.build(root, out, workers=1).build["timings"]["extracted"] > 0
    (root / "kgnotes.toml").write_text('[concepts]\nnever = ["动量"]\n', encoding="utf-8")
    kgnotes.build(root, out, workers=1)
    assert _same_as_full(root, out, tmp_path)


def test_the_vocabulary_is_rebuilt_only_when_a_harvest_changed(tmp_path):
    root, out = _demo_copy(tmp_path), tmp_path / "out"
    assert kgnotes.build(root, out, workers=1).build["timings"]["vocabulary_reused"] == 0  # nothing to reuse
    sgd = root / "optimizers" / "sgd.md"
    # a sentence that names no new term: the same harvest, the same vocabulary
    sgd.write_text(sgd.read_text(encoding="utf-8") + "\n\n这一段只是补充说明，换句话说再讲一遍。\n", encoding="utf-8")
    again = kgnotes.build(root, out, workers=1)
    assert again.build["timings"]["vocabulary_reused"] == 1
    assert again.build["timings"]["extracted"] == 1
    assert _same_as_full(root, out, tmp_path)
    # a new definition: the vocabulary is built again and holds the new concept
    sgd.write_text(sgd.read_text(encoding="utf-8") + "\n梯度裁剪 (Gradient Clipping) 把过大的梯度缩小。\n", encoding="utf-8")
    third = kgnotes.build(root, out, workers=1)
    assert third.build["timings"]["vocabulary_reused"] == 0
    assert any("Gradient Clipping" in c.labels for c in third.concepts.values())
    assert _same_as_full(root, out, tmp_path)
    # a note removed: not the same notes any more
    (root / "losses" / "focal-loss.md").unlink()
    assert kgnotes.build(root, out, workers=1).build["timings"]["vocabulary_reused"] == 0
    # other settings: built again
    (root / "kgnotes.toml").write_text('[concepts]\nnever = ["动量"]\n', encoding="utf-8")
    assert kgnotes.build(root, out, workers=1).build["timings"]["vocabulary_reused"] == 0
    assert _same_as_full(root, out, tmp_path)


def test_a_cache_made_by_other_code_is_not_loaded(tmp_path, monkeypatch):
    from kgnotes import cache

    out = tmp_path / "out"
    kgnotes.build(DEMO, out, workers=1)
    assert cache.BuildCache(out).old.facts  # this code's cache is read back
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version")
    # a new kgnotes re-extracts every note: the old records would only sit in memory
    assert not cache.BuildCache(out).old.facts and not cache.BuildCache(out).old.notes


def test_the_code_fingerprint_covers_every_harvest_module(tmp_path):
    # pass 1 is a package of modules: an edit to any of them is new code
    from pathlib import Path

    from kgnotes import cache

    root = Path(kgnotes.__file__).parent
    names = [name for name, _ in cache._extraction_files(root)]
    modules = sorted(p.relative_to(root).as_posix() for p in (root / "harvest").glob("*.py"))
    assert "harvest/__init__.py" in modules and len(modules) > 2
    assert [n for n in names if n.startswith("harvest/")] == modules
    assert len(cache.code_fingerprint()) == len(cache.package_fingerprint()) == 40
    copy = tmp_path / "kgnotes"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache._digest(cache._extraction_files(copy))
    assert before == cache.code_fingerprint()
    for module in modules:
        edited = copy / module
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text + "# edited\n", encoding="utf-8")
        assert cache._digest(cache._extraction_files(copy)) != before, module
        edited.write_text(text, encoding="utf-8")


def test_the_hash_seed_does_not_change_output(tmp_path):
    # Python orders a set of strings differently in every process: no decision
    # may follow that order. 400 notes recombined from the demo corpus (the
    # benchmark's generator) hold enough abbreviations of two senses to show it
    import os
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    synth = DEMO.parent / "benchmarks" / "synth.py"
    r = subprocess.run([sys.executable, str(synth), "--notes", "400", "--out", str(corpus), "--source", str(DEMO)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = subprocess.run([sys.executable, "-m", "kgnotes", "build", str(corpus), "--out", str(out), "--full", "--workers", "1"],
                           env=env, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        outs.append(_quads(out))
    assert outs[0] == outs[1]


def _append(root, rel: str, text: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_graphml_copies_nothing_from_a_file_it_did_not_write(tmp_path):
    import pickle

    root, out = _demo_copy(tmp_path), tmp_path / "out"
    kgnotes.build(root, out, workers=1)
    _append(root, "optimizers/sgd.md", "\n动量法 (Momentum) 在 SGD 上加了一阶动量。\n")
    # the user touched graph.graphml: its bytes are no longer the ones indexed
    with (out / "graph.graphml").open("a", encoding="utf-8") as f:
        f.write("<!-- 我的批注 -->\n")
    touched = kgnotes.build(root, out, workers=1)
    assert touched.build["timings"]["graphml_notes_copied"] == 0
    # the index says the keys were numbered otherwise: what was copied is thrown away
    index = out / ".kgnotes-cache" / "graphml.pkl"
    record = pickle.loads(index.read_bytes())
    record["keys"] = list(reversed(record["keys"]))
    index.write_bytes(pickle.dumps(record))
    _append(root, "optimizers/sgd.md", "\nNesterov 动量 (Nesterov Momentum) 先看一步再算梯度。\n")
    kgnotes.build(root, out, workers=1)
    full = tmp_path / "full"
    kgnotes.build(root, full, full=True, workers=1)
    assert (out / "graph.graphml").read_bytes() == (full / "graph.graphml").read_bytes()
    _append(root, "basics/cnn.md", "\n卷积层之后常接池化层。\n")
    again = kgnotes.build(root, out, workers=1)
    assert again.build["timings"]["graphml_notes_copied"] > 0  # an index it wrote itself: used again


def test_graphml_copies_every_note_when_no_edge_changed(tmp_path):
    # a sentence that names no concept changes no note's edges: every block
    # is copied, and the keys (numbered where a block first needs them) are
    # still the full file's
    root, out = _demo_copy(tmp_path), tmp_path / "out"
    first = kgnotes.build(root, out, workers=1)
    _append(root, "optimizers/sgd.md", "\n这里再补充一点个人理解，之后有时间再整理。\n")
    again = kgnotes.build(root, out, workers=1)
    with_edges = {n for n in first.notes if first.about.get(n) or first.mentions.get(n)}
    assert again.build["timings"]["graphml_notes_copied"] >= len(with_edges)
    full = tmp_path / "full"
    kgnotes.build(root, full, full=True, workers=1)
    assert (out / "graph.graphml").read_bytes() == (full / "graph.graphml").read_bytes()

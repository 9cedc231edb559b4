"""The build cache in ``OUT/.kgnotes-cache/``: unchanged notes are not
re-extracted.

- Reading: a file whose size and modification time (ns) are those of the
  last build is not read again; its parsed Note (and any warning reading it
  gave) comes from the cache.
- Pass 1 (harvest) depends only on a note's bytes and path: keyed by them.
- Pass 2 (mentions, relations) also depends on the vocabulary, but only on
  the labels that occur in the note. So a cached note is reused when its bytes
  are unchanged and none of the labels whose meaning changed since the last
  build occurs in it (found with one Aho–Corasick pass over the changed
  labels).
- Both are keyed by a fingerprint of kgnotes' own code and word lists, so a
  new rule invalidates everything.
- The vocabulary (built from every note's harvest, ~4 s at 10,000 notes) is
  kept too, and reused when every harvest is unchanged: the edit of a note
  that defines nothing new does not rebuild it.

Merge and export always run over all notes; they are corpus-wide.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path

import ahocorasick_rs

from .gcpause import paused_gc
from .model import AliasPair, Harvest, Mention, Note, NoteFacts, RelationFact, Term
from .text import norm_key

CACHE_DIR = ".kgnotes-cache"
_FORMAT = 3  # 2: bulk records packed as tuples; 3: in shards by note


# What extraction depends on: the readers, the pipeline and its word lists
# (a pattern stands for every file it matches, sorted: the harvest package).
_EXTRACTION_SOURCES = (
    "corpus.py", "markdown.py", "nlp.py", "harvest/*.py", "matcher.py", "relations.py",
    "extract.py", "lexicon.py", "text.py", "model.py", "cache.py",
)


def _extraction_files(root: Path) -> list[tuple[str, Path]]:
    """(name, path) of every file extraction depends on, under the package
    directory ``root``: the sources, then the word lists."""
    paths: list[Path] = []
    for name in _EXTRACTION_SOURCES:
        if "*" in name:
            # every file the pattern matches, sorted (one that matches nothing
            # stays a path, so that reading it fails as a missing file does)
            paths += sorted(root.glob(name)) or [root / name]
        else:
            paths.append(root / name)
    files = [(p.relative_to(root).as_posix(), p) for p in paths]
    files += [(p.name, p) for p in sorted(p for p in (root / "data").iterdir() if p.suffix in (".txt", ".tsv"))]
    return files


def _digest(files: list[tuple[str, Path]]) -> str:
    h = hashlib.sha1(str(_FORMAT).encode())
    for name, path in files:
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@cache
def code_fingerprint() -> str:
    """A hash of the extraction code and its word lists (not of the exporters,
    queries or map: changing those needs no re-extraction)."""
    return _digest(_extraction_files(Path(str(resources.files("kgnotes")))))


@cache
def package_fingerprint() -> str:
    """A hash of all of kgnotes (code, word lists, map assets): outputs made
    by other code are never taken as up to date."""
    root = Path(str(resources.files("kgnotes")))
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".txt", ".tsv", ".ttl", ".rq", ".js", ".css", ".html"))
    return _digest([(p.relative_to(root).as_posix(), p) for p in files])


def note_key(note: Note) -> str:
    # the cleaned text too: reading settings (繁→简) change it without changing the file
    h = hashlib.sha1(f"{code_fingerprint()}|{note.id}|{note.sha}|{note.title}|".encode())
    h.update(note.text.encode("utf-8"))
    return h.hexdigest()


@dataclass
class CacheState:
    # note id -> ((size, mtime_ns, reading settings), note, read warnings):
    # a file whose size and mtime have not changed is not read again
    notes: dict[str, tuple[tuple, Note, list[str]]] = field(default_factory=dict)
    harvests: dict[str, tuple[str, Harvest]] = field(default_factory=dict)  # note id -> (key, harvest)
    facts: dict[str, tuple[str, NoteFacts]] = field(default_factory=dict)  # note id -> (key, facts)
    label_index: dict[str, list[str]] = field(default_factory=dict)  # the vocabulary facts were made with
    note_senses: dict[tuple[str, str], str] = field(default_factory=dict)
    # (what it was made from: kgnotes, settings, note id -> harvest key; the vocabulary, pickled)
    vocabulary: tuple | None = None


# The cache is kept in shards by note (a hash of its id), so that a rebuild
# after one edit rewrites one shard, not every note's records. ``meta.pkl``
# is written last and names the generation of every shard it goes with: a
# shard from a save that did not finish is not trusted.
_SHARDS = 64


def _shard_of(note_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(note_id.encode("utf-8"), digest_size=2).digest(), "big") % _SHARDS


class BuildCache:
    def __init__(self, out_dir: Path | None, enabled: bool = True, reuse: bool = True):
        """``reuse=False`` (a --full build): nothing is taken from the last
        build's cache, but this build's is saved for the next one."""
        self.dir = Path(out_dir) / CACHE_DIR / "state" if out_dir is not None else None
        self.enabled = enabled and self.dir is not None
        self.old = CacheState()
        self._generations: dict[int, str] = {}  # shard -> generation, as meta.pkl has them
        if self.enabled and reuse and (self.dir / "meta.pkl").is_file():
            try:
                self._load()
            except Exception:  # a broken cache is only a slower build
                self.old, self._generations = CacheState(), {}
        self.new = CacheState()
        self._note_keys: dict[str, tuple[Note, str]] = {}  # note id -> (the note, its key)

    def key(self, note: Note) -> str:
        """``note_key``, hashed once per note and build (it is asked up to
        four times: ~1 s of hashing 70 MB of text at 10,000 notes)."""
        hit = self._note_keys.get(note.id)
        if hit is None or hit[0] is not note:
            hit = self._note_keys[note.id] = (note, note_key(note))
        return hit[1]

    def _load(self) -> None:
        with paused_gc():
            with (self.dir / "meta.pkl").open("rb") as f:
                meta = pickle.load(f)
            if meta.get("format") != _FORMAT or meta.get("code") != code_fingerprint():
                # other code made it: no record would match (note_key holds the
                # code's hash), and holding them all through a full rebuild
                # doubled its memory (4.1 GB at 10,000 notes)
                return
            state = CacheState(label_index=meta["label_index"], note_senses=meta["note_senses"],
                               vocabulary=meta.get("vocabulary"))
            generations = {}
            for shard, generation in meta["shards"].items():
                try:
                    with (self.dir / f"{shard:02d}.pkl").open("rb") as f:
                        found, part = pickle.load(f)
                except OSError:
                    continue
                if found != generation:
                    continue  # written by a save that did not finish: its notes are redone
                state.notes.update(part.notes)
                state.harvests.update(part.harvests)
                state.facts.update(part.facts)
                generations[shard] = generation
            self.old, self._generations = _unpacked(state), generations

    # reading
    def note(self, note_id: str, signature: tuple) -> tuple[Note, list[str]] | None:
        hit = self.old.notes.get(note_id)
        return (hit[1], hit[2]) if hit and hit[0] == signature else None

    def put_note(self, note_id: str, signature: tuple, note: Note, warnings: list[str]) -> None:
        self.new.notes[note_id] = (signature, note, warnings)

    # pass 1
    def harvest(self, note: Note) -> Harvest | None:
        hit = self.old.harvests.get(note.id)
        return hit[1] if hit and hit[0] == self.key(note) else None

    def put_harvest(self, note: Note, harvest: Harvest) -> None:
        self.new.harvests[note.id] = (self.key(note), harvest)

    # pass 2
    def reusable_facts(self, notes: list[Note], label_index: dict, note_senses: dict) -> dict[str, NoteFacts]:
        """Cached facts still true under the new vocabulary."""
        candidates = {}
        for n in notes:
            hit = self.old.facts.get(n.id)
            if hit and hit[0] == self.key(n):
                candidates[n.id] = hit[1]
        if not candidates:
            return {}
        old_index, old_senses = self.old.label_index, self.old.note_senses
        changed = {k for k in set(label_index) | set(old_index) if label_index.get(k) != old_index.get(k)}
        resensed = {n for (n, k) in set(note_senses) | set(old_senses) if note_senses.get((n, k)) != old_senses.get((n, k))}
        # keys are normalised labels (no case, spaces, hyphens): look for them
        # in the note normalised the same way; a false alarm only costs time
        patterns = sorted(changed | {k[:-1] + "ies" for k in changed if k.endswith("y")})
        automaton = ahocorasick_rs.AhoCorasick(patterns) if patterns else None
        by_id = {n.id: n for n in notes}
        out = {}
        for nid, facts in candidates.items():
            if nid in resensed:
                continue
            note = by_id[nid]
            if automaton is not None and automaton.find_matches_as_indexes(norm_key(note.title + "\n" + note.text), overlapping=True):
                continue
            out[nid] = facts
        return out

    # the vocabulary
    def vocabulary(self, harvests: dict[str, Harvest], settings: dict):
        """The last build's vocabulary if it was made by this kgnotes, with
        these settings, from the same notes' harvests, in the same order: each
        note's harvest is the one it was made from (same key), or harvested
        again to equal terms (an edit that defines nothing new). Else None.
        Call after every ``put_harvest``."""
        if self.old.vocabulary is None:
            return None
        (code, old_settings, inputs), pickled = self.old.vocabulary
        if code != package_fingerprint() or old_settings != settings or list(inputs) != list(harvests):
            return None
        for nid, harvest in harvests.items():
            key = self.new.harvests[nid][0]
            if inputs[nid] == key:
                continue
            old = self.old.harvests.get(nid)
            if old is None or old[0] != inputs[nid] or old[1] != harvest:
                return None
        return pickle.loads(pickled)

    def put_vocabulary(self, vocab, settings: dict) -> None:
        """Keep ``vocab`` as it is now: pickled at once, since the merge
        later adds to its concepts."""
        if not self.enabled:
            return  # nothing is saved: no need to pickle it
        inputs = {nid: key for nid, (key, _h) in self.new.harvests.items()}
        self.new.vocabulary = ((package_fingerprint(), settings, inputs), pickle.dumps(vocab, protocol=pickle.HIGHEST_PROTOCOL))

    def put_facts(self, note: Note, facts: NoteFacts) -> None:
        self.new.facts[note.id] = (self.key(note), facts)

    def save(self, label_index: dict, note_senses: dict) -> None:
        """Write the shards whose notes changed, then meta.pkl naming them."""
        if not self.enabled:
            return
        from .atomic import atomic_path

        self.new.label_index = dict(label_index)
        self.new.note_senses = dict(note_senses)
        old_parts, new_parts = _split(self.old), _split(self.new)
        generations = {}
        wrote = False
        self.dir.mkdir(parents=True, exist_ok=True)
        with paused_gc():
            for shard, part in sorted(new_parts.items()):
                if shard in self._generations and _same_records(part, old_parts.get(shard, CacheState())):
                    generations[shard] = self._generations[shard]  # the same notes, the same records
                    continue
                gen = f"{shard}-{os.getpid()}-{time.time_ns()}"  # unique to this save
                with atomic_path(self.dir / f"{shard:02d}.pkl") as tmp, tmp.open("wb") as f:
                    pickle.dump((gen, _packed(part)), f, protocol=pickle.HIGHEST_PROTOCOL)
                generations[shard] = gen
                wrote = True
            if not wrote and generations == self._generations and self.old.label_index == self.new.label_index \
                    and self.old.note_senses == self.new.note_senses and _made_from(self.old) == _made_from(self.new):
                return  # a rebuild that changed nothing: nothing rewritten
            meta = {"format": _FORMAT, "code": code_fingerprint(), "shards": generations, "label_index": self.new.label_index,
                    "note_senses": self.new.note_senses, "vocabulary": self.new.vocabulary}
            with atomic_path(self.dir / "meta.pkl") as tmp, tmp.open("wb") as f:
                pickle.dump(meta, f, protocol=pickle.HIGHEST_PROTOCOL)
        for stale in set(range(_SHARDS)) - set(generations):
            (self.dir / f"{stale:02d}.pkl").unlink(missing_ok=True)
        (self.dir.parent / "state.pkl").unlink(missing_ok=True)  # the one-file cache of format 2
        self._generations = generations


def _made_from(state: CacheState) -> tuple | None:
    return state.vocabulary[0] if state.vocabulary is not None else None


def _split(state: CacheState) -> dict[int, CacheState]:
    parts: dict[int, CacheState] = {}
    for name in ("notes", "harvests", "facts"):
        for nid, entry in getattr(state, name).items():
            part = parts.get(_shard_of(nid))
            if part is None:
                part = parts[_shard_of(nid)] = CacheState()
            getattr(part, name)[nid] = entry
    return parts


def _same_records(new: CacheState, old: CacheState) -> bool:
    """Whether a shard on disk still holds this build's records: the same
    keys, and every note's facts the very ones loaded (an unchanged note is
    extracted again, under the same key, when a label in it changed meaning)."""
    return _keys(new) == _keys(old) and all(old.facts[nid][1] is facts for nid, (_k, facts) in new.facts.items())


def _keys(part: CacheState) -> tuple:
    """What identifies a shard's records: file signatures and content keys."""
    return (
        {nid: v[0] for nid, v in part.notes.items()},
        {nid: v[0] for nid, v in part.harvests.items()},
        {nid: v[0] for nid, v in part.facts.items()},
    )


# On disk the bulk records (terms, aliases, mentions, relation facts) are plain
# tuples: a NamedTuple pickles through a Python-level call per object, and the
# 10,000-note cache (1.6 M mentions, 1.2 M terms) saved in 7.7 s instead of
# 3.2 s and loaded in 4.9 s instead of 2.3 s.
def _packed(state: CacheState) -> CacheState:
    return CacheState(
        notes=state.notes,
        harvests={
            nid: (key, replace(h, terms=list(map(tuple, h.terms)), aliases=list(map(tuple, h.aliases))))
            for nid, (key, h) in state.harvests.items()
        },
        facts={
            nid: (key, replace(f, mentions=list(map(tuple, f.mentions)), relations=list(map(tuple, f.relations))))
            for nid, (key, f) in state.facts.items()
        },
        label_index=state.label_index,
        note_senses=state.note_senses,
    )


def _unpacked(state: CacheState) -> CacheState:
    for _key, h in state.harvests.values():
        h.terms = list(map(Term._make, h.terms))
        h.aliases = list(map(AliasPair._make, h.aliases))
    for _key, f in state.facts.values():
        f.mentions = list(map(Mention._make, f.mentions))
        f.relations = list(map(RelationFact._make, f.relations))
    return state

"""Pass 2: every occurrence of every vocabulary label, as ``Doc.ents``.

An Aho–Corasick automaton (ahocorasick-rs, leftmost-longest) over the note
text folded to lower case and half width, so ``监督对比学习`` is not also
``对比学习`` at the same place. Latin labels must sit on word boundaries
(``AC`` is not found in ``ACcuracy``, ``Adam`` not in ``AdamW``). An ambiguous
label is resolved by the note's own definition, else by the note's context.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from pathlib import Path

import ahocorasick_rs
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import lexicon
from .model import Concept, Mention
from .text import fold, merge_key, singular

_WORD = re.compile(r"[A-Za-z0-9]")


def _is_word_char(c: str) -> bool:
    """``_WORD.match(c)`` for one character, without a regex call."""
    return c.isascii() and c.isalnum()


def label_variants(label: str) -> set[str]:
    """The ways one label is written: ``Self-Supervised Learning`` is also
    ``self supervised learning``, ``selfsupervised learning``; plurals too."""
    base = fold(label).strip()
    out = {base}
    if "-" in base:
        out |= {base.replace("-", " "), base.replace("-", "")}
    if " " in base and re.search(r"[a-z]", base):
        out.add(re.sub(r"(?<=[a-z0-9]) (?=[a-z0-9])", "-", base))
    if re.search(r"[a-z]$", base) and len(base) > 2:
        out |= {v + "s" for v in list(out)}
    # and the singular of a plural label (anchor boxes: "each anchor box"),
    # which has the plural's merge key, so it is the same concept
    if len(base) >= 6 and re.search(r"[a-z]s$", base) and (single := singular(base)) != base:
        out |= label_variants(single)
    # between a Latin name and a Chinese word the space is optional: KL 散度 = KL散度, LSM树 = LSM 树
    if _SCRIPT_GAP.search(base) or _SCRIPT_JOIN.search(base):
        for v in list(out):
            out.add(_SCRIPT_GAP.sub("", v))
            out.add(_SCRIPT_JOIN.sub(" ", v))
    return {v for v in out if v}


_SCRIPT_GAP = re.compile(r"(?<=[a-z0-9+])[ \t]+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])[ \t]+(?=[a-z0-9])")
_SCRIPT_JOIN = re.compile(r"(?<=[a-z0-9+])(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[a-z0-9])")


_LOWER_THEN_CAPITAL = re.compile(r"[a-z]+[A-Z]")

# "(3)-" right after a Latin name: SE(3)-Transformer, E(n)-equivariant
_GROUP_THEN_HYPHEN = re.compile(r"\([^()\s]{1,4}\)-\w")


class ConceptIndex:
    """The automaton and what each pattern means; built once per vocabulary."""

    def __init__(self, concepts: dict[str, Concept], label_index: dict[str, list[str]], note_senses,
                 renderings: dict[str, str] | None = None):
        self.label_index = label_index
        self.note_senses = note_senses
        patterns: dict[str, str] = {}  # folded pattern -> merge key
        # folded pattern -> how it must be cased to count, strictest last:
        # 0 any case, 1 with a capital, 2 in capitals but in a title, 3 in capitals
        cased: dict[str, int] = {}
        words = lexicon.english_stop_words()
        # a concept's labels, then the half-translated forms of them (Vocabulary.renderings)
        labels = [label for concept in concepts.values() for label in concept.labels] + sorted(renderings or ())
        for label in labels:
            key = merge_key(label)
            for v in label_variants(label):
                patterns.setdefault(v, key)
                # IN (instance normalization), IS (Inception Score): an
                # abbreviation that is an English word in lower case; and
                # LR (logistic regression) is not the lr of a learning rate:
                # two or three capitals are found in capitals, but in a title
                # (a file name: 10-quantization-gptq-awq)
                # and mAP, mIoU (a small letter, then capitals) are not "feature maps"
                how = (3 if v in words else 2 if label.isalpha() and len(label) <= 3 else 0) if label.isupper() else (
                    1 if _LOWER_THEN_CAPITAL.match(label) else 0)
                cased[v] = min(cased.get(v, how), how)
        self.patterns = sorted(patterns)
        self.keys = [patterns[p] for p in self.patterns]
        self._cased = [cased[p] for p in self.patterns]
        # per pattern, decided once: must its start / end sit on a word boundary?
        self._left = [bool(_WORD.match(p[0])) for p in self.patterns]
        self._right = [bool(_WORD.match(p[-1])) for p in self.patterns]
        self.neighbours: dict[str, set[str]] = {cid: {merge_key(l) for l in c.labels} for cid, c in concepts.items()}
        self.automaton = (
            ahocorasick_rs.AhoCorasick(self.patterns, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
            if self.patterns
            else None
        )

    def find(self, text: str, note_id: str = "", title: bool = False) -> list[tuple[int, int, str, str]]:
        """(start, end, concept id, merge key) for every mention, left to right."""
        if self.automaton is None:
            return []
        folded = fold(text)
        n = len(folded)
        left, right, keys, cased = self._left, self._right, self.keys, self._cased
        raw = []
        for idx, start, end in self.automaton.find_matches_as_indexes(folded):
            if left[idx] and start > 0 and _is_word_char(folded[start - 1]):
                continue
            if right[idx] and end < n and _is_word_char(folded[end]):
                continue
            if ((left[idx] and start > 1 and folded[start - 1] == "-" and folded[start - 2] == ")")
                    or (right[idx] and end < n and folded[end] == "(" and _GROUP_THEN_HYPHEN.match(folded, end))
                    or (end < n and folded[end - 1] == ")" and folded[end] == "-")):
                continue  # E(n)-GNN, SE(3)-Transformer: a piece of a name written with a group in brackets
                # (the label SE(3) too)
            how = cased[idx]
            if how and ((how == 1 and text[start:end].islower())
                        or (how >= 2 and (how == 3 or not title) and not text[start:end].rstrip("s").isupper())):
                continue  # "in", not IN; "lr", not LR (but CNFs: the plural of CNF); "maps", not mAP
            raw.append((start, end, keys[idx]))
        keys_here = None  # counted only when an ambiguous label needs the context
        out = []
        for start, end, key in raw:
            ids = self.label_index.get(key)
            if not ids:
                continue
            if len(ids) == 1:
                cid = ids[0]
            else:
                if keys_here is None:
                    keys_here = Counter(k for _, _, k in raw)
                cid = self._resolve(key, ids, note_id, keys_here)
            out.append((start, end, cid, key))
        return out

    def _resolve(self, key: str, ids: list[str], note_id: str, keys_here: Counter) -> str:
        sense = self.note_senses.get((note_id, key))
        if sense:
            return sense
        # the sense whose other labels this note uses most
        return max(ids, key=lambda cid: (sum(keys_here[k] for k in self.neighbours[cid] if k != key), -ids.index(cid)))


@Language.factory("kgn_concepts")
def make_concept_matcher(nlp: Language, name: str):
    return ConceptMatcher(nlp, name)


class ConceptMatcher:
    """spaCy component (shaped like spaCy's EntityRuler): vocabulary in, ``Doc.ents``
    with ``kb_id_`` = concept id out, exact mentions in ``doc._.mentions``."""

    def __init__(self, nlp: Language, name: str = "kgn_concepts"):
        self.name = name
        self.index: ConceptIndex | None = None
        self._kb_ids: dict[str, int] = {}  # concept id -> its hash in the string store
        self._state: dict = {}

    def set_vocabulary(self, vocabulary) -> None:
        self._state = {
            "concepts": {cid: {"pref": c.pref, "alt": c.alt} for cid, c in vocabulary.concepts.items()},
            "label_index": vocabulary.label_index,
            "note_senses": [[n, k, c] for (n, k), c in vocabulary.note_senses.items()],
            "renderings": vocabulary.renderings,
        }
        self.index = ConceptIndex(vocabulary.concepts, vocabulary.label_index, vocabulary.note_senses,
                                  vocabulary.renderings)

    def initialize(self, get_examples=None, *, nlp=None, vocabulary=None):
        if vocabulary is not None:
            self.set_vocabulary(vocabulary)

    def __call__(self, doc: Doc) -> Doc:
        note = doc._.note
        # doc.text is rebuilt from the tokens on every access; the note has it
        text = note.text if note is not None else doc.text
        found = self.index.find(text, note.id if note else "") if self.index else []
        sent_starts = doc.user_data.get("kgn_sentences")
        if sent_starts is None:
            sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        token_starts = doc.user_data.get("kgn_token_starts")
        mentions = []
        spans = []
        si = 0
        n_sents = len(sent_starts)
        strings = doc.vocab.strings
        label = strings.add("CONCEPT")
        overlap, last = False, 0
        for start, end, cid, _key in found:
            while si + 1 < n_sents and sent_starts[si + 1] <= start:
                si += 1
            mentions.append(Mention(cid, text[start:end], start, end, si))
            if token_starts is not None:
                # the tokens covering [start, end) ("expand" alignment), found
                # by bisection over the tokenizer's offsets: doc.char_span
                # costs more than the matching itself
                a, b = bisect_right(token_starts, start) - 1, bisect_left(token_starts, end)
                a = max(a, 0)
                if b > a:
                    overlap = overlap or a < last
                    last = b
                    # hashes, not strings: the string store is asked once per concept
                    kb = self._kb_ids.get(cid)
                    if kb is None:
                        kb = self._kb_ids[cid] = strings.add(cid)
                    spans.append(Span(doc, a, b, label=label, kb_id=kb))
            else:
                span = doc.char_span(start, end, label="CONCEPT", kb_id=cid, alignment_mode="expand")
                if span is not None:
                    overlap = overlap or span.start < last
                    last = span.end
                    spans.append(span)
        # default="unmodified": marking every other token "O" costs a walk over
        # all tokens and says nothing doc.ents does not. Spans in text order
        # that do not overlap are what filter_spans would return.
        doc.set_ents(filter_spans(spans) if overlap else spans, default="unmodified")
        doc._.mentions = mentions
        return doc

    # State on disk, like EntityRuler's patterns.
    def to_disk(self, path, exclude=()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "vocabulary.json").write_text(json.dumps(self._state, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path, exclude=()):
        state = json.loads((Path(path) / "vocabulary.json").read_text(encoding="utf-8"))
        concepts = {cid: Concept(id=cid, pref=c["pref"], alt=c["alt"]) for cid, c in state["concepts"].items()}
        senses = {(n, k): c for n, k, c in state["note_senses"]}
        self._state = state
        self.index = ConceptIndex(concepts, state["label_index"], senses, state.get("renderings"))
        return self

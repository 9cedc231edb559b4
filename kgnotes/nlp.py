"""nlp: the spaCy pipeline kgnotes runs over every note.

``spacy.blank("zh")`` with a fast jieba-compatible tokenizer (rjieba, the
jieba-rs binding: token for token ``jieba.lcut(HMM=False)``, ~30x faster),
then kgnotes' registered components:

    tokenizer (words + sentence starts) -> kgn_harvester   (pass 1)
    tokenizer -> kgn_concepts -> kgn_relations             (pass 2)

No trained model is needed (none exists offline for Chinese); a user with
one can swap components by config since these are ordinary spaCy factories.
"""
from __future__ import annotations

import re

import numpy
import rjieba
import spacy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

# Importing the component modules registers their factories.
from . import harvest, matcher, relations  # noqa: F401
from .text import glue_accented

_WHITESPACE = re.compile(r"(\s+)")
_START, _NOT_START = numpy.uint64(1), numpy.uint64(2**64 - 1)  # SENT_START 1 and -1
# Tokens that end a sentence ("." only when followed by a space: not 3.5, not e.g).
SENT_END = frozenset(["。", "！", "？", "!", "?", "；", ";", "\n", "…"])


def register_extensions() -> None:
    """Doc/Span extensions, registered in one place (textacy's habit)."""
    for name, default in (("note", None), ("harvest", None), ("mentions", None), ("relations", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Span.has_extension("concept_id"):
        Span.set_extension("concept_id", getter=lambda span: span.kb_id_ or None)


class FastTokenizer:
    """A spaCy tokenizer over rjieba. Whitespace after a token becomes its
    trailing space, so ``doc.text`` is exactly the input."""

    def __init__(self, vocab, words: tuple[str, ...] = ()):
        self.vocab = vocab
        self.words = tuple(words)
        self._jieba = rjieba.Jieba()
        for w in self.words:
            self._jieba.add_word(w, None, None)

    def add_words(self, words) -> None:
        for w in words:
            if w and not self._jieba.has_word(w):
                self._jieba.add_word(w, None, None)
        self.words = self.words + tuple(words)

    def segment(self, text: str) -> list[str]:
        return glue_accented(self._jieba.cut(text, False), text)

    def tag(self, text: str) -> list[tuple[str, str]]:
        return self._jieba.tag(text)

    def _pieces(self, text: str) -> list[str]:
        return self.segment(text)

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        # Whitespace never sits inside a jieba token, so the text is cut at
        # whitespace runs first: a single space after a token becomes its
        # trailing space, any other run one token (blanked code and math: one
        # whitespace token, not thousands). Same tokens as cutting the whole
        # text, without a Python step per space.
        for i, chunk in enumerate(_WHITESPACE.split(text)):
            if not chunk:
                continue
            if i % 2 == 0:
                pieces = self._pieces(chunk)
                words += pieces
                spaces += [False] * len(pieces)
            elif chunk[0] == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True
                if len(chunk) > 1:
                    words.append(chunk[1:])
                    spaces.append(False)
            else:
                words.append(chunk)
                spaces.append(False)
        # Sentence starts are set here, from the punctuation tokens, in one
        # pass over a Python list: spaCy's sentencizer walks Token objects,
        # which costs more than the segmentation itself.
        starts = [True] + [w in SENT_END or (w == "." and s) or ("\n" in w and w.isspace()) for w, s in zip(words, spaces)][:-1] if words else []
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if starts:
            # one array write instead of Doc's per-token sent_starts loop (1 / -1 as uint64)
            doc.from_array([SENT_START], numpy.where(numpy.array(starts, dtype=bool), _START, _NOT_START).reshape(-1, 1))
        # the strings again, for components that need them: walking spaCy's
        # Token objects costs more than everything else a component does
        doc.user_data["kgn_words"] = words
        doc.user_data["kgn_spaces"] = spaces
        offsets, token_starts, pos = [], [], 0
        for w, sp, st in zip(words, spaces, starts):
            if st:
                offsets.append(pos)
            token_starts.append(pos)
            pos += len(w) + sp
        doc.user_data["kgn_sentences"] = offsets  # character offset of each sentence start
        doc.user_data["kgn_token_starts"] = token_starts  # character offset of each token
        return doc

    def pipe(self, texts, batch_size=1000):
        for text in texts:
            yield self(text)

    # Serialization, so the pipeline can be saved and loaded by config.
    def to_bytes(self, **kwargs) -> bytes:
        return "\n".join(self.words).encode("utf-8")

    def from_bytes(self, data: bytes, **kwargs):
        self.__init__(self.vocab, tuple(w for w in data.decode("utf-8").split("\n") if w))
        return self

    def to_disk(self, path, **kwargs):
        path.write_bytes(self.to_bytes())

    def from_disk(self, path, **kwargs):
        return self.from_bytes(path.read_bytes())


# jieba's own unit of segmentation: it cuts the text into these runs first
_RUNS = re.compile(r"([\u4E00-\u9FD5a-zA-ZÀ-ÖØ-öø-ɏ0-9+#&\._%\-]+)")  # (and accented letters: Cramér is one word)


class RunTokenizer(FastTokenizer):
    """Pass 1's tokenizer: one token per run of Chinese/Latin text (the runs
    jieba segments one by one), so building the Doc is cheap; the harvester
    segments only the runs where a term can end (a scan, not a full parse)."""

    def _pieces(self, text: str) -> list[str]:
        out = []
        for piece in _RUNS.split(text):
            if not piece:
                continue
            if _RUNS.fullmatch(piece):
                out.append(piece)
            else:
                out.extend(piece)  # punctuation and spaces one by one, as jieba does
        return out


@registry.tokenizers("kgnotes.RunTokenizer.v1")
def create_run_tokenizer():
    def make(nlp):
        return RunTokenizer(nlp.vocab)

    return make


@registry.tokenizers("kgnotes.FastTokenizer.v1")
def create_fast_tokenizer():
    def make(nlp):
        return FastTokenizer(nlp.vocab)

    return make


def make_pipeline(vocabulary=None, settings=None) -> Language:
    """The pipeline for one pass. Without a vocabulary (pass 1) it harvests
    term candidates; with one (pass 2) it finds concepts and relations."""
    register_extensions()
    tokenizer = "kgnotes.RunTokenizer.v1" if vocabulary is None else "kgnotes.FastTokenizer.v1"
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": tokenizer}}})
    # spaCy refuses texts over a million characters for the memory its parser
    # and NER need; this pipeline has neither, and a note up to the size
    # limit ([read] max_file_mb) is a note like any other
    nlp.max_length = 10**9
    # No component reads a token's lexical attributes (shape, like_num, ...);
    # computing them for every new word was a sixth of pass 1 (its tokens are
    # whole runs of text, mostly new). Whitespace stays known to spaCy.
    nlp.vocab.lex_attr_getters = {k: f for k, f in nlp.vocab.lex_attr_getters.items() if k == IS_SPACE}
    if vocabulary is None:
        nlp.add_pipe("kgn_harvester")
    else:
        nlp.tokenizer.add_words(vocabulary.token_words())
        concepts = nlp.add_pipe("kgn_concepts")
        concepts.set_vocabulary(vocabulary)
        nlp.add_pipe("kgn_relations")
    return nlp

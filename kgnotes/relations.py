"""Pass 2: typed relations a sentence states between its concepts.

Each sentence becomes a skeleton in which concept mentions are ``⟦n⟧``
markers; the cue patterns in ``data/relation_patterns.tsv`` (Chinese and
English) are matched against it. Enumerations distribute (``B 包括 A、C``
gives two part-of links). A subject the sentence leaves implicit is filled in
first: a pronoun (它, 其, 此方法), the note itself (本文, 这篇文章: resolved to
the note's topic by the merge), a clause opening with 也是, the points under a
list heading (``VQ-VAE 关键点: 1. …``). Co-occurrence in a sentence is kept for
the weak ``related`` links, which the merge weighs corpus-wide.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

import ahocorasick_rs
from spacy.language import Language
from spacy.tokens import Doc

from .model import HIERARCHICAL, Mention, RelationFact
from .text import has_cjk, has_latin


def _cjk_except(chars: str) -> str:
    """A character class of CJK ideographs without ``chars`` (as ranges: a
    class is much faster than a lookahead per character)."""
    ranges, lo = [], 0x4E00
    for c in sorted({ord(ch) for ch in chars}):
        if lo < c:
            ranges.append(f"\\u{lo:04x}-\\u{c - 1:04x}")
        lo = c + 1
    ranges.append(f"\\u{lo:04x}-\\u9fff")
    return "[" + "".join(ranges) + "]"


# members of a Chinese enumeration may share a short word around the concept
# ("基于A和基于B的方法", "A更新与B"): up to two content characters either side,
# only with a conjunction or 、 (a comma more often ends a clause)
# (?-i:...): ideographs have no case; under the patterns' re.I every one of the
# ~20,000 in the class would be case-folded at compile time (~0.3 s per process)
_ENUM_AFFIX = "(?-i:" + _cjk_except("的是在中为了将把被对从与和及或以") + "){0,2}"
_ENUM_SEP = rf"(?:\s*(?:,|，|and|or|/|\+)\s*|{_ENUM_AFFIX}\s*(?:、|和|与|及|以及|或)\s*{_ENUM_AFFIX})"
# after a comma, a concept that a Chinese word follows (not 等, 和, 这些 …)
# opens the next clause: "原子性靠 undo log，持久性靠 redo log"
_CLAUSE_SUBJECT = rf"(?<=[,，])\s*⟦\d+⟧\s*(?-i:(?![等和与及或以都这、])[\u4e00-\u9fff])"
_MARK = re.compile(r"⟦(\d+)⟧")
# a concept right after a preposition, 把/被 or 配合/结合 (together with) is an object,
# never a clause's subject
_OBJECT_BEFORE = re.compile(r"(?:[在对从于向比把被将]|配合|结合|搭配)\s*$")
# "大部分 anchor 是负样本", "some losses are margins": a statement about some of H, no kind of it
_QUANTIFIED_SUBJECT = re.compile(r"(?:部分|一些|有些|某些|很多|许多|多数|少数|不少|\b(?:some|most|many|several|few))\s*$", re.I)
_NEGATION = re.compile(r"不是|并非|不需要|无需|不用|没有|很难|难以|无法|不能|跳过|去掉|省去|而非|不再|不(?:通过|经过|使用|采用|依赖|基于|引入|参与|靠|依靠)|\bnot\b|\bwithout\b|\bno longer\b", re.I)


_PLAIN_WORDS = re.compile(r"[\w\u4e00-\u9fff ]+(?:\|[\w\u4e00-\u9fff ]+)*")
_QUANTIFIED = re.compile(r"[?*]|\{(?![HT]\})")


def _group_end(source: str, i: int) -> int:
    """Index of the ``)`` closing the group that opens at ``source[i]``."""
    depth = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 1
        elif ch == "[":
            i = source.index("]", i + 2)  # "[]…]" and "[^]…]" are not used in the patterns
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(source)


def cue_words(source: str) -> list[tuple[str, ...]]:
    """What every match of a pattern contains: for each required alternation
    of plain words, or run of Chinese characters, one of its words. A skeleton
    lacking one is not tried (most sentences hold no cue).

    >>> cue_words("{H}[^⟦，。,]{0,10}结合了?{T}")
    [('结合',)]
    >>> cue_words("{H} (?:is|are) (?:a|an)? (?:variant|extension) of {T}")
    [('is', 'are'), ('variant', 'extension')]
    >>> cue_words("{H}基于{T}|{T}被{H}采用")
    []
    """
    i, found = 0, []
    while i < len(source):
        ch = source[i]
        if ch == "|":
            return []  # alternatives at the top: nothing is required
        if ch == "\\":
            i += 2
        elif ch == "[":
            i = source.index("]", i + 2) + 1
        elif ch == "(":
            end = _group_end(source, i)
            body = source[i + 3 : end] if source.startswith("(?:", i) else ""
            if _PLAIN_WORDS.fullmatch(body) and not _QUANTIFIED.match(source, end + 1):
                found.append(tuple(body.split("|")))
            i = end + 1
        elif "\u4e00" <= ch <= "\u9fff":
            j = i
            while j < len(source) and "\u4e00" <= source[j] <= "\u9fff":
                j += 1
            run = source[i : j - 1] if _QUANTIFIED.match(source, j) else source[i:j]
            if run:
                found.append((run,))
            i = j
        else:
            i += 1
    return found


class _LazyPattern:
    """A relation pattern compiled when a sentence first needs it: compiling
    all of them (case-insensitive, wide character classes) took ~0.8 s per
    process, and a one-note rebuild tries only the few its cue words allow."""

    __slots__ = ("source", "_compiled")

    def __init__(self, source: str):
        self.source = source
        self._compiled: re.Pattern | None = None

    def finditer(self, text: str):
        if self._compiled is None:
            self._compiled = re.compile(self.source, re.I)
        return self._compiled.finditer(text)


@cache
def relation_patterns() -> list[tuple[str, _LazyPattern, tuple[str, ...]]]:
    """(relation, compiled pattern, cue words) for each line of the data file;
    of the pattern's required cues, the most specific (longest shortest word)."""
    text = resources.files("kgnotes.data").joinpath("relation_patterns.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rel, pattern = line.split("\t", 1)
        counter = {"H": 0, "T": 0}

        def group(m):
            role = m.group(1)
            counter[role] += 1
            name = f"{role}{counter[role]}"
            return rf"(?P<{name}>⟦\d+⟧(?:{_ENUM_SEP}(?!{_CLAUSE_SUBJECT})⟦\d+⟧)*)(?:⟦\d+⟧)*"

        cues = max(cue_words(pattern), key=lambda words: min(map(len, words)), default=())
        out.append((rel, _LazyPattern(re.sub(r"\{([HT])\}", group, pattern)), tuple(w.lower() for w in cues)))
    return out


@cache
def _cue_index() -> tuple:
    """One automaton over every pattern's cue words, and which patterns each
    word lets through (patterns with no cue are always tried)."""
    patterns = relation_patterns()
    words = sorted({w for _rel, _pattern, cues in patterns for w in cues})
    by_word: dict[str, list[int]] = {w: [] for w in words}
    always = []
    for i, (_rel, _pattern, cues) in enumerate(patterns):
        for w in cues:
            by_word[w].append(i)
        if not cues:
            always.append(i)
    automaton = ahocorasick_rs.AhoCorasick(words) if words else None
    return automaton, words, by_word, always


def _cued_patterns(lowered: str) -> list[int]:
    """Indexes, in file order, of the patterns one of whose cue words the
    (lower-cased) skeleton holds: one scan instead of a test per pattern."""
    automaton, words, by_word, always = _cue_index()
    found = set(always)
    if automaton is not None:
        for w in {words[i] for i, _s, _e in automaton.find_matches_as_indexes(lowered, overlapping=True)}:
            found.update(by_word[w])
    return sorted(found)


def skeleton(sentence: str, offset: int, mentions: list[Mention]) -> str:
    """The sentence with each mention replaced by its marker ``⟦i⟧``."""
    parts, pos = [], 0
    for i, m in enumerate(mentions):
        parts.append(sentence[pos : m.start - offset])
        parts.append(f"⟦{i}⟧")
        pos = m.end - offset
    parts.append(sentence[pos:])
    return "".join(parts)


# "本文提出…", "这篇文章探索…": the note (or the paper it summarises) speaks of
# itself. Not after a name ("RAdam 这篇论文" is RAdam itself).
NOTE_TOPIC = "@note"
_NOTE_SELF = re.compile(r"(?<!⟧)(?<!⟧\s)(?:本文|本篇|这篇文章|这篇论文|这篇笔记|该论文|该文章|\bthis (?:paper|post|article|note)\b)", re.I)
# "REINFORCE（Williams 1992）是…": brackets holding no concept are an aside
_ASIDE = re.compile(r"\s*[(（][^()（）⟦]{1,40}[)）]")
_ZERO_SUBJECT = re.compile(r"(?<=[，,；;])\s*(?=(?:也|又|还|同时也?)(?:是|属于)|属于)")
_ALIAS_PAREN = re.compile(r"⟦(\d+)⟧\s*[(（]\s*⟦(\d+)⟧(?:\s*[,，]\s*⟦\d+⟧)*\s*[)）]")
_CLAUSE = re.compile(r"[，,：:;；]")
_TOPIC = re.compile(r"(⟦\d+⟧)\s*[:：]")
# a concept or a pronoun at the start (after an item number, a conjunction)
_SUBJECT_START = re.compile(r"\s*(?:\d+\s*[.、)）]\s*)?.{0,2}?(?:⟦\d+⟧|它|其|该|此|这|this\b|it\b|we\b|我们)", re.I)
# 其 is no pronoun in 其中, 其他, 其余, 其次 ("其中 E 是不可约损失": E is)
_PRONOUN = re.compile(r"(?<=[，,：:;；\s])(?:它|其(?![中他它余次后间])|该方法|该模型|该算法|此方法|此模型|这种方法|this method\b|it\b)")
# Chinese class nouns: "n-gram 语言模型", "AdamW 优化器" name a member of the class
_CLASS_HEADS = ("模型", "算法", "优化器", "框架", "损失", "方法")


def _collapse(skel: str, mentions: list[Mention]) -> str:
    """``⟦0⟧(⟦1⟧, ⟦2⟧)`` naming one concept is one mention; a pronoun that
    opens a clause (它, 其) stands for the sentence's first concept."""
    def alias(m):
        a, b = int(m.group(1)), int(m.group(2))
        return f"⟦{a}⟧" if mentions[a].concept == mentions[b].concept else m.group(0)

    skel = _ALIAS_PAREN.sub(alias, skel)
    first = _MARK.search(skel)
    comma = re.search(r"[，,:：]", skel)
    subject = first.group(0) if first and (comma is None or first.start() < comma.start()) else None

    def resolve(m):
        # "Dual-clip:它在 PPO-clip 基础上", "孪生网络: 用两个分支…, 此方法将…": a concept
        # opening a glossary line is the local topic of the clauses after it;
        # otherwise the sentence's subject (first concept, first clause)
        topics = _TOPIC.findall(skel, max(0, m.start() - 60), m.start())
        if topics:
            return topics[-1]
        if subject:
            return subject
        # no subject opens the sentence ("推导如下: 式(3)为 RMSProp 的更新公式,其可以…"):
        # the nearest concept of the clause just before the pronoun
        clause = _CLAUSE.split(skel[: m.start()].rstrip("，,：:;； "))[-1]
        near = _MARK.findall(clause)
        return f"⟦{near[-1]}⟧" if near else m.group(0)

    skel = _PRONOUN.sub(resolve, skel)
    # "PPO 属于策略梯度方法，也是 Actor-Critic 结构", "word2vec 给每个词一个固定向量，
    # 属于静态词向量": a clause opening with 也是/还属于/属于 continues the sentence's subject
    return _ZERO_SUBJECT.sub(subject, skel) if subject else skel


def _appositions(skel: str, mentions: list[Mention]) -> list[tuple[str, str]]:
    """An English name right before a Chinese class noun is a member of it; so
    is a name in brackets after one that it does not abbreviate (else the two
    would be one concept): 最简单的 ActorCritic 算法(QAC)."""
    out = []
    for m in re.finditer(r"⟦(\d+)⟧\s?⟦(\d+)⟧", skel):
        a, b = mentions[int(m.group(1))], mentions[int(m.group(2))]
        if has_latin(a.label) and not has_cjk(a.label) and has_cjk(b.label) and b.label.endswith(_CLASS_HEADS):
            out.append((a.concept, b.concept))
    for m in re.finditer(r"⟦(\d+)⟧\s*[(（]\s*⟦(\d+)⟧\s*[)）]", skel):
        a, b = mentions[int(m.group(1))], mentions[int(m.group(2))]
        # a name (QAC, GPT-2, word2vec), not a role word: 大模型 (expert)
        named = not b.label.islower() or any(ch.isdigit() for ch in b.label)
        if has_cjk(a.label) and a.label.endswith(_CLASS_HEADS) and not has_cjk(b.label) and named:
            out.append((b.concept, a.concept))
    return out


# "VQ-VAE 关键点: 1. …": a concept heading a list of points is the subject of
# the points that name none; the list ends with the next heading or after a
# few hundred characters (formulas make many short "sentences" of one point)
_LIST_HEAD = re.compile(r"⟦(\d+)⟧\s*的?(?:关键点|要点|核心思想|主要思想|特点|优点|缺点|步骤|流程|原理|思路|key points|steps)\s*[:：]\s*(?:\d+\s*[.、]?)?\s*$", re.I)
_LIST_END = re.compile(r"[:：]\s*(?:\d+\s*[.、]?)?\s*$")
LIST_SPAN = 600  # characters


def list_topic(sentence: str, offset: int, mentions: list[Mention]) -> str | None:
    """The concept a sentence announces a list of points about, if it does."""
    if not mentions or not _LIST_END.search(sentence):
        return None
    m = _LIST_HEAD.search(skeleton(sentence, offset, mentions))
    return mentions[int(m.group(1))].concept if m else None


def _opens_without_subject(skel: str) -> bool:
    """The sentence opens with neither a concept nor a pronoun ("训练通过…"):
    its subject is implied."""
    return not _SUBJECT_START.match(skel)


# a pronoun opening a sentence ("它是在…", "该方法…") stands for the subject of the sentence before
_OPENING_PRONOUN = re.compile(r"\s*(?:它们?|其|该方法|该模型|该算法|此方法|这种方法|这个方法)(?![⟦\w]*⟧)")
_OPENS_WITH_CONCEPT = re.compile(r"\s*(?:\d+\s*[.、)）]\s*)?$")


def sentence_subject(sentence: str, offset: int, mentions: list[Mention]) -> str | None:
    """The concept a sentence opens with, if it opens with one."""
    if mentions and _OPENS_WITH_CONCEPT.match(sentence[: mentions[0].start - offset]):
        return mentions[0].concept
    return None


def sentence_relations(sentence: str, offset: int, mentions: list[Mention], topic: str | None = None,
                       antecedent: str | None = None) -> list[RelationFact]:
    """Relations stated in one sentence whose mentions are given (in order);
    ``topic`` is the subject of a sentence that names none (see ``list_topic``),
    ``antecedent`` the subject of the sentence before, for an opening pronoun.

    >>> ms = [Mention("supcon", "监督对比学习", 0, 6, 0), Mention("cl", "对比学习", 7, 11, 0)]
    >>> [(r.head, r.rel, r.tail) for r in sentence_relations("监督对比学习是对比学习在有监督场景下的扩展", 0, ms)]
    [('supcon', 'variant_of', 'cl')]
    """
    n_concepts = len({m.concept for m in mentions})
    if n_concepts < 1 or (n_concepts < 2 and not topic and not antecedent and not _NOTE_SELF.search(sentence)):
        return []
    skel = skeleton(sentence, offset, mentions)
    if antecedent and (p := _OPENING_PRONOUN.match(skel)):
        skel = f"⟦{len(mentions)}⟧{skel[p.end():]}"
        mentions = [*mentions, Mention(antecedent, "", 0, 0, -1)]
    if _NOTE_SELF.search(skel):
        # "本文/这篇文章 …" is the note's own subject, resolved in the merge
        skel = _NOTE_SELF.sub(f"⟦{len(mentions)}⟧", skel)
        mentions = [*mentions, Mention(NOTE_TOPIC, "", 0, 0, -1)]
    implied = None
    if topic and _opens_without_subject(skel):
        implied = f"⟦{len(mentions)}⟧"
        skel = f"{implied} {skel.lstrip()}"
        mentions = [*mentions, Mention(topic, "", 0, 0, -1)]
    skel = _collapse(_ASIDE.sub("", skel), mentions)
    evidence = " ".join(sentence.split())
    seen: set[frozenset] = set()
    out = []
    patterns = relation_patterns()
    for i in _cued_patterns(skel.lower()):
        rel, pattern, _cues = patterns[i]
        for m in pattern.finditer(skel):
            heads, tails = [], []
            for name, value in m.groupdict().items():
                if value is None:
                    continue
                ids = [mentions[int(i)].concept for i in _MARK.findall(value)]
                (heads if name.startswith("H") else tails).extend(ids)
            cue = skel[m.start() : m.end()]
            if m.groupdict().get("H1") and m.start("H1") == m.start() and _OBJECT_BEFORE.search(skel, 0, m.start()):
                continue  # "在 B 的基础上引入 C", "对 B 来说就是 C": B is not the subject
            if rel in HIERARCHICAL and m.groupdict().get("H1") and m.start("H1") == m.start() \
                    and _QUANTIFIED_SUBJECT.search(skel, 0, m.start()):
                continue
            if _NEGATION.search(cue):
                continue  # "DPO 跳过奖励模型": a link the sentence denies
            if implied and rel in HIERARCHICAL and implied in cue:
                continue  # "(VQ-VAE 关键点:) 码本更新是一种滑动平均": a part of the topic is-a
            for h in heads:
                for t in tails:
                    pair = frozenset((h, t))
                    if h == t or pair in seen:
                        continue
                    seen.add(pair)
                    out.append(RelationFact(h, rel, t, evidence, "pattern", _MARK.sub("_", cue)))
    for h, t in _appositions(skel, mentions):
        if h != t and frozenset((h, t)) not in seen:
            seen.add(frozenset((h, t)))
            out.append(RelationFact(h, "is_a", t, evidence, "pattern", "_ _"))
    return out


@Language.factory("kgn_relations")
def make_relation_finder(nlp: Language, name: str):
    return RelationFinder(name)


class RelationFinder:
    """spaCy component: ``doc._.relations`` from ``doc._.mentions`` and ``doc.sents``."""

    def __init__(self, name: str = "kgn_relations"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc._.mentions or []
        facts: list[RelationFact] = []
        by_sent: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sent.setdefault(m.sentence, []).append(m)
        note = doc._.note
        text = note.text if note is not None else doc.text
        starts = doc.user_data.get("kgn_sentences")
        if starts is None:
            starts = [s.start_char for s in doc.sents]
        bounds = [*starts, len(text)]
        topic, topic_end = None, -LIST_SPAN
        before: tuple[int, str | None] = (-2, None)  # (sentence, the concept it opens with)
        for si, ms in by_sent.items():
            start, end = bounds[si], bounds[si + 1]
            implied = topic if start - topic_end <= LIST_SPAN else None
            antecedent = before[1] if before[0] == si - 1 else None
            facts.extend(sentence_relations(text[start:end], start, ms, implied, antecedent))
            if head := list_topic(text[start:end], start, ms):
                topic, topic_end = head, end
            before = (si, sentence_subject(text[start:end], start, ms))
        doc._.relations = facts
        return doc

"""merge, part 2: every note's facts -> one ``KnowledgeGraph``.

Decides what each note is about, aggregates relations (typed ones from the
text, the head-noun rule for compounds, weighted co-occurrence for the weak
``related``), keeps SKOS integrity, and derives note -> note references from
concepts and explicit links.
"""
from __future__ import annotations

import math
import posixpath
import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import cache
from itertools import combinations, repeat
from operator import attrgetter
from pathlib import PurePosixPath

from .model import (
    HIERARCHICAL,
    RELATION_TYPES,
    Concept,
    KnowledgeGraph,
    Note,
    NoteFacts,
    NoteRecord,
    Reference,
    Relation,
)
from . import lexicon
from .harvest import _EN_FUNCTION_WORDS, pos_of, segment, strip_generic_suffix
from .harvest.latin import _MODIFIER_SUFFIXES
from .relations import NOTE_TOPIC
from .text import has_cjk, merge_key, norm_key, singular
from .vocabulary import Vocabulary

_CONCEPT = attrgetter("concept")
RELATED_MIN_COUNT = 1
RELATED_MIN_NPMI = 0.25
RELATED_PER_CONCEPT = 6


_TITLE_SEP = re.compile(r"[:：=|｜(（「」“”\"《》\[\]【】]|\s[-–—]\s|——")
_COORD_WORDS = r"、|,|，|/|与|和|及|以及|vs\.?|VS|&|and\b|→|->"
_COORD = re.compile(rf"^\s*(?:{_COORD_WORDS})\s*$")
_COORD_START = re.compile(rf"(?:{_COORD_WORDS})")
_COORD_END = re.compile(rf"(?:{_COORD_WORDS})\s*$")


_SERIES = re.compile(r"\s*[(（](?:[一二三四五六七八九十]+|\d{1,2}|上|中|下|续|part\s*\d+)[)）]", re.I)
_QUESTION = re.compile(r"怎样|怎么|如何|为什么|为何|什么|吗|[？?]")
_ENUMERATION = re.compile(r"[、和与及/]|以及")
_OF_A_NOUN_AT_END = re.compile(r"\s*的[\u4e00-\u9fff]{1,6}\s*$")
_OF_A_WORD = re.compile(r"\s*的\s*[\u4e00-\u9fff]{1,3}\s*(?:都|也|又|就)?\s*")
_PREPOSITION = re.compile(r"(?:从|在|到|用|对于|基于|通过|把)\s*$")  # 把: what is acted on (把目标检测变成…)
# "MySQL 索引为什么用 B+ 树", "Redis 为什么选跳表": the choice the title asks
# about is the subject; what made it is the context
_WHY_CHOOSE = re.compile(r"(?:为什么|为何|凭什么)\s*(?:要|会|都|只|偏偏)?\s*(?:用|选用|选|选择|采用|使用)\s*")


def _ends_with_genre(title: str, segments: list[str]) -> bool:
    """Is the title two segments, the second ending with a genre word (整理,
    详解), an aside in brackets after it aside?"""
    text = re.sub(r"[(（][^()（）]*[)）]\s*$", "", title).rstrip()
    parts = _TITLE_SEP.split(text)
    return len(parts) == 2 and parts[0] == segments[0] and parts[1].endswith(lexicon.subtitle_genre_words())


def _object_of_verb(before: str) -> bool:
    """``尝试改变LLM「范式」``: the concept is what a verb acts on, not the subject."""
    toks = [t for t in segment(before) if t.strip()]
    return bool(toks) and pos_of(toks[-1]) == "v" and toks[-1] not in lexicon.discourse_verbs()


def title_subjects(title: str, mentions: list[tuple[int, int, str]]) -> list[str]:
    """The concepts a title is about (see ``title_analysis``)."""
    return title_analysis(title, mentions)[0]


def title_analysis(title: str, mentions: list[tuple[int, int, str]]) -> tuple[list[str], list[str]]:
    """(subjects, listed parts): the concepts a title is about, and those it
    lists after a subject as the parts the note goes through. Chinese titles
    put the subject last in a noun phrase (深度学习|优化器: the optimizer),
    right before the copula in a sentence (AdamW 是 ... 优化器: AdamW), list
    several with 、/与, and name context with prepositions (在 CV 领域, 从 SGD
    到 AdamW) and details in brackets.

    >>> title_subjects("深度学习优化器全家桶:从 SGD 到 AdamW", [(0, 4, "dl"), (4, 7, "opt"), (13, 16, "sgd"), (19, 24, "adamw")])
    ['opt']
    >>> title_subjects("AdamW目前是大语言模型训练的默认优化器", [(0, 5, "adamw"), (7, 12, "llm"), (17, 20, "opt")])
    ['adamw']
    """
    every = mentions
    depth, inside = 0, []
    for ch in title:
        depth += ch in "(（"
        depth -= ch in ")）" and depth > 0
        inside.append(depth > 0)
    if (why := _WHY_CHOOSE.search(title)) and (chosen := [m for m in mentions if m[0] >= why.end()]):
        out = [chosen[0][2]]
        for prev, m in zip(chosen, chosen[1:]):
            if not _COORD.match(title[prev[1] : m[0]]):
                break
            out.append(m[2])
        return list(dict.fromkeys(out)), []
    mentions = [
        m for m in mentions
        if not inside[m[0]] and not _PREPOSITION.search(title[: m[0]]) and not _object_of_verb(title[: m[0]])
    ]
    segments = _TITLE_SEP.split(title)
    parts: list[str] = []
    if len(segments) > 1:
        # "深度学习杂谈:残差、MAE…": a first segment that is a field plus a word
        # for a collection (杂谈, 合集) names the area; the subjects come after it
        first = segments[0].strip()
        rest = [m for m in mentions if m[0] >= len(segments[0])]
        area = [m for m in mentions if m[1] <= len(segments[0])]
        if rest and len(area) == 1 and first.endswith(lexicon.collection_words()) \
                and strip_generic_suffix(first) == title[area[0][0] : area[0][1]]:
            mentions = rest
        elif rest and _ends_with_genre(title, segments):
            # "先易后难：课程学习和自训练的一点整理", "Agentic RL：PG Loss 组件详解":
            # a subtitle that says it writes up what it names holds the subjects
            mentions = rest
        elif area and rest and _QUESTION.search(title[len(segments[0]):]):
            # "LSTM 与 GRU：门控机制怎样缓解梯度消失": what the subtitle asks
            # about is how the subject works, not another subject
            mentions = area
        elif area and len(rest) == 1 and _OF_A_NOUN_AT_END.match(title, rest[0][1]):
            # "MDP 与 Bellman 方程：强化学习的地基": a subtitle that says whose
            # foundation (core, milestone) the subjects are names their context
            mentions = area
        elif area and len(rest) == 1 and title[rest[0][0] - 1 : rest[0][0]] == "的" and \
                _TITLE_SEP.split(title[rest[0][1] :])[0].strip() == "" and \
                title[len(segments[0]) + 1 : rest[0][0] - 1].strip():
            # "Muon 优化器：给矩阵参数做正交化的动量": a subtitle that is one noun
            # its clause describes says what the subject is, no second subject
            mentions = area
        elif rest and _SERIES.match(title, len(segments[0])):
            # "Raft 学习笔记（二）：日志复制与快照": one part of a series on the
            # area; this part is about what follows
            mentions = rest
        elif area and len([m for m in rest if not inside[m[0]]]) >= 2 and _ENUMERATION.search(title[len(segments[0]):]):
            # "BERT 精读：掩码语言模型与下一句预测": a subject, then the parts the
            # note goes through, listed
            parts = _listed_items(title, [m for m in rest if not inside[m[0]]])
            mentions = area
    copula = re.search(r"是|(?<![因作])为(?!什么|何)", title)  # not 为什么, 因为
    if copula and mentions and _TITLE_SEP.search(title, mentions[-1][1], copula.start()):
        copula = None  # "GRPO 与 RLVR：推理模型是怎么…": the copula of another segment
    if copula:
        before = [m for m in mentions if m[1] <= copula.start()]
        # the subject stands right before the copula ("AdamW目前是"), not
        # inside a longer noun phrase ("神经网络处理的东西都是")
        if before:
            near = [m for m in before if copula.start() - m[1] <= 3]
            if near in ([], before[-1:]) and _OF_A_WORD.fullmatch(title, before[-1][1], copula.start()):
                # "指令微调与 RLHF 的数据是怎么来的": what the title asks about is a
                # word of the concepts before it (their data): they are its subjects
                near = [before[-1]]
                for prev in reversed(before[:-1]):
                    if not _COORD.match(title[prev[1] : near[0][0]]):
                        break
                    near.insert(0, prev)
            mentions = near
    out = []
    for i, (s, e, cid) in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and title[e : nxt[0]] in ("", "的"):
            continue  # a modifier of the next concept: 深度学习|优化器
        if i and not has_cjk(title[mentions[i - 1][0] : mentions[i - 1][1]]) and not title[mentions[i - 1][1] : s].strip() \
                and title[s:e] in lexicon.heads():
            continue  # "Muon 优化器": the kind of the name before it, no second subject
        if (_modifies_words(title, e, every) or _inside_english_phrase(title, s, e, every)) and not _COORD_END.search(title, 0, s):
            continue  # (but one of several, "NLP / LLM 评估指标", names them all)
        if cid not in out:
            out.append(cid)
    return out, [c for c in parts if c not in out]


@cache
def _words_after_a_subject() -> tuple[str, ...]:
    """What a title may say after its subject without naming another thing:
    the side of it the note takes up, the kind of writing, a collection."""
    return (*lexicon.aspect_or_genre_words(), *lexicon.collection_words())


@cache
def _english_words_after_a_subject() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon.aspect_or_genre_words() if w.isascii())


_CJK_WORDS = re.compile(r"\s*([\u4e00-\u9fff]+)\s*")
_CLAUSE_POS = {"r", "d", "p", "c", "u", "uj", "ul", "uz", "y", "m", "f"}


def _modifies_words(title: str, end: int, mentions: list[tuple[int, int, str]]) -> bool:
    """Does the concept ending at ``end`` modify the Chinese words after it,
    which name no concept and run to the segment's end ("预训练|数据去重",
    "大模型|训练并行")? Then the note is about what those words name. Not
    when they say what the note is (学习笔记, 详解) or make a clause
    (为什么快)."""
    m = _CJK_WORDS.match(title, end)
    if m is None or (m.end() < len(title) and not _TITLE_SEP.match(title, m.end())):
        return False
    words = m.group(1)
    if any(end <= s < m.end() for s, _, _ in mentions):
        return False
    if words.endswith(_words_after_a_subject()):
        return False
    tokens = segment(words)
    return len(tokens) >= 2 and not any(pos_of(t) in _CLAUSE_POS for t in tokens)


_EN_WORDS_AFTER = re.compile(r" ([a-z][a-z-]*(?: [a-z][a-z-]*)*)\s*")
_EN_WORD_BEFORE = re.compile(r"(?:^|\s)([A-Za-z][a-z-]*) $")
_EN_NOT_NOUN = _EN_FUNCTION_WORDS | {"vs", "versus", "or", "my", "our", "your", "its", "their", "this", "these", "what", "how", "why", "when"}


def _inside_english_phrase(title: str, start: int, end: int, mentions: list[tuple[int, int, str]]) -> bool:
    """Is the English name at ``start:end`` part of a longer noun phrase no
    concept names: the head after a modifier ("Normalization layers"), or a
    modifier of words after it ("Evaluation metrics", "Survival analysis
    crash notes")? Then the title is about that phrase, not the name. Words
    that say what the note is (notes, basics) and function words do not
    count; a verb in -ing before a name takes it as object (Evaluating RAG)."""
    if has_cjk(title[start:end]):
        return False
    m = _EN_WORD_BEFORE.search(title, 0, start)
    if m and not any(s <= m.start(1) < e for s, e, _ in mentions):
        word = m.group(1).lower()
        if word not in _EN_NOT_NOUN and not word.endswith("ing"):
            return True
    m = _EN_WORDS_AFTER.match(title, end)
    if m is None or (m.end() < len(title) and not _TITLE_SEP.match(title, m.end()) and title[m.end()] not in ",+&"):
        return False
    if any(end <= s < m.end() for s, _, _ in mentions):
        return False
    words = m.group(1).split()
    if words[0] in _EN_NOT_NOUN:
        return False
    genre = _english_words_after_a_subject()
    while words and (words[-1] in genre or words[-1].removesuffix("s") in genre):
        words.pop()
    return bool(words)


def _listed_items(title: str, mentions: list[tuple[int, int, str]]) -> list[str]:
    """The concepts a list names, one per item. An item may say more than
    its name (功效 before 多重检验 is no concept; 神经声码器); a name right
    before another (OpenPose 的 PAF, 强化学习搜索) modifies it; two names
    joined otherwise (注意力编码器-解码器) are one item neither names."""
    out = []
    joined = False  # the mention before this one was joined to it
    for i, (s, e, cid) in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        gap = title[e : nxt[0]].strip() if nxt else None
        if gap in ("", "的"):
            joined = False  # a modifier of the next name, which is the item
            continue
        coordinated = gap is None or bool(_COORD_START.match(gap))
        if coordinated and not joined:
            out.append(cid)
        joined = not coordinated
    return list(dict.fromkeys(out))


def decide_about(facts: NoteFacts, subjects: list[str], vocab: Vocabulary, parts: list[str] = (),
                 counts: Counter | None = None) -> list[str]:
    """A note's main subjects: what its title names (``subjects``, from
    ``title_subjects``) and lists after it (``parts``) and the body names,
    the paper it cites by name, and, when the title names none, the concept
    the body keeps coming back to. (The body's most frequent concept beside
    a named subject is more often its context or its parts -- 事务 in a
    note on isolation levels -- than a second subject.)
    ``counts``: the note's mentions per concept, if the caller has them."""
    if counts is None:
        counts = Counter(map(_CONCEPT, facts.mentions))
    about = [c for c in subjects if c in vocab.concepts][:3]
    # the items a title lists after its subject are what the note goes
    # through, each a subject too (MCMC 采样笔记：MH、Gibbs、HMC 与 NUTS)
    about += [c for c in parts if c in vocab.concepts and c not in about]
    # but a title's second name the body never names is no main subject
    # (深度学习杂谈：残差、MAE 与…, a note on residuals alone)
    about = [c for i, c in enumerate(about) if i == 0 or counts[c] > 0]
    for cid in counts:
        if "citation" in vocab.concepts[cid].evidence and cid not in about:
            about.append(cid)
    if counts:
        (top, n), = counts.most_common(1)
        if top not in about and n >= 3 and not about:
            about.append(top)
    return about


def _note_topics(about: list[str], subjects: list[str], vocab: Vocabulary) -> list[str]:
    """What "本文/这篇文章" stands for: the paper the note cites by name, else
    what its title is about."""
    cited = [c for c in about if "citation" in vocab.concepts[c].evidence]
    return cited or [c for c in subjects if c in vocab.concepts]


def _link_targets(notes: list[Note]) -> dict[str, str]:
    """Lookup for wikilinks: file stem, path without suffix, title and aliases."""
    index: dict[str, str] = {}
    for n in notes:
        stem = PurePosixPath(n.id)
        for key in (n.id, str(stem.with_suffix("")), stem.stem, n.title, *n.aliases):
            index.setdefault(norm_key(key), n.id)
    return index


def resolve_link(note: Note, target: str, kind: str, ids: set[str], index: dict[str, str]) -> str | None:
    if kind == "wikilink":
        return index.get(norm_key(target))
    if kind == "markdown":
        from urllib.parse import unquote

        path = posixpath.normpath(posixpath.join(posixpath.dirname(note.id), unquote(target)))
        if path in ids:
            return path
        for suffix in (".md", ".markdown", ".txt", ".html"):
            if path + suffix in ids:
                return path + suffix
    return None


def _compound_relations(vocab: Vocabulary) -> list[tuple[str, str, str]]:
    """The head-noun rule: 监督对比学习 is a 对比学习 (the term itself is the evidence)."""
    by_label: dict[str, str] = {}
    by_key: dict[str, str] = {}  # English labels whatever their case and number
    for c in vocab.concepts.values():
        for l in c.labels:
            by_label.setdefault(l, c.id)
            if not has_cjk(l):
                by_key.setdefault(_head_key(l), c.id)
    out = []
    for c in vocab.concepts.values():
        for label in c.labels:
            if has_cjk(label):
                for i in range(2, len(label) - 1):
                    other = by_label.get(label[i:])
                    if other and other != c.id and len(label[i:]) >= 2:
                        out.append((c.id, other, label))
                        break
            else:
                # max pooling is a pooling: the last word alone when it is a
                # head word (english_heads.tsv) and a concept of the corpus,
                # whatever its case (Max Pooling too)
                words = label.split()
                for i in range(1, len(words)):
                    other = by_key.get(_head_key(" ".join(words[i:])))
                    if other and other != c.id and (len(words) - i >= 2 or lexicon.english_heads().get(singular(words[-1].lower()))):
                        out.append((c.id, other, label))
                        break
    return sorted(set(out))


_ACRONYM = re.compile(r"[A-Z].*[A-Z]|[a-z][A-Z]")


def _head_key(label: str) -> str:
    """How an English head is looked up: words whatever their case and
    number (Max Pooling = max pooling), but one acronym (MAP, mAP, ReLU) only
    as written: a feature map is no MAP."""
    if " " not in label and _ACRONYM.search(label):
        return label
    return merge_key(label)


_NAME_PARTS = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")


def _concept_by_key(vocab: Vocabulary) -> dict[str, str]:
    """Normalised label -> concept id (the first concept holding it)."""
    by_key: dict[str, str] = {}
    for c in vocab.concepts.values():
        for label in c.labels:
            by_key.setdefault(norm_key(label), c.id)
    return by_key


def _name_parts(vocab: Vocabulary) -> list[tuple[str, str, str]]:
    """A name made of other concepts' names has them as parts: ActorCritic
    (Actor, Critic), Encoder-Decoder (Encoder, Decoder)."""
    by_key = _concept_by_key(vocab)
    out = []
    for c in vocab.concepts.values():
        for label in c.labels:
            if has_cjk(label) or " " in label:
                continue
            parts = _NAME_PARTS.findall(label.replace("-", " "))
            ids = [by_key.get(norm_key(p)) for p in parts]
            words = all(p[:1].isupper() and p[1:].islower() for p in parts)  # not LLM-RL: acronyms modify
            if len(parts) >= 2 and words and all(ids) and c.id not in ids and len(set(ids)) == len(ids):
                out.extend((pid, c.id, label) for pid in ids)
                break
    return sorted(set(out))


# a name plus a version or a letter is a variant of the name: AdamW (Adam),
# RAdam (Adam), GPT-4 (GPT), ResNet50 (ResNet), YOLOv3 (YOLO). Letters only
# around a word-like name: acronyms grow by letters into other acronyms
# (MAE is no MA, GELU no ELU).
_VERSIONED = re.compile(r"^(?P<base>[A-Za-z][\w]*?[A-Za-z])[-_ ]?v?\d+(?:\.\d+)?$")
_LETTER_AFTER = re.compile(r"^(?P<base>[A-Z][A-Za-z]*[a-z])[A-Z]{1,2}$")
_LETTER_BEFORE = re.compile(r"^[A-Z](?P<base>[A-Z][a-z][A-Za-z]+)$")


# A word before an acronym or a mixed-case name names a kind of it: StyleGAN,
# TinyBERT, GraphRAG, LeakyReLU. So does a modifier before a hyphen
# (post-pruning, Soft-NMS, VQ-VAE) and a tag after one (PPO-clip, WGAN-GP).
# Two capitalised words joined by a hyphen name two parts (Actor-Critic), and
# so do two concepts (LLM-RL).
_WORD_BEFORE = re.compile(r"^[A-Z]?[a-z]{2,}(?P<base>[A-Z][a-z]?[A-Z][A-Za-z\d]*)$")
_HYPHEN_BEFORE = re.compile(r"^(?P<mod>[a-z]{2,}|[A-Z][a-z]+|[A-Z\d]{1,3})-(?P<base>[A-Za-z][\w]{2,})$")
_HYPHEN_AFTER = re.compile(r"^(?P<base>[A-Za-z]*[A-Z][a-z]?[A-Z][\w]*)-(?P<mod>[A-Za-z]+)$")
# NTK-aware, IO-aware, aux-loss-free, BERT-like: what relates to the name, no version of it (PPO-clip is one)
_ADJECTIVE_ENDINGS = _MODIFIER_SUFFIXES | frozenset("aware free agnostic driven guided".split())
# Letters before an acronym: only when the full names agree (WGAN = Wasserstein
# GAN, RMSE = Root Mean Squared Error), since GELU is no ELU and UMAP no MAP.
_LETTERS_BEFORE = re.compile(r"^[A-Za-z]{1,2}(?P<base>[A-Z]{3,}\d*)$")
_CASED = (_LETTER_AFTER, _LETTER_BEFORE, _WORD_BEFORE, _LETTERS_BEFORE)


def _long_form_agrees(variant: Concept, base: Concept) -> bool:
    """One of the variant's English names holds the base's name as its last
    words, or the base's acronym as a word (Wasserstein GAN)."""
    longs = [l.casefold() for l in variant.labels if " " in l and not has_cjk(l)]
    names = [l.casefold() for l in base.labels if not has_cjk(l)]
    return any(re.search(rf"(?:^|\s){re.escape(n)}(?:$|\s)", l) if " " not in n else l.endswith(" " + n)
               for l in longs for n in names)


def _name_variants(vocab: Vocabulary) -> list[tuple[str, str, str]]:
    """(variant, base, label) for names made from another concept's name."""
    owners: dict[str, set[str]] = defaultdict(set)
    for c in vocab.concepts.values():
        for label in c.labels:
            owners[norm_key(label)].add(c.id)
    out = []
    for c in vocab.concepts.values():
        for label in c.labels:
            for pattern in (_VERSIONED, _LETTER_AFTER, _LETTER_BEFORE, _WORD_BEFORE, _HYPHEN_BEFORE, _HYPHEN_AFTER,
                            _LETTERS_BEFORE):
                m = pattern.match(label)
                found = owners.get(norm_key(m.group("base")), set()) if m and len(m.group("base")) >= 3 else set()
                if len(found) != 1 or c.id in found:
                    continue  # none, or an ambiguous name (VideoMAE: which MAE?)
                base = next(iter(found))
                if pattern in _CASED and m.group("base") not in vocab.concepts[base].labels:
                    continue  # letters mark the boundary only in the name's own case: HBase is no BASE
                if pattern is _HYPHEN_BEFORE and m.group("mod")[0].isupper() and m.group("mod")[1:].islower() \
                        and m.group("base")[1:].islower():
                    continue  # Actor-Critic: two parts
                if pattern is _LETTERS_BEFORE and not _long_form_agrees(c, vocab.concepts[base]):
                    continue
                if "mod" in m.groupdict() and norm_key(m.group("mod")) in owners:
                    continue  # LLM-RL, MM-LLM: two concepts side by side
                if pattern is _HYPHEN_AFTER and m.group("mod").lower() in _ADJECTIVE_ENDINGS:
                    continue
                out.append((c.id, base, label))
                break
    return sorted(set(out))


def _has_path(broader: dict[str, set[str]], a: str, b: str) -> bool:
    seen, stack = set(), [a]
    while stack:
        x = stack.pop()
        if x == b:
            return True
        if x in seen:
            continue
        seen.add(x)
        stack.extend(broader.get(x, ()))
    return False


def merge(
    notes: list[Note],
    facts: dict[str, NoteFacts],
    vocab: Vocabulary,
    warnings: list[str] | None = None,
) -> KnowledgeGraph:
    kg = KnowledgeGraph(warnings=list(warnings or []))
    subjects: dict[str, list[str]] = {}  # note -> concepts its title is about, computed once
    pointed: dict[str, list[str]] = {}  # note -> what other notes point to it by: its subjects, else the parts its title lists
    kg.concepts = dict(vocab.concepts)
    for n in notes:
        f = facts[n.id]
        kg.notes[n.id] = NoteRecord(
            id=n.id, title=n.title, path=str(n.path), date=n.date,
            categories=list(n.categories), tags=list(n.tags), citations=list(f.citations),
        )
        counts = Counter(map(_CONCEPT, f.mentions))
        subjects[n.id], parts = title_analysis(n.title, f.title_mentions)
        pointed[n.id] = subjects[n.id] or parts
        kg.about[n.id] = decide_about(f, subjects[n.id], vocab, parts, counts)
        for cid in f.title_concepts:
            counts.setdefault(cid, 0)
        kg.mentions[n.id] = dict(sorted(counts.items()))
    _add_surface_forms(kg, notes, facts)
    _add_singular_forms(kg)

    # Typed relations the notes state, one per pair: the strongest type wins.
    stated: dict[frozenset, list[Relation]] = defaultdict(list)
    for n in notes:
        topics = _note_topics(kg.about[n.id], subjects[n.id], vocab)
        for r in facts[n.id].relations:
            for head in topics if r.head == NOTE_TOPIC else [r.head]:
                for tail in topics if r.tail == NOTE_TOPIC else [r.tail]:
                    if head != tail:
                        stated[frozenset((head, tail))].append(Relation(head, r.rel, tail, n.id, r.evidence, r.basis))
    compound_notes = {}
    for n in notes:
        for cid in kg.mentions[n.id]:
            compound_notes.setdefault(cid, n.id)
    for head, tail, label in _compound_relations(vocab):
        pair = frozenset((head, tail))
        if pair not in stated:
            note = (vocab.concepts[head].defined_in or [compound_notes.get(head, "")])[0]
            stated[pair].append(Relation(head, "is_a", tail, note, label, "compound"))
    for part, whole, label in _name_parts(vocab):
        pair = frozenset((part, whole))
        if pair not in stated:
            note = (vocab.concepts[whole].defined_in or [compound_notes.get(whole, "")])[0]
            stated[pair].append(Relation(part, "part_of", whole, note, label, "compound"))
    for variant, base, label in _name_variants(vocab):
        pair = frozenset((variant, base))
        if pair not in stated:
            note = (vocab.concepts[variant].defined_in or [compound_notes.get(variant, "")])[0]
            stated[pair].append(Relation(variant, "variant_of", base, note, label, "compound"))
    rank = {r: i for i, r in enumerate(RELATION_TYPES)}
    typed: list[Relation] = []
    for pair, rels in sorted(stated.items(), key=lambda kv: sorted(kv[0])):
        # what a note states beats the head-noun rule; then the stronger type
        best = min(rels, key=lambda r: (r.basis == "compound", rank[r.rel]))
        keep = [r for r in rels if r.rel == best.rel and r.head == best.head]
        typed.extend(keep)
    # No cycles in the hierarchy: a pair stated both ways keeps the better supported way.
    broader: dict[str, set[str]] = defaultdict(set)
    for r in sorted(typed, key=lambda r: (r.basis == "compound", r.note, r.head, r.tail)):
        if r.rel in HIERARCHICAL:
            if r.tail in broader.get(r.head, ()):
                continue  # another note stating the same link: checked already
            if _has_path(broader, r.tail, r.head):
                continue
            broader[r.head].add(r.tail)
    typed = [r for r in typed if r.rel not in HIERARCHICAL or r.tail in broader.get(r.head, ())]

    # a concept never found on its own (always inside a longer term) is not one
    used = {c for cs in kg.mentions.values() for c in cs} | {c for cs in kg.about.values() for c in cs}
    for cid in [c for c, concept in kg.concepts.items() if c not in used and "config" not in concept.evidence]:
        del kg.concepts[cid]
    typed = [r for r in typed if r.head in kg.concepts and r.tail in kg.concepts]

    kg.relations = typed + _related(notes, facts, {frozenset((r.head, r.tail)) for r in typed}, broader)
    kg.relations.sort(key=lambda r: (r.head, r.rel, r.tail, r.note))
    primary = {nid: [c for c in cs if c in kg.concepts] for nid, cs in pointed.items()}
    kg.references, kg.broken_links = _references(notes, kg, primary)
    return kg


def _add_surface_forms(kg: KnowledgeGraph, notes: list[Note], facts: dict[str, NoteFacts]) -> None:
    """Every surface form the notes use is a label: the matcher also finds a
    label's plural (``Transformers``, ``CNFs``), which becomes an altLabel;
    so does a name written with its kind word (``listwise 方法``)."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for n in notes:
        for m in facts[n.id].mentions:
            seen[m.concept][m.label] += 1
        for cid, surface in facts[n.id].kind_word_surfaces:
            seen[cid][surface] += 1
    for cid, surfaces in sorted(seen.items()):
        concept = kg.concepts.get(cid)
        if concept is None:
            continue
        keys = {norm_key(l) for l in concept.labels}
        new: dict[str, str] = {}
        for surface, _n in sorted(surfaces.items(), key=lambda kv: (-kv[1], kv[0])):
            key = norm_key(surface)
            if key not in keys and key not in new:
                new[key] = surface.strip()
        if new:
            # a copy: the vocabulary's concepts are shared with the matcher and the cache
            kg.concepts[cid] = replace(concept, alt=[*concept.alt, *sorted(new.values())])


_PLURAL_HEAD = re.compile(r"(?<= )[a-z]+s$")


def _add_singular_forms(kg: KnowledgeGraph) -> None:
    """An English compound the notes only write in the plural (``diffusion
    models``, ``vanishing gradients``) also gets its singular, the form a
    reader looks it up by. Only for a head word from english_heads.tsv, so
    the singular is a known noun: not ``k-means``, ``Langevin dynamics``,
    ``bias`` or ``bag of words``."""
    heads = lexicon.english_heads()
    for cid, concept in list(kg.concepts.items()):
        keys = {norm_key(l) for l in concept.labels}
        new = []
        for label in concept.labels:
            m = _PLURAL_HEAD.search(label)
            if m is None or has_cjk(label) or (single := singular(m.group())) == m.group() or single not in heads:
                continue
            form = label[: m.start()] + single
            if norm_key(form) not in keys:
                keys.add(norm_key(form))
                new.append(form)
        if new:
            kg.concepts[cid] = replace(concept, alt=[*concept.alt, *new])


def _related(notes, facts, linked: set[frozenset], broader) -> list[Relation]:
    """Weak links from sentence co-occurrence, weighted by NPMI; a minimum and
    a per-concept cap keep the map from becoming a hairball."""
    n_sent = 0
    single: Counter = Counter()
    pair_count: Counter = Counter()
    where: dict[tuple[str, str], tuple[str, int]] = {}  # pair -> its first sentence
    # pairs as sorted tuples, counted and placed by C loops (Counter.update,
    # dict.update over combinations); the notes are walked backwards so that
    # the last write of a pair's place is its first sentence
    for n in reversed(notes):
        sentences = facts[n.id].sentence_concepts
        n_sent += len(sentences)
        note_pairs = []
        for si in range(len(sentences) - 1, -1, -1):
            pairs = list(combinations(sorted(sentences[si]), 2))
            note_pairs += pairs
            where.update(zip(pairs, repeat((n.id, si))))
        single.update(c for cs in sentences for c in cs)
        pair_count.update(note_pairs)  # one update per note: Counter.update costs per call
    if not n_sent:
        return []
    linked = {tuple(sorted(p)) for p in linked}
    closure: dict[str, set[str]] = {}

    def ancestors(x: str) -> set[str]:
        # every concept above x in the hierarchy, computed once per concept
        if x not in closure:
            closure[x] = set()
            for up in broader.get(x, ()):
                closure[x] |= {up} | ancestors(up)
        return closure[x]

    scored = []
    for p, c in pair_count.items():
        if c < RELATED_MIN_COUNT or p in linked:
            continue
        a, b = p
        if b in ancestors(a) or a in ancestors(b):
            continue
        pxy = c / n_sent
        npmi = math.log(pxy / ((single[a] / n_sent) * (single[b] / n_sent))) / -math.log(pxy) if pxy < 1 else 1.0
        if npmi >= RELATED_MIN_NPMI:
            scored.append((c, npmi, a, b))
    scored.sort(key=lambda t: (-t[0], -t[1], t[2], t[3]))
    degree: Counter = Counter()
    out = []
    evidence = {}
    for n in notes:
        evidence[n.id] = n
    groups: dict[str, list] = {}  # note -> its mentions by sentence, made once per note
    for c, npmi, a, b in scored:
        if degree[a] >= RELATED_PER_CONCEPT and degree[b] >= RELATED_PER_CONCEPT:
            continue
        degree[a] += 1
        degree[b] += 1
        note_id, si = where[(a, b)]
        if note_id not in groups:
            groups[note_id] = _by_sentence(facts[note_id])
        sentence = _sentence_with(evidence[note_id], groups[note_id], si, a, b)
        out.append(Relation(a, "related", b, note_id, sentence, "cooccurrence", round(c * max(npmi, 0.01), 4)))
    return out


def _by_sentence(f: NoteFacts) -> list[list]:
    """The note's mentions grouped by sentence, sentences without any left
    out: group ``i`` is the sentence of ``f.sentence_concepts[i]``."""
    by_sent: dict[int, list] = defaultdict(list)
    for m in f.mentions:
        by_sent[m.sentence].append(m)
    return list(by_sent.values())


def _sentence_with(note: Note, groups: list[list], first: int, a: str, b: str) -> str:
    """The text of the first sentence that mentions both ``a`` and ``b``
    (``first``: where co-occurrence counting saw them first)."""
    order = [groups[first]] if first < len(groups) else []
    for ms in [*order, *groups]:
        ids = {m.concept for m in ms}
        if a in ids and b in ids:
            start = min(m.start for m in ms)
            end = max(m.end for m in ms)
            # widen to the sentence around both mentions
            left = max(note.text.rfind(ch, 0, start) for ch in "。！？\n!?；") + 1
            rights = [i for i in (note.text.find(ch, end) for ch in "。！？\n!?；") if i >= 0]
            right = min(rights) + 1 if rights else len(note.text)
            return " ".join(note.text[left:right].split())[:400]
    return ""


def _references(notes: list[Note], kg: KnowledgeGraph, primary: dict[str, list[str]]) -> tuple[list[Reference], list[tuple[str, str]]]:
    """n -> m when n discusses a concept m's title is about, or links m explicitly."""
    about_notes: dict[str, list[str]] = defaultdict(list)
    for nid, cs in primary.items():
        for c in cs:
            about_notes[c].append(nid)
    refs: dict[tuple[str, str], Reference] = {}
    ids = {n.id for n in notes}
    index = _link_targets(notes)
    broken = []
    for n in notes:
        for link in n.links:
            if link.kind == "url":
                continue
            target = resolve_link(n, link.target, link.kind, ids, index)
            if target is None:
                broken.append((n.id, link.target))
            elif target != n.id:
                refs.setdefault((n.id, target), Reference(n.id, target, None, link.target, "link"))
    for n in notes:
        own = set(kg.about.get(n.id, []))
        for cid, count in kg.mentions[n.id].items():
            if count < 1 or cid in own:
                continue
            targets = about_notes.get(cid, [])
            # a concept that many notes are about is a topic, not a pointer
            if not targets or len(targets) > 3:
                continue
            if len(targets) > 1:
                # several notes are about it: the ones that define it, if any
                defining = [t for t in targets if t in kg.concepts[cid].defined_in]
                targets = defining or targets
            for t in targets:
                if t != n.id:
                    refs.setdefault((n.id, t), Reference(n.id, t, cid, None, "concept"))
    return sorted(refs.values(), key=lambda r: (r.source, r.target)), sorted(set(broken))

"""Glossary lookups and translation agreement: the English words a Chinese
rendering stands for (and back), whether a Chinese and an English name can
name one thing (head words, glossary), a Chinese term's initialisms.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import lexicon
from ..text import all_cjk, has_cjk, nfkc, norm_key
from .words import _pos
from .terms import _EN_FUNCTION_WORDS, is_acronym


def translation_score(zh: str, en: str) -> int:
    """+1 when the Chinese head word's counterpart is in the English (残差网络 /
    ResNet: 网络 ~ net), -1 when a strong head's counterpart is missing, 0 when
    nothing can be said."""
    head = _head_of_label(zh)
    if head is None or not head.english:
        return 0
    lower = en.lower()
    if any(stem in lower for stem in head.english):
        return 1
    # a kind word the English leaves out says nothing (长短期记忆网络 / Long
    # Short-Term Memory, 跳字模型 / Skip-gram); an English head word (its
    # last) of another kind does (强化学习 / policy gradient)
    last = re.split(r"[\s\-]+", lower.strip())[-1]
    if head.strong and not is_acronym(en) and last.startswith(_other_head_stems(head.word)):
        return -1
    return 0


@cache
def _other_head_stems(word: str) -> tuple[str, ...]:
    mine = set(lexicon.heads()[word].english)
    return tuple(sorted({stem for h in lexicon.heads().values() for stem in h.english} - mine))


@lru_cache(maxsize=1 << 16)
def _head_of_label(label: str):
    """The longest head word a label ends with (heads are 1-3 characters)."""
    heads = lexicon.heads()
    for k in (3, 2, 1):
        if len(label) >= k and label[-k:] in heads:
            return heads[label[-k:]]
    return None


def translation_agrees(zh: str, en: str) -> bool:
    """A Chinese term and an English one can name one thing: if the Chinese
    ends in a known head word (…学习), the English must carry its counterpart.

    >>> translation_agrees("对比学习", "Contrastive Learning"), translation_agrees("强化学习", "policy gradient")
    (True, False)
    >>> translation_agrees("迭代式 RLHF", "RM"), translation_agrees("双向 LSTM", "BiLSTM"), translation_agrees("生成器", "BART")
    (False, True, False)
    """
    if is_acronym(en):
        # an abbreviation names a Chinese term unless the term holds another
        # abbreviation of its own ("RM（迭代式 RLHF）" explains, it does not rename)
        own = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", zh) if is_acronym(w)]
        if any(w.upper() not in en.upper() and en.upper() not in w.upper() for w in own):
            return False
        # "Skip-gram + 负采样（SGNS）": the term's own initials (NS) end the
        # abbreviation, whose other letters (two or more: not the "in" of
        # ICL, 上下文学习) name more than the term
        ini = initialisms(zh.strip())
        if en.lower() not in ini and any(len(en) >= len(i) + 2 and en.lower().endswith(i) for i in ini):
            return False
        # a one-word role whose English starts with another letter is given an
        # instance, not a name: 生成器（BART）, 检索器（DPR）
        words = reverse_glossary().get(zh.strip())
        return not words or any(w[:1].lower() == en[:1].lower() for w in words)
    if _glossary_disagrees(zh, en):
        return False
    # "器" etc. are weak: only the strong heads can veto
    return translation_score(zh, en) >= 0


@cache
def reverse_glossary() -> dict[str, tuple[str, ...]]:
    """Chinese rendering -> the English words it renders (强化 -> reinforcement)."""
    out: dict[str, set[str]] = {}
    for en, zhs in lexicon.glossary().items():
        # an abbreviation's first rendering is its exact one (llm: 大语言模型);
        # the looser ones (语言模型) do not spell it
        for z in zhs if re.search(r"[aeiouy]", en) else zhs[:1]:
            if has_cjk(z):
                out.setdefault(z, set()).add(en)
    return {z: tuple(sorted(e)) for z, e in out.items()}


def initialisms(zh: str, limit: int = 16) -> set[str]:
    """The abbreviations a Chinese term's word-by-word English would have:
    the first letter of every English word (and of every part of a hyphenated
    one), the Chinese segmented into glossary renderings, longest first
    (掩码|自编码器 is MA, never 掩码|自|编码器 MSE).

    >>> sorted(initialisms("强化学习"))
    ['rl']
    """
    rev = reverse_glossary()
    longest = max(map(len, rev), default=1)

    @cache
    def go(i: int) -> frozenset[str]:
        if i == len(zh):
            return frozenset({""})
        out: set[str] = set()
        for k in range(min(longest, len(zh) - i), 0, -1):
            piece = zh[i : i + k]
            if piece not in rev:
                continue
            rest = go(i + k)
            if not rest:
                continue
            for en in rev[piece]:
                if not re.search(r"[aeiouy]", en):
                    options = {en}  # the glossary's own abbreviations: llm
                else:
                    options = {en[0], "".join(p[0] for p in en.split("-") if p)}
                for letters in options:
                    out.update(letters + r for r in rest)
            if len(out) > limit:
                return frozenset()
            break  # the longest rendering that leads on: 掩码|自编码器, not 掩码|自|编码器
        return frozenset(out)

    return set(go(0)) if zh else set()


def _glossary_disagrees(zh: str, en: str) -> bool:
    """A one-word Chinese term and an English name the glossary translates
    both, into each other's words nowhere: 回报 (return) is no reward-to-go.

    >>> _glossary_disagrees("回报", "reward-to-go"), _glossary_disagrees("回报", "return"), _glossary_disagrees("多模态", "MM-LLM")
    (True, False, False)
    """
    mine = reverse_glossary().get(zh.strip())
    if not mine or re.search(r"(?<![A-Za-z])[A-Z]{2,}", en):
        return False  # an abbreviation's letters may stand for the Chinese word (MM-LLM, 多模态)
    words = _content_words(en)
    rendered = [w for w in words if _renderings(w)]
    if not rendered or any(w in mine or w.rstrip("s") in mine for w in words):
        return False
    return not any(z in zh for w in rendered for z in _renderings(w))


def renders_none(zh: str, en: str) -> bool:
    """做选择 (policy over options): the glossary renders words of a
    several-word English name, and the Chinese, one verb, has none of them --
    the end of a phrase that glosses something else."""
    if is_acronym(en) or len(zh) != 2 or not all_cjk(zh) or _pos(zh) not in ("v", "vn"):
        return False  # (a verb of two characters; a longer name may render the English otherwise)
    words = _content_words(en)
    if len(words) < 2:
        return False
    rendered = [z for w in words for z in _renderings(w)]
    return bool(rendered) and not any(z in zh for z in rendered)


def _content_words(en: str) -> list[str]:
    """An English name's words, lower case, hyphened parts apart, function words out."""
    return [w for w in re.split(r"[\s\-]+", en.lower()) if w and w not in _EN_FUNCTION_WORDS]


def glossary_translations(label: str, limit: int = 64) -> set[str]:
    """Chinese renderings of an English term, word by word from the glossary.

    >>> sorted(glossary_translations("Self-Supervised Learning"))
    ['自有监督学习', '自监督学习']
    >>> sorted(glossary_translations("KL Divergence"))
    ['KL散度']
    """
    gloss = lexicon.glossary()

    def lookup(w: str):
        if w in gloss:
            return gloss[w]
        if len(w) > 3 and w.endswith("s") and w[:-1] in gloss:
            return gloss[w[:-1]]  # Models, LLMs
        return None

    words = []
    translated = False
    for word in re.split(r"\s+", nfkc(label).strip()):
        w = word.lower()
        if lookup(w):
            words.append(lookup(w))
            translated = True
        elif "-" in w and all(lookup(p) for p in w.split("-")):
            words.extend(lookup(p) for p in w.split("-"))
            translated = True
        elif is_acronym(word) or re.fullmatch(r"[A-Z][A-Za-z]*\d*|[A-Z]+\d+|[A-Z][a-z]+-[A-Z][a-z]+", word):
            words.append((word,))  # a name stays a name: KL Divergence -> KL 散度
        elif all_cjk(word):
            words.append((word,))  # a Chinese word stays itself: Bellman 方程 -> 贝尔曼方程
        else:
            return set()
    if not translated:
        return set()
    out = {""}
    for options in words:
        out = {o + z for o in out for z in options}
        if len(out) > limit:
            return set()
    return out


def acronym_renderings(word: str) -> tuple[str, ...]:
    """The Chinese names of an abbreviation written in capitals inside an
    English name (model-based RL: 强化学习), from known_terms.tsv."""
    if not is_acronym(word):
        return ()
    return lexicon.known_terms().chinese_of_abbreviation.get(norm_key(word), ())


def _renderings(word: str) -> tuple[str, ...]:
    gloss = lexicon.glossary()
    word = word.lower()
    if word in gloss:
        return gloss[word]
    if len(word) > 4 and word.endswith("s") and word[:-1] in gloss:
        return gloss[word[:-1]]
    if len(word) > 4 and word.endswith(("xes", "ches", "shes", "sses")) and word[:-2] in gloss:
        return gloss[word[:-2]]  # boxes, matches
    return ()

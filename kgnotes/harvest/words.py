"""Chinese words: jieba segmentation and part of speech, the part-of-speech
sets the harvest's rules test, and helpers over a run of tokens (how many
words it counts as, a leading verb or count dropped).
"""
from __future__ import annotations

from functools import cache

import rjieba

from .. import lexicon
from ..text import glue_accented, norm_key


_TAGGER = rjieba.Jieba()
_QUALITY_POS = {"a", "ad", "z"}  # adjectives and states: what a thing is like, not a thing
_LEADING_POS = {"v", "r", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "f"}


# tokens that count as no word of a name: 的, and the hyphen that joins 高斯-马尔可夫
_NO_WORD = ("的", "-", "–", "·")


def _units(toks: list[str]) -> float:
    """Words of a token run as an English name counts them: a single
    character jieba left alone is half a word (重|参数|化, 鲁|棒|性: an affix
    or a piece of a word it did not know); 的 is none."""
    return sum(1.0 if len(tok) > 1 else 0.5 for tok in toks if tok not in _NO_WORD)


def _name_units(toks: list[str]) -> float:
    """``_units`` of a name: a single character that closes it after a
    word is its head word, a whole English word (标准化|均值|差 is
    Standardized Mean Difference, 亲和|场 Affinity Field); but not a verb
    (可|重复|读 is Repeatable Read: 可 is a piece of the name)."""
    n = _units(toks)
    if (len(toks) > 1 and len(toks[-1]) == 1 and len(toks[-2]) > 1 and toks[-1] not in _NO_WORD
            and _pos(toks[-1]) != "v"):
        n += 0.5
    return n


def _last_units(toks: list[str], limit: int) -> list[str]:
    """The longest tail of ``toks`` that holds at most ``limit`` words (a
    run of single characters is one word, so it is never cut through)."""
    k = len(toks)
    while k > 0 and _units(toks[k - 1 :]) <= limit:
        k -= 1
    return toks[k:]


def segment(text: str) -> list[str]:
    """Plain jieba-compatible segmentation (no user words), an accented
    Latin word kept whole (Cramér)."""
    return glue_accented(_TAGGER.cut(text, False), text)


def pos_of(word: str) -> str:
    return _pos(word)


@cache
def _pos(word: str) -> str:
    tags = _TAGGER.tag(word)
    return tags[0][1] if len(tags) == 1 else "n"  # an unknown compound word: noun-like


_CLASSIFIERS = frozenset("个类种")
# 最大化|证据下界, 优化|变分下界 (ELBO): verbs of an objective, which jieba tags as nouns
_OPTIMIZING = frozenset(("最大化", "最小化", "极大化", "极小化", "优化"))


# a verb done briefly or once over (对比|一下|多层感知机, 回顾|一番): what is done to the name
_BRIEFLY = ("一下", "一番", "一遍")

# the one who does what the verb before says: 说话|人, 读写|者, 调度|器
_AGENT_SUFFIXES = frozenset("人者器")


def strip_leading_verbs(toks: list[str], min_units: float = 0) -> list[str]:
    """``添加动量`` -> ``动量``; ``对比学习`` stays (``学习`` alone is no term).
    ``min_units``: about the words that must remain (those an English name needs)."""
    # 做个|梯度裁剪, 4 亿|个|图文对, 这|类|无锚框: a count left by the cut (not
    # 两|阶段锁协议, 二元|交叉熵: a number that is part of a name)
    while (len(toks) > 1 and (toks[0] in _CLASSIFIERS or (_is_count(toks[0]) and (toks[1] in _CLASSIFIERS or toks[0][-1] in _CLASSIFIERS)))
           and len("".join(toks[1:])) >= 2):
        toks = toks[1:]
    # a single character before another single character is more often a
    # piece of a word jieba does not know (变|分|下界) than a verb (做|最大后验估计)
    while len(toks) > 1 and (len(toks[0]) > 1 or len(toks[1]) > 1) and (_pos(toks[0]) in _LEADING_POS or toks[0] in _OPTIMIZING):
        rest = "".join(toks[1:])
        if len(rest) < 2 or norm_key(rest) in lexicon.stop_concepts():
            break
        if toks[1].endswith(_BRIEFLY) and len(toks) > 2:
            toks = toks[2:]  # the verb and its 一下 go whatever the English counts
            continue
        # the English name needs the word (加速|梯度 (Nesterov Accelerated Gradient),
        # 内部|协变量偏移); a verb before a half word goes (插入|伪量化 (fake quantization))
        if _name_units(toks[1:]) < min_units - (0.5 if len(toks[0]) > 1 and _pos(toks[0]) == "v" else 0):
            break
        if len(toks[1]) == 1 and (_pos(toks[1]) == "k" or toks[1] in _AGENT_SUFFIXES):
            # 归纳|式|学习: a suffix (式, 型) ends the word before it, it starts
            # none; 说话|人|嵌入 (speaker embedding): a verb and the one who does it
            break
        toks = toks[1:]
    return toks


def _has_boundary(label: str) -> bool:
    return any(t in lexicon.boundary_words() for t in _TAGGER.cut(label, False))


def _is_quantity(word: str) -> bool:
    """少量, 几种, 一些, 许多: how many, said before a noun (jieba also tags 分页 "m")."""
    return len(word) > 1 and word[0] in "一二两三四五六七八九十几少若许诸" and _pos(word) == "m"


# a numeral that names a kind, not a count: 三维, 二阶, 多头, 多模态
NUMBERED_KINDS = ("维", "阶", "头", "模态")


def _is_count(word: str) -> bool:
    """A numeral or count word (一项, 第二层, 两次), not a kind (三维, 二阶, 多头)."""
    return _pos(word) in ("m", "mq", "q") and not word.endswith(NUMBERED_KINDS)

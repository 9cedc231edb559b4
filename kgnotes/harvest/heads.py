"""Chinese compounds that end in a domain head word (``head_compounds``:
损失函数, 交叉熵) and the head-dropped short forms a note uses alone
(``short_forms``: 高斯分布 -> 高斯).
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from .. import lexicon
from ..text import all_cjk, has_cjk, has_latin, is_cjk_char, norm_key
from .words import _LEADING_POS, _OPTIMIZING, _QUALITY_POS, _is_count, _pos, segment
from .terms import is_term_like


_HEAD_ENDS = frozenset(h[-1] for h in lexicon.heads())
_HEAD_PREFIXES = frozenset(h[:k] for h in lexicon.heads() for k in range(1, len(h)))  # 数据 of 数据|集
# jieba tags of words that can modify a head as nouns do (条件|概率, 大|模型)
_NOUNISH = {"n", "vn", "nz", "b", "j", "l", "nr", "ns", "nt", "m", "a", "an", "i", "g", "ng"}
_VERB_COMPLEMENTS = frozenset("到 出 了 过 着 得 成".split())
# conjunctions, pronouns, prepositions, particles, bound morphemes, numerals,
# adverbs, places and times: a one-character head does not join them into a
# word (而|熵, 一样|多时|熵, 比较|链间方差, 跑足够久以后|链上的样本)
_NOT_BEFORE_HEAD = {"c", "r", "p", "u", "uj", "ul", "uz", "ud", "ug", "uv", "ng", "m", "y", "d", "f", "t"}


def head_compounds(tokens: list[str]) -> Iterator[tuple[str, str]]:
    """Chinese compounds ending in a domain head word: every token-level suffix
    of up to four tokens (大语言模型, 语言模型), as ``compound``; a modifier and
    head that are both noun-like (条件+概率) also as ``compound2``, a form that
    is a term even when a short note uses it once. Corpus frequency decides.

    >>> sorted(set(head_compounds(["常见", "的", "损失", "函数", "是", "交叉", "熵"])))
    [('交叉熵', 'compound'), ('交叉熵', 'compound2'), ('损失函数', 'compound'), ('损失函数', 'compound2')]
    """
    heads = lexicon.heads()
    boundary = lexicon.boundary_words()
    stops = lexicon.stop_concepts()
    generic = set(lexicon.generic_suffixes())
    prefixes = lexicon.prefixes()  # 自适应|学习率: a prefixed modifier makes a term even before a word
    tokens = lexicon.glue_prefixes(_glue_heads(_unglue_suffixes(tokens), heads))
    # a one-character head (率, 熵, 链) forms a word with the token before it:
    # 学习|率 -> 学习率, so the modifier before that is what is tested
    joined: list[str] = []
    for tok in tokens:
        # not after a conjunction, pronoun or bound morpheme (而|不是|熵, 一样|多时|熵)
        if (len(tok) == 1 and tok in heads and joined and joined[-1] not in boundary and all_cjk(joined[-1])
                and _pos(joined[-1]) not in _NOT_BEFORE_HEAD):
            joined[-1] += tok
        else:
            joined.append(tok)
    tokens = joined

    def head_of(tok: str) -> str | None:
        # the longest head the token ends with (heads are 1-3 characters)
        for k in (3, 2, 1):
            if len(tok) >= k and tok[-k:] in heads:
                return tok[-k:] if all_cjk(tok) else None
        return None

    for i, tok in enumerate(tokens):
        if not tok or tok[-1] not in _HEAD_ENDS:
            continue
        head = head_of(tok)
        if head is None:
            continue
        nxt = head_of(tokens[i + 1]) if i + 1 < len(tokens) else None
        if nxt and heads[nxt].strong:
            continue  # the compound goes on: 表示|学习, 梯度|下降 (not 梯度|算法)
        if _is_count(tok) or _pos(tok) == "r":
            continue  # 第一项, 每一项: jieba's one token for a count or a pointer, not a term
        if i + 1 < len(tokens) and tokens[i + 1] in _VERB_COMPLEMENTS and _pos(head) == "v":
            continue  # "T 会自动学习到一个数": the head is a verb here, acting, not naming
        lexical = len(tok) >= 3 and len(tok) > len(head) and _pos(tok) in _NOUNISH
        j = i
        while j > 0 and i - j < 3:
            prev = tokens[j - 1]
            if prev in boundary or not all_cjk(prev):
                break
            # a verb may modify the head right before it (对比|学习), not further
            # out, and a word before that verb is its subject (噪声|服从|高斯分布)
            if j < i and _pos(prev) in _LEADING_POS:
                break
            j -= 1
            if len(prev) > 1 and _pos(prev) in _LEADING_POS:
                break
        for k in range(j, i + 1):
            label = "".join(tokens[k : i + 1])
            if k == i and tok == head and len(tok) >= 3 and tok[-1] in "器化力":
                # a head that is a word of its own kind: 解码器, 正则化, 注意力
                yield label, "compound2"
                continue
            if len(label) < 2 or (k == i and len(tok) == len(head)) or norm_key(label) in stops:
                continue
            rest = "".join(tokens[k + 1 : i + 1])
            # "扩展策略梯度", "属于神经网络": a verb in front of a term is not part of it
            if k < i and _pos(tokens[k]) in _LEADING_POS and len(rest) >= 2 and norm_key(rest) not in stops:
                continue
            if k == i - 1 and len(rest) == 1 and _pos(tokens[k]) in _NOT_BEFORE_HEAD:
                continue  # 以后|链, 比较|链: nor before a one-character head
            # "第一项", "大梯度", "训练奖励模型": a count, a bare adjective or a verb
            # acting on the head opens no term, however often it recurs
            if k < i and not _opens_term(tokens[k], heads[head]):
                continue
            yield label, "compound"
            if k == i and lexical:
                yield label, "compound2"  # a dictionary word ending in a head: 链式法则, 高斯分布
            elif k == i - 1 and (not lexical or tokens[k][0] in prefixes) and head not in generic and _modifies(tokens[k], heads[head]):
                # modifier + head, both noun-like (条件|概率); not when the head
                # is a term by itself (离散时间|马尔可夫链 -> 马尔可夫链)
                # an adjective (完整|模型, 稀疏|注意力) is a term's modifier only
                # when the pair recurs; once, it describes this one model. So
                # is a noun before a head that is often an object (用户|向量,
                # 代码|模型, 任务|梯度), unless it is a derived modifier (多模态)
                weak = not heads[head].strong or (heads[head].object and tokens[k][0] not in prefixes) or _pos(tokens[k]) in _QUALITY_POS
                yield label, "compound2w" if weak else "compound2"


def _unglue_suffixes(tokens: list[str]) -> list[str]:
    """像素|级任务 -> 像素级|任务, 低|维空间 -> 低维|空间: jieba glues a bound
    suffix (-level, -dimensional) to the next word; it belongs to the one before
    (after a number it stands alone: 512|维|空间)."""
    out: list[str] = []
    for tok in tokens:
        if len(tok) >= 3 and tok[0] in "维级" and all_cjk(tok):
            if out and all_cjk(out[-1]) and out[-1] not in lexicon.boundary_words():
                out[-1] += tok[0]
            else:
                out.append(tok[0])
            tok = tok[1:]
        out.append(tok)
    return out


def _glue_heads(tokens: list[str], heads) -> list[str]:
    """A head word jieba splits is one token again: 数据|集 -> 数据集, 样本|对 -> 样本对."""
    starts = [i for i, tok in enumerate(tokens) if tok in _HEAD_PREFIXES]
    if not starts:
        return tokens
    out: list[str] = []
    i = 0
    for s in starts:
        if s < i:
            continue
        out.extend(tokens[i:s])
        i = s
        for n in (3, 2):
            glued = "".join(tokens[s : s + n])
            if s + n <= len(tokens) and len(glued) <= 3 and glued in heads and all_cjk(glued):
                out.append(glued)
                i = s + n
                break
    out.extend(tokens[i:])
    return out


@cache
def short_form_heads() -> tuple[str, ...]:
    return tuple(sorted(lexicon._lines("short_form_heads.txt"), key=len, reverse=True))


@cache
def _glossary_words() -> frozenset[str]:
    return frozenset(z for zs in lexicon.glossary().values() for z in zs)


# a bare word that is a term by itself only as a name or an attribute
# (高斯 nr, 均匀 a, 非线性 b), not a common noun or verb (奖励, 概率, 样本)
_SHORT_POS = {"nr", "nrt", "nrfg", "nz", "a", "b", "eng"}


def short_forms(labels, text: str) -> Iterator[tuple[str, str]]:
    """A Chinese term and the head-dropped form the same note uses alone:
    (term, short form).

    >>> list(short_forms(["高斯分布"], "参数化为高斯分布。噪声近似服从各向同性高斯。"))
    [('高斯分布', '高斯')]
    """
    by_short: dict[str, set[str]] = {}
    for label in labels:
        if not has_cjk(label) or has_latin(label):
            continue
        for head in short_form_heads():
            if not label.endswith(head):
                continue
            rest = label[: -len(head)]
            if len(rest) < 2 or not all_cjk(rest) or not is_term_like(rest):
                break
            # a dictionary word must be a name or attribute the glossary knows
            # as a domain word (高斯 = gaussian), not just tagged so (修正 "nr")
            if len(segment(rest)) == 1 and (_pos(rest) not in _SHORT_POS or rest not in _glossary_words()):
                break
            by_short.setdefault(rest, set()).add(label)
            break
    for rest, longs in by_short.items():
        if len(longs) > 1:
            continue  # 高斯分布 and 高斯过程: 高斯 alone names neither for sure
        i = text.find(rest)
        while i >= 0:
            if _ends_word(text, i + len(rest)):
                yield next(iter(longs)), rest
                break
            i = text.find(rest, i + 1)


# what may follow a word that ends there: a verb, adverb, preposition,
# conjunction, particle, pronoun or locative (正样本|拉近, 高斯|的, 残差|中)
_AFTER_WORD_POS = {"v", "d", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "r", "f", "m"}


def _ends_word(text: str, end: int) -> bool:
    after = text[end : end + 4]
    if not after or not is_cjk_char(after[0]):
        return True
    heads = lexicon.heads()
    if any(after[:k] in heads for k in (1, 2, 3)):
        return False  # 高斯|分布, 正样本|对: a head goes on with the word
    first = segment(after)[0]
    return first in lexicon.boundary_words() or _pos(first) in _AFTER_WORD_POS


def _opens_term(first: str, head) -> bool:
    if len(first) == 1 or _is_count(first) or first in _OPTIMIZING:
        return False  # (最小化|交叉熵: what is done to the term, jieba's noun notwithstanding)
    if first.endswith("一下"):
        return False  # 解释一下|模型: a verb done briefly (jieba's one token, an "idiom")
    return not (head.object and _pos(first) == "vn")


def _modifies(mod: str, head) -> bool:
    """A noun-like modifier that makes a term with its head (条件|概率, 大|模型),
    not a verb acting on it (训练|模型)."""
    pos = _pos(mod)
    if pos not in _NOUNISH or len(mod) == 1:
        return False
    if _is_count(mod):
        return False  # 一次|梯度, 两层|网络: a count, not a kind (but 三维|卷积, 多头|注意力)
    return not (head.object and pos == "vn")

"""Other names a note gives a term in words: 也叫/又称/简称 (``also_called``),
全称/缩写 spelling out an abbreviation (``full_names``), and the English cues
a.k.a./also called/or X for short (``english_also_called``).
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from .. import lexicon
from ..text import has_cjk, norm_key, singular
from .words import _has_boundary, segment  # noqa: F401 (segment: for the doctests)
from .terms import _spells, abbreviation_fits, is_acronym, is_term_like, narrows
from .translation import translation_agrees
from .brackets import (
    _ALSO_CUE, _ALSO_INNER, _BRACKET, _SENT_END, _SPLIT_INNER, _bracket_left, _opens_aside,
    _name_length, _sentence_around, _sentence_start,
)


_ACRONYM = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])(\d?[A-Za-z]*[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9À-ÖØ-öø-ɏ]+)+|[a-z]+-[A-Z][A-Za-z0-9]*)(?![A-Za-z0-9À-ÖØ-öø-ɏ_])")
_ALSO_AFTER = re.compile(rf"[)）][ \t]*[，,]?[ \t]*{_ALSO_CUE}[ \t]*")
# "- Top-p 采样，也叫核采样(nucleus sampling)：": a name that fills its clause
# (from a line, list item or sentence start to the comma), then the cue
_ALSO_BEFORE = re.compile(
    rf"(?:^|(?<=[\n。！？；;：:]))[ \t]*(?:[-*+][ \t]+|[(（]?\d{{1,2}}[.)、）][ \t]*)?(?:\*\*)?"
    rf"([^\s，,。！？；;：:*()（）][^\n，,。！？；;：:*()（）]{{1,18}}?)(?:\*\*)?[ \t]*[，,]?[ \t]*{_ALSO_CUE}[ \t]*$",
    re.M,
)
# a Latin name with a kind word, before a bracket that gives another name: "Wasserstein 距离(又叫 …)"
_NAME_BEFORE_ALSO = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*[ \t]?[\u3400-\u9fff]{1,3}")
# (not through 或: "又叫随机失活或丢弃法" gives two names)
_ALSO_NAME = re.compile(r"[「“\"']?((?:(?!或)[\u3400-\u9fff]){2,12}|[A-Za-z][A-Za-z0-9\-]*(?:[ \t][A-Za-z][A-Za-z0-9\-]*){0,4})[」”\"']?")


_ACRONYM_BEFORE = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])([A-Z][A-Za-z0-9\-]*[A-Z0-9][A-Za-z0-9\-]*)[ \t*_]*$")
# a Chinese run of two to six characters with a space, markup or punctuation before it
_SHORT_RUN_BEFORE = re.compile(r"(?:^|(?<=[\s*_，,。；;：:、]))([\u4e00-\u9fff]{2,6})[ \t*_]*$")
_PREDICATE_WORDS = frozenset("是 为 的 在 就 也 都 等 可以 能 会 用于 指 即".split())


def _name_before_predicate(run: str, tokenize) -> str:
    """A name right after 又称/全称/中文叫, from a run of Chinese that may go
    on into the sentence (又称X是… -> X); a short run is the name whole (字节对编码)."""
    if len(run) <= 6:
        return run
    toks = tokenize(run)
    cut = next((i for i, t in enumerate(toks) if i and t in _PREDICATE_WORDS), len(toks))
    return "".join(toks[:cut])


_MARKUP_GAP = re.compile(r"[ \t]{2,}")
_CUE_BEFORE = re.compile(rf"[ \t]*[，,]?[ \t]*{_ALSO_CUE}[ \t]*$")


def _latin_name_ending_at(text: str, end: int) -> str | None:
    """The Latin name with its kind word that ends at ``end``, markup and
    spaces aside ("**He 初始化**（…", "Wasserstein 距离 (…")."""
    named = [n for n in _NAME_BEFORE_ALSO.finditer(text, max(0, end - 40), end) if not text[n.end() : end].strip(" \t*_")]
    return named[-1].group(0) if named else None


_OWN_BRACKET = re.compile(r"[ \t]*[(（][ \t]*[A-Za-z][A-Za-z0-9\- ]{0,60}[)）]")
_LATIN_AND_KIND = re.compile(r"[A-Za-z][A-Za-z0-9\- ]*?[ \t]?([\u3400-\u9fff]{2,4})")


def _also_names(rest: str, tokenize, kind: str = "") -> list[str]:
    """The names at the start of ``rest``, joined by 、/或/和 (辅助索引、非聚簇索引).
    ``kind``: the Chinese word the first name ends with (Kaiming 初始化): a
    Latin name followed by it takes it too (也叫 He 初始化)."""
    names = []
    while True:
        m = _ALSO_NAME.match(rest)
        if not m:
            break
        name = m.group(1)
        end = m.end()
        if has_cjk(name):
            name = _name_before_predicate(name, tokenize)
        elif kind and (k := re.match(rf"[ \t]?{re.escape(kind)}", rest[m.end(1) :])):
            name, end = f"{name} {kind}", m.end(1) + k.end()
        if is_term_like(name):
            names.append(name)
        if len(name) < len(m.group(1)):
            break
        rest = rest[end:]
        # "又称增量学习(Incremental Learning)或终身学习": a name's own bracket before the next
        rest = rest[b.end() :] if (b := _OWN_BRACKET.match(rest)) else rest
        sep = re.match(r"[ \t]*(?:、|或者|或|和|以及|/)[ \t]*", rest)
        if not sep:
            break
        rest = rest[sep.end() :]
    return names


# "YOLO 的全称是 You Only Look Once", "GRU 全称门控循环单元": an abbreviation spelled out
_FULL_NAME = re.compile(
    r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])(\d?[A-Za-z][A-Za-z0-9\-]*)[ \t]*(?:的)?(?:英文)?全称(?:是|为|叫|叫做)?[ \t]*[:：]?[ \t]*"
    r"(?:[「“\"'])?([A-Za-z][A-Za-z0-9\-]*(?:[ \t]+[A-Za-z][A-Za-z0-9\-]*){1,8}|[\u3400-\u9fff]{2,12})")


# "Bagging 是 Bootstrap Aggregating 的缩写", "RNN 是 Recurrent Neural Network 的简称"
_SHORT_FOR = re.compile(
    r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])(\d?[A-Za-z][A-Za-z0-9\-]*)[ \t]*(?:就)?是[ \t]*[「“\"']?"
    r"([A-Za-z][A-Za-z0-9\-]*(?:[ \t]+[A-Za-z][A-Za-z0-9\-]*){1,8})[」”\"']?[ \t]*的(?:首字母)?(?:缩写|简称|简写)")
# "LoRA 是…方法，全称 Low-Rank Adaptation", "LSM 树，全称 Log-Structured Merge-Tree":
# 全称 opening a clause spells out an abbreviation earlier in the sentence
_CLAUSE_FULL_NAME = re.compile(
    r"[，,][ \t]*(?:英文)?全称(?:是|为|叫|叫做)?[ \t]*[:：]?[ \t]*(?:[「“\"'])?"
    r"([A-Za-z][A-Za-z0-9\-]*(?:[ \t]+[A-Za-z][A-Za-z0-9\-]*){1,8})")
# "…，中文一般叫日志结构合并树": the Chinese name that follows a full name
_CHINESE_NAME_AFTER = re.compile(
    rf"[ \t]*[，,][ \t]*(?:中文(?:里|上)?(?:一般|通常|常)?(?:叫做|叫作|叫|称为|称作|译为|译作|名为)|{_ALSO_CUE}|(即|也就是))[ \t]*")


def full_names(text: str, tokenize) -> Iterator[tuple[str, str, str]]:
    """(abbreviation, full name, sentence) where a note spells one out with 全称.

    >>> [x[:2] for x in full_names("YOLO 的全称是 You Only Look Once，2016 年提出。", segment)]
    [('YOLO', 'You Only Look Once')]
    >>> [x[:2] for x in full_names("LSM 树，全称 Log-Structured Merge-Tree，中文叫日志结构合并树。", segment)]
    [('LSM 树', 'Log-Structured Merge-Tree'), ('LSM 树', '日志结构合并树')]
    """
    if "全称" not in text and "缩写" not in text and "简称" not in text:
        return  # every pattern needs one of them: a scan of every Latin word saved
    found = []
    for m in itertools.chain(_FULL_NAME.finditer(text), _SHORT_FOR.finditer(text)):
        short, long = m.group(1), m.group(2)
        if has_cjk(long):
            if not is_acronym(short):
                continue
            long = _name_before_predicate(long, tokenize)
        # the letters must spell it, from its first word on; an acronym or a
        # capitalised word (Lasso, Bagging: Bootstrap Aggregating)
        elif not ((is_acronym(short) or short[:1].isupper()) and _spells(short, long)):
            continue
        found.append((short, long, m))
    for m in _CLAUSE_FULL_NAME.finditer(text):
        long = m.group(1)
        clause = _SENT_END.split(text[max(0, m.start() - 80) : m.start()])[-1]
        # the nearest abbreviation that spells it (PEFT in "LoRA 是…PEFT 方法" does not)
        for a in reversed(list(_ACRONYM.finditer(clause))):
            short = a.group(1)
            if not _spells(short, long):
                continue
            # "LSM 树，全称 …-Tree": the kind word after the letters renders the last word
            head = re.fullmatch(r"[ \t]?([\u3400-\u9fff]{1,2})[ \t]*", clause[a.end() :])
            if head and " " in long.replace("-", " ") and abbreviation_fits(short, long.replace("-", " ").rsplit(" ", 1)[0]):
                short = f"{short} {head.group(1)}"
            found.append((short, long, m))
            break
    for short, long, m in found:
        if is_term_like(long) and not _runs_into_sentence(long):
            sentence = _sentence_around(text, m)
            yield short, long, sentence
            after = _CHINESE_NAME_AFTER.match(text, m.end())
            if after and not has_cjk(long):
                # "…，中文叫日志结构合并树", "…，也有人叫 GBM 或者 MART"
                for name in _also_names(text[after.end() :], tokenize):
                    if after.group(1) and not (has_cjk(name) and translation_agrees(name, long)):
                        continue  # "，即字节对编码" gives the Chinese name; "，即每次…" explains
                    if (has_cjk(name) or is_acronym(name)) and not _runs_into_sentence(name):
                        yield short, name, sentence


def also_called(text: str, tokenize, bold: dict[int, int] | None = None) -> Iterator[tuple[str, str, str]]:
    """(term, another name, sentence) where a note says 也叫/又称/简称 after
    a term's bracket, or inside it. ``bold``: the end of each bold span ->
    its start; a bold name that ends right before the bracket, with the term
    found there, is the whole term (**Augmented Dickey-Fuller 检验**（…，简称 ADF 检验）).

    >>> list(also_called("二级索引（Secondary Index），又称辅助索引、非聚簇索引。", segment))[1][:2]
    ('二级索引', '非聚簇索引')
    """
    for m in _BRACKET.finditer(text):
        after = _ALSO_AFTER.match(text, m.end() - 1)
        inside = [p for p in _SPLIT_INNER.split(m.group(1)) if _ALSO_INNER.match(p.strip())]
        window = text[max(0, m.start() - 30) : m.start()]
        cue_before = "叫" in window or "称" in window
        if not after and not inside and not cue_before:
            continue
        found = _bracket_left(text, m, tokenize)
        if found is None or not found[1]:
            # no English in the bracket to say where the name before it starts;
            # a bracket holding a cue may still follow a name that shows its
            # own bounds
            if not inside:
                continue
            if named := _latin_name_ending_at(text, m.start()):
                found = (named, [])  # a Latin name with its kind word: Wasserstein 距离(又叫 …)
            elif (short := _SHORT_RUN_BEFORE.search(text, max(0, m.start() - 12), m.start())) and is_term_like(short.group(1)):
                # "**梯度消失**（有的书叫梯度弥散）": a short run bounded by markup or
                # punctuation is the whole name
                found = (short.group(1), [])
            elif (abbr := _ACRONYM_BEFORE.search(text, max(0, m.start() - 12), m.start())) and is_acronym(abbr.group(1)):
                found = (abbr.group(1), [])  # "简称 BP（老一点的书里叫'误差反向传播算法'）"
            else:
                continue
        left = found[0]
        # "**He 初始化**（也叫 Kaiming 初始化，…）": a Latin name and its kind word
        # end right before the bracket, so the name is part of the term
        named = _latin_name_ending_at(text, m.start())
        if named and named.endswith(left) and has_cjk(left):
            left = named
        if bold and (start := bold.get(len(text[: m.start()].rstrip()))) is not None:
            marked = text[start : m.start()].strip()
            if marked != left and marked.endswith(left) and is_term_like(marked) and _name_length(marked):
                left = marked
        sentence = _sentence_around(text, m)
        names = []
        if cue_before:
            at = text.rfind(left, max(0, m.start() - 60), m.start())
            before = _ALSO_BEFORE.search(text, max(0, at - 40), at) if at >= 0 else None
            # (a gap of blanked markup inside the clause starts the name: 标准**布朗运动**，也叫…)
            other = _MARKUP_GAP.split(before.group(1).strip())[-1] if before else ""
            if other and is_term_like(other) and not (has_cjk(other) and _has_boundary(other)):
                names.append(other)
            elif at >= 0 and (cue := _CUE_BEFORE.search(text, max(0, at - 20), at)) and (
                    latin := _latin_name_ending_at(text, cue.start())) and is_term_like(latin):
                # "最优值就是 Wasserstein 距离,也叫推土机距离(…)": mid-clause, a
                # Latin name with its kind word shows its own bounds
                names.append(latin)
        latin_kind = _LATIN_AND_KIND.fullmatch(left)
        kind = latin_kind.group(1) if latin_kind else ""
        for part in inside:
            part = part.strip()
            names += _also_names(part[_ALSO_INNER.match(part).end() :], tokenize, kind)
        if after:
            names += _also_names(text[after.end() :], tokenize, kind)
        for name in names:
            if norm_key(name) != norm_key(left) and not _runs_into_sentence(name):
                yield left, name, sentence


# "Scaling Law，中文有人翻成缩放定律，也有人叫规模定律": the Chinese names a note
# gives a Latin term it has just named
_CHINESE_NAME_OF = re.compile(
    r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])([A-Za-z][\w\-]*(?:[ \t]+[A-Za-z][\w\-]*){0,3})[ \t]*[，,][ \t]*中文(?:里|上|中)?"
    r"(?:有人|一般|通常|常|多|也)?(?:翻成|翻译成|翻译为|译成|译为|译作|叫做|叫作|叫|称为|称作|名为)[ \t]*")
_NAME_CUE_AFTER = re.compile(rf"[ \t]*[，,][ \t]*{_ALSO_CUE}[ \t]*")
_NAME_CUE_IN_BRACKET = re.compile(rf"[ \t]*[(（][ \t]*{_ALSO_CUE}[ \t]*")


def chinese_names(text: str, tokenize) -> Iterator[tuple[str, str, str]]:
    """(Latin term, its Chinese name, sentence) where a note says what a
    Latin term is called in Chinese, and the other names it adds.

    >>> [x[:2] for x in chinese_names("绕不开 Scaling Law，中文有人翻成缩放定律，也有人叫规模定律。", segment)]
    [('Scaling Law', '缩放定律'), ('Scaling Law', '规模定律')]
    """
    if "中文" not in text:
        return  # every match needs it: a scan of every Latin word saved
    for m in _CHINESE_NAME_OF.finditer(text):
        term = _english_left(m.group(1))
        if not term or not is_term_like(term):
            continue
        sentence = _sentence_around(text, m)
        rest = text[m.end() :]
        names = [n for n in _also_names(rest, tokenize) if has_cjk(n)]
        if names and (first := rest.find(names[-1])) >= 0:
            # "…，也有人叫规模定律" after it, or "（也有书叫"丢弃法"）" in a bracket after it
            end = first + len(names[-1])
            more = _NAME_CUE_AFTER.match(rest, end) or _NAME_CUE_IN_BRACKET.match(rest, end)
            if more:
                names += [n for n in _also_names(rest[more.end() :], tokenize) if has_cjk(n)]
        for name in names:
            if not _runs_into_sentence(name):
                yield term, name, sentence


# "循环神经网络 (Recurrent Neural Network, RNN) 是…，有些教材把它译成"递归神经网络"":
# 它 is the term the sentence opens by defining
_IT_NAMED = re.compile(r"(?:把它|将它|将其)[ \t]*(?:译成|译作|译为|翻译成|翻译为|叫做|叫作|称为|称作|写成|写作)[ \t]*")
_SENTENCE_NAMED = re.compile(rf"[。！？][ \t]*{_ALSO_CUE}[ \t]*")  # (the stop is matched, not looked behind: a faster scan)


def names_of_it(text: str, tokenize) -> Iterator[tuple[str, str, str]]:
    """(term, another name, sentence) where a sentence opens with a term and
    its bracket and later renames it through a pronoun, or the next sentence
    is only a naming cue.

    >>> [x[:2] for x in names_of_it("残差网络（Residual Network, ResNet）很深，有些教材把它译成“深度残差网络”。", segment)]
    [('残差网络', '深度残差网络')]
    >>> [x[:2] for x in names_of_it("门控循环单元（Gated Recurrent Unit, GRU），2014 年提出。有的书写成“门控递归单元”。", segment)]
    [('门控循环单元', '门控递归单元')]
    """
    # (a _SENTENCE_NAMED match starts at the stop that ends the sentence before:
    # "长短期记忆网络（…, LSTM），1997 年提出。有的书写成…" renames that sentence's term)
    for m in [*_IT_NAMED.finditer(text), *_SENTENCE_NAMED.finditer(text)]:
        start = _sentence_start(text, m.start())
        opening = _BRACKET.search(text, start, m.start())
        # the bracket must come right after the sentence's first words: its subject
        if opening is None or opening.start() - start > 16:
            continue
        found = _bracket_left(text, opening, tokenize)
        if found is None or not found[1] or not text[start : opening.start()].strip().endswith(found[0]):
            continue
        sentence = _sentence_around(text, m)
        for name in _also_names(text[m.end() :], tokenize):
            if has_cjk(name) and not _runs_into_sentence(name) and norm_key(name) != norm_key(found[0]):
                yield found[0], name, sentence


# "反向传播是训练神经网络的核心算法，英文 Backpropagation，大家一般简称 BP":
# the English name and the short name of the term a sentence opens with
_OPENING_TERM = re.compile(r"(?:^|(?<=[\n。！？]))[ \t]*(?:[-*+][ \t]+)?([\u4e00-\u9fff]{2,8})[ \t]*(?:是|指|就是)")
_ENGLISH_NAME_CUE = re.compile(r"[，,][ \t]*(?:它的)?英文(?:名|名字)?(?:叫做|叫|是|为)?[ \t]*([A-Z][A-Za-z\-]*(?:[ \t][A-Za-z][A-Za-z\-]*){0,4})")
_SHORT_NAME_CUE = re.compile(r"[，,][ \t]*(?:大家|我们|人们)?(?:一般|通常|常|也)?简称[ \t]*([A-Za-z][A-Za-z0-9\-]*)")


def names_of_the_subject(text: str) -> Iterator[tuple[str, str, str]]:
    """(term, its English or short name, sentence) where a sentence opens with
    a term and names it in a later clause (英文 …，简称 …).

    >>> [x[:2] for x in names_of_the_subject("反向传播是核心算法，英文 Backpropagation，大家一般简称 BP。")]
    [('反向传播', 'Backpropagation'), ('反向传播', 'BP')]
    """
    if "英文" not in text and "简称" not in text:
        return
    for m in _OPENING_TERM.finditer(text):
        term = m.group(1)
        end = _SENT_END.search(text, m.end())
        clause_end = end.start() if end else len(text)
        if not is_term_like(term):
            continue
        for cue in (_ENGLISH_NAME_CUE, _SHORT_NAME_CUE):
            for c in cue.finditer(text, m.end(), clause_end):
                name = c.group(1).strip()
                if is_term_like(name) and translation_agrees(term, name):
                    yield term, name, text[m.start(1) : clause_end + 1].strip()


# "门控网络在不少代码里直接叫 router", "这就是 He 初始化，在 PyTorch 里叫 Kaiming 初始化":
# the name a term goes by somewhere (in code, a library, a paper)
_NAMED_THERE = re.compile(
    r"在[ \t]*[^，,。！？；;：:\n()（）]{1,12}?(?:里|中|上)[ \t]*(?:也|一般|通常|常|多|都|直接|就)*"
    r"(?:被)?(?:叫做|叫作|叫|称为|称作|写作|写成)[ \t]*")


def names_in_a_setting(text: str, tokenize) -> Iterator[tuple[str, str, str]]:
    """(term, another name, sentence) where a note says what a term is called
    in some setting: the term opens the sentence, or ends the clause before.

    >>> [x[:2] for x in names_in_a_setting("门控网络在不少代码里直接叫 router。", segment)]
    [('门控网络', 'router')]
    >>> [x[:2] for x in names_in_a_setting("这就是 He 初始化，在 PyTorch 里叫 Kaiming 初始化。", segment)]
    [('He 初始化', 'Kaiming 初始化')]
    """
    if "在" not in text or ("叫" not in text and "称" not in text and "写" not in text):
        return
    for m in _NAMED_THERE.finditer(text):
        start = _sentence_start(text, m.start())
        before = text[start : m.start()].rstrip()
        if before.endswith(("，", ",")):
            # "…这就是 He 初始化，在 …里叫": the name that ends the clause before
            clause = before[:-1].rstrip()[-40:]
            short = _SHORT_RUN_BEFORE.search(clause)
            term = _latin_name_ending_at(clause, len(clause)) or (short.group(1) if short else "")
        else:
            term = re.sub(r"^(?:[-*+]|\d{1,2}[.、)）])[ \t]+", "", before.strip())  # the sentence's subject
            if len(term) > 16 or (has_cjk(term) and _has_boundary(term)):
                continue
        if not term or not is_term_like(term):
            continue
        latin_kind = _LATIN_AND_KIND.fullmatch(term)
        sentence = _sentence_around(text, m)
        for name in _also_names(text[m.end() :], tokenize, latin_kind.group(1) if latin_kind else ""):
            if norm_key(name) != norm_key(term) and not _runs_into_sentence(name):
                yield term, name, sentence


# "这里的 DP 是数据并行 (data parallelism)": an abbreviation said to be a term
# whose bracketed English it spells
_ABBR_IS = re.compile(
    r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])([A-Z][A-Za-z0-9]{1,7})[ \t]*(?:指的是|是指|说的是|就是|也就是|即|指|是)[ \t]*"
    r"[\u3400-\u9fff]{2,12}[ \t]*[(（][ \t]*([A-Za-z][A-Za-z\- ]{2,60}?)[ \t]*[)）]")


def abbreviation_is(text: str) -> Iterator[tuple[str, str, str]]:
    """(abbreviation, English name, sentence) where a note says what an
    abbreviation stands for here by naming a term with its English, which the
    letters spell (one abbreviation may stand for other things in other notes).

    >>> [x[:2] for x in abbreviation_is("这里的 DP 是数据并行 (data parallelism)，和动态规划没关系。")]
    [('DP', 'data parallelism')]
    >>> [x[:2] for x in abbreviation_is("PPO 是一种策略梯度方法 (policy gradient)。")]
    []
    """
    for m in _ABBR_IS.finditer(text):
        short, long = m.group(1), m.group(2)
        if is_acronym(short) and _spells(short, long) and is_term_like(long):
            yield short, long, _sentence_around(text, m)


# a paragraph that opens with 也叫/又称: another name of its section's subject
_PARAGRAPH_ALSO = re.compile(r"(?:^|(?<=\n))[ \t]*(?:它|这个|该)?(?:也叫做|也叫|又叫|又称为|又称|也称为|也称|俗称)[ \t]*", re.M)


def section_names(text: str, headings: list[tuple[int, int]], tokenize) -> Iterator[tuple[str, str, str]]:
    r"""(heading term, another name, sentence) where a paragraph under a
    heading, or under a line that only names what follows ("MSE（…）："),
    opens with 也叫/又称 ("## Sigmoid … 也叫 Logistic 函数").
    ``headings``: the (start, end) of each heading in the text.

    >>> text = "## Sigmoid\n\n公式略。\n\n也叫 Logistic 函数，把输入压到 (0, 1)。"
    >>> [x[:2] for x in section_names(text, [(3, 10)], segment)]
    [('Sigmoid', 'Logistic 函数')]
    """
    if "叫" not in text and "称" not in text:
        return
    paragraphs = list(_PARAGRAPH_ALSO.finditer(text))
    if not paragraphs:
        return
    # a line that only names what follows ("MSE（Mean Squared Error）：") opens a section too
    leads = [(m.start(1), m.end(1)) for m in _LEAD_LINE.finditer(text)]
    for m in paragraphs:
        above = sorted(h for h in [*headings, *leads] if h[1] <= m.start())
        if not above:
            continue
        start, end = above[-1]
        subject = re.sub(r"^[\d.、)）\s]+", "", text[start:end]).strip()
        if not is_term_like(subject) or len(subject) > 24 or _CLAUSE_END.search(subject):
            continue  # "## 为什么不用全零初始化？": a heading that is no name
        sentence = _sentence_around(text, m)
        rest = text[m.end() :].replace("**", "  ").lstrip()
        named = _NAME_BEFORE_ALSO.match(rest)  # a Latin name with its kind word: Logistic 函数, L2 损失
        names = [named.group(0)] if named and is_term_like(named.group(0)) else _also_names(rest, tokenize)
        for name in names:
            if norm_key(name) != norm_key(subject) and not _runs_into_sentence(name):
                yield subject, name, sentence


_CLAUSE_END = re.compile(r"[，,。？?！!：:]")
_LEAD_LINE = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?([^\s（(：:，,。][^\n（(：:，,。]{0,19}?)[ \t]*(?:[（(][^\n()（）]{0,60}[)）])?[ \t]*[:：][ \t]*$", re.M)
_EN_ALSO = r"(?:a\.?k\.?a\.?|also called|also known as|also written|known as|sometimes called|often called)"
# "X (a.k.a. Y)", "X, also called Y or Z", "X, or Y for short": the English cues for another name
_EN_ALSO_INNER = re.compile(rf"[(][ \t]*{_EN_ALSO}[ \t]+([^()\n]{{1,60}})[)]", re.I)
_EN_ALSO_AFTER = re.compile(rf",[ \t]*{_EN_ALSO}[ \t]+([^.;:()\n]{{1,60}})", re.I)
_EN_FOR_SHORT = re.compile(r",[ \t]*or[ \t]+([A-Za-z][\w\-]*(?:[ \t][A-Za-z][\w\-]*){0,3})[ \t]+for short", re.I)
# "noise schedule (variance schedule)": two English phrases with one head word
_EN_SAME_HEAD = re.compile(r"[(][ \t]*([a-z][\w\-]*(?:[ \t][a-z][\w\-]*){0,2})[ \t]*[)]")
_EN_WORDS_END = re.compile(r"((?:[A-Za-z][\w\-]*[ \t]+){0,5}[A-Za-z][\w\-]*)[ \t]*$")


def _english_left(before: str) -> str:
    """The English name that ends ``before``: its last words up to a function
    word, a verb a note uses on a term, or punctuation (four words at most)."""
    m = _EN_WORDS_END.search(before)
    if not m:
        return ""
    stop = lexicon.english_not_modifiers()
    words: list[str] = []
    for w in reversed(m.group(1).split()):
        if w.lower() in stop or len(words) == 4:
            break
        words.insert(0, w)
    return " ".join(words)


def _name_words(words: list[str]) -> tuple[list[str], bool]:
    """An English name at the start of ``words``: without an article, up to
    the first function word or verb a note uses on a term (of, for and with
    may be inside a name: REINFORCE with baseline). Also: was it cut?"""
    stop = lexicon.english_not_modifiers()
    if words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    cut = next((i for i, w in enumerate(words) if i and w.lower() in stop and w.lower() not in ("of", "for", "with")), len(words))
    return words[:cut], cut < len(words)


def _names_given(rest: str) -> list[str]:
    """The names a cue gives: "a shortcut connection or residual connection"."""
    names = []
    for part in re.split(r"[ \t]*(?:,|\bor\b|/)[ \t]*", rest):
        if _opens_aside(part.strip()):
            break  # "(aka filter, e.g. 3x3)": an example follows the names
        words, cut = _name_words(part.split())
        if not cut and 1 <= len(words) <= 4 and is_term_like(" ".join(words)):
            names.append(" ".join(words))
        else:
            break  # a clause, not a name: what follows is not a list of names either
    return names


def english_also_called(text: str) -> Iterator[tuple[str, str, str]]:
    """(term, another name, sentence) where an English note gives a term
    another name: "dilated convolution (a.k.a. atrous convolution)", "skip
    connection, also called a shortcut connection or residual connection",
    "Nesterov momentum, or NAG for short", "noise schedule (variance schedule)".

    >>> [x[:2] for x in english_also_called("The skip connection, also called a shortcut connection or residual connection.")]
    [('skip connection', 'shortcut connection'), ('skip connection', 'residual connection')]
    """
    for pattern in (_EN_ALSO_INNER, _EN_ALSO_AFTER, _EN_FOR_SHORT):
        for m in pattern.finditer(text):
            left = _english_left(text[max(0, m.start() - 60) : m.start()])
            if not left:
                line = _EN_GLOSSARY_LINE.match(text, text.rfind("\n", 0, m.start()) + 1)
                if line and line.end() <= m.start():
                    left = line.group(1)  # "recall: TP / (TP+FN), also called sensitivity": the term the line defines
            if not left or not is_term_like(left):
                continue
            names = _names_given(m.group(1)) if pattern is not _EN_FOR_SHORT else [m.group(1)]
            for name in names:
                if norm_key(name) != norm_key(left):
                    yield left, name, _sentence_around(text, m)
    for m in _EN_SAME_HEAD.finditer(text):
        left = _english_left(text[max(0, m.start() - 60) : m.start()])
        inner = m.group(1).split()
        if (len(inner) >= 2 and len(left.split()) >= 2 and inner[-1] == left.split()[-1].lower()
                and singular(inner[-1]) in lexicon.english_heads() and is_term_like(left) and is_term_like(m.group(1))
                and norm_key(left) != norm_key(m.group(1)) and not _opens_aside(m.group(1))
                and not narrows(m.group(1), left)):  # "beam search (prefix beam search)": a kind of it
            yield left, m.group(1), _sentence_around(text, m)


def _runs_into_sentence(name: str) -> bool:
    """A name given after 又称/全称 that goes on into the sentence: a long
    Chinese run with a boundary word (a short one is taken whole: 字节对编码)."""
    return has_cjk(name) and len(name) > 6 and _has_boundary(name)


_EN_GLOSSARY_LINE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+|\d{1,2}[.)][ \t]*)?(?:\*\*)?"
    r"([A-Za-z][A-Za-z0-9\-]*(?:[ \t][A-Za-z][A-Za-z0-9\-]*){0,3})"
    r"(?:\*\*)?[ \t]*:(?!//)[ \t]+(?:\*\*)?(?=\S)",
    re.M,
)

"""The term that ends right before a bracket: its left boundary, read from
the Latin or Chinese run before the bracket and the English names inside it
(``_left_term``, ``_left_cjk_term``).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from .. import lexicon
from ..text import all_cjk, has_cjk, norm_key, singular
from .words import NUMBERED_KINDS, _is_count, _is_quantity, _last_units, _pos, _units, segment, strip_leading_verbs
from .terms import _EN_FUNCTION_WORDS, _GREEK, abbreviation_fits, is_acronym
from .translation import _content_words, _renderings, acronym_renderings


# names of functions a formula written as text applies: exp(x), log(p), softmax(z)
_MATH_FUNCTIONS = frozenset("exp log ln sin cos tan tanh sigmoid softmax max min argmax argmin sum mean var std sqrt abs sign clip det".split())
# B+ 树, C++; 3D Gaussian Splatting (a number glued to its unit letter starts a word)
# (and two capitals joined by a slash: I/O 多路复用, A/B 测试)
_LATIN_WORD = r"(?<![A-Za-z0-9/])(?:[A-Z]/[A-Z](?![A-Za-z0-9])|(?:[0-9]+[A-Za-z]|[A-Za-z])[A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*\+{0,2})"
_LATIN_RUN_END = re.compile(rf"((?:{_LATIN_WORD})(?:[ \t]+(?:{_LATIN_WORD}))*)[ \t]*$")
# (a Greek letter too: λ-回报)
_CJK_RUN_END = re.compile(rf"([\u3400-\u9fffA-Za-z0-9\-{_GREEK}]*[\u3400-\u9fff][\u3400-\u9fffA-Za-z0-9\-]*)[ \t]*$")
_LOCATIVES = frozenset("上中里内")


def _english_names(inner: list[str]) -> list[str]:
    """The English names (not abbreviations, not Chinese) among a bracket's items."""
    return [p for p in inner if not has_cjk(p) and not is_acronym(p)]


def _uncovered(inner: list[str], zh: str) -> bool:
    """Does the English name have a word the Chinese does not render?
    (流匹配 renders Flow Matching; 数据集 does not render unlabeled data)."""
    gloss = lexicon.glossary()
    for part in _english_names(inner):
        for word in re.split(r"[\s]+", part.lower()):
            if word in _EN_FUNCTION_WORDS:
                continue
            if not any(z in zh for z in gloss.get(word, ())):
                return True
    return False


def _first_content_word(inner: list[str]) -> str | None:
    """The first word of the first English (not abbreviation) name in brackets."""
    for part in _english_names(inner):
        words = [w for w in re.split(r"[\s]+", part.lower()) if w and w not in _EN_FUNCTION_WORDS]
        if len(words) >= 1:
            return words[0].removesuffix("'s").removesuffix("’s")  # Hutchinson's trace estimator
    return None


_DOTTED_INITIALS = re.compile(r"(?:[a-z]\.){2,}[a-z]?")


def _en_words(name: str) -> list[str]:
    """The words of an English name as a Chinese rendering counts them: a
    hyphened word in its parts (self-supervised: 自|监督) unless the glossary
    renders it whole (fine-tuning: 微调)."""
    words = []
    for word in re.split(r"[\s–—]+", name.strip().lower()):
        if _DOTTED_INITIALS.fullmatch(word):
            words.extend(word.replace(".", ""))  # i.i.d.: a word for each letter
            continue
        words.extend(word.split("-") if "-" in word and not _renderings(word) else [word])
    return [w for w in words if w]


def _aligned_start(run: str, inner: list[str]) -> int | None:
    """Where the Chinese name in ``run`` starts, read from the English name in
    the brackets: the leftmost glossary rendering of its words, when the
    glossary renders every content word (``指互信息`` + Mutual Information -> 1).
    None when the glossary cannot tell.

    >>> _aligned_start("负样本的作用是防止表示坍塌", ["representation collapse"])
    9
    """
    english = next(iter(_english_names(inner)), None)
    if english is None:
        return None
    positions = []
    seen: Counter[str] = Counter()
    # an abbreviation among the words stands for its Chinese name (model-based RL: 强化学习)
    acronyms = {w.lower(): w for w in re.findall(r"[A-Za-z0-9]+", english) if is_acronym(w)}
    for word in _en_words(english):
        if not word or word in _EN_FUNCTION_WORDS:
            continue
        seen[word] += 1  # a word said twice is rendered twice: Sequence-to-Sequence, 序列到序列
        renderings = _renderings(word) or (acronym_renderings(acronyms[word]) if word in acronyms else ())
        found = [at for z in renderings if z and (at := _nth_rfind(run, z, seen[word])) >= 0]
        if not found:
            return None
        positions.append(min(found))  # 困难负样本 for "hard": 困难 rather than its 难
    if not positions:
        return None
    start = min(positions)
    return start if len(run) - start >= 2 else None


def _counted_start(run: str, inner: list[str], tokenize) -> int | None:
    """约束马尔可夫决策过程 (Constrained MDP): an English name that ends with
    an abbreviation whose Chinese name ends the run, after words the glossary
    does not know; the Chinese name has a word for each of those before it."""
    english = next(iter(_english_names(inner)), "").split()
    if len(english) < 2 or not is_acronym(english[-1]):
        return None
    name = next((z for z in acronym_renderings(english[-1]) if z and run.endswith(z) and len(run) > len(z)), None)
    if name is None:
        return None
    extra = sum(_word_count(w) for w in english[:-1] if w.lower() not in _EN_FUNCTION_WORDS)
    toks = _last_units(_glue_negated_nouns(tokenize(run[: -len(name)]), modifier=True), extra)
    if not toks or _units(toks) < extra or any(t in lexicon.boundary_words() or _pos(t) in ("uj", "p", "c", "r") for t in toks):
        return None
    return len(run) - len(name) - len("".join(toks))


def _chinese_modifier(before: str, words: list[str], inner: list[str], tokenize) -> str:
    """``层次 softmax (Hierarchical Softmax)``, ``双向 LSTM (BiLSTM)``: the
    Chinese words in front of a Latin name that the English or the
    abbreviation has letters for (``层次 ``), else ""."""
    english = next(iter(_english_names(inner)), "").split()
    extra = len(english) - len(words)
    # 双向 LSTM (BiLSTM): an abbreviation that adds letters before the Latin name
    prefixed = any(is_acronym(p) and len(p) > len(words[-1]) + 1 and p.upper().endswith(words[-1].upper()) for p in inner)
    worded = extra >= 1 and [singular(w.lower()) for w in english[extra:]] == [singular(w.lower()) for w in words]
    split = 0  # words counted from the parts of a hyphenated or run-together English word
    if worded:
        # the English ends with the Latin name and has a word for each Chinese
        # one before it (Augmented Neural ODEs: 增强|神经 ODE, a verb included);
        # every-visit MC: a hyphenated English word is two Chinese words (每次|访问),
        # and so is a run-together one (MaxEnt IRL: 最大|熵 IRL)
        parts = sum(_word_count(w) for w in english[:extra])
        extra, split = parts, parts - extra
    elif prefixed and len(words) == 1:
        extra = 1
    else:
        return ""
    if not before.endswith(" "):
        return ""
    cjk = _CJK_RUN_END.search(before)
    if not cjk or not all_cjk(cjk.group(1)):
        return ""
    toks = _last_units(_glue_negated_nouns(tokenize(cjk.group(1)), modifier=True), extra)
    if split and len(toks) > 1 and _pos(toks[0]) == "v" and _units(toks[1:]) >= extra - split:
        # a word the split counted may have no Chinese word of its own
        # (reverse-time SDE: 逆向 SDE): the verb of the clause is no part of it (写出)
        toks = toks[1:]
    while toks and toks[0] in lexicon.boundary_words():
        toks = toks[1:]  # 可以用|核 PCA (Kernel PCA): the modifier starts after 用
    if not toks or any(t in lexicon.boundary_words() for t in toks) or (prefixed and not worded and _pos(toks[0]) == "v"):
        return ""
    return "".join(toks) + " "


# the capitalised parts of a run-together English word (MaxEnt, ProtoNet)
_CAMEL_PARTS = re.compile(r"[A-Z][a-z]+")


def _word_count(word: str) -> int:
    """The Chinese words an English word is rendered in: one per part of a
    hyphenated (every-visit: 每次|访问) or run-together word (MaxEnt: 最大|熵)."""
    return sum(len(_CAMEL_PARTS.findall(part)) or 1 for part in word.split("-"))


def _nth_rfind(text: str, sub: str, n: int) -> int:
    """Where the ``n``-th occurrence of ``sub`` from the right starts, or -1."""
    at = len(text)
    for _ in range(n):
        at = text.rfind(sub, 0, at)
        if at < 0:
            return -1
    return at


def _left_term(before: str, tokenize, inner: list[str] = (), recurs=lambda term: False) -> str:
    """The term that ends right before a bracket, choosing its left boundary."""
    m = _LATIN_RUN_END.search(before)
    # (not 层次 Softmax（Hierarchical Softmax）: an English name that ends with the word names it)
    if (m and not before.endswith((" ", "\t")) and (len(m.group(1)) == 1 or m.group(1).lower() in _MATH_FUNCTIONS)
            and not any(len(p.split()) >= 2 and p.split()[-1].lower() == m.group(1).lower() for p in _english_names(inner))):
        return ""  # O(n log n), f(x), P(A), exp(累计奖励): a function applied, not a name
    if m and len(m.group(1)) == 1:
        if before[: m.start(1)].endswith(" ") and _CJK_RUN_END.search(before[: m.start(1)]):
            # "状态转移矩阵 A (transition matrix)": a one-letter symbol after the
            # name; the bracket names what comes before it
            return _left_term(before[: m.start(1)], tokenize, inner, recurs)
    cjk_m = _CJK_RUN_END.search(before)
    if m and (not cjk_m or cjk_m.end(1) <= m.start(1) or not has_cjk(cjk_m.group(1))):
        words = m.group(1).split()[-6:]
        half = len(words) // 2
        if half and len(words) % 2 == 0 and words[:half] == words[half:]:
            words = words[half:]  # "1. k-means k-means (K 均值)": a flattened heading, then its first words
        if len(words) > 1 and is_acronym(words[-1]) and any(
                len(p.split()) >= 2 and abbreviation_fits(words[-1], p) for p in _english_names(inner)):
            # "or the BPR (Bayesian personalized ranking)": the bracket spells
            # out the abbreviation that ends the words, so it alone is the name
            return words[-1]
        return _chinese_modifier(before[: m.start(1)], words, inner, tokenize) + " ".join(words)
    if not cjk_m:
        return ""
    run = cjk_m.group(1)
    aligned = _aligned_start(run, inner)
    if aligned is None:
        aligned = _counted_start(run, inner, tokenize)
    if aligned is not None:
        # the English in the brackets says where the Chinese name starts:
        # 指|互信息 (Mutual Information), 防止|表示坍塌 (representation collapse)
        return _known_name_ending(run, run[aligned:], inner)
    term = _left_cjk_term(run, tokenize, inner, recurs)
    # Nesterov 加速梯度 (Nesterov Accelerated Gradient): a Latin name the
    # English starts with belongs to the term
    latin = _LATIN_RUN_END.search(before[: cjk_m.start(1)])
    spaced = latin is not None and before[cjk_m.start(1) - 1 : cjk_m.start(1)] == " "
    word = latin.group(1).split()[-1] if spaced else ""
    first = _first_content_word(inner)
    english_name = next(iter(_english_names(inner)), "")
    if term == run and spaced:
        # ... or its abbreviation: KL 散度 (Kullback-Leibler Divergence)
        # ... or the English name's first part: B 树 (B-Tree)
        # ... or the abbreviation of all but its last word: LSM 树 (Log-Structured Merge-Tree)
        english = english_name.replace("-", " ").split()
        # ... or an abbreviation in brackets that starts with it: RNN 语言模型 (RNNLM)
        abbreviated = any(is_acronym(p) and len(p) > len(word) and p.upper().startswith(word.upper()) for p in inner)
        # ... or a single Chinese word, too short for an English name of three
        # words or more, names it with the Latin word: Softmax 回归 (Multinomial Logistic Regression)
        if (abbreviated or word.lower() in (first or "", (first or "").split("-")[0])
                or (first and is_acronym(word) and "-" in first and abbreviation_fits(word, first))
                or (is_acronym(word) and len(english) > 1 and abbreviation_fits(word, " ".join(english[:-1])))
                or (len(english) >= 3 and len(tokenize(run)) == 1 and len(word) >= 3)):
            return f"{word} {term}"
    elif (spaced and first and word.lower() == first and len(english_name.split()) > 1
            and _units(tokenize(run)) <= len(english_name.split())):
        # FLP 不可能性 (FLP Impossibility): the English starts with the Latin
        # name before the run, so the run is the rest of the name, whole
        return f"{word} {run}"
    elif first and (renderings := _renderings(first) or _renderings(first.split("-")[0])):
        # 一种去噪自编码 (denoising autoencoding): the name starts no later
        # than where the English name's first word is rendered
        at = max((run.rfind(z) for z in renderings if z), default=-1)
        if 0 <= at < len(run) - len(term) and run[at:].endswith(term):
            return run[at:]
    return _known_name_ending(run, _widened_by_english(run, term, inner), inner)


@cache
def _english_words_of_lines() -> dict[int, frozenset[str]]:
    """known_terms.tsv line -> the content words of its English names."""
    known = lexicon.known_terms()
    out: dict[int, set[str]] = {}
    for name in known.names:
        if name.isascii() and not is_acronym(name):
            out.setdefault(known.line_of[norm_key(name)], set()).update(_content_words(name))
    return {line: frozenset(ws) for line, ws in out.items()}


def _known_name_ending(run: str, term: str, inner: list[str]) -> str:
    """一个|有向无环图 (DAG), 说话|人|识别 (speaker identification): a name of
    the field (known_terms.tsv) that ends the run and holds the term chosen
    is the name, when its line agrees with the bracket (the abbreviation in
    it, or a word of its English name), and the term's own line does not
    (离散|隐变量 (latent variable)). The English alone counts 说话人 as one
    word, 有向无环图 as none."""
    if not term or not all_cjk(term) or not run.endswith(term):
        return term
    known = lexicon.known_terms()
    bracket_words = {w for p in _english_names(inner) for w in _content_words(p)}
    # the lines the bracket's abbreviations are on
    bracket_lines = {known.line_of.get(norm_key(p)) for p in inner if is_acronym(p) and norm_key(p) in known.abbreviations}
    own = known.line_of.get(norm_key(term))
    if own is not None and (own in bracket_lines or (bracket_words and bracket_words <= _english_words_of_lines().get(own, set()))):
        return term  # 离散|隐变量 (latent variable): the bracket names the known term chosen
    best = term
    for k in range(len(term) + 1, min(len(run), 10) + 1):
        name = run[-k:]
        line = known.line_of.get(norm_key(name))
        if line is None or line in known.basic or not all_cjk(name):
            continue
        if line in bracket_lines or bracket_words & _english_words_of_lines().get(line, set()):
            best = name
    return best


def _widened_by_english(run: str, term: str, inner: list[str]) -> str:
    """初始化时剪枝 (pruning at initialization), 基于势函数的奖励塑形
    (Potential-Based Reward Shaping): a word of the English the term does not
    render, rendered just before it, belongs to the name."""
    english = next(iter(_english_names(inner)), None)
    if not english or not term or not run.endswith(term):
        return term
    start = len(run) - len(term)
    best = start
    for word in _en_words(english):
        if word in _EN_FUNCTION_WORDS:
            continue
        renderings = [z for z in _renderings(word) if z]
        if not renderings or any(z in term for z in renderings):
            continue
        for z in renderings:
            at = run.rfind(z, 0, start)
            gap = run[at + len(z) : start] if at >= 0 else ""
            if at >= 0 and len(gap) <= 4 and not any(_pos(t) in ("d", "v", "c", "r") for t in (segment(gap) if gap else ())):
                best = min(best, at)  # (not 误差还会累积 (compounding error): a clause)
    return run[best:] if best < start and len(run) - best <= 12 else term


def _left_cjk_term(run: str, tokenize, inner, recurs) -> str:
    toks = _glue_negated_nouns(lexicon.glue_prefixes(tokenize(run)))
    # "在…多模态探索上(MM-LLM)": a locative closing an 在-frame is not part of the name
    if len(toks) > 1 and toks[-1] in _LOCATIVES and len(toks[-2]) > 1:
        toks = toks[:-1]
    # an English name of n words is rarely rendered in fewer than ~n Chinese characters
    # (over-smoothing: two words, 过|平滑)
    english = _english_names(inner)
    # (function words are no words of the name: Out-of-Vocabulary is two; a
    # hyphened word the glossary renders whole is one: Fine-Tuning, 微调)
    en_words = max((len([w for w in _en_words(p) if w not in _EN_FUNCTION_WORDS]) for p in english), default=0)
    # "B from/of A" is said "A 的 B" (Reinforcement Learning from Human Feedback)
    of_phrase = any(w in ("of", "from", "for", "with", "by", "over", "on", "in") for p in english for w in p.lower().split())
    # cut after the last boundary word (的, 通过, 是 ...); a 的 may stay inside
    # a long name (基于人类反馈的强化学习 = Reinforcement Learning from Human Feedback)
    # a boundary word that ends the run is part of the term (正样本|对)
    toks = _glue_x_to_x(toks, any(re.search(r"\w-to-\w", p, re.I) for p in english))
    if len(toks[-1]) > 1 and toks[-1][0] in "一二两三四五六七八九十几每" and _is_count(toks[-1]):
        return ""  # "每个阈值对应一个 (FPR, TPR)": a count (一个, 两种) ends no name
    if toks[-1] in ("的", "了", "过", "着", "地", "是"):
        return ""  # "高质量的 (prompt, 回答)", "被规则替换掉了（RLVR）", "每条是 (prompt, …)": a modifier or a clause, no name
    cuts = [i + 1 for i, tok in enumerate(toks[:-1]) if tok in lexicon.boundary_words() and not _inside_word(toks, i)]
    cut = cuts[-1] if cuts else 0
    before_de = cuts[-2] if len(cuts) > 1 else 0
    keeps_de = (of_phrase and cut - 1 > before_de and toks[cut - 1] == "的"
                and sum(map(len, toks[cut:])) < 2 * en_words and _uncovered(inner, "".join(toks[cut:])))
    # "叫作|上下文相关的词向量 (contextual embedding)": after a naming verb
    # everything up to the bracket is the name, its 的 included
    named = [c for c in cuts if toks[c - 1] in _NAMING_VERBS]
    if named and cut > named[-1] and all(toks[c - 1] == "的" for c in cuts if c > named[-1]):
        keeps_de, before_de = True, named[-1]
    if keeps_de:
        cut = before_de
    elif (cut > 1 and toks[cut - 1] == "的" and 2 * _units(toks[cut:]) <= max((len(p.split()) for p in english), default=0)
          and (_pos(toks[cut - 2])[:1] == "v" or len("".join(toks[cut:])) < 4)):
        # "包含所有已提交的|日志（Leader Completeness）": a word too short for
        # the English, whose modifier is a clause: the bracket names no term
        # here (but after a noun's 的 a token of four characters may hold two
        # words: 操作系统的|虚拟内存 (virtual memory))
        return ""
    # 基于策略 (policy-based): the English says "based", so 基于 is part of the name
    # ... and 基于X的Y is "Y from/with X" (Reinforcement Learning from Human
    # Feedback: 基于人类反馈的强化学习)
    based = cut and toks[cut - 1] == "基于" and (any("based" in p.lower() for p in inner) or (of_phrase and "的" in toks[cut:]))
    if based:
        cut -= 1
    toks = toks[cut:]
    if based:
        return "".join(toks)
    if len(toks[-1]) > 1 and _pos(toks[-1]) == "f":
        return ""  # "放在残差相加之后(Post-LN)": the bracket names a place in a sentence, not the words before it
    if en_words and not keeps_de:
        # n English words are rendered in about n Chinese words (one more for
        # a split morpheme): words further left belong to the sentence, not
        # the name (两者之间还有|因果一致性 (Causal Consistency))
        toks = _last_units(toks, en_words + 1)
        if len(toks) > 1 and _is_quantity(toks[0]) and _units(toks) > en_words:
            toks = toks[1:]  # 少量|校准数据 (calibration data): a quantity the English has no word for
        toks = _after_last_verb(toks, en_words, inner)
    if recurs("".join(toks)):
        return "".join(toks)  # 反向传播 recurs as a whole: 反向 is part of it
    # a leading verb goes (有|写偏斜 (Write Skew)) unless the English needs
    # the word (加速|梯度 (Nesterov Accelerated Gradient))
    toks = strip_leading_verbs(toks, min_units=en_words)
    if len(toks) > 1 and _is_quantity(toks[0]) and not toks[0].endswith(NUMBERED_KINDS) \
            and _units(toks[1:]) >= en_words - 0.5:
        toks = toks[1:]  # 切|一份|校准集 (calibration set): the verb went, its count goes too
    if len(toks) > 1 and _counts_with_a_classifier(toks[0]):
        toks = toks[1:]  # 有|一张|块表 (block table): "one sheet of" is said of the thing, no word of its name
    term = "".join(toks)
    # 就|是非|极大值抑制: jieba glued a boundary word to the name's first
    # character; the note uses the name without it elsewhere
    if len(term) > 3 and term[0] in lexicon.boundary_words() and recurs(term[1:]) and not recurs(term):
        term = term[1:]
    return term


_CLASSIFIERS = frozenset("个张种份条篇组套块本段批")  # (not 次, 类, 项: 二次规划, 第一类错误, 二项分布)


def _counts_with_a_classifier(word: str) -> bool:
    """一张, 两个, 几种: a numeral and a measure word."""
    return len(word) == 2 and word[0] in "一二两三四五六七八九十几每" and word[1] in _CLASSIFIERS


def _after_last_verb(toks: list[str], en_words: int, inner: list[str]) -> list[str]:
    """写进|残差流 (residual stream), 已知问题有|死特征 (dead latents): the name
    starts after the clause's verb, when what follows it has about a word for
    each English one and the English has no word for the verb."""
    rendered = {z for p in _english_names(inner) for w in _en_words(p) for z in _renderings(w) if z}
    for i in range(len(toks) - 1, 0, -1):
        tail = toks[i:]
        if _units(tail) < max(en_words - 0.5, 0.5) or len("".join(tail)) < 2:
            continue
        verb = toks[i - 1]
        if verb not in rendered and (
                verb in _CLAUSE_VERBS
                # 写|进: a verb and its direction, the two characters jieba split
                or (verb in _DIRECTIONS and i >= 2 and len(toks[i - 2]) == 1 and _pos(toks[i - 2]) == "v")):
            # (not a verb of two characters: 交错|实验 (interleaving), 回溯|指针
            # (backpointer), 混合|专家模型 (Mixture of Experts) are names)
            return tail
        break  # only the word right before the shortest tail that can hold the name
    return toks


_CLAUSE_VERBS = frozenset("有 是".split())  # a name holds them only inside a word jieba keeps (有监督)
_DIRECTIONS = frozenset("进出入到成")


def _glue_negated_nouns(toks: list[str], modifier: bool = False) -> list[str]:
    """``基尼|不|纯度`` -> ``基尼|不纯度``: 不 before a noun makes a noun
    (impurity, 不确定性), before a verb a clause (不|需要). ``modifier``: the
    words modify a Latin name after them, where 不 negates any word (不可知
    PAC: agnostic PAC)."""
    out: list[str] = []
    for tok in toks:
        if out and out[-1] == "不" and (modifier or _pos(tok) in ("n", "vn", "nz")) and len(tok) > 1:
            out[-1] += tok
        else:
            out.append(tok)
    return out


def _inside_word(toks: list[str], i: int) -> bool:
    """Is the one-character boundary word ``toks[i]`` a piece of a word jieba
    did not know (交|并|比 IoU, 读|己|之|写)?"""
    tok = toks[i]
    if len(tok) != 1 or i + 1 >= len(toks) or tok in _LOCATIVES or tok == "的":
        return False
    return 0 < i and len(toks[i - 1]) == 1 and len(toks[i + 1]) == 1 and toks[i - 1] not in lexicon.boundary_words()


def _glue_x_to_x(toks: list[str], x_to_y: bool = False) -> list[str]:
    """``序列|到|序列`` -> ``序列到序列``: X到X / X对X is one name (seq2seq,
    端到端 end-to-end, 点对点 peer-to-peer), not X, a preposition and X;
    ``的|下|采样`` -> ``的|下采样``. ``x_to_y``: the English says "X-to-Y"
    (Least-to-Most, coarse-to-fine), so X到Y is one name too."""
    out: list[str] = []
    i = 0
    while i < len(toks):
        # 下|采样 after 的 or opening the run, 下|一句: a prefix (down-, next), not a place
        if (toks[i] in ("上", "下") and i + 1 < len(toks) and has_cjk(toks[i + 1])
                and (i == 0 or toks[i - 1] == "的" or toks[i + 1].startswith("一"))):
            out.append(toks[i] + toks[i + 1])
            i += 2
            continue
        if (i + 2 < len(toks) and toks[i + 1] in ("到", "对") and has_cjk(toks[i])
                and (toks[i] == toks[i + 2] or (x_to_y and toks[i + 1] == "到" and has_cjk(toks[i + 2])))):
            out.append(toks[i] + toks[i + 1] + toks[i + 2])
            i += 3
        else:
            out.append(toks[i])
            i += 1
    return out


_NAMING_VERBS = frozenset("称为 称作 叫做 叫作 叫 被称为 名为".split())

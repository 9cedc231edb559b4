"""Parenthetical definitions: ``X（Y, Z）`` and ``ABBR (Long Form)`` read into
the term before the bracket and the names inside it (not asides, citations
or explanations), then checked into terms and alias pairs
(``parenthetical_definitions``, ``definition_pairs``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .. import lexicon
from ..model import AliasPair, Term
from ..text import all_cjk, has_cjk, has_latin, is_cjk_char, merge_key, norm_key, singular
from .words import _LEADING_POS, _QUALITY_POS, _is_count, _pos, _units, segment
from .terms import (
    _long_form, _spells, _starts_with, _word_abbreviation, abbreviation_fits, is_acronym,
    is_term_like, narrows, strip_generic_suffix,
)
from .translation import (
    _content_words, _renderings, acronym_renderings, glossary_translations, initialisms, renders_none, translation_agrees,
)
from .left_term import (
    _CJK_RUN_END, _LATIN_RUN_END, _aligned_start, _english_names, _english_words_of_lines, _inside_word, _left_term,
)


_BRACKET = re.compile(r"[(（]([^()（）\n]{1,80})[)）]")  # a bracket and what it holds
# a Latin name and a Chinese kind word: OU 噪声, softmax 探索
_SHARED_KIND = re.compile(r"([A-Za-z][\w\-]*)[ \t]*([\u4e00-\u9fff]{1,4})")
# what a bold name before a bracket may not hold: clause punctuation, and
# verbs, adverbs, pronouns or conjunctions in front of the term
_CLAUSE_MARK = re.compile(r"[，。,:：；;！？!?、—–]|\s-\s")  # (a dash: "**P — 分区容错性（…）**" leads with a letter)
_NOT_IN_BOLD_NAME = frozenset(["v", "vd", "d", "ad", "r", "c"])
_SPLIT_INNER = re.compile(r"\s*(?:[,，;；、]|(?<!\b[A-Z])/|/(?![A-Z]\b))\s*|\s+or\s+|\s*或者\s*|\s*或\s*")  # not I/O, A/B
# cited authors: "Song & Ermon", "Song, Meng & Ermon", "Kaiming He 等人", "Song et al."
_PERSON = r"[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?"
_PEOPLE = rf"{_PERSON}(?:[ \t]*,[ \t]*{_PERSON})*"
# a bracket that cites a work names nothing: (Vaswani et al., 2017), (Dettmers 等人, 2023)
_CITATION_PART = re.compile(rf"(?:(?:[A-Z][A-Za-z]+|{_PEOPLE}[ \t]*(?:等人|等|et[ \t]+al\.?)|{_PERSON}[ \t]*&[ \t]*{_PERSON})[ \t]*)?(?:1[89]|20)\d\d[a-z]?"
                            rf"|{_PEOPLE}[ \t]*(?:等人|等|et[ \t]+al\.?)"
                            rf"|(?i:arxiv)[ \t]*:[ \t]*\d{{4}}\.\d{{4,5}}(?:v\d+)?")
_QUOTED_END = re.compile(r"[“「『\"]([^“”「」『』\"]{2,24})[”」』\"][ \t]*$")
_SENT_END = re.compile(r"[。！？!?；;\n]")
# words that open a bracket restating what comes before it: 也就是, 即
_RESTATING = re.compile(r"(?:也就是说|也就是|也即|亦即|即|就是)[ \t]*(?=[\u4e00-\u9fff])")
# a superscript right after the bracket: "(IA)³" (not "多数派（majority）Acceptor")
_NAME_GOES_ON = re.compile(r"[\u00b2\u00b3\u00b9\u2070-\u209f]")


def parenthetical_definitions(text: str, tokenize, bold: dict[int, int] | None = None) -> Iterator[tuple[str, list[str], str, bool]]:
    """``X(Y, Z)`` / ``X（Y）`` / ``ABBR (Long Form)``: (left term, inner
    names, sentence, whether the names are an enumeration of members).
    ``bold`` maps the end of each bold span to its start: a bold phrase right
    before the bracket that ends with the term found there is the whole term
    (**基于模型的强化学习**（model-based RL）, **Boltzmann 探索**（softmax 探索）).

    >>> list(parenthetical_definitions("引言 监督对比学习(Supervised Contrastive Learning, SupCon)...", segment))[0][:2]
    ('监督对比学习', ['Supervised Contrastive Learning', 'SupCon'])
    """
    for m in _BRACKET.finditer(text):
        if _NAME_GOES_ON.match(text, m.end()):
            continue  # "(IA)³": the bracket is part of a name, it defines nothing
        # "把学到的东西冲掉(也就是灾难性遗忘, Catastrophic Forgetting)": a
        # bracket that restates the words before it by a name and its English
        # names a term of its own; the words before are no name of it
        restated = _RESTATING.match(m.group(1))
        if restated and (named := _named_inside(m.group(1)[restated.end() :], aligned=False)):
            yield named[0], named[1], _sentence_around(text, m), False
            continue
        named = _named_inside(m.group(1))
        if named and len(named[1]) == 2:  # all three names of a term: whatever precedes it
            yield named[0], named[1], _sentence_around(text, m), False
            continue
        found = _bracket_left(text, m, tokenize)
        if found is None or not found[1]:
            if named:
                yield named[0], named[1], _sentence_around(text, m), False
            continue
        left, parts = found
        if is_acronym(left) and (chinese := _chinese_name_before(text[max(0, m.start() - 60) : m.start()], left, parts)):
            parts = [*parts, chinese]
        function_only = all(t in lexicon.boundary_words() for t in tokenize(left))  # 还有 (BitFit)
        if (function_only or not is_term_like(left)) and (named := _named_inside(m.group(1), aligned=False)):
            # "…相关的时候(多重共线性, multicollinearity)": no term before it, so
            # the bracket's pair is the name, glossary or not
            yield named[0], named[1], _sentence_around(text, m), False
            continue
        if function_only:
            continue  # nothing but a function word before the bracket: it names nothing there
        before = text[: m.start()].rstrip()
        marks = bold
        if bold and (start := bold.get(m.end())) is not None and start < len(before):
            marks = {len(before): start}  # "**去量化 (dequantization)**": the bold holds the term and its bracket
        left = _widened_left(before, left, parts, tokenize, marks)
        if len(parts) == 1 and _spells_otherwise(left, parts[0]):
            continue  # "视觉编码器(ViT)": the bracket names what fills the role, not the role
        sentence = _sentence_around(text, m)
        # "平衡树（AVL、红黑树）": 、 enumerates members, it does not join other names;
        # so does a name with the term's own last word ("权重初始化（Xavier / He 初始化）")
        yield left, parts, sentence, len(parts) >= 2 and ("、" in m.group(1) or _names_a_kind(left, parts))


def _spells_otherwise(left: str, acronym: str) -> bool:
    """Is the Chinese term an agent noun (…器) that the glossary spells out
    word by word into initials unlike the abbreviation's: a role, and the
    bracket names what fills it (视觉编码器 (ViT) is VE; 生成器 (BART))?
    (Other terms are often abbreviated otherwise than word by word:
    能量模型 (EBM), 监督对比学习 (SupCon).)"""
    if not (left.endswith("器") and is_acronym(acronym) and acronym.isalpha() and all_cjk(left)):
        return False
    spelled = initialisms(left)
    written = {acronym.lower(), "".join(c for c in acronym if c.isupper()).lower()}
    # 变分自编码器 (VAE): spelled "va", the abbreviation has a letter more
    return bool(spelled) and not any(w.startswith(s) for s in spelled for w in written)


def _names_a_kind(left: str, parts: list[str]) -> bool:
    """Is one of the bracket's names a Latin name plus the last word of the
    term before it (He 初始化 after 权重初始化): a kind of the term?"""
    for p in parts:
        m = _SHARED_KIND.fullmatch(p.strip())
        if m and len(m.group(2)) >= 2 and left.endswith(m.group(2)) and p.strip() != left:
            return True
    return False


_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ][A-Za-zÀ-ÖØ-öø-ɏ'\-]*")


def _name_length(marked: str) -> bool:
    """Is a bold phrase short enough to be one name: 16 characters, a Latin
    word counting as one (**Augmented Dickey-Fuller 检验** is)?"""
    return len(_LATIN_WORD.sub("w", marked)) <= 16


def _widened_left(before: str, left: str, parts: list[str], tokenize, bold: dict[int, int] | None) -> str:
    """The term found before a bracket, widened to the left where the
    bracket or the note's bold shows that it starts earlier."""
    if len(parts) == 1 and (shared := _SHARED_KIND.fullmatch(parts[0])) and shared.group(2) == left:
        # "Ornstein-Uhlenbeck 噪声 (OU 噪声)": both names end with one kind word,
        # so the Latin name before the term is part of it
        rest = before[: -len(left)]
        if (latin := _LATIN_RUN_END.search(rest)) and rest[latin.end(1) :] in ("", " "):
            left = f"{latin.group(1).split()[-1]} {left}"
    if len(parts) == 1 and is_acronym(parts[0]) and all_cjk(left):
        left = _spelled_left(before, left, parts[0], tokenize)
    elif len(parts) == 1 and all_cjk(left) and re.fullmatch(r"[A-Za-z][a-z]+(?: [A-Za-z][a-z\-]+){1,3}", parts[0]):
        left = _modified_left(before, left, parts[0])
    if bold and (start := bold.get(len(before))) is not None:
        marked = before[start:].strip()
        # not "**一定要做特征缩放**": a verb or an adverb makes it a sentence,
        # unless the English has a word for each word of it (**平移等变性**
        # (translation equivariance): 平移 is "translation")
        # (an abbreviation counts a word per letter: "amortized VI" is three words)
        en_words = max((sum(len(w) if is_acronym(w) and w.isupper() else 1 for w in re.split(r"[\s\-]+", p) if w)
                        for p in _english_names(parts)), default=0)
        worded = en_words and _units(tokenize(marked)) <= en_words + 0.5
        if marked != left and marked.endswith(left) and _name_length(marked) and not _CLAUSE_MARK.search(marked) \
                and (worded or not any(_pos(t) in _NOT_IN_BOLD_NAME for t in tokenize(marked[: -len(left)]))):
            left = marked
    return left


def _modified_left(before: str, left: str, english: str) -> str:
    """上下文相关的词向量 (contextual embedding): when the English name's first
    word, which the term found before the bracket does not render, is rendered
    right before it (with 相关的 / 的 between), the term starts there.

    >>> _modified_left("得到上下文相关的词向量", "词向量", "contextual embedding")
    '上下文相关的词向量'
    """
    first = english.split()[0].lower()
    # the glossary holds nouns: contextual is rendered as context
    stems = [first] + [first[: -len(end)] for end in ("ual", "al") if first.endswith(end) and len(first) - len(end) >= 4]
    for zh in (z for w in stems for z in _renderings(w)):
        if zh in left:
            return left
        m = re.search(rf"{re.escape(zh)}(?:相关|有关)?的?$", before[: -len(left)])
        if m and len(before) - m.start() <= 12:
            return before[m.start() :]
    return left


def _chinese_name_before(before: str, abbr: str, parts: list[str]) -> str | None:
    """``倒排文件索引 IVF (Inverted File Index)``: the Chinese name right before
    an abbreviation and its bracket, read from where the glossary renders the
    bracket's English (every word of it), is one more name of the term.
    ``before``: the text before the bracket, a short window of it (the run
    search backtracks over all it is given).

    >>> _chinese_name_before("先用倒排文件索引 IVF ", "IVF", ["Inverted File Index"])
    '倒排文件索引'
    """
    rest = before.rstrip()
    if not rest.endswith(abbr):
        return None
    run = _CJK_RUN_END.search(rest[: -len(abbr)])
    if run is None or not all_cjk(run.group(1)):
        return None
    aligned = _aligned_start(run.group(1), parts)
    if aligned is not None:
        return run.group(1)[aligned:]
    return _chinese_words_for(run.group(1), parts)


def _chinese_words_for(run: str, parts: list[str]) -> str | None:
    """``端点误差 EPE (endpoint error)``, where the glossary renders only some
    of the English: as many of the run's last words as the English has, when
    the last of them renders the English's last word and none is a function
    word or a verb."""
    english = next(iter(_english_names(parts)), None)
    if english is None:
        return None
    words = _content_words(english)
    toks = segment(run)
    if not words or len(toks) < len(words) or toks[-1] not in _renderings(words[-1]):
        return None
    tail = toks[-len(words):]
    if any(t in lexicon.boundary_words() or len(t) < 2 or _pos(t)[:1] in "vpcud" for t in tail):
        return None
    return "".join(tail)


def _named_inside(inner: str, aligned: bool = True) -> tuple[str, list[str]] | None:
    """``用来采样的策略（行为策略, behavior policy）``: a bracket that gives a
    Chinese name and its English, every word of which the glossary renders
    from the Chinese name's start, names a term of its own, whatever precedes it
    (and without the glossary, ``aligned=False``, when no term precedes it).
    So does a bracket with all three names of a term, Chinese first
    (``不随时间变化（线性时不变, Linear Time-Invariant, LTI）``).

    >>> _named_inside("行为策略, behavior policy")
    ('行为策略', ['behavior policy'])
    >>> _named_inside("线性时不变, Linear Time-Invariant, LTI")
    ('线性时不变', ['Linear Time-Invariant', 'LTI'])
    """
    parts = [p.strip() for p in re.split(r"[,，]", inner)]
    if "://" in inner or _opens_aside(inner):
        return None
    if len(parts) == 3 and has_cjk(parts[0]) and is_acronym(parts[2]) and _spells(parts[2], parts[1]):
        zh, en, abbr = parts
        if all_cjk(zh) and 2 <= len(zh) <= 8 and is_term_like(zh) and re.fullmatch(r"[A-Za-z][A-Za-z\- ]+", en):
            return zh, [en, abbr]
        return None
    if len(parts) != 2:
        return None
    zh, en = parts if has_cjk(parts[0]) else parts[::-1]
    if not all_cjk(zh) or not 2 <= len(zh) <= 8 or has_cjk(en) or not re.fullmatch(r"[A-Za-z][A-Za-z\- ]+", en):
        return None
    if not aligned:
        return (zh, [en]) if is_term_like(zh) and len(en.split()) <= 4 else None
    return (zh, [en]) if len(en.split()) >= 2 and _aligned_start(zh, [en]) == 0 else None


def _spelled_left(before: str, left: str, acronym: str, tokenize) -> str:
    """保守策略迭代 (CPI): when the glossary's English of the term found
    before an abbreviation lacks its first letters and one or two more
    words before it supply them, the term starts there.

    >>> _spelled_left("…的保守策略迭代", "策略迭代", "CPI", segment)
    '保守策略迭代'
    """
    want = acronym.lower()
    if not want.isalpha() or want in initialisms(left):
        return left
    run = _CJK_RUN_END.search(before)
    if not run or not run.group(1).endswith(left):
        return left
    toks = tokenize(run.group(1)[: -len(left)])
    for k in (1, 2):
        if len(toks) >= k and all_cjk(wider := "".join(toks[-k:]) + left) and want in initialisms(wider):
            return wider
    return left


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after a line break or 。！？)."""
    return max(text.rfind("\n", 0, pos), *(text.rfind(c, 0, pos) for c in "。！？")) + 1


def _sentence_around(text: str, m: re.Match) -> str:
    """The sentence that holds the match (the evidence a definition keeps)."""
    s0 = _sentence_start(text, m.start())
    e0 = _SENT_END.search(text, m.end())
    return text[s0 : e0.end() if e0 else len(text)].strip()


_NUMBERED_ASIDE = frozenset(["图", "表", "式", "fig", "eq"])  # (图 3), (式 2): a pointer only before a number


# "(结构见 [[note]])": 见 then a link or nothing (not 常见, 可见, 偏见)
_SEE_AT_END = re.compile(r"[\u4e00-\u9fff](?<![常可偏意少罕多预洞])(?:详见|参见|见)(?:\s|$)")


def _opens_aside(inner: str) -> bool:
    """Does a bracket open with a word that makes it an example, a pointer or
    a remark (如…, 见…, e.g., 图 3) rather than another name? A prefix counts as
    a whole word only: (Ordinary Least Squares) is not "or", (图神经网络) not
    "图", (注意力机制) not "注". A pointer may also end the bracket: (结构见 [[note]])."""
    lower = inner.lower()
    if _SEE_AT_END.search(inner + " "):
        return True
    for prefix in lexicon.not_alias_prefixes():
        if not lower.startswith(prefix):
            continue
        rest = lower[len(prefix) :].lstrip()
        if prefix in _NUMBERED_ASIDE:
            if rest[:1].isdigit() or rest[:1] in ("(", "（") or (prefix.isascii() and rest[:1] == "."):
                return True
            continue
        if prefix.isascii():
            if not lower[len(prefix) : len(prefix) + 1].isalpha():
                return True
            continue
        # a Chinese prefix must be the first word, not the start of one
        if segment(inner)[0] == inner[: len(prefix)] or not rest or not is_cjk_char(rest[0]):
            return True
    return False


_AUTHOR_PAIR = re.compile(r"([A-Z][a-z]+)[ \t]*&[ \t]*([A-Z][a-z]+)")


def _is_citation(part: str) -> bool:
    """A bracket part that cites a work: "Schulman et al. 2015", "arXiv:1707.06347",
    or one with a short remark after it ("Nature 2015 那篇")."""
    pair = _AUTHOR_PAIR.fullmatch(part.strip())
    if pair and not any(_renderings(w) for w in pair.groups()):
        return True  # "Ho & Salimans", not "(Query & Key)": names the glossary does not know
    m = _CITATION_PART.match(part)
    return bool(m) and (m.end() == len(part) or re.fullmatch(r"[ \t]*[\u4e00-\u9fff]{1,4}", part[m.end() :]) is not None)


def _bracket_left(text: str, m: re.Match, tokenize) -> tuple[str, list[str]] | None:
    """The term right before the bracket ``m`` (group 1: what it holds) and
    the names in it; None when the bracket holds no names or nothing is before it."""
    inner = m.group(1).strip()
    if not inner or _opens_aside(inner):
        return None
    start = max(0, m.start() - 40)
    if start and _LATIN_LETTER.match(text, start - 1):
        # an English long form may be longer than the window: never cut a
        # word, and let English words before it in (inverse probability of
        # censoring weighting (IPCW) is 42 characters)
        wide = _LATIN_WORDS_END.search(text, max(0, m.start() - 120), m.start())
        if wide and wide.start() < start:
            start = wide.start()
    before = _SENT_END.split(text[start : m.start()])[-1]
    # "也常写作 vnode" in the bracket is another name given by also_called
    parts = [p.strip(" \"'“”‘’") for p in _SPLIT_INNER.split(inner) if p.strip() and not _ALSO_INNER.match(p.strip())]
    if "://" in inner:
        return None  # (RoFormer，https://arxiv.org/abs/…): a work cited
    # (Dao 等人, 2022) cites a work; (Trust Region Policy Optimization, TRPO,
    # Schulman et al. 2015) names the term and cites where it comes from
    cited = [p for p in parts if _is_citation(p)]
    if cited:
        # (…, Su et al. 2021, 苏剑林): a person's Chinese name beside a citation cites too
        parts = [p for p in parts if p not in cited and not (all_cjk(p) and len(p) <= 4 and _pos(p).startswith("nr"))]
        if not parts or len(parts) == 1 and not re.search(r"[A-Za-z\u4e00-\u9fff]{2}", parts[0]):
            return None
    quoted = _QUOTED_END.search(before)
    if quoted:
        left = quoted.group(1)  # “双下降”(double descent): the quotes bound the term
    else:
        left = _left_term(before, tokenize, parts, lambda term: text.count(term) >= 2)
    if not left or any(len(p) > 64 for p in parts):
        return None
    return left, parts


# "X（…），也叫Y" / "X（…，也常写作 vnode）": the note gives X another name
_ALSO_CUE = (r"(?:有时|通常|一般|也常|常|也|下文|后文|以下|下面|早期|以前|过去|最早|早先|传统上|文献中|文献里)?(?:也有人叫|有人叫|也有人称|也叫做|也叫|又叫|又称为|又称|也称为|也称|或称|亦称|也写作|写作|简称|又名|俗称|也被(?:叫做|叫作|称为|称作)"
             r"|中文叫|中文名叫|中文名为|中文名|中文称|译作|译为|翻译为|翻译成|翻成|译成"
             # "有的书叫梯度弥散", "有些教材把它译成递归神经网络", "某本教材里叫汇聚层"
             r"|(?:有的|有些|也有|不少)(?:人|书|教材|文献|资料|论文)?(?:里|中|上)?(?:也)?(?:把它|将它|将其)?(?:叫做|叫作|叫|称为|称作|写成|写作|译成|译为|译作|翻成|翻译成)"
             r"|[^，,。；;()（）\s]{0,6}?(?:书|教材)(?:里|中|上)(?:叫做|叫作|叫|称为|称作|写成|写作|译成|译为|译作|翻成|翻译成))")
_ALSO_INNER = re.compile(rf"{_ALSO_CUE}[ \t]*")
_LATIN_LETTER = re.compile(r"[A-Za-z]{2}")
# English words (and the spaces, hyphens and apostrophes between them) up to
# the end of the searched span
_LATIN_WORDS_END = re.compile(r"(?<![A-Za-z])[A-Za-z][A-Za-z'\-]*(?:[ \t]+[A-Za-z][A-Za-z'\-]*)*[ \t]*$")


_LOWER_WORDS = re.compile(r"[a-z]+(?:-[a-z]+)*(?: [a-z]+(?:-[a-z]+)*){1,2}")


def _same_head_name(left: str, name: str) -> str | None:
    """The words before a bracket that name what the bracket names with the
    same head word and another modifier (noise schedule (variance schedule),
    parameter sharing (weight sharing)): as many words as the bracket's, all
    lower case, the first one differing."""
    if not _LOWER_WORDS.fullmatch(name):
        return None
    n = len(name.split())
    words = left.split()[-n:]
    twin = " ".join(words)
    if (len(words) == n and _LOWER_WORDS.fullmatch(twin) and singular(words[-1]) == singular(name.split()[-1])
            and words[0] != name.split()[0] and not set(words) & lexicon.english_stop_words()):
        return twin
    return None


def _is_clause(name: str, translates: bool = False) -> bool:
    """A Chinese item in brackets that says something rather than names it:
    it holds a function word, not counting a leading 上/下 (a prefix: 上置信界,
    下采样) or one inside a word jieba does not know (交|并|比).
    ``translates``: the bracket also holds the English name the item may
    translate, whose Chinese name often ends with such a word (多序列|比|对,
    multiple sequence alignment), has it before a character of its own (置信|上|界)
    or joins two words with it (同时定位|与|建图)."""
    toks = segment(name[1:] if name[0] in "上下" else name)
    words = lexicon.boundary_words()
    for i, t in enumerate(toks):
        if t not in words or _inside_word(toks, i):
            continue
        if translates and len(name) <= 8 and 0 < i and (
                i == len(toks) - 1
                or (len(t) == 1 and len(toks[i + 1]) == 1 and toks[i + 1] not in words)
                or (t in ("与", "和", "及") and len(toks[i - 1]) > 1)):
            continue
        return True
    return False


_KIND_WORDS = frozenset("algorithm method technique technology framework approach field domain family".split())


_ARTICLE = re.compile(r"^(?:an?|the)[ \t]+(?=[A-Za-z])", re.I)


def _name_of_part(part: str, left: str) -> str:
    """A bracket item without a generic suffix ("Attention Family" -> "Attention"),
    unless the name before the bracket renders that word too: 变分族 (variational
    family) is a family of distributions, not "variational"."""
    name = strip_generic_suffix(part)
    if name != part and not has_cjk(part):
        word = part[len(name) :].strip(" -").lower()
        if any(left.endswith(z) for z in _renderings(word)):
            return part
    return name


def _known_apart(zh: str, latin: str) -> bool:
    """Is ``latin`` an abbreviation the field knows without a Chinese name
    (a model's name: BERT) and ``zh`` another established term, whose English
    shares no word with it? Then the bracket sets one beside the other, it
    does not rename it: BERT (权重共享) says the encoder's weights are shared.
    (Only then: two lines of known_terms.tsv may be near-synonyms or one
    Chinese word's two readings, 残差连接 (Skip Connection), 超网络 (supernet).)"""
    if not is_acronym(latin) or acronym_renderings(latin):
        return False
    known = lexicon.known_terms()
    la, lb = known.line_of.get(norm_key(zh)), known.line_of.get(norm_key(latin))
    if la is None or lb is None or la == lb:
        return False
    words = _english_words_of_lines()
    return not (words.get(la, frozenset()) & words.get(lb, frozenset()))



def definition_pairs(left: str, parts: list[str], sentence: str, enumerated: bool = False) -> tuple[list[Term], list[AliasPair]]:
    """Check a parenthetical and turn it into terms and alias pairs."""
    terms: list[Term] = []
    pairs: list[AliasPair] = []
    left = left.strip()
    base = strip_generic_suffix(left)
    # 维特比算法 (Viterbi algorithm): the English keeps the kind word, so the name
    # does too; so does 基于计数的探索 (count-based exploration), whose last word renders it
    suffix = left[len(base) :].lstrip("的")
    if base != left and any(p.split()[-1].lower().rstrip("s") in _KIND_WORDS or suffix in _renderings(p.split()[-1])
                            for p in _english_names(parts) if p.split()):
        base = left
    # "1.1 Momentum" -> "Momentum": leading numbering is not part of a term
    # (but not the 3 of 3D Gaussian Splatting: a number glued to a letter is a word)
    base = re.sub(r"^\d+(?:\.\d+)*(?:\.\s*|\s+)", "", base)
    # "基于 Rényi 差分隐私（RDP）": the abbreviation's first letter is the name
    # before the term, which the term's start missed (a letter it does not hold)
    acronyms = [p for p in parts if is_acronym(p.strip())]
    if len(acronyms) == 1 and all_cjk(base):
        base = _with_missed_word(acronyms[0].strip(), base, sentence)
    # "SimCLR (A Simple Framework for Contrastive Learning)": an article opens no name
    parts = [_ARTICLE.sub("", p) if not has_cjk(p) and len(p.split()) > 2 else p for p in parts]
    names = [_name_of_part(p, left) for p in parts]
    # "PTQ 和 QAT PTQ (Post-Training Quantization, …)": a flattened heading
    # left acronyms side by side; the bracket spells out the last one
    words = base.split()
    if len(words) > 1 and all(is_acronym(w) for w in words) and any(not has_cjk(n) and _spells(words[-1], n) for n in names):
        base = words[-1]
    # "HNSW(分层的小世界图,沿着图贪心地往目标靠近)": one clause among the
    # Chinese items makes the bracket an explanation; none of them is a name
    # (not "DDIM（Denoising Diffusion Implicit Models，去噪扩散隐式模型）": a
    # Chinese item the glossary renders from the bracket's English is its name)
    rendered = {merge_key(z) for p in parts if not has_cjk(p) for z in glossary_translations(p)}
    translates = bool(_english_names(parts))
    clauses = [has_cjk(n) and _is_clause(n, translates) and merge_key(n) not in rendered for n in names]
    explained = any(clauses)
    if explained and is_acronym(base) and any(not has_cjk(n) and _spells(base, n) for n in names) and not all(clauses):
        # "TDNN（时延神经网络, Time Delay Neural Network，其实就是一维卷积）": the
        # abbreviation's names, spelled out, then a clause about it: the clause goes
        parts = [p for p, clause in zip(parts, clauses) if not clause]
        names = [n for n, clause in zip(names, clauses) if not clause]
        explained = False
    names = [n for n in names if is_term_like(n) and not (has_cjk(n) and explained)]
    if explained and len(parts) > 2 and not has_cjk(parts[0]) and all(has_cjk(p) for p in parts[1:]):
        # "事实性幻觉 (factuality hallucination, 和世界知识不符, 比如…)": the
        # English name, then clauses explaining it: one name, not a list
        parts, names, enumerated = parts[:1], names[:1], False
    if len(parts) >= 2 and all(is_acronym(p) for p in parts) and not any(
            _spells(a, b) or _spells(b, a) for a in parts for b in parts if a != b):
        return terms, pairs  # "(FPR, TPR)", "(TP, FP, FN)": values listed, not names
    if len(parts) > 2 or enumerated:
        # "(PPO-clip / Dual-Clip / Entropy / KL)": a list of terms, not other names
        short = [n for n in names if (len(n) <= 6 and _noun_phrase(n) if has_cjk(n) else len(n.split()) <= 4 and _listed_name(n))]
        if 2 * len(short) < len(names):
            return [], pairs  # (求和、求均值或者取最大值): mostly operations, so all of them are
        return [Term(n, "listed") for n in short], pairs
    # "a position-wise feed-forward network (FFN, …)": the long form is found in the words before
    spelled_out = not has_cjk(base) and any(is_acronym(n) and _long_form(n, base) for n in names)
    if not names or not (is_term_like(base) or spelled_out):
        return terms, pairs
    accepted = []
    for name in names:
        if has_cjk(base) and not has_cjk(name):
            ok = translation_agrees(base, name) and not renders_none(base, name) and not _known_apart(base, name)
        elif has_cjk(name) and not has_cjk(base):
            ok = translation_agrees(name, base) and not renders_none(name, base) and not _known_apart(name, base)
            latin = re.search(r"[A-Za-z]+", name) if is_acronym(base) else None
            if latin and latin.group(0)[0].lower() not in base.lower():
                # NFA (Thompson 构造): how it is built, no name of it; but KL
                # (Kullback-Leibler 散度), FOMAML (一阶 MAML), CQL (保守 Q 学习) are
                ok = False
        elif not has_cjk(base) and not has_cjk(name):
            if narrows(name, base) or narrows(base, name):
                # "beam search (prefix beam search)", "MMD (MK-MMD)": a kind of
                # it, not another name, but a term all the same (not "a.k.a. …")
                if not _EN_CUE.match(name):
                    terms.append(Term(name, "definition"))
                continue
            # English both sides: one must be the abbreviation of the other
            long_form = _long_form(name, base) if is_acronym(name) else None
            last = base.split()[-1]
            tail = base.split()[-2:]
            if len(tail) == 2 and is_acronym(tail[0]) and tail[1].islower() and not is_acronym(name):
                last = tail[0]  # "the DDPM paper (Denoising Diffusion …)", "ROC curve (receiver operating characteristic)"
            if long_form:
                terms.append(Term(long_form, "definition"))
                pairs.append(AliasPair(long_form, name, "definition", sentence))
                terms.append(Term(name, "definition"))
                continue
            if _abbreviates(base, name) or _abbreviates(name, base):
                terms.append(Term(base, "definition"))
                terms.append(Term(name, "definition"))
                pairs.append(AliasPair(base, name, "definition", sentence))
                continue
            # (not "ResNet (ResNet v2)": a name that repeats the abbreviation is a version of it)
            if ((is_acronym(last) or _word_abbreviation(last, name)) and _starts_with(name.split()[0], last)
                    and name.split()[0].lower() != last.lower()
                    and abbreviation_fits(last, name)):
                terms.append(Term(last, "definition"))
                terms.append(Term(name, "definition"))
                pairs.append(AliasPair(last, name, "definition", sentence))
                continue
            if (twin := _same_head_name(base, name)):
                # "the noise schedule (variance schedule)": two names of one head
                # word, neither inside the other, name one thing twice
                terms.append(Term(twin, "definition"))
                terms.append(Term(name, "definition"))
                pairs.append(AliasPair(twin, name, "definition", sentence))
                continue
            ok = False
        else:
            # Chinese in Chinese brackets is an explanation, not a name, unless two
            # Latin names share the kind word: Ornstein-Uhlenbeck 噪声 (OU 噪声)
            a, b = _SHARED_KIND.fullmatch(base), _SHARED_KIND.fullmatch(name)
            ok = bool(a and b and a.group(2) == b.group(2) and a.group(1).lower() != b.group(1).lower())
        if ok:
            accepted.append(name)
    # "Softmax 回归 (多项逻辑回归, Multinomial Logistic Regression)": a Chinese
    # name the bracket's accepted English translates is that name's Chinese,
    # not an explanation; but 策略 (行为策略, …) adds a modifier: a narrower term
    spelled = {n for p in pairs for n in (p.a, p.b) if is_acronym(n) or n in names}  # UCB (Upper Confidence Bound, …)
    for name in names:
        if name in accepted or not has_cjk(name) or has_latin(name) or explained or name.endswith(base) or base.endswith(name):
            continue
        if (any(not has_cjk(en) and translation_agrees(name, en) for en in [*accepted, *spelled])
                # "UCB（Upper Confidence Bound，上置信界）": an abbreviation, its
                # spelled-out English and a short Chinese name: the three names of one term
                or (is_acronym(base) and base in spelled and len(name) <= 8 and _noun_phrase(name))):
            accepted.append(name)
    if not accepted and not pairs:
        # "最简单的ActorCritic算法(QAC)": the abbreviation is a term of its own
        for name in names:
            if is_acronym(name):
                terms.append(Term(name, "definition"))
        return terms, pairs
    if not accepted:
        return terms, pairs
    own = [n for n in accepted if all_cjk(n) and not set(n) & set(base)]
    if all_cjk(base) and len(own) == 1 and any(not has_cjk(n) and not is_acronym(n) for n in accepted):
        # 子网络（winning ticket，"中奖彩票"）: the bracket has a Chinese name of its
        # own, sharing nothing with the word before it: that word says what kind
        # of thing is named, and the bracket's names are one another's
        terms.append(Term(base, "definition"))
        base, accepted = own[0], [n for n in accepted if n != own[0]]
    terms.append(Term(base, "definition"))
    for name in accepted:
        terms.append(Term(name, "definition"))
        pairs.append(AliasPair(base, name, "definition", sentence))
    return terms, pairs


_HYPHEN_OR_SPACE = re.compile(r"[ \t]+|-")
_HYPHENED_SHORT = re.compile(r"[A-Z][A-Za-z]{0,3}(?:-[A-Z][A-Za-z]{0,3})+")


_LETTERS_BEFORE = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)[ \t]*$")


def _with_missed_word(abbreviation: str, term: str, sentence: str) -> str:
    """``term`` with the Latin name written before it when the abbreviation
    is that name's initial and then the term's own initials (Rényi 差分隐私
    for RDP, whose DP is 差分隐私); else ``term``. An abbreviation with one
    letter more and no such name before stays the term's (ICL, 上下文学习)."""
    letters = re.sub(r"[^a-z]", "", abbreviation.lower())
    extra = next((letters[: -len(i)] for i in initialisms(term) if i and letters.endswith(i) and len(letters) > len(i)), "")
    at = sentence.find(term)
    m = _LETTERS_BEFORE.search(sentence[:at]) if extra and at > 0 else None
    if m is None or has_cjk(m.group(1)):
        return term
    word = m.group(1)
    if "".join(w[0] for w in word.split("-")).lower() != extra:
        return term
    return f"{word} {term}"


_EN_CUE = re.compile(r"(?i)(?:a\.k\.a\.?|aka|also|i\.e\.|e\.g\.)\s")


def _abbreviates(short: str, long: str) -> bool:
    """Short forms beyond a plain acronym: one that keeps the long form's last
    words ("MC Dropout" for Monte Carlo Dropout), or hyphened parts that spell
    it ("Tf-KD" for Teacher-free Knowledge Distillation).

    >>> _abbreviates("MC Dropout", "Monte Carlo Dropout"), _abbreviates("Tf-KD", "Teacher-free Knowledge Distillation")
    (True, True)
    >>> _abbreviates("OOD detection", "Out-of-distribution detection"), _abbreviates("C-index", "Concordance index")
    (True, True)
    >>> _abbreviates("Dropout", "Monte Carlo Dropout"), _abbreviates("Pre-LN", "Post-LN"), _abbreviates("Q-learning", "deep learning")
    (False, False, False)
    """
    sw, lw = short.split(), long.split()
    k = _shared_last_words(sw, lw)
    if k and len(sw) - k == 1 and len(lw) - k >= 2:
        return is_acronym(sw[0]) and _spells(sw[0], " ".join(lw[: len(lw) - k]))
    # the same, with the words a hyphen joins apart: "OOD detection" for
    # out-of-distribution detection, "C-index" for concordance index (one
    # capital abbreviates one word)
    sp, lp = _HYPHEN_OR_SPACE.split(short), _HYPHEN_OR_SPACE.split(long)
    k = _shared_last_words(sp, lp)
    if k and len(sp) - k == 1 and (is_acronym(sp[0]) and len(lp) - k >= 2 or re.fullmatch(r"[A-Z]", sp[0]) and len(lp) - k == 1):
        return _spells(sp[0], " ".join(lp[: len(lp) - k]))
    return (len(sw) == 1 and len(lw) >= 2 and _HYPHENED_SHORT.fullmatch(short) is not None
            and sum(c.isupper() for c in short) >= 2 and _spells(short, long))


def _shared_last_words(a: list[str], b: list[str]) -> int:
    """How many last words two names share, case aside, each keeping one word before them."""
    k = 0
    while k < min(len(a), len(b)) - 1 and a[-1 - k].lower() == b[-1 - k].lower():
        k += 1
    return k


def _listed_name(label: str) -> bool:
    """A listed English item that reads as a name: not a plain lower-case
    word the field does not know as a term, nor words opened by a quantifier
    or an adjective that names no kind (single/double/triple, heavier, more
    features)."""
    words = label.split()
    if words[0].lower() in lexicon.english_not_modifiers():
        return False
    return not (len(words) == 1 and re.fullmatch(r"[a-z]+", label) and norm_key(label) not in lexicon.known_terms().line_of)


def _noun_phrase(label: str) -> bool:
    """A listed Chinese item that reads as a name: no count inside (输出|四个|投影)
    and no verb, adverb or particle at its end (可见|部分|不计)."""
    toks = segment(label)
    if any(_is_count(t) for t in toks):
        return False
    if len(toks) == 1 and (_pos(label) in _QUALITY_POS or (len(label) == 2 and label[0] in "有无")):
        return False  # （有用、诚实、无害）: qualities listed, not names
    if len(toks) > 1 and len(toks[0]) == 1 and _pos(toks[0]) == "v":
        return False  # （求和、求|均值、取|最大值）: operations listed, not names
    return len(toks) == 1 or _pos(toks[-1]) not in _LEADING_POS | {"d", "v", "ad", "a"}  # not 测试误差|大

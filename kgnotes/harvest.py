"""Pass 1: which strings in a note look like terms, and which name one thing.

One extraction idea per function, each pure (text in, candidates out), then
``Harvester``, the spaCy component that runs them over a ``Doc`` and leaves
``doc._.terms`` and ``doc._.aliases``. Evidence, strongest first: bilingual
parenthetical definitions, naming cues (称为/叫做), front matter, headings and
bold, acronyms and CamelCase names, domain-head Chinese compounds.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from functools import cache, lru_cache

import rjieba

from spacy.language import Language
from spacy.tokens import Doc

from . import lexicon
from .model import AliasPair, Harvest, Note, Term
from .text import all_cjk, count_cjk, has_cjk, has_latin, is_cjk_char, nfkc, norm_key, singular

_OPEN = "(（"
_CLOSE = {"(": ")", "（": "）"}
_BRACKET = re.compile(r"[(（]([^()（）\n]{1,80})[)）]")  # a bracket and what it holds
# names of functions a formula written as text applies: exp(x), log(p), softmax(z)
_MATH_FUNCTIONS = frozenset("exp log ln sin cos tan tanh sigmoid softmax max min argmax argmin sum mean var std sqrt abs sign clip det".split())
# a Latin name and a Chinese kind word: OU 噪声, softmax 探索
_SHARED_KIND = re.compile(r"([A-Za-z][\w\-]*)[ \t]*([\u4e00-\u9fff]{1,4})")
# what a bold name before a bracket may not hold: clause punctuation, and
# verbs, adverbs, pronouns or conjunctions in front of the term
_CLAUSE_MARK = re.compile(r"[，。,:：；;！？!?、]")
_NOT_IN_BOLD_NAME = frozenset(["v", "vd", "d", "ad", "r", "c"])
_SPLIT_INNER = re.compile(r"\s*[,，;；、/]\s*|\s+or\s+|\s*或者\s*|\s*或\s*")
_LATIN_WORD = r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*\+{0,2}"  # B+ 树, C++
_LATIN_RUN_END = re.compile(rf"((?:{_LATIN_WORD})(?:[ \t]+(?:{_LATIN_WORD}))*)[ \t]*$")
_CJK_RUN_END = re.compile(r"([\u3400-\u9fffA-Za-z0-9\-]*[\u3400-\u9fff][\u3400-\u9fffA-Za-z0-9\-]*)[ \t]*$")
_ACRONYM = re.compile(r"(?<![A-Za-z0-9_\-.])(\d?[A-Za-z]*[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|[a-z]+-[A-Z][A-Za-z0-9]*)(?![A-Za-z0-9_])")
_CAP_WORD = re.compile(r"(?<![A-Za-z0-9_\-.])([A-Z][a-z]{2,}(?:-[A-Za-z]+)*)(?![A-Za-z0-9_\-])")
_CAP_PHRASE = re.compile(r"(?<![A-Za-z0-9_\-.])((?:[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?:[ \t]+(?:of[ \t]+|for[ \t]+|and[ \t]+)?[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*){1,4})(?![A-Za-z0-9_\-])")
_HYPHEN_WORD = re.compile(r"(?<![A-Za-z0-9_\-.])([a-z]{1,8}-[a-z]{2,12})(?![A-Za-z0-9_\-])")  # n-gram, top-k
_CITED_TITLE = re.compile(r"\[\d{4}\.\d{4,5}(?:v\d+)?\]\s*((?:[A-Z][\w-]*)(?:\s+(?:[A-Z][\w-]*|of|for|and|in|with|the|a|to|via|on)){1,9})")
# a Latin name with the kind word that may follow it: "EM 算法", "Bradley-Terry 模型"
# (and the kind words that name the same thing as the name: CAP 定理, Raft 协议)
_NAMED_KINDS = ("算法", "模型", "方法", "方程", "不等式", "算子", "引理")


@cache
def _named_kind() -> re.Pattern:
    kinds = sorted(set(_NAMED_KINDS) | set(lexicon.name_kind_words()), key=len, reverse=True)
    return re.compile(rf"(?<![A-Za-z0-9_\-.])([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)([ \t]?)({'|'.join(kinds)})")


# a Latin name right before a Chinese class noun: "Tokenizer组件", "mesh结构"
_APPOSITIVE = re.compile(r"(?<![A-Za-z0-9_\-.])([A-Za-z][A-Za-z0-9\-]{2,30})(?=\s?(?:组件|模块|结构|算法|模型|框架|机制|网络|架构|损失|优化器))")
# a Latin name in quotes inside Chinese prose: “Actor”, "Critic"
# cited authors: "Song & Ermon", "Song, Meng & Ermon", "Kaiming He 等人", "Song et al."
_PERSON = r"[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?"
_PEOPLE = rf"{_PERSON}(?:[ \t]*,[ \t]*{_PERSON})*"
_AUTHORS = re.compile(
    rf"(?<![A-Za-z0-9_\-.])(?:{_PEOPLE}(?:[ \t]*,?[ \t]*(?:&|and)[ \t]*{_PERSON})?[ \t]*(?:等人|et[ \t]+al\b)"
    rf"|{_PEOPLE}[ \t]*&[ \t]*{_PERSON})")
# a bracket that cites a work names nothing: (Vaswani et al., 2017), (Dettmers 等人, 2023)
_CITATION_PART = re.compile(rf"(?:(?:[A-Z][A-Za-z]+|{_PEOPLE}[ \t]*(?:等人|等|et[ \t]+al\.?)|{_PERSON}[ \t]*&[ \t]*{_PERSON})[ \t]*)?(?:1[89]|20)\d\d[a-z]?"
                            rf"|{_PEOPLE}[ \t]*(?:等人|等|et[ \t]+al\.?)"
                            rf"|(?i:arxiv)[ \t]*:[ \t]*\d{{4}}\.\d{{4,5}}(?:v\d+)?")
_QUOTED_NAME = re.compile(r"(?<=[“\"「])([A-Za-z][A-Za-z0-9\-]{1,30}(?: [A-Za-z][A-Za-z0-9\-]*){0,2})(?=[”\"」])")
_QUOTED_END = re.compile(r"[“「『\"]([^“”「」『』\"]{2,24})[”」』\"][ \t]*$")
_NAMING = re.compile(r"(?:称为|称作|叫做|叫作|简称|被称为|记作|(?<=[组种类就则])叫|we call it|called|known as)[ \t]*[「“\"']?")
_TITLE_SPLIT = re.compile(r"[:：=|｜,，、;；!?！？「」“”\"《》\[\]【】&]|\s[-–—+]\s|——|\sand\s")
_NUMERIC = re.compile(r"^[\d\s.,%+\-×x*/^eE]+$")
_SENT_END = re.compile(r"[。！？!?；;\n]")
_TAGGER = rjieba.Jieba()
_HEAD_ENDS = frozenset(h[-1] for h in lexicon.heads())
_HEAD_PREFIXES = frozenset(h[:k] for h in lexicon.heads() for k in range(1, len(h)))  # 数据 of 数据|集  # part-of-speech of single words, for left boundaries
# verbs, pronouns, prepositions, conjunctions, adverbs, numerals, particles
_NOUNISH = {"n", "vn", "nz", "b", "j", "l", "nr", "ns", "nt", "m", "a", "an", "i", "g", "ng"}
_QUALITY_POS = {"a", "ad", "z"}  # adjectives and states: what a thing is like, not a thing
_VERB_COMPLEMENTS = frozenset("到 出 了 过 着 得 成".split())
_NOT_BEFORE_HEAD = {"c", "r", "p", "u", "uj", "ul", "uz", "ud", "ug", "uv", "ng", "m", "y"}
_LEADING_POS = {"v", "r", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "f"}


_LOCATIVES = frozenset("上中里内")
_FORMULA_CHARS = re.compile(r"[_=<>{}\\$^|@#~`]|\d{3,}")
_CLAUSE_PUNCT = re.compile(r"[，。！？：；、]")
_LATIN_START = re.compile(r"[A-Za-z]")


# ---------------------------------------------------------------- term checks
@lru_cache(maxsize=1 << 16)  # pure, and asked for the same labels note after note
def is_term_like(label: str) -> bool:
    """A plausible concept label: not a stop-concept, a number, a single
    character, a formula fragment or a sentence.

    >>> is_term_like("对比学习"), is_term_like("问题"), is_term_like("x_1")
    (True, False, False)
    """
    label = label.strip()
    key = norm_key(label)
    if len(key) < 2 or key in lexicon.stop_concepts() or _NUMERIC.match(label):
        return False
    if not has_cjk(label) and singular(key) in lexicon.stop_concepts():
        return False  # Methods, Notes
    if _FORMULA_CHARS.search(label):
        return False
    if has_cjk(label):
        numbered = _NUMBERED.fullmatch(label)
        if numbered and norm_key(numbered.group(1) or numbered.group(2)) in lexicon.stop_concepts():
            return False  # 第二阶段, 阶段一, 步骤3: a numbered generic word
        cjk = count_cjk(label)
        if cjk > 15 or (cjk == 1 and not has_latin(label)):
            return False
        if _CLAUSE_PUNCT.search(label):
            return False
        if len(label) <= 4 and _is_quantity(label):
            return False  # 几百条, 一些, 许多: a quantity, not a thing
        return True
    words = label.split()
    if len(words) > 6 or not (_LATIN_START.match(label) or is_acronym(words[0])):  # 2PC
        return False
    if len(words) > 1 and any(len(w) == 1 for w in words):  # "n T", "x y": formula letters
        return False
    return True


@lru_cache(maxsize=1 << 16)
def strip_generic_suffix(label: str) -> str:
    """``计算机视觉领域`` -> ``计算机视觉``; keeps the label when nothing remains."""
    for suffix in lexicon.generic_suffixes():
        if suffix.isascii():
            # an English word, whatever its case, after a space: "CNN basics"
            if not label.lower().endswith(suffix.lower()) or label[-len(suffix) - 1 : -len(suffix)] not in (" ", "-"):
                continue
        elif not label.endswith(suffix):
            continue
        if len(label) > len(suffix):
            rest = label[: -len(suffix)].rstrip(" -的")
            if len(norm_key(rest)) >= 2:
                return rest
    return label


@lru_cache(maxsize=1 << 16)
def is_acronym(label: str) -> bool:
    # a leading digit counts: 2PC, 3PC, 2PL (two-/three-phase ...), not a quantity (4KB, 8GB, 60FPS)
    if label[:1].isdigit() and _QUANTITY.fullmatch(label):
        return False
    return bool(re.fullmatch(r"\d?[A-Za-z]*[A-Z][A-Za-z0-9]*", label)) and sum(c.isupper() for c in label) >= 2 and len(label) <= 10


# 第二阶段, 两个阶段, 阶段一 (not 两阶段, a kind: two-stage)
_NUMBERED = re.compile(r"(?:第[一二三四五六七八九十两\d]+|[一二三四五六七八九十两\d]+[个种类步])(.+)|(.+?)[一二三四五六七八九十\d]+")
_QUANTITY = re.compile(r"\d+(?:[KMGTP]i?B|[KMGT]?Hz|[KMG]?bps|[FQTR]PS|[KMBT])", re.I)
_NUMBER_WORDS = dict(zip("123456789", "one two three four five six seven eight nine".split()))


def _word_abbreviation(short: str, long: str) -> bool:
    """Adam (Adaptive Moment Estimation), Adagrad: a name spoken as a word that
    takes the initials of two or more of the long form's words."""
    if not re.fullmatch(r"[A-Z][a-z]+[A-Za-z]*", short) or not 3 <= len(short) <= 10:
        return False
    initials = [w[0].lower() for w in re.split(r"[\s\-]+", long) if w and w.lower() not in _EN_FUNCTION_WORDS]
    if len(initials) < 2:
        return False
    rest, taken = short.lower(), 0
    for ch in initials:
        at = rest.find(ch)
        if at >= 0:
            rest, taken = rest[at + 1 :], taken + 1
    return taken >= 2


@lru_cache(maxsize=1 << 18)
def abbreviation_fits(short: str, long: str) -> bool:
    """Schwartz–Hearst: the short form's letters appear in order in the long
    form, the first one starting a word.

    >>> abbreviation_fits("PG", "Policy Gradient"), abbreviation_fits("QAC", "ActorCritic")
    (True, False)
    """
    l = long.lower()
    number = _NUMBER_WORDS.get(short[:1])
    if number:
        # 2PC: Two-Phase Commit -- the digit spells the first word
        head, _, rest = l.replace("-", " ").partition(" ")
        return head == number and abbreviation_fits(short[1:], rest)
    s = [c.lower() for c in short if c.isalnum()]
    if not s or len(l) <= len(s):
        return False
    digit = re.fullmatch(r"([A-Za-z]+)([2-4])([A-Za-z]+)", short)
    if digit and digit.group(2) not in l:
        # A2C: Advantage Actor-Critic, A3C: Asynchronous Advantage Actor-Critic
        return abbreviation_fits(digit.group(1) + digit.group(1)[-1] * (int(digit.group(2)) - 1) + digit.group(3), long)
    # an inner capital starts a word too (eXtreme Gradient Boosting: XGBoost)
    starts = len(l) == len(long) and any(c.isupper() for c in long[1:])
    si, li = len(s) - 1, len(l) - 1
    while si >= 0:
        ch = s[si]
        while li >= 0 and (l[li] != ch or (si == 0 and li > 0 and l[li - 1].isalnum() and not (starts and long[li].isupper()))):
            li -= 1
        if li < 0:
            return False
        si -= 1
        li -= 1
    return True


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
    words = [w for w in re.split(r"[\s\-]+", en.lower()) if w and w not in _EN_FUNCTION_WORDS]
    rendered = [w for w in words if _renderings(w)]
    if not rendered or any(w in mine or w.rstrip("s") in mine for w in words):
        return False
    return not any(z in zh for w in rendered for z in _renderings(w))


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


# ---------------------------------------------------------------- candidates
_EN_FUNCTION_WORDS = frozenset("of from for and the a an with to in on by via".split())


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


def _first_content_word(inner: list[str]) -> str | None:
    """The first word of the first English (not abbreviation) name in brackets."""
    for part in _english_names(inner):
        words = [w for w in re.split(r"[\s]+", part.lower()) if w and w not in _EN_FUNCTION_WORDS]
        if len(words) >= 1:
            return words[0]
    return None


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
    words = []
    for word in re.split(r"\s+", english.lower()):
        # self-supervised: self + supervised when the glossary has no entry for the whole
        words.extend(word.split("-") if "-" in word and not _renderings(word) else [word])
    seen: Counter[str] = Counter()
    for word in words:
        if not word or word in _EN_FUNCTION_WORDS:
            continue
        seen[word] += 1  # a word said twice is rendered twice: Sequence-to-Sequence, 序列到序列
        found = [at for z in _renderings(word) if z and (at := _nth_rfind(run, z, seen[word])) >= 0]
        if not found:
            return None
        positions.append(min(found))  # 困难负样本 for "hard": 困难 rather than its 难
    if not positions:
        return None
    start = min(positions)
    return start if len(run) - start >= 2 else None


def _chinese_modifier(before: str, words: list[str], inner: list[str], tokenize) -> str:
    """``层次 softmax (Hierarchical Softmax)``, ``双向 LSTM (BiLSTM)``: the
    Chinese words in front of a Latin name that the English or the
    abbreviation has letters for (``层次 ``), else ""."""
    english = next(iter(_english_names(inner)), "").split()
    extra = len(english) - len(words)
    # 双向 LSTM (BiLSTM): an abbreviation that adds letters before the Latin name
    prefixed = any(is_acronym(p) and len(p) > len(words[-1]) + 1 and p.upper().endswith(words[-1].upper()) for p in inner)
    if prefixed and len(words) == 1:
        extra = 1
    elif extra < 1 or [w.lower() for w in english[extra:]] != [w.lower() for w in words]:
        return ""
    else:
        # every-visit MC: a hyphenated English word is two Chinese words (每次|访问)
        extra = sum(len(w.split("-")) for w in english[:extra])
    if not before.endswith(" "):
        return ""
    cjk = _CJK_RUN_END.search(before)
    if not cjk or not all_cjk(cjk.group(1)):
        return ""
    toks = _last_units(tokenize(cjk.group(1)), extra)
    while toks and toks[0] in lexicon.boundary_words():
        toks = toks[1:]  # 可以用|核 PCA (Kernel PCA): the modifier starts after 用
    if not toks or any(t in lexicon.boundary_words() for t in toks) or (prefixed and _pos(toks[0]) == "v"):
        return ""
    return "".join(toks) + " "


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
    if m and not before.endswith((" ", "\t")) and (len(m.group(1)) == 1 or m.group(1).lower() in _MATH_FUNCTIONS):
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
        return _chinese_modifier(before[: m.start(1)], words, inner, tokenize) + " ".join(words)
    if not cjk_m:
        return ""
    run = cjk_m.group(1)
    aligned = _aligned_start(run, inner)
    if aligned is not None:
        # the English in the brackets says where the Chinese name starts:
        # 指|互信息 (Mutual Information), 防止|表示坍塌 (representation collapse)
        return run[aligned:]
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
    return term


def _left_cjk_term(run: str, tokenize, inner, recurs) -> str:
    toks = _glue_negated_nouns(lexicon.glue_prefixes(tokenize(run)))
    # "在…多模态探索上(MM-LLM)": a locative closing an 在-frame is not part of the name
    if len(toks) > 1 and toks[-1] in _LOCATIVES and len(toks[-2]) > 1:
        toks = toks[:-1]
    # an English name of n words is rarely rendered in fewer than ~n Chinese characters
    # (over-smoothing: two words, 过|平滑)
    english = _english_names(inner)
    # (function words are no words of the name: Out-of-Vocabulary is two)
    en_words = max((len([w for w in re.split(r"[\s\-–—]+", p.strip().lower()) if w not in _EN_FUNCTION_WORDS])
                    for p in english), default=0)
    # "B from/of A" is said "A 的 B" (Reinforcement Learning from Human Feedback)
    of_phrase = any(w in ("of", "from", "for", "with", "by", "over", "on", "in") for p in english for w in p.lower().split())
    # cut after the last boundary word (的, 通过, 是 ...); a 的 may stay inside
    # a long name (基于人类反馈的强化学习 = Reinforcement Learning from Human Feedback)
    # a boundary word that ends the run is part of the term (正样本|对)
    toks = _glue_x_to_x(toks)
    if len(toks[-1]) > 1 and toks[-1][0] in "一二两三四五六七八九十几每" and _is_count(toks[-1]):
        return ""  # "每个阈值对应一个 (FPR, TPR)": a count (一个, 两种) ends no name
    if toks[-1] in ("的", "了", "过", "着", "地"):
        return ""  # "高质量的 (prompt, 回答)", "被规则替换掉了（RLVR）": a modifier or a clause, no name
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
    elif cut > 1 and toks[cut - 1] == "的" and 2 * _units(toks[cut:]) <= max((len(p.split()) for p in english), default=0):
        # "包含所有已提交的|日志（Leader Completeness）": a word too short for
        # the English, whose modifier is a clause: the bracket names no term here
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
    if recurs("".join(toks)):
        return "".join(toks)  # 反向传播 recurs as a whole: 反向 is part of it
    # a leading verb goes (有|写偏斜 (Write Skew)) unless the English needs
    # the word (加速|梯度 (Nesterov Accelerated Gradient))
    term = "".join(strip_leading_verbs(toks, min_units=en_words))
    # 就|是非|极大值抑制: jieba glued a boundary word to the name's first
    # character; the note uses the name without it elsewhere
    if len(term) > 3 and term[0] in lexicon.boundary_words() and recurs(term[1:]) and not recurs(term):
        term = term[1:]
    return term


def _glue_negated_nouns(toks: list[str]) -> list[str]:
    """``基尼|不|纯度`` -> ``基尼|不纯度``: 不 before a noun makes a noun
    (impurity, 不确定性), before a verb a clause (不|需要)."""
    out: list[str] = []
    for tok in toks:
        if out and out[-1] == "不" and _pos(tok) in ("n", "vn", "nz") and len(tok) > 1:
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


def _glue_x_to_x(toks: list[str]) -> list[str]:
    """``序列|到|序列`` -> ``序列到序列``: X到X / X对X is one name (seq2seq,
    端到端 end-to-end, 点对点 peer-to-peer), not X, a preposition and X;
    ``的|下|采样`` -> ``的|下采样``."""
    out: list[str] = []
    i = 0
    while i < len(toks):
        # 下|采样 after 的 or opening the run, 下|一句: a prefix (down-, next), not a place
        if (toks[i] in ("上", "下") and i + 1 < len(toks) and has_cjk(toks[i + 1])
                and (i == 0 or toks[i - 1] == "的" or toks[i + 1].startswith("一"))):
            out.append(toks[i] + toks[i + 1])
            i += 2
            continue
        if i + 2 < len(toks) and toks[i + 1] in ("到", "对") and toks[i] == toks[i + 2] and has_cjk(toks[i]):
            out.append(toks[i] + toks[i + 1] + toks[i + 2])
            i += 3
        else:
            out.append(toks[i])
            i += 1
    return out


def _units(toks: list[str]) -> float:
    """Words of a token run as an English name counts them: a single
    character jieba left alone is half a word (重|参数|化, 鲁|棒|性: an affix
    or a piece of a word it did not know); 的 is none."""
    return sum(1.0 if len(tok) > 1 else 0.5 for tok in toks if tok not in ("的", "-", "–", "·"))  # 高斯-马尔可夫: the hyphen joins


def _last_units(toks: list[str], limit: int) -> list[str]:
    """The longest tail of ``toks`` that holds at most ``limit`` words (a
    run of single characters is one word, so it is never cut through)."""
    k = len(toks)
    while k > 0 and _units(toks[k - 1 :]) <= limit:
        k -= 1
    return toks[k:]


def segment(text: str) -> list[str]:
    """Plain jieba-compatible segmentation (no user words)."""
    return _TAGGER.cut(text, False)


def pos_of(word: str) -> str:
    return _pos(word)


@cache
def _pos(word: str) -> str:
    tags = _TAGGER.tag(word)
    return tags[0][1] if len(tags) == 1 else "n"  # an unknown compound word: noun-like


_CLASSIFIERS = frozenset("个类种")
_NAMING_VERBS = frozenset("称为 称作 叫做 叫作 叫 被称为 名为".split())


# 最大化|证据下界, 优化|变分下界 (ELBO): verbs of an objective, which jieba tags as nouns
_OPTIMIZING = frozenset(("最大化", "最小化", "极大化", "极小化", "优化"))


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
        # the English name needs the word (加速|梯度 (Nesterov Accelerated Gradient),
        # 内部|协变量偏移); a verb before a half word goes (插入|伪量化 (fake quantization))
        if _units(toks[1:]) < min_units - (0.5 if len(toks[0]) > 1 and _pos(toks[0]) == "v" else 0):
            break
        if len(toks[1]) == 1 and _pos(toks[1]) == "k":
            break  # 归纳|式|学习: a suffix (式, 型) ends the word before it, it starts none
        toks = toks[1:]
    return toks


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
        found = _bracket_left(text, m, tokenize)
        if found is None or not found[1]:
            if named := _named_inside(m.group(1)):
                yield named[0], [named[1]], _sentence_around(text, m), False
            continue
        left, parts = found
        function_only = all(t in lexicon.boundary_words() for t in tokenize(left))  # 还有 (BitFit)
        if (function_only or not is_term_like(left)) and (named := _named_inside(m.group(1), aligned=False)):
            # "…相关的时候(多重共线性, multicollinearity)": no term before it, so
            # the bracket's pair is the name, glossary or not
            yield named[0], [named[1]], _sentence_around(text, m), False
            continue
        if function_only:
            continue  # nothing but a function word before the bracket: it names nothing there
        left = _widened_left(text[: m.start()].rstrip(), left, parts, tokenize, bold)
        sentence = _sentence_around(text, m)
        # "平衡树（AVL、红黑树）": 、 enumerates members, it does not join other names
        yield left, parts, sentence, "、" in m.group(1) and len(parts) >= 2


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
        if marked != left and marked.endswith(left) and len(marked) <= 16 and not _CLAUSE_MARK.search(marked) \
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


def _named_inside(inner: str, aligned: bool = True) -> tuple[str, str] | None:
    """``用来采样的策略（行为策略, behavior policy）``: a bracket that gives a
    Chinese name and its English, every word of which the glossary renders
    from the Chinese name's start, names a term of its own, whatever precedes it
    (and without the glossary, ``aligned=False``, when no term precedes it).

    >>> _named_inside("行为策略, behavior policy")
    ('行为策略', 'behavior policy')
    """
    parts = [p.strip() for p in re.split(r"[,，]", inner)]
    if len(parts) != 2 or "://" in inner or _opens_aside(inner):
        return None
    zh, en = parts if has_cjk(parts[0]) else parts[::-1]
    if not all_cjk(zh) or not 2 <= len(zh) <= 8 or has_cjk(en) or not re.fullmatch(r"[A-Za-z][A-Za-z\- ]+", en):
        return None
    if not aligned:
        return (zh, en) if is_term_like(zh) and len(en.split()) <= 4 else None
    return (zh, en) if len(en.split()) >= 2 and _aligned_start(zh, [en]) == 0 else None


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


def _sentence_around(text: str, m: re.Match) -> str:
    """The sentence that holds the match (the evidence a definition keeps)."""
    s0 = max(text.rfind("\n", 0, m.start()), max((text.rfind(c, 0, m.start()) for c in "。！？"), default=-1)) + 1
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
    before = _SENT_END.split(text[start : m.start()])[-1]
    # "也常写作 vnode" in the bracket is another name given by also_called
    parts = [p.strip(" \"'“”‘’") for p in _SPLIT_INNER.split(inner) if p.strip() and not _ALSO_INNER.match(p.strip())]
    if "://" in inner:
        return None  # (RoFormer，https://arxiv.org/abs/…): a work cited
    # (Dao 等人, 2022) cites a work; (Trust Region Policy Optimization, TRPO,
    # Schulman et al. 2015) names the term and cites where it comes from
    cited = [p for p in parts if _is_citation(p)]
    if cited:
        parts = [p for p in parts if p not in cited]
        if not parts or len(parts) == 1 and not re.search(r"[A-Za-z\u4e00-\u9fff]{2}", parts[0]):
            return None
    quoted = _QUOTED_END.search(before)
    if quoted:
        left = quoted.group(1)  # “双下降”(double descent): the quotes bound the term
    else:
        left = _left_term(before, tokenize, parts, lambda term: text.count(term) >= 2)
    if not left or any(len(p) > 50 for p in parts):
        return None
    return left, parts


# "X（…），也叫Y" / "X（…，也常写作 vnode）": the note gives X another name
_ALSO_CUE = (r"(?:有时|通常|一般|也常|常|也|下文|后文|以下|下面|早期|以前|过去|最早|早先|传统上|文献中|文献里)?(?:也有人叫|有人叫|也有人称|也叫做|也叫|又叫|又称为|又称|也称为|也称|或称|亦称|也写作|写作|简称|又名|俗称"
             r"|中文叫|中文名叫|中文名为|中文名|中文称|译作|译为|翻译为)")
_ALSO_AFTER = re.compile(rf"[)）][ \t]*[，,][ \t]*{_ALSO_CUE}[ \t]*")
_ALSO_INNER = re.compile(rf"{_ALSO_CUE}[ \t]*")
# "- Top-p 采样，也叫核采样(nucleus sampling)：": a name that fills its clause
# (from a line, list item or sentence start to the comma), then the cue
_ALSO_BEFORE = re.compile(
    rf"(?:^|(?<=[\n。！？；;：:]))[ \t]*(?:[-*+][ \t]+|[(（]?\d{{1,2}}[.)、）][ \t]*)?(?:\*\*)?"
    rf"([^\s，,。！？；;：:*()（）][^\n，,。！？；;：:*()（）]{{1,18}}?)(?:\*\*)?[ \t]*[，,][ \t]*{_ALSO_CUE}[ \t]*$",
    re.M,
)
# a Latin name with a kind word, before a bracket that gives another name: "Wasserstein 距离(又叫 …)"
_NAME_BEFORE_ALSO = re.compile(r"(?<![A-Za-z0-9_\-.])[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*[ \t]?[\u3400-\u9fff]{1,3}")
_ALSO_NAME = re.compile(r"[「“\"']?([\u3400-\u9fff]{2,12}|[A-Za-z][A-Za-z0-9\-]*(?:[ \t][A-Za-z][A-Za-z0-9\-]*){0,4})[」”\"']?")


_PREDICATE_WORDS = frozenset("是 为 的 在 就 也 都 等 可以 能 会 用于 指 即".split())


def _name_before_predicate(run: str, tokenize) -> str:
    """A name right after 又称/全称/中文叫, from a run of Chinese that may go
    on into the sentence (又称X是… -> X); a short run is the name whole (字节对编码)."""
    if len(run) <= 6:
        return run
    toks = tokenize(run)
    cut = next((i for i, t in enumerate(toks) if i and t in _PREDICATE_WORDS), len(toks))
    return "".join(toks[:cut])


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
        sep = re.match(r"[ \t]*(?:、|或者|或|和|以及|/)[ \t]*", rest)
        if not sep:
            break
        rest = rest[sep.end() :]
    return names


# "YOLO 的全称是 You Only Look Once", "GRU 全称门控循环单元": an abbreviation spelled out
_FULL_NAME = re.compile(
    r"(?<![A-Za-z0-9_\-.])(\d?[A-Za-z][A-Za-z0-9\-]*)[ \t]*(?:的)?(?:英文)?全称(?:是|为|叫|叫做)?[ \t]*[:：]?[ \t]*"
    r"(?:[「“\"'])?([A-Za-z][A-Za-z0-9\-]*(?:[ \t]+[A-Za-z][A-Za-z0-9\-]*){1,8}|[\u3400-\u9fff]{2,12})")


# "Bagging 是 Bootstrap Aggregating 的缩写", "RNN 是 Recurrent Neural Network 的简称"
_SHORT_FOR = re.compile(
    r"(?<![A-Za-z0-9_\-.])(\d?[A-Za-z][A-Za-z0-9\-]*)[ \t]*(?:就)?是[ \t]*[「“\"']?"
    r"([A-Za-z][A-Za-z0-9\-]*(?:[ \t]+[A-Za-z][A-Za-z0-9\-]*){1,8})[」”\"']?[ \t]*的(?:首字母)?(?:缩写|简称|简写)")
# "LoRA 是…方法，全称 Low-Rank Adaptation", "LSM 树，全称 Log-Structured Merge-Tree":
# 全称 opening a clause spells out an abbreviation earlier in the sentence
_CLAUSE_FULL_NAME = re.compile(
    r"[，,][ \t]*(?:英文)?全称(?:是|为|叫|叫做)?[ \t]*[:：]?[ \t]*(?:[「“\"'])?"
    r"([A-Za-z][A-Za-z0-9\-]*(?:[ \t]+[A-Za-z][A-Za-z0-9\-]*){1,8})")
# "…，中文一般叫日志结构合并树": the Chinese name that follows a full name
_CHINESE_NAME_AFTER = re.compile(
    rf"[ \t]*[，,][ \t]*(?:中文(?:里|上)?(?:一般|通常|常)?(?:叫做|叫作|叫|称为|称作|译为|译作|名为)|{_ALSO_CUE})[ \t]*")


def _spells(short: str, long: str) -> bool:
    """The letters of ``short`` spell ``long`` from its first word on (2PC: the digit spells it)."""
    return (long[:1].lower() == short.lstrip("0123456789")[:1].lower() or short[:1].isdigit()) and abbreviation_fits(short, long)


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
                    if (has_cjk(name) or is_acronym(name)) and not _runs_into_sentence(name):
                        yield short, name, sentence


def also_called(text: str, tokenize) -> Iterator[tuple[str, str, str]]:
    """(term, another name, sentence) where a note says 也叫/又称/简称 after
    a term's bracket, or inside it.

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
            # no English in the bracket to say where the name before it starts,
            # unless it is a Latin name with its kind word (Wasserstein 距离(又叫 …))
            named = list(_NAME_BEFORE_ALSO.finditer(text, max(0, m.start() - 40), m.start()))
            if not inside or not named or text[named[-1].end() : m.start()].strip():
                continue
            found = (named[-1].group(0), [])
        left = found[0]
        sentence = _sentence_around(text, m)
        names = []
        if cue_before:
            at = text.rfind(left, max(0, m.start() - 60), m.start())
            before = _ALSO_BEFORE.search(text, max(0, at - 40), at) if at >= 0 else None
            if before and is_term_like(before.group(1).strip()) and not (has_cjk(before.group(1)) and _has_boundary(before.group(1))):
                names.append(before.group(1).strip())
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
                and norm_key(left) != norm_key(m.group(1))):
            yield left, m.group(1), _sentence_around(text, m)


def _runs_into_sentence(name: str) -> bool:
    """A name given after 又称/全称 that goes on into the sentence: a long
    Chinese run with a boundary word (a short one is taken whole: 字节对编码)."""
    return has_cjk(name) and len(name) > 6 and _has_boundary(name)


def _is_clause(name: str) -> bool:
    """A Chinese item in brackets that says something rather than names it:
    it holds a function word, not counting a leading 上/下 (a prefix: 上置信界,
    下采样) or one inside a word jieba does not know (交|并|比)."""
    toks = segment(name[1:] if name[0] in "上下" else name)
    return any(t in lexicon.boundary_words() and not _inside_word(toks, i) for i, t in enumerate(toks))


def _has_boundary(label: str) -> bool:
    return any(t in lexicon.boundary_words() for t in _TAGGER.cut(label, False))


def _long_form(short: str, words_before: str) -> str | None:
    """Schwartz–Hearst: the fewest words before ``(ABBR)`` that spell it,
    the first starting with its first letter.

    >>> _long_form("BGD", "and Batch Gradient Descent")
    'Batch Gradient Descent'
    """
    words = words_before.split()
    letters = "".join(c for c in short.lower() if c.isalpha())
    found = None
    for k in range(1, min(len(words), len(short) + 2) + 1):
        cand = " ".join(words[-k:])
        if _initials(cand) == letters:
            return cand  # Proximal Policy Optimization (PPO), not Policy Optimization
        if found is None and _starts_with(words[-k], short) and abbreviation_fits(short, cand):
            found = cand
    return found


def _initials(long: str) -> str:
    """First letters of a long form's words, hyphenated parts apart, function words out."""
    return "".join(w[0].lower() for w in re.split(r"[\s\-]+", long) if w and w.lower() not in _EN_FUNCTION_WORDS)


def _starts_with(word: str, short: str) -> bool:
    """Does a long form's word give an abbreviation its first letter: its first
    letter, or an inner capital (eXtreme Gradient Boosting, XGBoost)?"""
    first = short[:1].lower()
    return word[:1].lower() == first or any(c.isupper() and c.lower() == first for c in word[1:2])


_KIND_WORDS = frozenset("algorithm method technique technology framework approach field domain family".split())


_ARTICLE = re.compile(r"^(?:an?|the)[ \t]+(?=[A-Za-z])", re.I)


def definition_pairs(left: str, parts: list[str], sentence: str, enumerated: bool = False) -> tuple[list[Term], list[AliasPair]]:
    """Check a parenthetical and turn it into terms and alias pairs."""
    terms: list[Term] = []
    pairs: list[AliasPair] = []
    left = left.strip()
    base = strip_generic_suffix(left)
    # 维特比算法 (Viterbi algorithm): the English keeps the kind word, so the name does too
    if base != left and any(p.split()[-1].lower().rstrip("s") in _KIND_WORDS for p in _english_names(parts) if p.split()):
        base = left
    # "1.1 Momentum" -> "Momentum": leading numbering is not part of a term
    base = re.sub(r"^[\d.]+\s*", "", base)
    # "SimCLR (A Simple Framework for Contrastive Learning)": an article opens no name
    parts = [_ARTICLE.sub("", p) if not has_cjk(p) and len(p.split()) > 2 else p for p in parts]
    names = [strip_generic_suffix(p) for p in parts]
    # "PTQ 和 QAT PTQ (Post-Training Quantization, …)": a flattened heading
    # left acronyms side by side; the bracket spells out the last one
    words = base.split()
    if len(words) > 1 and all(is_acronym(w) for w in words) and any(not has_cjk(n) and _spells(words[-1], n) for n in names):
        base = words[-1]
    # "HNSW(分层的小世界图,沿着图贪心地往目标靠近)": one clause among the
    # Chinese items makes the bracket an explanation; none of them is a name
    explained = any(has_cjk(n) and _is_clause(n) for n in names)
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
        short = [n for n in names if (len(n) <= 6 and _noun_phrase(n) if has_cjk(n) else len(n.split()) <= 4)]
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
            ok = translation_agrees(base, name)
        elif has_cjk(name) and not has_cjk(base):
            ok = translation_agrees(name, base)
        elif not has_cjk(base) and not has_cjk(name):
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
            # (not "ResNet (ResNet v2)": a name that repeats the abbreviation is a version of it)
            if ((is_acronym(last) or _word_abbreviation(last, name)) and _starts_with(name.split()[0], last)
                    and name.split()[0].lower() != last.lower()
                    and abbreviation_fits(last, name)):
                terms.append(Term(last, "definition"))
                terms.append(Term(name, "definition"))
                pairs.append(AliasPair(last, name, "definition", sentence))
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
    terms.append(Term(base, "definition"))
    for name in accepted:
        terms.append(Term(name, "definition"))
        pairs.append(AliasPair(base, name, "definition", sentence))
    return terms, pairs


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


# "增量方法：先…", "- 提议者 Proposer：提出提案": a term opening a line, a list
# item or a sentence, then a colon and what it is
_GLOSSARY_LINE = re.compile(
    r"(?:^|(?<=[\n。！？；]))[ \t]*(?:[-*+][ \t]+|\d{1,2}[.)、][ \t]*)?(?:\*\*)?"
    r"([\u3400-\u9fff]{2,8})(?:[ \t]*([A-Za-z][A-Za-z0-9\-]*(?:[ \t][A-Za-z][A-Za-z0-9\-]*){0,4}))?"
    r"(?:\*\*)?[ \t]*[:：](?!//)[ \t]*(?:\*\*)?(?=[^\s:：])",
    re.M,
)


def glossary_lines(text: str, tokenize) -> Iterator[tuple[str, str | None]]:
    r"""(term, its English name or None) for each glossary-style line.

    >>> list(glossary_lines("缺点：慢。 增量方法:每来一个样本就更新。\n- 提议者 Proposer：提出提案", segment))
    [('增量方法', None), ('提议者', 'Proposer')]
    """
    for m in _GLOSSARY_LINE.finditer(text):
        term, english = m.group(1), m.group(2)
        toks = tokenize(term)
        if any(t in lexicon.boundary_words() or t in lexicon.discourse_verbs() for t in toks) or _is_count(toks[0]):
            continue
        if _pos(toks[-1]) in _LEADING_POS | {"d", "v", "ad"} or norm_key(term) in lexicon.stop_concepts():
            continue  # 注意：, 举例：, 缺点：
        yield term, english


_EN_GLOSSARY_LINE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+|\d{1,2}[.)][ \t]*)?(?:\*\*)?"
    r"([A-Za-z][A-Za-z0-9\-]*(?:[ \t][A-Za-z][A-Za-z0-9\-]*){0,3})"
    r"(?:\*\*)?[ \t]*:(?!//)[ \t]+(?:\*\*)?(?=\S)",
    re.M,
)


def english_glossary_lines(text: str) -> Iterator[str]:
    r"""The term a line of an English note opens and defines: "stride: how many
    pixels the kernel moves", "- **max pooling**: take the max". Not "Note:"
    or "Pros:" (stop-concepts), nor a phrase with a function word ("how it
    works:").

    >>> list(english_glossary_lines("stride: how far the kernel moves\n- **max pooling**: the max\nNote: slow\nhow it works: easily"))
    ['stride', 'max pooling']
    """
    not_mod = lexicon.english_not_modifiers()
    for m in _EN_GLOSSARY_LINE.finditer(text):
        term = m.group(1)
        if is_term_like(term) and not any(w in not_mod for w in term.lower().split()):
            yield term


def naming_terms(text: str) -> Iterator[str]:
    """``我们把它叫做 Visual Representation`` -> ``Visual Representation``."""
    for m in _NAMING.finditer(text):
        rest = text[m.end() : m.end() + 40]
        lat = re.match(rf"({_LATIN_WORD}(?:[ \t]+{_LATIN_WORD}){{0,4}})", rest)
        if lat:
            # "called the diffusion process", "called NT-Xent in the SimCLR paper":
            # the name is what comes before a function word
            words, _ = _name_words(lat.group(1).split())
            if words:
                yield " ".join(words)
            continue
        cjk = re.match(r"[「“\"']?([\u3400-\u9fff]{2,8})(?:[」”\"']|(?=[，。；：,.;:]))", rest)
        if cjk and not _has_boundary(cjk.group(1)):
            yield cjk.group(1)
            continue
        # "称为单词 w_i 的上下文": what is named is the noun after the last 的
        of = re.match(r"[^，。；：,.;:\n]{1,30}?的([\u3400-\u9fff]{2,8})(?=[，。；：,.;:\s]|$)", rest)
        if of and not _has_boundary(of.group(1)) and "的" not in of.group(1):
            yield of.group(1)


# Function words that open a sentence (and so are capitalised) in English prose.
_OPENING_WORDS = frozenset(
    "the a an this that these those our my we it its in on at for with from by to of and or but if when while as "
    "each every both all some any no so then thus also here there why how what which who".split()
)


_MODIFIER_SUFFIXES = frozenset("style like based related specific ish".split())
_PLAIN_HYPHENED = re.compile(r"[A-Za-z][a-z0-9]*(?:-[a-z0-9]+)+")
_NEXT_WORD = re.compile(r"[ \t]+([a-z][a-z0-9\-]*)")


def _modifies_next(text: str, end: int) -> bool:
    """Is the word ending at ``end`` followed by a lower-case content word
    (multi-head attention, one-step advantage), so that it modifies it?"""
    nxt = _NEXT_WORD.match(text, end)
    return nxt is not None and nxt.group(1) not in lexicon.english_not_modifiers()


def latin_names(text: str) -> Iterator[tuple[str, str]]:
    """Acronyms and CamelCase/hyphenated names (PPO, AdamW, PPO-clip), capitalised
    words and phrases (Transformer, Contrastive Learning) written into prose."""
    cited = [(m.start(), m.end()) for m in _AUTHORS.finditer(text)]
    cited_starts = [a for a, _ in cited]

    def by_authors(pos: int) -> bool:
        i = bisect_right(cited_starts, pos) - 1
        return i >= 0 and pos < cited[i][1]

    # people's names are not concepts: a run inside a citation of authors is skipped
    phrases = []
    for m in _CAP_PHRASE.finditer(text):
        a, b = m.start(1), m.end(1)
        if cited and by_authors(a):
            continue
        words = text[a:b].split()
        if any(w == "and" and (is_acronym(words[k - 1]) or is_acronym(words[k + 1])) for k, w in enumerate(words)):
            continue  # "BN and ReLU": two names listed, found one by one below
        # a sentence's capitalised first word is no part of a name: "The InfoNCE loss"
        if words[0].lower() in _OPENING_WORDS:
            a = b - len(text[a:b].split(None, 1)[1])
            if " " not in text[a:b] and "\t" not in text[a:b]:
                continue  # one word left: an acronym or a capitalised word, found below
        phrases.append((a, b))
    phrase_starts = [a for a, _ in phrases]  # phrases do not overlap: bisection finds the one around a point

    def in_phrase(pos: int) -> bool:
        i = bisect_right(phrase_starts, pos) - 1
        return i >= 0 and pos < phrases[i][1]

    verbs = lexicon.phrase_verbs()
    for a, b in phrases:
        words = text[a:b].split()
        if "and" in words:
            continue  # "Decision Trees and Ensembles": names listed (a long form with "and" is a definition's)
        # "Masked Autoencoders Are Scalable ...": a sentence; the name is what comes before its verb
        cut = next((k for k, w in enumerate(words) if w.lower() in verbs), None)
        if cut is not None:
            if cut >= 2:
                yield " ".join(words[:cut]), "phrase"
            elif cut == 1:
                yield words[0], "capword"
            continue
        yield " ".join(words), "phrase"
        # a run that crosses a flattened heading: "Mini-batch SGD BGD"
        for k in range(2, len(words)):
            yield " ".join(words[:k]), "subphrase"
        if "-" in words[-1] and not re.fullmatch(r"[A-Z0-9\-]+", words[-1]):
            yield words[-1], "inner"  # the head of "Unsupervised Pre-train": a name only if the note renders it
    for m in _ACRONYM.finditer(text):
        if text[m.start(1) - 1 : m.start(1)] == "[" and text[m.end(1) : m.end(1) + 1] == "]":
            continue  # [CLS], [MASK], [UNK]: a special token or a placeholder, written as one
        if m.group(1).rpartition("-")[2] in _MODIFIER_SUFFIXES or m.group(1).startswith("non-"):
            continue  # DDPM-style, BERT-like, non-Markovian: a name used as a modifier, not a name
        if _PLAIN_HYPHENED.fullmatch(m.group(1)) and _modifies_next(text, m.end(1)):
            continue  # "Multi-head attention": a sentence's first word, modifying the next
        inside = in_phrase(m.start(1))
        # "Self-Supervised" in "Self-Supervised Learning" is part of the phrase; "SGD" in "Mini-batch SGD" is a name
        if not inside or re.fullmatch(r"[A-Z0-9]+", m.group(1)):
            yield m.group(1), "acronym"
    for m in _HYPHEN_WORD.finditer(text):
        if not _modifies_next(text, m.end(1)):  # "k-means", not the "second-order" of "second-order methods"
            yield m.group(1), "hyphen"
    for m in _named_kind().finditer(text):
        yield m.group(0), "named"  # a term when the name is one (the vocabulary decides)
    for m in _APPOSITIVE.finditer(text):
        yield m.group(1), "appositive"
    for m in _QUOTED_NAME.finditer(text):
        if not m.group(1).islower() or " " in m.group(1) or "-" in m.group(1):
            yield m.group(1), "quoted"  # not vec("king"): a quoted everyday word is an example
    for m in _CAP_WORD.finditer(text):
        # a capitalised word inside a phrase is part of that phrase, not a name
        if not in_phrase(m.start(1)) and not (cited and by_authors(m.start(1))):
            yield m.group(1), "capword"


def named_kind_name(label: str) -> str | None:
    """The name in a Latin name with its kind word (EM 算法 -> EM, RBF 核 -> RBF).

    >>> named_kind_name("Sigmoid 函数"), named_kind_name("注意力机制")
    ('Sigmoid', None)
    """
    m = _named_kind().fullmatch(label)
    return m.group(1) if m else None


_LOWER_RUN = re.compile(r"(?<![A-Za-z0-9_\-.])[a-z]+(?:-[a-z]+)*(?:[ \t]+[a-z]+(?:-[a-z]+)*)+(?![A-Za-z0-9_\-])")


def glossary_phrases(text: str) -> Iterator[str]:
    """Lower-case English phrases of two to four words the glossary knows word
    by word ("value function", "continuous normalizing flows"): terms only if
    they render a Chinese term of the corpus (the vocabulary decides).

    >>> list(glossary_phrases("we fit the value function quickly"))
    ['value function']
    """
    for m in _LOWER_RUN.finditer(text):
        words = m.group(0).split()
        known = [_renderings(w) != () or (("-" in w) and all(_renderings(p) for p in w.split("-"))) for w in words]
        i = 0
        while i < len(words):
            if not known[i]:
                i += 1
                continue
            j = i
            while j < len(words) and known[j]:
                j += 1
            run = words[i:j]
            for n in range(2, min(4, len(run)) + 1):
                for k in range(len(run) - n + 1):
                    yield " ".join(run[k : k + n])
            i = j


_EN_RUN = re.compile(r"(?<![A-Za-z0-9_\-.'/])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:[ \t]+[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)+(?![A-Za-z0-9_\-/]|\.\w)")
_EN_LOWER = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_ADJECTIVE_END = re.compile(r"(?:ing|ed|al|ive|ar|ic|ous)$")
_SENTENCE_OPENERS = frozenset("\n.!?:;#*->|")


def english_compounds(text: str) -> Iterator[tuple[str, str]]:
    """Lower-case English noun phrases ending in a domain head word
    (english_heads.tsv): "weight decay", "stochastic gradient descent", "KL
    divergence" -- the English counterpart of ``head_compounds``, as
    ``compound`` (corpus frequency decides). A modifier is not a stop word,
    an evaluative adjective or a verb a note uses on a term
    (english_not_modifiers.txt), nor a plural ("decouples weight decay");
    an acronym modifies only the head right after it.

    A modifier and a strong head with nothing more before them are also
    ``compound2``, a term even when a short note uses it once.

    >>> sorted(set(english_compounds("We use stochastic gradient descent. Weight decay helps the final loss.")))
    [('gradient descent', 'compound'), ('stochastic gradient descent', 'compound'), ('weight decay', 'compound'), ('weight decay', 'compound2')]
    """
    heads = lexicon.english_heads()
    not_mod = lexicon.english_not_modifiers()
    known = lexicon.glossary()
    for m in _EN_RUN.finditer(text):
        words = m.group(0).split()
        j = m.start() - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if (j < 0 or text[j] in _SENTENCE_OPENERS) and words[0][:1].isupper() and words[0][1:].islower():
            words[0] = words[0].lower()  # the capital of a sentence's first word
        lower = [_EN_LOWER.fullmatch(w) is not None for w in words]

        def head(i: int) -> bool | None:  # strong, weak, or not a head
            return heads.get(singular(words[i])) if lower[i] else None

        for i in range(1, len(words)):
            if head(i) is None or (i + 1 < len(words) and head(i + 1)):
                continue  # not a head, or the compound goes on (gradient|descent)
            k, named = i, False
            while k > 0 and i - k < 3:
                w = words[k - 1]
                if not lower[k - 1]:
                    if k == i and (is_acronym(w) or re.fullmatch(r"[A-Z]\d{1,2}", w)):
                        k -= 1  # KL divergence, L2 regularization
                    elif re.fullmatch(r"[A-Z][a-z]{2,}", w):
                        k, named = k - 1, True  # a proper name: Markov chain, Nesterov accelerated gradient
                    break
                if w.endswith("ly") and k < i and words[k].endswith("ed") and w not in not_mod:
                    k -= 1  # fully connected layer: an adverb on the participle
                    break
                if w in not_mod or w.endswith("ly") or w.isdigit() or len(w) < 2:
                    break
                if w not in known and (singular(w) != w or (w.endswith("ing") and k < i)):
                    break  # a verb or a plural ("decouples weight decay"), a gerund further out
                k -= 1
            for j in range(k, i):
                yield " ".join(words[j : i + 1]), "compound"
            # (a plural head only after an adjective-like word: exploding gradients,
            # not the verb of "the policy collapses")
            if (k == i - 1 and not named and lower[k] and head(i)
                    and (singular(words[i]) == words[i] or _ADJECTIVE_END.search(words[k]))):
                # a modifier and a strong head, nothing more before them (max pooling,
                # discount factor): a term even where a short note uses it once
                yield " ".join(words[k : i + 1]), "compound2"


def rendered_in_note(labels, text: str) -> Iterator[tuple[str, str]]:
    """A hyphenated English head a Chinese note writes once (the Pre-train
    of "Unsupervised Pre-train") that the note also writes in Chinese, twice
    or more (预训练阶段 … 预训练模型): both name one term. The rendering must
    be three characters or more.

    >>> list(rendered_in_note(["Pre-train"], "先 Unsupervised Pre-train 再微调。预训练阶段很长，预训练模型很大。"))
    [('Pre-train', '预训练')]
    """
    for label in sorted(labels):
        if has_cjk(label) or is_acronym(label) or "-" not in label:
            continue
        for zh in sorted(glossary_translations(label)):
            if count_cjk(zh) >= 3 and not has_latin(zh) and text.count(zh) >= 2:
                yield label, zh
                break


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
                # when the pair recurs; once, it describes this one model
                weak = not heads[head].strong or _pos(tokens[k]) in _QUALITY_POS
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


def _is_quantity(word: str) -> bool:
    """少量, 几种, 一些, 许多: how many, said before a noun (jieba also tags 分页 "m")."""
    return len(word) > 1 and word[0] in "一二两三四五六七八九十几少若许诸" and _pos(word) == "m"


def _is_count(word: str) -> bool:
    """A numeral or count word (一项, 第二层, 两次), not a kind (三维, 二阶, 多头)."""
    return _pos(word) in ("m", "mq", "q") and not word.endswith(("维", "阶", "头", "模态"))


def _opens_term(first: str, head) -> bool:
    if len(first) == 1 or _is_count(first) or first in _OPTIMIZING:
        return False  # (最小化|交叉熵: what is done to the term, jieba's noun notwithstanding)
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


_AND = re.compile(r"([ \t]*&[ \t]*|[ \t]+and[ \t]+)")


def _shared_head(title: str) -> str:
    """"Contrastive & self-supervised learning": one English word before & or
    "and" shares the head word of the phrase after it (contrastive learning).

    >>> _shared_head("Contrastive & self-supervised learning"), _shared_head("stride & padding")
    ('Contrastive learning & self-supervised learning', 'stride & padding')
    """
    parts = _AND.split(title)
    for i in range(1, len(parts) - 1, 2):
        before, after = parts[i - 1].split(), parts[i + 1].split()
        if (len(before) == 1 and len(after) >= 2 and before[0].isascii() and before[0].isalpha()
                and singular(after[-1].lower()) in lexicon.english_heads()):
            parts[i - 1] = f"{parts[i - 1]} {after[-1]}"
    return "".join(parts)


def title_terms(title: str, tokenize) -> list[str]:
    """Short, term-like segments of a title (``对比学习综述`` -> ``对比学习``)."""
    out = []
    for seg in _TITLE_SPLIT.split(_shared_head(nfkc(title))):
        seg = re.sub(r"[(（][^()（）]*[)）]", " ", seg).strip()
        seg = re.sub(r"^[\d.]+\s*", "", seg)
        if not seg:
            continue
        seg = strip_generic_suffix(seg)
        toks = [t for t in tokenize(seg) if t.strip()]
        while toks and (toks[0] in lexicon.boundary_words() or toks[0].lower() in _OPENING_WORDS):
            toks = toks[1:]
        if not toks or any(t in lexicon.boundary_words() for t in toks):
            continue
        toks = strip_leading_verbs(toks)
        if not has_cjk(seg) and all(t.lower() in lexicon.english_not_modifiers() for t in toks):
            continue  # "What it does": function words and verbs only
        seg = strip_generic_suffix("".join(toks) if has_cjk(seg) else " ".join(toks))
        if is_term_like(seg) and (len(seg) <= 10 if has_cjk(seg) else len(seg.split()) <= 4):
            out.append(seg)
    return out


# ---------------------------------------------------------------- component
@Language.factory("kgn_harvester")
def make_harvester(nlp: Language, name: str):
    return Harvester(nlp, name)


class Harvester:
    """spaCy component: term candidates and alias pairs of one note."""

    def __init__(self, nlp: Language, name: str = "kgn_harvester"):
        self.name = name
        self.tokenizer = nlp.tokenizer

    def _tokenize(self, text: str) -> list[str]:
        seg = getattr(self.tokenizer, "segment", None)
        return seg(text) if seg else [t.text for t in self.tokenizer(text)]

    def __call__(self, doc: Doc) -> Doc:
        note: Note | None = doc._.note
        harvest = harvest_doc(doc, note, self._tokenize)
        doc._.harvest = harvest
        spans = []
        # doc.text is rebuilt from the tokens on every access; the note has it
        text = note.text if note is not None else doc.text
        for t in harvest.terms:
            if t.kind in ("definition", "naming"):
                at = text.find(t.label)  # its first place (a pattern per label would be compiled per note)
                if at >= 0:
                    span = doc.char_span(at, at + len(t.label), label=t.kind, alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
        doc.spans["kgn_candidates"] = spans
        return doc


def _alias_fits(term: str, alias: str) -> bool | None:
    """Do a title term and a front-matter alias name one thing? True when one
    holds or abbreviates the other, False when they are two different names
    (CNN and ResNet; CNN and 残差网络, whose initials start otherwise), None
    when nothing can be said (RLHF and 基于人类反馈的强化学习)."""
    a, b = norm_key(term), norm_key(alias)
    if a == b or (a in b and _holds_words(b, a)) or (b in a and _holds_words(a, b)):
        return True  # (模型轻量化 does not hold 量化: 模型|轻量化)
    if not has_cjk(term) and not has_cjk(alias):
        return any(is_acronym(x) and abbreviation_fits(x, y) for x, y in ((term, alias), (alias, term)))
    if has_cjk(term) == has_cjk(alias):
        return None
    latin, zh = (term, alias) if has_cjk(alias) else (alias, term)
    if not has_latin(zh) and norm_key(zh) in {norm_key(z) for z in glossary_translations(latin)}:
        return True  # model compression: 模型|压缩, word for word
    if has_latin(zh) or not is_acronym(latin):
        return None
    letters = initialisms(zh)
    return any(i[:1] == latin[:1].lower() for i in letters) if letters else None


def _alias_pair(first: str, other: str) -> bool:
    """Two aliases of a note that renames no title term: one thing when one
    holds or abbreviates the other, or when they are its Chinese and its
    English (残差网络, ResNet); not two Chinese phrases (GRPO 笔记, 可验证奖励)."""
    fit = _alias_fits(first, other)
    return fit is True or (fit is None and (has_cjk(first) != has_cjk(other)) and not (has_cjk(first) and has_latin(first)))


def _word_bounds(text: str, tokenize=segment) -> set[int]:
    """The offsets where a word of ``text`` starts or ends."""
    bounds, pos = {0}, 0
    for tok in tokenize(text):
        pos += len(tok)
        bounds.add(pos)
    return bounds


def _holds_words(longer: str, shorter: str) -> bool:
    """Is ``shorter`` inside ``longer`` as whole words (Latin text: anywhere)?"""
    if not has_cjk(shorter):
        return True
    bounds = _word_bounds(longer)
    at = longer.find(shorter)
    while at >= 0:
        if at in bounds and at + len(shorter) in bounds:
            return True
        at = longer.find(shorter, at + 1)
    return False


def _ends_with_word(alias: str, term: str, tokenize) -> bool:
    """Does ``alias`` end with ``term`` as whole words (深度|残差网络 ends with
    残差网络; 模型|轻量化 does not end with 量化)?"""
    if not alias.endswith(term):
        return False
    return not has_cjk(term) or len(alias) - len(term) in _word_bounds(alias, tokenize)


def _subject_the_aliases_name(title_terms: list[str], aliases: list[str]) -> str | None:
    """The title term a note's aliases rename: the first that some alias
    agrees with and none contradicts; else the first term, unless an alias
    contradicts a title term ("经典 CNN 架构：AlexNet 到 MobileNet" with aliases
    [残差网络, ResNet] renames none of them: the aliases name one thing of their own)."""
    if not title_terms:
        return None
    fits = {t: [_alias_fits(t, a) for a in aliases] for t in title_terms}
    agreed = [t for t in title_terms if True in fits[t] and False not in fits[t]]
    if agreed:
        return agreed[0]
    return None if any(False in f for f in fits.values()) else title_terms[0]


def _latin_uses(lowered: str, label: str) -> int:
    """How often a Latin label occurs in a (lower-cased) text, whatever its
    case and number: the heading "Prototypes" is used by "a prototype is"."""
    word = re.escape(singular(label.lower()))
    return len(re.findall(rf"(?<![a-z0-9]){word}(?:s|es)?(?![a-z0-9])", lowered))


def harvest_doc(doc: Doc, note: Note | None, tokenize) -> Harvest:
    text = note.text if note is not None else doc.text
    counts: Counter[tuple[str, str]] = Counter()
    pairs: list[AliasPair] = []

    def add(label: str, kind: str, n: int = 1):
        label = label.strip()
        if is_term_like(label):
            counts[(label, kind)] += n

    bold = {r.end: r.start for r in note.regions if r.kind == "bold"} if note is not None else None
    for left, parts, sentence, enumerated in parenthetical_definitions(text, tokenize, bold):
        terms, found = definition_pairs(left, parts, sentence, enumerated)
        for t in terms:
            add(t.label, t.kind)
        pairs.extend(found)
    for term, english in glossary_lines(text, tokenize):
        if text.count(term) + (text.count(english) if english else 0) >= 2:  # a term the note goes on to use
            add(term, "glossary")
            if english and is_term_like(english) and translation_agrees(term, english):
                add(english, "glossary")
                pairs.append(AliasPair(term, english, "definition", f"{term} {english}："))
    lowered = text.lower()
    for term in english_glossary_lines(text):
        if _latin_uses(lowered, term) >= 2:  # a term the note goes on to use
            add(term, "glossary")
    for short, long, sentence in full_names(text, tokenize):
        add(short, "definition")
        add(long, "definition")
        pairs.append(AliasPair(long, short, "definition", sentence))
    for left, name, sentence in [*also_called(text, tokenize), *english_also_called(text)]:
        add(left, "definition")
        add(name, "definition")
        pairs.append(AliasPair(left, name, "definition", sentence))
    for m in _CITED_TITLE.finditer(text):
        add(m.group(1), "citation")
    for label in naming_terms(text):
        add(strip_generic_suffix(label), "naming")
    english_note = note is not None and note.lang == "en"
    for label, kind in latin_names(text):
        # in English prose every sentence starts with a capital: no evidence there
        if not (english_note and kind in ("capword", "quoted", "appositive")):
            add(label, kind)
    for phrase in glossary_phrases(text):
        add(phrase, "glossphrase")
    for label, kind in english_compounds(text):
        add(label, kind)
    if note is None or note.lang != "en":
        for label, zh in rendered_in_note({label for label, kind in counts if kind == "inner"}, text):
            add(label, "rendered")
            add(zh, "rendered")
            pairs.append(AliasPair(label, zh, "rendered", ""))
    words = doc.user_data.get("kgn_words")
    spaces = doc.user_data.get("kgn_spaces")
    if words is None:
        words, spaces = [t.text for t in doc], [bool(t.whitespace_) for t in doc]
    tokens = []
    for w, sp in zip(words, spaces):
        # a run can hold a compound only if it has a head word's last character
        if len(w) > 1 and not _HEAD_ENDS.isdisjoint(w) and has_cjk(w):
            tokens.extend(tokenize(w))
        else:
            tokens.append(w)
        if sp:
            tokens.append(" ")  # a space ends a Chinese compound
    for label, kind in head_compounds(tokens):
        add(label, kind)
    for long, short in short_forms(sorted({label for label, _ in counts}), text):
        add(short, "short")
        pairs.append(AliasPair(long, short, "short", ""))
    title_found: list[str] = []
    if note is not None:
        for r in note.regions:
            # a heading or bold phrase is a term only if the note uses it again
            for part in title_terms(text[r.start : r.end], tokenize):
                n = text.count(part) if has_cjk(part) else _latin_uses(lowered, part)
                # two characters (监督, 一致) recur inside too many other words to count
                if n >= 2 and (len(part) >= 3 or not has_cjk(part)):
                    add(part, r.kind, n)
        title = note.title
        for left, parts, sentence, enumerated in parenthetical_definitions(title, tokenize):
            terms, found = definition_pairs(left, parts, title, enumerated)
            for t in terms:
                add(t.label, "title")
                title_found.append(t.label)
            pairs.extend(found)
        for seg in title_terms(title, tokenize):
            if seg not in text and seg.endswith("学习") and seg[:-2].strip() in text:
                seg = seg[:-2].strip()  # "Raft 学习笔记": 学习 is the studying, not part of a name
            if seg in text or (not has_cjk(seg) and _latin_uses(lowered, seg)):  # a title word the note never uses is not its subject
                add(seg, "title")
                title_found.append(seg)
        for label, kind in latin_names(title):
            if kind != "capword":
                add(label, "title")
                title_found.append(label)
        for tag in note.tags:
            add(tag.replace("-", " ") if re.fullmatch(r"[a-z]+(-[a-z]+)+", tag) else tag, "tag")
        for category in note.categories:
            if not has_cjk(category):
                # categories: ["Deep Learning"] names no term by itself, but it is
                # one more name of the Chinese term the glossary renders it as
                add(category, "category")
        # the aliases name the note's subject: the title term one of them ends
        # with (a Chinese name's head is last), else the title's first term --
        # unless an alias has it as the modifier of a compound (Raft 学习笔记（二）
        # with aliases [Raft日志复制, Log Replication]: Raft's log replication,
        # not Raft; but ACID特性 is ACID with a kind word); then the aliases
        # only name one thing together
        keys = [norm_key(a) for a in note.aliases if has_cjk(a)]
        ends = [t for t in title_found if any(_ends_with_word(k, norm_key(t), tokenize) for k in keys)]
        main = max(ends, key=len) if ends else _subject_the_aliases_name(title_found, note.aliases)
        in_title = [a for a in note.aliases if has_cjk(a) and len(a.strip()) >= 2 and a.strip() in title]
        if not ends and in_title:
            # "参数高效微调 PEFT:LoRA / … / Prefix Tuning" with the alias 参数高效微调:
            # an alias the title spells is the subject the others rename
            main = max(in_title, key=len)
        anchor = main or (title_found[0] if title_found else None)
        if anchor and not ends and any(k.startswith(norm_key(anchor)) and len(k) - len(norm_key(anchor)) >= 3 for k in keys):
            main = note.aliases[0]
        # one evidence for the whole list: the aliases of a note all name its
        # subject, so they are one concept (LSM-Tree, 日志结构合并树) even where
        # an abbreviation (LSM) has other senses to choose from
        listed = f"aliases: {', '.join(note.aliases)}"
        # a title naming two subjects side by side (GRPO 与 RLVR) and no alias
        # ending with either: a Chinese alias without the first may name the other
        paired = bool(main and not ends and re.search(rf"{re.escape(main)}\s*(?:与|和|、|及|&|\band\b|vs)", title))
        for alias in note.aliases:
            add(alias, "alias")
            if paired and has_cjk(alias) and norm_key(main) not in norm_key(alias):
                continue
            if main and norm_key(alias) != norm_key(main):
                pairs.append(AliasPair(main, alias, "frontmatter", listed))
            elif not main and alias != note.aliases[0] and _alias_pair(note.aliases[0], alias):
                pairs.append(AliasPair(note.aliases[0], alias, "frontmatter", listed))
    terms = [Term(label, kind, float(n)) for (label, kind), n in sorted(counts.items())]
    return Harvest(note_id=note.id if note else "", terms=terms, aliases=pairs, title_terms=list(dict.fromkeys(title_found)))

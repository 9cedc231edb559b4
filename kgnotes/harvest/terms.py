"""Is a string a term? Term-likeness (not a stop-concept, number, formula or
sentence), generic suffixes stripped, and abbreviation checks: acronyms,
Schwartz–Hearst fits, the long form before ``(ABBR)``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon
from ..text import count_cjk, has_cjk, has_latin, norm_key, singular
from .words import _is_quantity


# Function words that open a sentence (and so are capitalised) in English prose.
_OPENING_WORDS = frozenset(
    "the a an this that these those our my we it its in on at for with from by to of and or but if when while as "
    "each every both all some any no so then thus also here there why how what which who".split()
)
# No English name ends with a function word or a pronoun ("explained to
# myself", "the loss of"), nor starts with a conjunction or a preposition that
# needs a head before it ("and exploding gradients"); a pronoun may start one
# (You Only Look Once).
_NOT_LAST = _OPENING_WORDS | frozenset(
    "via between about above after before below over under into onto through without within during against among "
    "me myself us ourselves you yourself him her them themselves itself".split())
_NOT_FIRST = frozenset("and or but nor of to by with from as via than".split())
_AT_CUTOFF = re.compile(r"[A-Za-z]{2,}@(?:\d{1,3}|[kKnN])")  # Hits@10, pass@k
_GREEK = "α-ωΑ-Ω"  # (a character class: a Greek letter opens some names, ε-greedy)
_NUMERIC = re.compile(r"^[\d\s.,%+\-×x*/^eE]+$")
_FORMULA_CHARS = re.compile(r"[_=<>{}\\$^|@#~`]|\d{3,}")
_CLAUSE_PUNCT = re.compile(r"[，。！？：；、]")
_LATIN_START = re.compile(rf"[A-Za-z]|[{_GREEK}]-[A-Za-z]")  # (ε-greedy, λ-return)


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
    if _FORMULA_CHARS.search(label) and not _AT_CUTOFF.fullmatch(label):
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
    # 2PC; 3D Gaussian Splatting (a dimension before a name), not 8GB memory
    if len(words) > 6 or not (_LATIN_START.match(label) or is_acronym(words[0]) or _dimension_first(words)):
        return False
    if len(words) > 1 and any(len(w) == 1 and w != "&" for w in words) and not _INNER_ARTICLE.fullmatch(label):
        return False  # "n T", "x y": formula letters (not the a of Maximum A Posteriori)
    if len(words) > 1 and (_edge_word(words[-1]) in _NOT_LAST or _edge_word(words[0]) in _NOT_FIRST):
        return False
    return True


# an article inside a name of longer words: Maximum A Posteriori, Maximum a Posteriori
_INNER_ARTICLE = re.compile(r"[A-Za-z]{3,}(?:[ \t]+[A-Za-z]{3,})*[ \t]+[Aa][ \t]+[A-Za-z]{3,}(?:[ \t]+[A-Za-z]{3,})*")


def _dimension_first(words: list[str]) -> bool:
    return len(words) > 1 and bool(_DIMENSION.fullmatch(words[0])) and _LATIN_START.match(words[1]) is not None


_DIMENSION = re.compile(r"[1-9][Dd]")


def _edge_word(word: str) -> str:
    # an abbreviation in capitals is a name (IT, OR), not the function word
    return word if word.isupper() else word.lower()


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
    if number and not l.startswith(short[:2].lower()):  # (3DGS: 3D Gaussian Splatting writes its digit)
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


_EN_FUNCTION_WORDS = frozenset("of from for and the a an with to in on by via".split())


def _spells(short: str, long: str) -> bool:
    """The letters of ``short`` spell ``long`` from its first word on (2PC: the digit spells it)."""
    return (long[:1].lower() == short.lstrip("0123456789")[:1].lower() or short[:1].isdigit()) and abbreviation_fits(short, long)


def _long_form(short: str, words_before: str) -> str | None:
    """Schwartz–Hearst: the fewest words before ``(ABBR)`` that spell it,
    the first starting with its first letter.

    >>> _long_form("BGD", "and Batch Gradient Descent"), _long_form("2SLS", "with Two-stage least squares")
    ('Batch Gradient Descent', 'Two-stage least squares')
    """
    words = words_before.split()
    letters = "".join(c for c in short.lower() if c.isalpha())
    # 2SLS: Two-stage least squares -- a leading digit is its number word's initial
    number = _NUMBER_WORDS.get(short[:1])
    found = None
    for k in range(1, min(len(words), len(short) + 2) + 1):
        cand = " ".join(words[-k:])
        initials = _initials(cand)
        if initials == letters or (number and initials == number[0] + letters and cand.lower().startswith(number)):
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


def narrows(longer: str, shorter: str) -> bool:
    """Is ``longer`` the Latin name ``shorter`` with words before it, a kind
    of it (prefix beam search, MK-MMD)?"""
    a, b = longer.lower(), shorter.lower()
    return a != b and (a.endswith(" " + b) or a.endswith("-" + b))

"""Small text helpers shared by every stage (no pipeline knowledge here)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_KEY_DROP = re.compile(r"[\s\-_.·]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# accented Latin letters (Cramér, Polak-Ribière, Itô), which jieba cuts a word at
_ACCENTED = re.compile(r"[À-ÖØ-öø-ɏ]")
_LETTER = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")
# 的 between two words of a Chinese term is optional: 无标签的数据集 = 无标签数据集
# (not the 的 of 目的, 有的, 别的, 似的, which belongs to its word)
_LINK_DE = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?<![目有别似])的(?=[\u4e00-\u9fff]{2})")


def nfkc(text: str) -> str:
    """NFKC folds full-width letters, digits and brackets to their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


# Keys are asked for the same labels again and again (every note's harvest
# names them): memoised.
@lru_cache(maxsize=1 << 18)
def norm_key(label: str) -> str:
    """The key two surface forms of one term share: NFKC, casefold, no spaces,
    hyphens, underscores or dots (``Dual-Clip`` = ``dual clip`` = ``dualclip``)."""
    return _KEY_DROP.sub("", nfkc(label).casefold())


@lru_cache(maxsize=1 << 18)
def merge_key(label: str) -> str:
    """``norm_key`` plus English plural folding and the optional 的 of Chinese
    terms, used when grouping labels (``Positive Pairs`` = ``positive pair``;
    ``LLMs`` = ``LLM``; ``无标签的数据集`` = ``无标签数据集``)."""
    key = norm_key(label)
    if has_cjk(label):
        return _LINK_DE.sub("", key)
    return singular(key)


def plural(word: str) -> str:
    """English plural of a lower-case noun, the inverse of ``singular``:
    policy -> policies, box -> boxes, forest -> forests."""
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "sh", "ch")) else "s")


def singular(word: str) -> str:
    """English plural folding, on lower-case text: policies -> policy,
    boxes -> box, llms -> llm; not loss, focus, analysis."""
    if len(word) < 4:
        return word
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith(("xes", "sses", "shes")) and len(word) > 5:
        return word[:-2]  # boxes, losses, meshes (not caches: cache + s)
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def has_latin(text: str) -> bool:
    return bool(_LATIN.search(text))


def is_cjk_char(ch: str) -> bool:
    # comparisons, not a regex: called per character in the harvester's loops
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


_ALL_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*")


def all_cjk(text: str) -> bool:
    """Every character Chinese (True for ""), like ``all(map(is_cjk_char, text))``."""
    return _ALL_CJK.fullmatch(text) is not None


def count_cjk(text: str) -> int:
    return len(_CJK.findall(text))


# Full-width ASCII folds to half width; everything else keeps its length.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20


def fold(text: str) -> str:
    """Lower case and half width, one character for one (offsets survive)."""
    folded = text.translate(_FOLD).lower()
    if len(folded) != len(text):  # rare characters whose lower case is longer
        folded = "".join(c.translate(_FOLD).lower()[:1] or c for c in text)
    return folded


def lang_of(label: str) -> str:
    """The language tag a label gets in RDF: ``zh`` if it has any Chinese."""
    return "zh" if has_cjk(label) else "en"


def slug(text: str) -> str:
    """An IRI-safe, readable id: ASCII words joined by ``-``; Chinese kept as is."""
    text = nfkc(text).strip().lower()
    text = re.sub(r"[^\w\u3400-\u9fff]+", "-", text)
    return text.strip("-") or "x"


def glue_accented(tokens: list[str], text: str) -> list[str]:
    """jieba's tokens of ``text`` with the words it cut at an accented letter
    whole again (Cram|é|r -> Cramér); the same list when ``text`` has none."""
    if not _ACCENTED.search(text):
        return tokens
    out: list[str] = []
    for tok in tokens:
        if (out and tok and out[-1] and _LETTER.match(out[-1][-1]) and _LETTER.match(tok[0])
                and (_ACCENTED.match(out[-1][-1]) or _ACCENTED.match(tok[0]))):
            out[-1] += tok
        else:
            out.append(tok)
    return out

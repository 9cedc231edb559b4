"""Latin-script names and English phrases in prose: acronyms, CamelCase and
capitalised names (``latin_names``), a Latin name with its kind word,
lower-case phrases the glossary knows, English head-word compounds, and
English heads a Chinese note also writes in Chinese.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache

from .. import lexicon
from ..text import count_cjk, has_cjk, has_latin, norm_key, singular
from .terms import _AT_CUTOFF, _GREEK, _OPENING_WORDS, is_acronym
from .translation import _renderings, glossary_translations
from .brackets import _PEOPLE, _PERSON
from .left_term import _MATH_FUNCTIONS
from .other_names import _ACRONYM


# À-ÖØ-öø-ɏ: accented Latin letters are letters of a word (Matérn, Fréchet,
# Rényi), so no name starts inside one ("rn kernel" of "Matérn kernel")
_CAP_WORD = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])([A-Z][a-zÀ-ÖØ-öø-ɏ]{2,}(?:-[A-Za-zÀ-ÖØ-öø-ɏ]+)*)(?![A-Za-z0-9À-ÖØ-öø-ɏ_\-@])")
_CAP_PHRASE = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])((?:[A-Z][A-Za-z0-9À-ÖØ-öø-ɏ]*(?:-[A-Za-z0-9À-ÖØ-öø-ɏ]+)*)(?:[ \t]+(?:of[ \t]+|for[ \t]+|and[ \t]+)?[A-Z][A-Za-z0-9À-ÖØ-öø-ɏ]*(?:-[A-Za-z0-9À-ÖØ-öø-ɏ]+)*){1,4})(?![A-Za-z0-9À-ÖØ-öø-ɏ_\-])")
_HYPHEN_WORD = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])([a-zÀ-ÖØ-öø-ɏ]{1,8}-[a-zÀ-ÖØ-öø-ɏ]{2,12})(?![A-Za-z0-9À-ÖØ-öø-ɏ_\-])")  # n-gram, top-k
# a Greek letter and a word: ε-greedy, λ-return, λ-回报
_GREEK_NAME = re.compile(rf"(?<![\w\-])([{_GREEK}]-(?:[A-Za-z]{{2,}}(?:-[A-Za-z]+)*|[\u4e00-\u9fff]{{2,4}}))(?![\w\-])")
# a metric at a cut-off: Hits@10, Recall@k, pass@1
_AT_NAME = re.compile(rf"(?<![\w@.])({_AT_CUTOFF.pattern})(?![\w@.])")
# two capitalised words joined by &: Wide & Deep (C&W, Q&A are too short to tell)
_AMPERSAND_NAME = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.&])([A-Z][a-zÀ-ÖØ-öø-ɏ]{2,}[ \t]*&[ \t]*[A-Z][a-zÀ-ÖØ-öø-ɏ]{2,})(?![A-Za-z0-9À-ÖØ-öø-ɏ_\-&])")
# a capitalised Latin name, as a kind word or head word may follow it
_LATIN_NAME = r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])([A-Z][A-Za-z0-9À-ÖØ-öø-ɏ]*(?:-[A-Za-z0-9À-ÖØ-öø-ɏ]+)*)"
# a Latin name with the kind word that may follow it: "EM 算法", "Bradley-Terry 模型"
# (and the kind words that name the same thing as the name: CAP 定理, Raft 协议)
_NAMED_KINDS = ("算法", "模型", "方法", "方程", "不等式", "算子", "引理")


# a person's name, capitalised (Hessian, Newton-Schulz, Student-t)
_PERSON_WORD = re.compile(r"[A-Z][a-zÀ-ÖØ-öø-ɏ]{2,}(?:-[A-Za-zÀ-ÖØ-öø-ɏ][a-zÀ-ÖØ-öø-ɏ]*)*")
_PERSON_NAME = rf"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])({_PERSON_WORD.pattern})"


@cache
def _named_kind() -> re.Pattern:
    kinds = sorted(set(_NAMED_KINDS) | set(lexicon.name_kind_words()), key=len, reverse=True)
    persons = "|".join(lexicon.person_kind_words())
    return re.compile(rf"{_LATIN_NAME}([ \t]?)({'|'.join(kinds)})|{_PERSON_NAME}([ \t]?)({persons})")


def is_person_name(name: str) -> bool:
    """A capitalised name the glossary does not render as a word (Hessian,
    Jaccard, Newton-Schulz; not Attention or Embedding)."""
    return _PERSON_WORD.fullmatch(name) is not None and not _renderings(name)


def _kind_match_name(m: re.Match) -> str | None:
    """The name in a ``_named_kind`` match: any Latin name before a kind word
    of name_kind_words.txt, only a person's name before one of
    person_kind_words.txt."""
    if m.group(1):
        return m.group(1)
    return m.group(4) if is_person_name(m.group(4)) else None


@cache
def _latin_head() -> re.Pattern:
    return re.compile(rf"{_LATIN_NAME}[ \t]?({'|'.join(lexicon.latin_head_words())})")


def latin_head_compounds(text: str) -> Iterator[str]:
    """A Latin name and a head word that make a term of their own: "Huber
    损失", "Xavier 初始化", "L2 正则" (``latin_head_words.txt``), as
    ``latinhead`` (a term when the corpus uses it twice).

    >>> list(latin_head_compounds("用 Huber 损失训练，配 He 初始化；KL 散度不算。"))
    ['Huber 损失', 'He 初始化']
    """
    for m in _latin_head().finditer(text):
        yield f"{m.group(1)} {m.group(2)}"


# a Latin name right before a Chinese class noun: "Tokenizer组件", "mesh结构"
_APPOSITIVE = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])([A-Za-z][A-Za-z0-9\-]{2,30})(?=(\s?(?:组件|模块|结构|算法|模型|框架|机制|网络|架构|损失|优化器)))")
_AUTHORS = re.compile(
    rf"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])(?:{_PEOPLE}(?:[ \t]*,?[ \t]*(?:&|and)[ \t]*{_PERSON})?[ \t]*(?:等人|et[ \t]+al\b)"
    rf"|{_PEOPLE}[ \t]*&[ \t]*{_PERSON})")
# a versioned name: an acronym with its number after a slash or in brackets,
# written as one (HTTP/2, HTTP/1.1, LL(1), LALR(1)); not O(n), not f(x), not
# the SE(3) of SE(3)-Transformer
_VERSIONED_NAME = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-./])([A-Z]{2,}(?:/\d(?:\.\d)?|\(\d\)))(?![A-Za-z0-9À-ÖØ-öø-ɏ_(/\-]|\.\d)")
# two lower-case words joined by a number: word2vec, seq2seq, node2vec (a
# model's name, though written in lower case; not conv2d, fc2, utf8)
_NUMBER_JOINED = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])([a-z]{2,}[0-9][a-z]{2,})(?![A-Za-z0-9À-ÖØ-öø-ɏ_\-])")
# a Latin name in quotes inside Chinese prose: “Actor”, "Critic"
_QUOTED_NAME = re.compile(r"(?<=[“\"「])([A-Za-z][A-Za-z0-9\-]{1,30}(?: [A-Za-z][A-Za-z0-9\-]*){0,2})(?=[”\"」])")


# functions of math notation (not the activation functions, which are concepts)
_NOTATION = _MATH_FUNCTIONS - {"sigmoid", "softmax", "tanh"}
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
        if any(w == v for w, v in zip(words, words[1:])):
            continue  # "5. QLoRA QLoRA 在…": a flattened heading and the sentence under it, one name twice
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
    for m in _GREEK_NAME.finditer(text):
        yield m.group(1), "hyphen"  # ε-greedy, λ-回报: a Greek letter's name (a name when it recurs)
    for m in _AT_NAME.finditer(text):
        yield m.group(1), "hyphen"  # Hits@10, pass@k: a metric at a cut-off (a name when it recurs)
    for m in _AMPERSAND_NAME.finditer(text):
        # "Wide & Deep" (a glossary word: no pair of authors like "Ho & Salimans")
        if not (cited and by_authors(m.start(1)) and not any(_renderings(w.strip()) for w in m.group(1).split("&"))):
            yield re.sub(r"[ \t]*&[ \t]*", " & ", m.group(1)), "hyphen"
    for m in _ACRONYM.finditer(text):
        if text[m.start(1) - 1 : m.start(1)] == "[" and text[m.end(1) : m.end(1) + 1] == "]":
            continue  # [CLS], [MASK], [UNK]: a special token or a placeholder, written as one
        if text[m.end(1) : m.end(1) + 2] == "++" and not text[m.end(1) + 2 : m.end(1) + 3].isalnum():
            yield m.group(1) + "++", "acronym"  # PointNet++: a name of its own, not PointNet
            continue
        if m.group(1).rpartition("-")[2] in _MODIFIER_SUFFIXES or m.group(1).startswith("non-"):
            continue  # DDPM-style, BERT-like, non-Markovian: a name used as a modifier, not a name
        if _PLAIN_HYPHENED.fullmatch(m.group(1)) and _modifies_next(text, m.end(1)):
            continue  # "Multi-head attention": a sentence's first word, modifying the next
        inside = in_phrase(m.start(1))
        # "Self-Supervised" in "Self-Supervised Learning" is part of the phrase; "SGD" in "Mini-batch SGD" is a name
        if not inside or re.fullmatch(r"[A-Z0-9]+", m.group(1)):
            yield m.group(1), "acronym"
    for m in _NUMBER_JOINED.finditer(text):
        yield m.group(1), "acronym"
    for m in _VERSIONED_NAME.finditer(text):
        yield m.group(1), "acronym"
    for m in _HYPHEN_WORD.finditer(text):
        if not _modifies_next(text, m.end(1)):  # "k-means", not the "second-order" of "second-order methods"
            yield m.group(1), "hyphen"
    for m in _named_kind().finditer(text):
        if _kind_match_name(m):
            yield m.group(0), "named"  # a term when the name is one (the vocabulary decides)
    for m in _APPOSITIVE.finditer(text):
        if m.group(1).islower() and norm_key(m.group(1)) not in lexicon.known_terms().line_of:
            # "online 网络", "coarse 网络": an English word modifying the head, the
            # two together one term (when the notes come back to it), the word no name
            yield m.group(1) + m.group(2), "latinhead"
        else:
            yield m.group(1), "appositive"
    for m in _QUOTED_NAME.finditer(text):
        if not m.group(1).islower() or " " in m.group(1) or "-" in m.group(1):
            yield m.group(1), "quoted"  # not vec("king"): a quoted everyday word is an example
    for m in _CAP_WORD.finditer(text):
        # a capitalised word inside a phrase is part of that phrase, not a name
        if not in_phrase(m.start(1)) and not (cited and by_authors(m.start(1))):
            if text[m.end(1) : m.end(1) + 1] == "(" and m.group(1).lower() in _NOTATION:
                continue  # Var(w) = 1/n: math notation written as text
            if _NAME_PARTICLE.match(text, m.end(1)):
                continue  # López de Prado, van der Maaten: a person's name
            yield m.group(1), "capword"


# the particle of a family name after a given one: López de Prado, Vincent van Gogh
_NAME_PARTICLE = re.compile(r"[ \t]+(?:de|van|von|der|del|della|da|di|du|le|la)[ \t]+[A-Z]")


def named_kind_name(label: str) -> str | None:
    """The name in a Latin name with its kind word (EM 算法 -> EM, RBF 核 -> RBF).

    >>> named_kind_name("Sigmoid 函数"), named_kind_name("注意力机制")
    ('Sigmoid', None)
    """
    m = _named_kind().fullmatch(label)
    return _kind_match_name(m) if m else None


_LOWER_RUN = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.])[a-zÀ-ÖØ-öø-ɏ]+(?:-[a-zÀ-ÖØ-öø-ɏ]+)*(?:[ \t]+[a-zÀ-ÖØ-öø-ɏ]+(?:-[a-zÀ-ÖØ-öø-ɏ]+)*)+(?![A-Za-z0-9À-ÖØ-öø-ɏ_\-])")


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


_EN_RUN = re.compile(r"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.'/])[A-Za-zÀ-ÖØ-öø-ɏ][A-Za-z0-9À-ÖØ-öø-ɏ]*(?:-[A-Za-z0-9À-ÖØ-öø-ɏ]+)*(?:[ \t]+[A-Za-zÀ-ÖØ-öø-ɏ][A-Za-z0-9À-ÖØ-öø-ɏ]*(?:-[A-Za-z0-9À-ÖØ-öø-ɏ]+)*)+(?![A-Za-z0-9À-ÖØ-öø-ɏ_\-/]|\.\w)")
_EN_LOWER = re.compile(r"[a-zÀ-ÖØ-öø-ɏ][a-z0-9À-ÖØ-öø-ɏ]*(?:-[a-z0-9À-ÖØ-öø-ɏ]+)*")
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
                # an adverb (only, highly), not a noun in -aly (anomaly detection)
                if w in not_mod or (w.endswith("ly") and not w.endswith("aly")) or w.isdigit() or len(w) < 2:
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
    # an agent noun names a component by itself: "the encoder", "an optimizer"
    for m in _lone_heads().finditer(text):
        yield m.group(0), "compound"


@cache
def _lone_heads() -> re.Pattern:
    words = "|".join(sorted(lexicon.english_lone_heads(), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.'/])(?:{words})s?(?![A-Za-z0-9À-ÖØ-öø-ɏ_\-/])")


_OF_THE_NAME = frozenset({"score", "theorem"})


def english_short_forms(labels, text: str) -> Iterator[tuple[str, str]]:
    """An English term opening with a person's name and the name alone in
    the same note (Gini impurity … "split on Gini"): (term, name), the
    English counterpart of ``short_forms``. Not when the note's terms give
    the name two heads (Nesterov momentum, Nesterov accelerated gradient),
    nor where a word follows the name (Gini coefficient).

    >>> list(english_short_forms(["Gini impurity"], "Gini impurity is low. Trees split on Gini, or on entropy."))
    [('Gini impurity', 'Gini')]
    """
    heads = lexicon.english_heads()
    by_name: dict[str, set[str]] = {}
    for label in labels:
        if not ("A" <= label[:1] <= "Z" and " " in label):
            continue  # (a quick look first: a name opens with a capital, a term has two words)
        words = label.split()
        head = singular(words[-1].lower())
        # not a score or theorem: the Inception Score is not Inception, the network
        if len(words) >= 2 and not has_cjk(label) and head in heads and head not in _OF_THE_NAME and is_person_name(words[0]):
            by_name.setdefault(words[0], set()).add(label)
    stops = lexicon.english_stop_words()
    for name, longs in sorted(by_name.items()):
        if len(longs) > 1:
            continue
        for m in re.finditer(rf"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.]){re.escape(name)}(?![A-Za-z0-9À-ÖØ-öø-ɏ_\-])[ \t]*([A-Za-z][\w\-]*)?", text):
            if m.group(1) is None or m.group(1) in stops:
                yield next(iter(longs)), name
                break


# names joined by a hyphen (Radon-Nikodym, Black-Scholes), alone or opening a term
_HYPHENED_NAMES = re.compile(r"([A-Z][a-zÀ-ÖØ-öø-ɏ]+(?:-[A-Z][a-zÀ-ÖØ-öø-ɏ]+)+)(?:[ \t]?\S.*)?")
_KIND_AFTER = r"[ \t]?([\u4e00-\u9fff]{1,4}|[a-z]{3,})"  # a Chinese kind word, or an English one


def initialled_forms(labels, text: str) -> Iterator[tuple[str, str]]:
    """A term of names joined by a hyphen and a kind word, and the note's
    same kind word after their initials (Radon-Nikodym 导数 … RN 导数,
    Metropolis-Hastings 算法 … MH 算法): (term, short form), as written.

    >>> list(initialled_forms(["Black-Scholes"], "Black-Scholes 公式给出看涨期权价格，BS 公式假设波动率不变。"))
    [('Black-Scholes 公式', 'BS 公式')]
    """
    names = {m.group(1) for m in map(_HYPHENED_NAMES.fullmatch, labels) if m}
    if not names:
        return  # (most notes: no set of stop words to build)
    stops = lexicon.boundary_words() | lexicon.english_stop_words()
    for name in sorted(names):
        initials = "".join(part[0] for part in name.split("-"))
        found = None
        for short in re.finditer(rf"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.]){initials}{_KIND_AFTER}", text):
            run = short.group(1)
            if run in stops or run[0] in stops:
                continue  # "MH 的", "MH and": no kind word after the initials
            # the longest start of the run that also follows the names (公式 of 公式给出)
            for k in range(len(run), 1 if has_cjk(run) else len(run) - 1, -1):
                long = re.search(rf"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.]){re.escape(name)}[ \t]?{re.escape(run[:k])}", text)
                if long is not None:
                    found = long.group(0), text[short.start() : short.start(1) + k]
                    break
            if found:
                break
        if found:
            yield found


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

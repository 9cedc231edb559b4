"""The spaCy component ``kgn_harvester`` and the per-note assembly
(``harvest_doc``): every extractor run over one note, the candidates
counted by kind, the alias pairs, and which title term the front-matter
aliases rename.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.language import Language
from spacy.tokens import Doc

from .. import lexicon
from ..model import AliasPair, Harvest, Note, Term
from ..text import has_cjk, has_latin, is_cjk_char, norm_key, singular
from .words import pos_of, segment
from .terms import abbreviation_fits, is_acronym, is_term_like, strip_generic_suffix
from .translation import glossary_translations, initialisms, translation_agrees
from .brackets import definition_pairs, parenthetical_definitions
from .other_names import (
    abbreviation_is, also_called, chinese_names, english_also_called, full_names, names_in_a_setting, names_of_it,
    names_of_the_subject, section_names,
)
from .naming import english_glossary_lines, glossary_lines, naming_terms
from .latin import (
    _PLAIN_HYPHENED, english_compounds, english_short_forms, glossary_phrases, initialled_forms, is_person_name,
    latin_head_compounds, latin_names, rendered_in_note,
)
from .known import known_terms_in
from .heads import _HEAD_ENDS, head_compounds, short_forms
from .titles import title_terms


_CITED_TITLE = re.compile(r"\[\d{4}\.\d{4,5}(?:v\d+)?\]\s*((?:[A-Z][\w-]*)(?:\s+(?:[A-Z][\w-]*|of|for|and|in|with|the|a|to|via|on)){1,9})")


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
    if has_cjk(term) and has_cjk(alias):
        # 最大似然估计 and 极大似然估计: two renderings of one English name
        shared = initialisms(term) & initialisms(alias) if not has_latin(term) and not has_latin(alias) else set()
        return True if any(len(i) >= 2 for i in shared) else None
    if has_cjk(term) == has_cjk(alias):
        return None
    latin, zh = (term, alias) if has_cjk(alias) else (alias, term)
    if not has_latin(zh) and norm_key(zh) in {norm_key(z) for z in glossary_translations(latin)}:
        return True  # model compression: 模型|压缩, word for word
    if has_latin(zh) or not is_acronym(latin):
        return None
    letters = initialisms(zh)
    if not letters:
        return None
    if latin.lower() in letters:
        return True
    if all(len(i) == len(latin) for i in letters):
        return False  # MAP and 极大似然估计 (MLE): as many letters, other ones
    # (an abbreviation is often not the Chinese name's word-by-word initials:
    # SupCon, 监督对比学习; only its first letter can be checked)
    return any(i[:1] == latin[:1].lower() for i in letters)


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


def _modifies_in(name: str, alias: str) -> bool:
    """Is ``name`` the first words of the English ``alias``, modifying what
    the rest names (BEV in BEV perception; not Huber in Huber loss, a kind word)?"""
    words, first = alias.split(), name.split()
    rest = " ".join(words[len(first):])
    return (len(words) > len(first) and [w.lower() for w in words[: len(first)]] == [w.lower() for w in first]
            and rest.lower() not in {k.lower() for k in lexicon.merge_suffixes()})


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


def _ends_a_word(text: str, label: str) -> bool:
    """Does ``label`` end a word somewhere in ``text``: no Chinese after it,
    or a function word (not the 缓存 of "Java 缓存库")?"""
    for m in re.finditer(re.escape(label), text):
        nxt = text[m.end() : m.end() + 1]
        if not nxt or not is_cjk_char(nxt) or nxt in lexicon.boundary_words():
            return True
        # a verb, adverb or function word after it starts the clause's next
        # word (Johansen 检验|确定…)
        if pos_of(segment(text[m.end() : m.end() + 6])[0])[:1] in _CLAUSE_START:
            return True
    return False


_CLAUSE_START = frozenset("vdpcurf")


def _written_alone(text: str, name: str, label: str) -> bool:
    """Does ``text`` write the Latin ``name`` anywhere but in ``label``?"""
    uses = len(re.findall(rf"(?<![A-Za-z0-9À-ÖØ-öø-ɏ_\-.]){re.escape(name)}(?![A-Za-z0-9À-ÖØ-öø-ɏ_\-])", text))
    return uses > text.count(label) + text.count(label.replace(" ", "", 1))


def _latin_uses(lowered: str, label: str) -> int:
    """How often a Latin label occurs in a (lower-cased) text, whatever its
    case and number: the heading "Prototypes" is used by "a prototype is"."""
    word = re.escape(singular(label.lower()))
    return len(re.findall(rf"(?<![a-z0-9]){word}(?:s|es)?(?![a-z0-9])", lowered))


# a bold name that opens its line (a list item's lead) and is followed by a
# colon, a dash, an equals sign or a bracket: the rest of the line defines it
_LINE_OPEN = re.compile(r"(?:^|\n)[ \t]*$")
_DEFINES_AFTER = re.compile(r"[ \t]*(?:[:：=（(]|[—–]|-[ \t])")


def _leads_a_definition(text: str, start: int, end: int) -> bool:
    return bool(_LINE_OPEN.search(text, max(0, start - 80), start)) and bool(_DEFINES_AFTER.match(text, end))


_COMPARES = re.compile(r"(?i)\s(?:vs\.?|versus)\s")
_LISTING = re.compile(r"[、，,]|与|和|及|&|\band\b|\bvs\b")


def _kinds_apart(a: str, b: str) -> bool:
    """flat minima / sharp minima: one head word, other words before it that
    do not abbreviate each other (not lr schedule / learning rate schedule)."""
    wa, wb = a.split(), b.split()
    if wa[-1:] != wb[-1:] or len(wa) < 2 or len(wb) < 2:
        return False
    ma, mb = " ".join(wa[:-1]), " ".join(wb[:-1])
    return ma != mb and not abbreviation_fits(ma.replace(" ", ""), mb) and not abbreviation_fits(mb.replace(" ", ""), ma)


def _unambiguous(pairs: list[AliasPair]) -> list[AliasPair]:
    """Bracket pairs, less those of a Chinese name a note glosses with two
    English names that are not one name ("平坦"的极小值（flat minima）… "尖锐"的
    极小值（sharp minima）: the boundary lost what told them apart)."""
    english: dict[str, set[str]] = defaultdict(set)  # Chinese -> its English names, as written
    for p in pairs:
        zh, en = (p.a, p.b) if has_cjk(p.a) else (p.b, p.a)
        if has_cjk(zh) and not has_cjk(en) and not is_acronym(en):
            english[zh].add(en.lower())
    torn = {zh for zh, ens in english.items() if any(_kinds_apart(a, b) for a in ens for b in ens if a < b)}
    return [p for p in pairs if not ({p.a, p.b} & torn and not (is_acronym(p.a) or is_acronym(p.b)))]


def harvest_doc(doc: Doc, note: Note | None, tokenize) -> Harvest:
    text = note.text if note is not None else doc.text
    counts: Counter[tuple[str, str]] = Counter()
    pairs: list[AliasPair] = []

    def add(label: str, kind: str, n: int = 1):
        label = label.strip()
        if is_term_like(label):
            counts[(label, kind)] += n

    bold = {r.end: r.start for r in note.regions if r.kind == "bold"} if note is not None else None
    headings = [(r.start, r.end) for r in note.regions if r.kind == "heading"] if note is not None else []
    bracketed: list[AliasPair] = []
    for left, parts, sentence, enumerated in parenthetical_definitions(text, tokenize, bold):
        terms, found = definition_pairs(left, parts, sentence, enumerated)
        for t in terms:
            add(t.label, t.kind)
        bracketed.extend(found)
    pairs.extend(_unambiguous(bracketed))
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
    for short, long, sentence in [*full_names(text, tokenize), *abbreviation_is(text)]:
        add(short, "definition")
        add(long, "definition")
        pairs.append(AliasPair(long, short, "definition", sentence))
    for left, name, sentence in [*also_called(text, tokenize, bold), *english_also_called(text), *chinese_names(text, tokenize),
                                  *names_of_it(text, tokenize), *section_names(text, headings, tokenize),
                                  *names_of_the_subject(text), *names_in_a_setting(text, tokenize)]:
        add(left, "definition")
        add(name, "definition")
        pairs.append(AliasPair(left, name, "definition", sentence))
    for m in _CITED_TITLE.finditer(text):
        add(m.group(1), "citation")
    for label in naming_terms(text):
        add(strip_generic_suffix(label), "naming")
    english_note = note is not None and note.lang == "en"
    for label, kind in latin_names(text):
        # in English prose every sentence starts with a capital: no evidence there,
        # nor in a hyphened word so written (Two-stage, Follow-ups; not C-index) or a
        # word in capitals (AND, OR)
        if not (english_note and (kind in ("capword", "quoted", "appositive") or (
                kind == "acronym" and ((_PLAIN_HYPHENED.fullmatch(label) and label.index("-") > 1)
                                   or label.lower() in lexicon.english_stop_words())))):
            add(label, kind)
    for label in latin_head_compounds(text):
        add(label, "latinhead")
        name = label.rsplit(" ", 1)[0]
        if not is_person_name(name) or _written_alone(text, name, label) or not _ends_a_word(text, label):
            continue  # (an abbreviation or a letter is a name of its own: KL 正则, L2 范数)
        # the note never writes the person's name without this head word
        # (Johansen 检验, Cholesky 分解): the two are the note's term, even once
        add(label, "latinhead1")
    for label in known_terms_in(text, tokenize):
        add(label, "known")
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
    labels = sorted({label for label, _ in counts})
    for long, short in [*short_forms(labels, text), *english_short_forms(labels, text), *initialled_forms(labels, text)]:
        add(short, "short")
        pairs.append(AliasPair(long, short, "short", ""))
    title_found: list[str] = []
    if note is not None:
        for r in note.regions:
            # a heading or bold phrase is a term only if the note uses it again
            parts = title_terms(text[r.start : r.end], tokenize)
            for part in parts:
                n = text.count(part) if has_cjk(part) else _latin_uses(lowered, part)
                # two characters (监督, 一致) recur inside too many other words to count
                if n >= 2 and (len(part) >= 3 or not has_cjk(part)):
                    add(part, r.kind, n)
            if r.kind == "bold" and parts == [text[r.start : r.end].strip()] and not has_cjk(parts[0]) \
                    and _leads_a_definition(text, r.start, r.end):
                # "- **Right censoring**: …": the item defines the whole bold
                # name. Not in Chinese, where a lead is as often an aspect or
                # a clause (**分数视角**：…, **离线建索引**：…): measured, the
                # Chinese leads cost as much precision as they gave recall
                add(parts[0], "lead")
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
            tag = tag.rsplit("/", 1)[-1]  # a nested tag (优化/SGD) names its last part
            add(tag.replace("-", " ") if re.fullmatch(r"[a-z]+(-[a-z]+)+", tag) else tag, "tag")
        for category in note.categories:
            if not has_cjk(category):
                # categories: ["Deep Learning"] names no term by itself, but it is
                # one more name of the Chinese term the glossary renders it as
                add(category, "category")
        # an alias that sets two names side by side ("MLE vs MAP") names the
        # note's comparison, no concept, and neither name is another's alias
        aliases = [a for a in note.aliases if not _COMPARES.search(a)]
        # the aliases name the note's subject: the title term one of them ends
        # with (a Chinese name's head is last), else the title's first term --
        # unless an alias has it as the modifier of a compound (Raft 学习笔记（二）
        # with aliases [Raft日志复制, Log Replication]: Raft's log replication,
        # not Raft; but ACID特性 is ACID with a kind word); then the aliases
        # only name one thing together
        keys = [norm_key(a) for a in aliases if has_cjk(a)]
        ends = [t for t in title_found if any(_ends_with_word(k, norm_key(t), tokenize) for k in keys)]
        main = max(ends, key=len) if ends else _subject_the_aliases_name(title_found, aliases)
        in_title = [a for a in aliases if has_cjk(a) and len(a.strip()) >= 2 and a.strip() in title]
        if not ends and in_title:
            # "参数高效微调 PEFT:LoRA / … / Prefix Tuning" with the alias 参数高效微调:
            # an alias the title spells is the subject the others rename
            main = max(in_title, key=len)
        anchor = main or (title_found[0] if title_found else None)
        if anchor and not ends and (any(k.startswith(norm_key(anchor)) and len(k) - len(norm_key(anchor)) >= 3 for k in keys)
                                    or any(_modifies_in(anchor, a) for a in aliases if not has_cjk(a))):
            main = aliases[0]
        # one evidence for the whole list: the aliases of a note all name its
        # subject, so they are one concept (LSM-Tree, 日志结构合并树) even where
        # an abbreviation (LSM) has other senses to choose from
        listed = f"aliases: {', '.join(aliases)}"
        # a title naming two subjects side by side (GRPO 与 RLVR) and no alias
        # ending with either: a Chinese alias without the first may name the other
        paired = bool(main and not ends and re.search(rf"{re.escape(main)}\s*(?:与|和|、|及|&|\band\b|vs)", title))
        # "…：Classifier Guidance、CFG 与 DDIM 采样" with the alias CFG: an alias
        # the title lists beside the subject names itself, not the subject
        listed_apart = {norm_key(t) for t in title_found} if _LISTING.search(title) else set()
        for alias in aliases:
            add(alias, "alias")
            if paired and has_cjk(alias) and norm_key(main) not in norm_key(alias):
                continue
            if main and norm_key(alias) in listed_apart and norm_key(alias) != norm_key(main):
                continue
            if main and norm_key(alias) != norm_key(main):
                pairs.append(AliasPair(main, alias, "frontmatter", listed))
            elif not main and alias != aliases[0] and _alias_pair(aliases[0], alias):
                pairs.append(AliasPair(aliases[0], alias, "frontmatter", listed))
    terms = [Term(label, kind, float(n)) for (label, kind), n in sorted(counts.items())]
    return Harvest(note_id=note.id if note else "", terms=terms, aliases=pairs, title_terms=list(dict.fromkeys(title_found)))

"""merge, part 1: the corpus vocabulary, from every note's ``Harvest``.

Decides which candidates are terms (by kind of evidence and corpus
frequency), unites the labels that definitions and front matter say name one
thing, keeps ambiguous abbreviations apart (MAE the autoencoder, MAE the
loss), and picks one preferred label per language.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from . import lexicon
from .config import Settings
from .harvest import (
    _EN_FUNCTION_WORDS,
    _head_of_label,
    _renderings,
    abbreviation_fits,
    glossary_translations,
    initialisms,
    is_acronym,
    is_person_name,
    is_term_like,
    named_kind_name,
    segment,
    strip_generic_suffix,
    translation_score,
)
from .model import AliasPair, Concept, Harvest
from .text import all_cjk, has_cjk, has_latin, lang_of, merge_key, norm_key, slug

# Evidence kinds, strongest first. A term needs one strong kind, or enough
# occurrences of a weaker kind across the corpus.
STRONG = ("config", "definition", "alias", "naming", "listed", "citation", "title", "tag", "appositive", "rendered")
# quoted names count in Chinese notes only (in English prose quotes are just quotes)
MIN_COUNT = {"glossary": 1, "heading": 2, "bold": 2, "quoted": 1, "acronym": 1, "phrase": 2, "subphrase": 2, "capword": 2, "hyphen": 2, "compound": 2, "compound2": 1, "compound2w": 2, "latinhead": 2, "latinhead1": 1, "lead": 1, "known": 1}


@dataclass
class Vocabulary:
    concepts: dict[str, Concept] = field(default_factory=dict)
    label_index: dict[str, list[str]] = field(default_factory=dict)  # merge_key -> concept ids
    note_senses: dict[tuple[str, str], str] = field(default_factory=dict)  # (note, merge_key) -> concept id
    # forms of a name half in English, half in Chinese that no note defines
    # (TD 学习, 异步 DP): looked for like labels, a label where a note writes one
    renderings: dict[str, str] = field(default_factory=dict)  # surface -> concept id

    def labels(self) -> list[str]:
        return sorted({l for c in self.concepts.values() for l in c.labels})

    def token_words(self) -> list[str]:
        """Chinese labels, given to the tokenizer so they stay whole tokens."""
        return [l for l in self.labels() if has_cjk(l) and " " not in l]

    def senses(self, label: str) -> list[str]:
        return self.label_index.get(merge_key(label), [])


class _UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_CONTRAST = re.compile(r"不是|并非|不同于|区别于|而非|别和|别与|别把|不要和|不要与|不要把|不要混|混淆|搞混")


def _plain_word_links(abbr, word, links, groups, uf, split_group, given_after):
    """The Chinese names one plain English word was given (anchor, expert,
    token) that name it, and the senses they make."""
    renders = _renderings(word)

    def renders_it(key: str) -> bool:  # a Chinese label of key's group holds the word's rendering
        return any(z in name for z in renders for name in split_group(uf.find(key))[1])

    if renders and renders_it(abbr):
        # expert is 专家 already (the glossary, a definition): 大模型 (expert)
        # gives the role a thing plays, not another name for it (but
        # critic（价值模型）, the word outside, is named by the bracket)
        links = [(n, o) for n, o in links if (abbr, o) not in given_after or renders_it(o)]
        groups = {uf.find(other) for _, other in links} - {uf.find(abbr)}
    if len(groups) > 1:
        # two senses only when the names share a start and add different
        # things (anchor: 锚框 / 锚样本); translations with nothing in common
        # are one thing (token: 词元 / 标记)
        firsts = [{z[0] for z in split_group(root)[1]} for root in groups]
        if not any(x & y for i, x in enumerate(firsts) for y in firsts[i + 1 :]):
            for root in groups:
                uf.union(abbr, root)
            groups = set()
    return links, groups


def _short_name(name: str, other: str) -> bool:
    """May ``name`` have two senses, each note's own definition saying which
    (MAE, or an English word such as anchor beside its Chinese name)?"""
    if is_acronym(name):
        return not is_acronym(other)
    return re.fullmatch(r"[a-z]{3,}", name) is not None and has_cjk(other) and not has_latin(other)


def _accepted(kinds: Counter, surfaces: Counter, independent: int) -> bool:
    if any(k in kinds for k in STRONG):
        return True
    label = surfaces.most_common(1)[0][0]
    for kind, need in MIN_COUNT.items():
        if kind.startswith("compound") or kind == "subphrase":
            continue
        if kind == "acronym" and len(label) < 3:
            need += 1  # two capitals alone (AI, UI) are too often not a term
        if kinds.get(kind, 0) >= need:
            return True
    if kinds.get("phrase", 0) + kinds.get("subphrase", 0) >= MIN_COUNT["phrase"] and kinds.get("phrase"):
        return True
    if kinds.get("compound2", 0) >= MIN_COUNT["compound2"] or kinds.get("compound2w", 0) >= MIN_COUNT["compound2w"]:
        return True
    if "compound" in kinds:
        head = _head_of_label(label)
        need = MIN_COUNT["compound"] + (0 if head is None or head.strong else 1)
        return independent >= need
    return False


_WEAK_ONLY = {"title", "heading", "bold", "tag"}


def _strip_title_prefixes(kinds, surfaces, notes_of, named: set[str] = frozenset()) -> None:
    """A title term that is a known term plus a remainder names the
    remainder: 深度学习偏置 (from "深度学习偏置的作用") is about 偏置; unless
    the remainder says which side of the term the note takes up, when it
    names the term (容器原理 is about 容器). Not a term a note gives another
    name of (``named``: "分布外检测(OOD Detection)" names one thing, no 检测
    of 分布外)."""
    known = {s for key, ks in kinds.items() if set(ks) - _WEAK_ONLY for s in surfaces[key] if has_cjk(s) and len(s) >= 2}
    for key in [k for k, ks in kinds.items() if set(ks) <= _WEAK_ONLY and k not in named]:
        for label in list(surfaces[key]):
            # the longest known term the label starts with, leaving two characters or more
            prefix = next((label[:i] for i in range(len(label) - 2, 1, -1) if label[:i] in known), None)
            if prefix is None:
                continue
            rest = label[len(prefix) :]
            if rest in lexicon.aspect_or_genre_words():
                rest = prefix
            elif not is_term_like(rest):
                continue
            n = surfaces[key].pop(label)
            rk = merge_key(rest)
            surfaces[rk][rest] += n
            notes_of[rk] |= notes_of[key]
            for kind, c in kinds[key].items():
                kinds[rk][kind] += c
            if not surfaces[key]:
                del surfaces[key], kinds[key]


def _compound_independent(compounds: Counter) -> dict[str, int]:
    """Occurrences of a compound not inside a longer accepted-looking one
    (C-value's idea: 语言模型 counts apart from 大语言模型)."""
    inside: Counter = Counter()
    for key, n in compounds.items():
        if n < 2:
            continue
        # every proper suffix of a recurring compound loses these occurrences
        for i in range(1, len(key) - 1):
            if key[i:] in compounds:
                inside[key[i:]] += n
    return {key: n - inside[key] for key, n in compounds.items()}


def _capitalised_words(label: str) -> int:
    """Words written with a capital: a name's (Contrastive Learning) count, a
    sentence's first word does not ("Weight decay is ..." is weight decay)."""
    caps = [w[:1].isupper() for w in label.split()]
    if len(caps) > 1 and caps[0] and not any(caps[1:]):
        return 0
    return sum(caps)


def _pick_pref(surfaces: Counter, lang: str, defined: set[str]) -> str | None:
    cands = [s for s in surfaces if lang_of(s) == lang]
    if not cands:
        return None
    if lang == "en":
        long_forms = [s for s in cands if not is_acronym(s)]
        pool = long_forms or cands
        return max(pool, key=lambda s: (s in defined, _capitalised_words(s), surfaces[s], len(s), s))
    return max(cands, key=lambda s: (s in defined, surfaces[s], -len(s), s))


def _glossary_merge(uf: _UnionFind, accepted: set[str], surfaces, candidates=()) -> None:
    """Unite an English term with the Chinese term it translates to word for
    word, unless both already carry a definition in the other language. A
    Chinese candidate of the corpus that renders an accepted English term word
    for word is a term too (自回归语言模型 for Autoregressive LLMs)."""
    group_langs: dict[str, set[str]] = defaultdict(set)
    for k in accepted:
        group_langs[uf.find(k)] |= {lang_of(s) for s in surfaces[k]}

    def langs(root: str) -> set[str]:
        return group_langs[root]

    for key in sorted(accepted):
        label = surfaces[key].most_common(1)[0][0]
        # a mixed name (Bellman 方程) is the Chinese one with its Latin part
        # rendered (贝尔曼方程), whatever else either already has
        mixed = has_cjk(label) and has_latin(label)
        if (has_cjk(label) and not mixed) or is_acronym(label):
            continue
        # every spelling: "kl-divergence" (a tag) says nothing, "KL Divergence" does
        renderings = {zh for surface in sorted(surfaces[key]) for zh in glossary_translations(surface)}
        for zh in sorted(renderings):
            other = merge_key(zh)
            if other not in accepted and other in candidates and is_term_like(zh) and not mixed:
                accepted.add(other)
                group_langs[uf.find(other)] = {"zh"}
            if other in accepted and uf.find(other) != uf.find(key):
                if "zh" in langs(uf.find(key)) and "en" in langs(uf.find(other)) and not mixed:
                    continue
                merged = langs(uf.find(key)) | langs(uf.find(other))
                uf.union(key, other)
                group_langs[uf.find(key)] = merged
                break


_CAMEL_PART = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")


def clipped_form_of(short: str, long: str) -> bool:
    """``BatchNorm`` clips ``Batch Normalization``: as many words, each a
    prefix (of three letters or more) of the long form's word, one shorter.

    >>> clipped_form_of("LayerNorm", "Layer Normalization"), clipped_form_of("LayerNorm", "Layer Norm")
    (True, False)
    """
    parts = _CAMEL_PART.findall(short)
    words = [w for w in re.split(r"[\s\-]+", long) if w]
    if len(parts) < 2 or len(parts) != len(words):
        return False
    if not all(len(p) >= 3 and w.lower().startswith(p.lower()) for p, w in zip(parts, words)):
        return False
    return any(len(p) < len(w) for p, w in zip(parts, words))


def _clipped_merge(uf: _UnionFind, accepted: set[str], surfaces, notes_of) -> None:
    """BatchNorm and Batch Normalization in one note name one thing."""
    # long forms by word count and the first three letters of the first word
    longs: dict[tuple[int, str], list[str]] = defaultdict(list)
    for key in accepted:
        label = surfaces[key].most_common(1)[0][0]
        if not has_cjk(label) and " " in label.strip():
            words = [w for w in re.split(r"[\s\-]+", label) if w]
            longs[(len(words), words[0][:3].lower())].append(key)
    for key in sorted(accepted):
        label = surfaces[key].most_common(1)[0][0]
        if has_cjk(label) or " " in label or not re.fullmatch(r"[A-Za-z][A-Za-z0-9\-]+", label):
            continue
        parts = _CAMEL_PART.findall(label)
        if len(parts) < 2:
            continue
        cands = [
            k for k in longs.get((len(parts), parts[0][:3].lower()), ())
            if notes_of[k] & notes_of[key] and clipped_form_of(label, surfaces[k].most_common(1)[0][0])
        ]
        if len({uf.find(k) for k in cands}) == 1:
            uf.union(key, cands[0])


def _rendered_english(uf: _UnionFind, accepted: set[str], surfaces, kinds) -> None:
    """An English candidate too rare to be a term by itself (Object Detection
    once, "value function" in prose) is one when the glossary renders it word
    for word as a Chinese term of the corpus: it joins that term."""
    for key in sorted(kinds):
        if key in accepted:
            continue
        label = surfaces[key].most_common(1)[0][0]
        if has_cjk(label) or is_acronym(label) or not is_term_like(label):
            continue
        targets = {merge_key(zh) for surface in surfaces[key] for zh in glossary_translations(surface)} & accepted
        targets = {t for t in targets if has_cjk(surfaces[t].most_common(1)[0][0])}
        if len({uf.find(t) for t in targets}) == 1:
            accepted.add(key)
            uf.union(key, min(targets))


def _known_otherwise(abbr: str, names) -> bool:
    """Do the known terms abbreviate one of ``names`` as something else than
    ``abbr`` (multi-head attention is MHA, so an undefined MA is not it)?"""
    abbreviations = lexicon.known_terms().abbreviations_of
    return any((theirs := abbreviations.get(norm_key(n))) and norm_key(abbr) not in theirs for n in names)


_CAMEL_PAIR = re.compile(r"([A-Z])[a-z]{2,}([A-Z])[a-z]{2,}")  # two capitalised words run together


def _initialism_links(accepted: set[str], surfaces, notes_of, explicit: set[str], uf: _UnionFind) -> list[tuple[str, str, str]]:
    """RL and 强化学习 in one note, RL being the initials of reinforcement
    learning (or GRPO and Group Relative Policy Optimization): (note,
    abbreviation key, term key) for every abbreviation no note defines that
    the terms of its notes spell, all of them one concept."""
    by_initials: dict[str, set[str]] = defaultdict(set)
    for key in accepted:
        label = surfaces[key].most_common(1)[0][0]
        if has_cjk(label) and not has_latin(label) and len(label) <= 8:
            for ini in initialisms(label):
                if len(ini) >= 2:
                    by_initials[ini].add(key)
        elif not has_cjk(label) and not is_acronym(label):
            # an English long form: Group Relative Policy Optimization -> grpo
            words = [w for w in re.split(r"[\s\-]+", label) if w and w.lower() not in _EN_FUNCTION_WORDS]
            if 2 <= len(words) <= 6 and all(w[0].isalpha() for w in words):
                by_initials["".join(w[0] for w in words).lower()].add(key)
        elif camel := _CAMEL_PAIR.fullmatch(label):
            # BatchNorm spells BN too: a second candidate, so that BN in a note
            # with 骨干网络 (backbone network) is not taken for that
            by_initials["".join(camel.group(1, 2)).lower()].add(key)
    group_size = Counter(uf.find(k) for k in accepted)
    links = []
    for key in sorted(accepted):
        if key in explicit or group_size[uf.find(key)] > 1:
            continue  # defined, or already one with other labels: no guessing
        label = surfaces[key].most_common(1)[0][0]
        bare = label.removesuffix("s")
        if not re.fullmatch(r"[A-Z]{2,6}", bare):
            continue
        cands = {z for z in by_initials.get(bare.lower(), ())
                 if notes_of[z] & notes_of[key] and not _known_otherwise(bare, surfaces[z])}
        roots = {uf.find(z) for z in cands}
        if len(roots) == 1:
            z = min(cands)
            note = min(notes_of[z] & notes_of[key])
            links.append((note, key, z))
    return links


_NAMED_ENGLISH_KINDS = (" model", " estimator", " decomposition", " kernel")
_QUANTITY_WORDS = ("entropy", "divergence", "error", "distance", "likelihood")
_QUANTITY_ZH = ("熵", "散度", "误差", "距离", "似然")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _generic_suffix_merge(uf: _UnionFind, accepted: set[str], surfaces) -> None:
    """策略梯度方法 is 策略梯度, 交叉熵损失 is 交叉熵: a term plus a kind word
    is the term, when the term alone is also a concept of the corpus."""
    for key in sorted(accepted):
        label = surfaces[key].most_common(1)[0][0]
        rests = {strip_generic_suffix(label)}
        for suffix in lexicon.merge_suffixes():
            if label.endswith(suffix) and len(label) > len(suffix):
                rests.add(label[: -len(suffix)].rstrip(" -"))
        for suffix in lexicon.name_kind_words():
            rest = label.removesuffix(suffix)
            # "Dirichlet distribution", not "in-distribution": one hyphenated word names no "in"
            if rest.endswith("-") or (suffix.isascii() and not rest.endswith(" ")):
                continue
            if rest != label and has_latin(rest) and not has_cjk(rest):
                rests.add(rest.rstrip())
        for suffix in lexicon.person_kind_words():
            rest = label.removesuffix(suffix).rstrip()
            if rest != label and is_person_name(rest):
                rests.add(rest)
        # any last word, when one line of known_terms.tsv names both (ROC curve, ROC)
        head = label.rpartition(" ")[0]
        if head and _on_one_known_line(head, label):
            rests.add(head)
        for rest in rests:
            if rest == label or merge_key(rest) not in accepted:
                continue
            if kind_word_names_it(rest, label):
                uf.union(key, merge_key(rest))


def _on_one_known_line(a: str, b: str) -> bool:
    line = lexicon.known_terms().line_of.get(norm_key(a))
    return line is not None and lexicon.known_terms().line_of.get(norm_key(b)) == line


def kind_word_names_it(rest: str, label: str) -> bool:
    """Does ``label`` (``rest`` plus a kind word of merge_suffixes.txt) name
    what ``rest`` names? 交叉熵损失 and 交叉熵, Huber Loss and Huber, EM 算法 and EM."""
    # one line of known_terms.tsv naming both decides: InfoNCE loss is InfoNCE
    if _on_one_known_line(rest, label):
        return True
    # 奖励模型 is not 奖励, PG Loss is not PG: kind words merge only after a
    # name that is itself of that kind (交叉熵损失, Huber Loss, Bradley-Terry 模型)
    if label.endswith("模型") and not has_latin(rest):
        return False
    # the same in English: the Weibull model, the Cholesky decomposition, the
    # Kaplan-Meier estimator are the name's; a reward model is no reward
    if label.endswith(_NAMED_ENGLISH_KINDS) and (rest.islower() or has_cjk(rest)):
        return False
    if label.lower().endswith(("loss", "损失", "损失函数")) and is_acronym(rest):
        return False
    # codebook loss, actor loss: a loss named after a thing in lower case is
    # the loss of that thing; one named after a person (Huber) or a
    # quantity (cross-entropy) is that quantity
    if label.lower().endswith("loss") and not has_cjk(rest) and rest.islower() and not rest.endswith(_QUANTITY_WORDS):
        return False
    # 蒸馏损失 is not 蒸馏, 隐私损失 not 隐私: a loss named after a process or
    # a thing is what it costs; one named after a quantity (交叉熵, KL 散度) is it
    if label.endswith(("损失", "损失函数")) and has_cjk(rest) and not rest.endswith(_QUANTITY_ZH):
        return False
    return True


def _known_merge(uf: _UnionFind, accepted: set[str], surfaces, defined_abbreviations: set[str]) -> None:
    """The names one line of known_terms.tsv translates (随机梯度下降,
    stochastic gradient descent, SGD) are one concept where the notes use
    several of them -- unless the notes already joined one of them to another known
    term, or define the abbreviation themselves (their sense wins)."""
    known = lexicon.known_terms()
    by_line: dict[int, list[str]] = defaultdict(list)
    line_of_key: dict[str, int] = {}
    for key in sorted(accepted):
        lines = {known.line_of.get(norm_key(s)) for s in surfaces[key] if norm_key(s) in known.primary} - {None}
        if len(lines) != 1:
            continue
        line = lines.pop()
        if key in defined_abbreviations and any(norm_key(s) in known.abbreviations for s in surfaces[key]):
            continue
        by_line[line].append(key)
        line_of_key[key] = line
    members: dict[str, set[str]] = defaultdict(set)
    for key in line_of_key:
        members[uf.find(key)].add(key)
    for line, keys in sorted(by_line.items()):
        if len(keys) < 2:
            continue
        groups = {uf.find(k) for k in keys}
        # a group already holding another known term's name is not this one
        if any(line_of_key[m] != line for g in groups for m in members[g]):
            continue
        for k in keys[1:]:
            uf.union(keys[0], k)
        root = uf.find(keys[0])
        members[root] = set().union(*(members.pop(g, set()) for g in groups))


_DEFINING = frozenset(("definition", "alias", "naming"))


def build_vocabulary(harvests: list[Harvest], settings: Settings | None = None) -> Vocabulary:
    settings = settings or Settings()
    never = {merge_key(x) for x in settings.never}
    kinds: dict[str, Counter] = defaultdict(Counter)
    surfaces: dict[str, Counter] = defaultdict(Counter)
    notes_of: dict[str, set[str]] = defaultdict(set)
    compounds: Counter = Counter()
    defined_in: dict[str, list[str]] = defaultdict(list)
    # One pass over every term of every note (1.2 M at 10,000 notes) that only
    # adds up (label, kind) and collects each label's notes; the keys are
    # made from the distinct labels after it. Dicts keep first-seen order, so
    # every Counter below is filled in the order the terms came.
    weight_of: dict[tuple[str, str], float] = {}
    notes_of_label: dict[str, set[str]] = defaultdict(set)
    defining: list[tuple[str, str]] = []  # (label, note) in order
    get = weight_of.get
    for h in harvests:
        nid = h.note_id
        for t in h.terms:
            lk = (t.label, t.kind)
            weight_of[lk] = get(lk, 0.0) + t.weight
            notes_of_label[t.label].add(nid)
            if t.kind in _DEFINING:
                defining.append((t.label, nid))
    for (label, kind), weight in weight_of.items():
        key = merge_key(label)
        kinds[key][kind] += int(weight)
        surfaces[key][label] += int(weight)
        notes_of[key] |= notes_of_label[label]
        if kind == "compound":
            compounds[key] += int(weight)
    for label, nid in defining:
        key = merge_key(label)
        if nid not in defined_in[key]:
            defined_in[key].append(nid)
    for label in settings.always:
        key = merge_key(label)
        kinds[key]["config"] += 1
        surfaces[key][label] += 1
    pairs: list[tuple[str, AliasPair]] = [(h.note_id, p) for h in harvests for p in h.aliases]
    for label, others in settings.aliases.items():
        for other in others:
            pairs.append(("", AliasPair(label, other, "config", "kgnotes.toml")))
            for l in (label, other):
                kinds[merge_key(l)]["config"] += 1
                surfaces[merge_key(l)][l] += 1

    _strip_title_prefixes(kinds, surfaces, notes_of, {merge_key(x) for _, p in pairs if p.kind != "short" for x in (p.a, p.b)})
    independent = _compound_independent(compounds)
    accepted = {
        key
        for key in kinds
        if key not in never
        and is_term_like(surfaces[key].most_common(1)[0][0])
        and _accepted(kinds[key], surfaces[key], independent.get(key, 0))
    }

    # a Latin name with its kind word (EM 算法) is a term when the name is one
    for key, ks in kinds.items():
        if "named" in ks and key not in accepted and key not in never:
            name = named_kind_name(surfaces[key].most_common(1)[0][0])
            if name is not None and merge_key(name) in accepted:
                accepted.add(key)
    # a head-dropped short form the note uses alone (高斯分布 … 高斯) is a label
    # of its term, when that term is one (a name with its kind word counts:
    # MH 算法 of Metropolis-Hastings 算法) and the short form names only it
    short_of: dict[str, set[str]] = defaultdict(set)
    for _, p in pairs:
        if p.kind == "short" and merge_key(p.a) in accepted and merge_key(p.b) not in never and (
                not p.a.endswith(("损失", "损失函数")) or kind_word_names_it(p.b, p.a)):
            short_of[merge_key(p.b)].add(merge_key(p.a))
    short_ok = {short for short, longs in short_of.items() if len(longs) == 1}
    accepted |= short_ok

    # Unite long forms first; abbreviations join afterwards so that one
    # abbreviation defined as two different things does not weld them.
    uf = _UnionFind()
    abbrev_links: dict[str, list[tuple[str, str]]] = defaultdict(list)  # abbr key -> (note, other key)
    # long forms one sentence gives one abbreviation are one concept
    # (BPE (Byte Pair Encoding),中文叫字节对编码); in different sentences, even
    # of one note, they may be two senses set side by side
    spelled_together: dict[tuple[str, str, str], str] = {}  # (abbr key, note, sentence) -> a long form's key
    given_after: set[tuple[str, str]] = set()  # (short key, other key): the short form in the bracket
    for note, p in pairs:
        if p.kind == "short" and merge_key(p.b) not in short_ok:
            continue
        a, b = merge_key(p.a), merge_key(p.b)
        if a not in accepted or b not in accepted or a == b:
            continue
        if _short_name(p.b, p.a) or _short_name(p.a, p.b):
            abbr, other = (b, a) if _short_name(p.b, p.a) else (a, b)
            abbrev_links[abbr].append((note, other))
            if abbr == b:
                given_after.add((abbr, other))  # 大模型 (expert): the word in the bracket
            # ... unless the sentence sets them apart ("LDA(线性判别分析)——这里的
            # LDA 不是主题模型里的那个 LDA(Latent Dirichlet Allocation)")
            if note and p.evidence and not _CONTRAST.search(p.evidence):
                uf.union(spelled_together.setdefault((abbr, note, p.evidence), other), other)
        else:
            uf.union(a, b)
    for key in accepted:
        uf.find(key)
    _glossary_merge(uf, accepted, surfaces, kinds)
    _rendered_english(uf, accepted, surfaces, kinds)
    _clipped_merge(uf, accepted, surfaces, notes_of)
    for note, abbr, zh in _initialism_links(accepted, surfaces, notes_of, set(abbrev_links), uf):
        abbrev_links[abbr].append((note, zh))
    _generic_suffix_merge(uf, accepted, surfaces)
    _known_merge(uf, accepted, surfaces, set(abbrev_links))
    group_surfaces: dict[str, set[str]] = defaultdict(set)
    for key in accepted:
        group_surfaces[uf.find(key)].update(surfaces[key])
    senses: dict[tuple[str, str], str] = {}  # (note, abbr key) -> group root
    ambiguous: dict[str, set[str]] = {}
    @cache  # once per group, not once per abbreviation that may name it
    def split_group(root: str) -> tuple[list[str], list[str]]:
        """A group's Latin labels, and one Chinese label per head word (a
        Chinese label scores by its head word alone)."""
        latin, by_head = [], {}
        for s in sorted(group_surfaces.get(root, ())):  # sorted: a set's order changes with the hash seed
            if has_cjk(s):
                head = _head_of_label(s)
                by_head.setdefault(head.word if head else "", s)
            else:
                latin.append(s)
        return latin, list(by_head.values())

    @cache
    def group_words(root: str) -> frozenset[str]:
        """A group's words: Latin words, and every two characters of its Chinese labels."""
        latin, chinese = split_group(root)
        out = {w.lower() for s in latin for w in _LATIN_WORD.findall(s)}
        out |= {z[i : i + 2] for z in chinese for i in range(len(z) - 1) if all_cjk(z[i : i + 2])}
        return frozenset(out)

    kinds_of_term = lexicon.heads()
    for abbr, links in abbrev_links.items():
        roots = {uf.find(other) for _, other in links} - {uf.find(abbr)}
        if len(roots) > 1:
            # where the long form spells the abbreviation, or the Chinese head
            # agrees with it (残差网络 / ResNet), that definition beats a looser
            # one (残差 / ResNet)
            def score(root: str) -> int:
                latin, chinese = split_group(root)
                spelled = any(abbreviation_fits(a, s) for s in latin for a in surfaces[abbr])
                translated = max((translation_score(s, a) for s in chinese for a in surfaces[abbr]), default=0)
                return 2 * spelled + translated

            scores = {root: score(root) for root in roots}
            best = max(scores.values())
            if best > 0:
                # ... a looser one: a name that shares words with the best's
                # (残差 and 残差网络); an unrelated name is another sense
                # (动态规划 (DP) beside 差分隐私 (Differential Privacy, DP))
                top = [r for r in roots if scores[r] == best]
                links = [(n, o) for n, o in links
                         if scores.get(uf.find(o)) == best or not any(group_words(uf.find(o)) & group_words(t) for t in top)]
        groups = {uf.find(other) for _, other in links} - {uf.find(abbr)}
        if len(groups) > 1:
            # 证据下界 (ELBO) in one note, 变分下界 (ELBO) in another: two Chinese
            # names with one head word (下界) are one thing named twice; MAE's
            # 平均绝对误差 and 掩码自编码器 share none and stay two senses, and
            # a kind word (学习, 模型) is no head of that sort: 半监督学习 and
            # 自监督学习 are two senses of SSL
            by_head: dict[str, str] = {}
            for root in sorted(groups):
                for head in sorted({toks[-1] for z in split_group(root)[1]
                                    if len(toks := segment(z)) > 1 and len(toks[-1]) >= 2 and all_cjk(toks[-1])
                                    and toks[-1] not in kinds_of_term}):  # (not 变体|11: a number is no head)
                    if head in by_head:
                        uf.union(by_head[head], root)
                    else:
                        by_head[head] = root
            groups = {uf.find(other) for _, other in links} - {uf.find(abbr)}
        word = next(iter(surfaces[abbr]))
        if not is_acronym(word):
            links, groups = _plain_word_links(abbr, word, links, groups, uf, split_group, given_after)
        if len(groups) <= 1:
            for _, other in links:
                uf.union(abbr, other)
        else:
            ambiguous[abbr] = groups
            for note, other in links:
                senses[(note, abbr)] = uf.find(other)

    members = _members(uf, accepted, ambiguous)
    if _abbreviated_merge(uf, accepted, surfaces, ambiguous, members):
        members = _members(uf, accepted, ambiguous)  # groups were joined

    vocab = Vocabulary()
    root_to_id: dict[str, str] = {}
    used_ids: set[str] = set()
    for root, keys in sorted(members.items()):
        surf: Counter = Counter()
        defined: set[str] = set()
        evidence: Counter = Counter()
        notes: dict[str, None] = {}  # ordered, no repeats (a list scan per note was quadratic)
        for key in keys:
            surf.update(surfaces[key])
            evidence.update(kinds[key])
            if defined_in[key]:
                defined.update(surfaces[key])
                notes.update(dict.fromkeys(defined_in[key]))
        pref = {}
        for lang in ("zh", "en"):
            p = _pick_pref(surf, lang, defined)
            if p:
                pref[lang] = p
        alt = sorted(s for s in surf if s not in pref.values())
        cid = slug(pref.get("en") or pref.get("zh") or root)
        base, n = cid, 2
        while cid in used_ids:
            cid, n = f"{base}-{n}", n + 1
        used_ids.add(cid)
        order = ["config", *STRONG[1:], "glossary", "heading", "bold", "lead", "acronym", "phrase", "subphrase", "quoted", "capword", "hyphen", "latinhead", "latinhead1", "compound", "compound2", "compound2w", "known"]
        concept = Concept(
            id=cid,
            pref=pref,
            alt=alt,
            evidence=[k for k in order if k in evidence],
            defined_in=list(notes),
        )
        vocab.concepts[cid] = concept
        root_to_id[root] = cid
        for key in keys:
            vocab.label_index[key] = [cid]
        for s in surf:
            vocab.label_index.setdefault(merge_key(s), [cid])
    for abbr, groups in ambiguous.items():
        ids = sorted(root_to_id[g] for g in groups if g in root_to_id)
        vocab.label_index[abbr] = ids
        for cid in ids:
            for s in surfaces[abbr]:
                if s not in vocab.concepts[cid].labels:
                    vocab.concepts[cid].alt.append(s)
    for (note, abbr), root in senses.items():
        if root in root_to_id:
            vocab.note_senses[(note, abbr)] = root_to_id[root]
    _add_renderings(vocab, never)
    return vocab


def _members(uf: _UnionFind, accepted: set[str], ambiguous: dict) -> dict[str, list[str]]:
    """group root -> its keys, sorted (an abbreviation of two senses is in none)."""
    members: dict[str, list[str]] = defaultdict(list)
    for key in sorted(accepted):
        if key not in ambiguous:
            members[uf.find(key)].append(key)
    return members


def _abbreviated_merge(uf: _UnionFind, accepted: set[str], surfaces, ambiguous: dict, members: dict) -> bool:
    """Safe RL and Safe Reinforcement Learning, 安全 RL and 安全强化学习: a
    name that ends with an abbreviation is the name that ends with what the
    abbreviation stands for (one sense only). ``members``: group root -> its
    keys. True when groups were joined."""
    endings: list[tuple[str, str, str]] = []  # (key, the words before the abbreviation, its key)
    for key in accepted:
        if not (key[-1:].isascii() and key[-1:].isalnum()):
            continue  # (a quick look first: no Latin letter or digit at the end, no abbreviation)
        label = surfaces[key].most_common(1)[0][0]
        head, _, last = label.rpartition(" ")
        if head and is_acronym(last) and merge_key(last) in accepted and merge_key(last) not in ambiguous:
            endings.append((key, head, merge_key(last)))
    joined_any = False
    names_of: dict[str, list[str]] = {}  # group root -> the keys of its names that are no abbreviation
    for key, head, abbr in sorted(endings):
        root = uf.find(abbr)
        if root not in names_of:
            names_of[root] = sorted({merge_key(s) for k in members.get(root, ()) for s in surfaces[k] if not is_acronym(s)})
        start = merge_key(head)
        for name in names_of[root]:
            joined = start + name  # (keys have no spaces: "Safe" + "Reinforcement Learning")
            if joined in accepted and joined != key and uf.find(joined) != uf.find(key):
                uf.union(key, joined)
                joined_any = True
    return joined_any


@cache
def _primary_names_by_line() -> dict[int, tuple[str, ...]]:
    """known_terms.tsv: each line's first Chinese and first English name."""
    known = lexicon.known_terms()
    out: dict[int, list[str]] = defaultdict(list)
    for name in known.names:
        key = norm_key(name)
        if key in known.primary and key not in known.abbreviations and known.line_of[key] not in known.basic:
            out[known.line_of[key]].append(name)
    return {i: tuple(v) for i, v in out.items()}


def _field_names(labels) -> set[str]:
    """The field's own names for a concept named by the first name of a
    line of known_terms.tsv: the line's other first name (注意力 ->
    attention), which notes write without defining it."""
    known = lexicon.known_terms()
    out: set[str] = set()
    for label in labels:
        key = norm_key(label)
        if key in known.primary and key not in known.abbreviations:
            out.update(n for n in _primary_names_by_line().get(known.line_of[key], ()) if norm_key(n) != key)
    return out


def _add_renderings(vocab: Vocabulary, never: set[str]) -> None:
    """Notes write a name half translated: ``TD 学习`` for TD learning (the
    glossary renders a word, the name stays), ``异步 DP`` for 异步动态规划 (an
    abbreviation stands for the Chinese name it abbreviates in another
    concept); and the field's other name for a concept (temperature for 温度,
    ``_field_names``). Each such form that is no label already, and names
    one concept only, goes in ``vocab.renderings``."""
    # a Chinese name -> the abbreviation of its concept, where the concept has
    # one and the abbreviation names it alone (RL: 强化学习)
    by_name: dict[str, str] = {}
    for c in vocab.concepts.values():
        abbreviations = [l for l in c.labels if is_acronym(l)]
        if len(abbreviations) != 1 or len(vocab.label_index.get(merge_key(abbreviations[0]), ())) != 1:
            continue
        for label in c.labels:
            if all_cjk(label) and len(label) >= 2:
                by_name[label] = abbreviations[0]
    found: dict[str, set[str]] = defaultdict(set)  # merge key -> concept ids
    surface_of: dict[str, str] = {}
    for cid, c in sorted(vocab.concepts.items()):
        forms = set()
        for label in c.labels:
            if not has_cjk(label) and len(label.split()) >= 2:
                # one way to render it only: a name the glossary gives several
                # renderings is rendered as the notes write it, not guessed
                mixed = {z for z in glossary_translations(label, limit=2) if has_cjk(z) and has_latin(z)}
                if len(mixed) == 1:
                    forms |= mixed
            elif all_cjk(label) and len(label) > 2:
                # 离线强化学习 -> 离线 RL: the modifier stays (whole words of the
                # label), the name it modifies is abbreviated
                at = 0
                for tok in segment(label)[:-1]:
                    at += len(tok)
                    if label[at:] in by_name:
                        forms.add(f"{label[:at]} {by_name[label[at:]]}")
                        break
        forms |= _field_names(c.labels)
        for form in forms:
            key = merge_key(form)
            if key not in vocab.label_index and key not in never:
                found[key].add(cid)
                surface_of.setdefault(key, form)
    for key, ids in sorted(found.items()):
        if len(ids) == 1:
            (cid,) = ids
            vocab.renderings[surface_of[key]] = cid
            vocab.label_index[key] = [cid]

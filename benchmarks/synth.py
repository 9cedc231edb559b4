"""Deterministic synthetic corpus for benchmarks: N notes shaped like corpus/.

    python benchmarks/synth.py --notes 10000 --out benchmarks/out/corpus-10000-s0
    python benchmarks/synth.py --notes 200 --out /tmp/c --source /path/to/notes

Every note is recombined from a source folder of real Markdown notes (by
default the repo's ``corpus/``): its sentences, headings, code blocks, display
formulas and term definitions such as ``监督对比学习(Supervised Contrastive
Learning, SupCon)``. Each source term also gets numbered synthetic variants
(``对比学习-变体17(Contrastive Learning Variant 17, CL17)``) so the vocabulary
grows with N (about 0.35 concepts per note: ~3,500 at 10,000 notes).

A generated note has YAML front matter (title, date, categories, tags, and
for about a third of the notes ``aliases``), a defining first sentence with a
bilingual parenthetical, a stated relation to a broader concept, sections
of recombined source sentences in which known terms are swapped for other
generated concepts (so notes lean on concepts defined in other notes),
``$...$``/``$$...$$`` math, fenced code, lists and ``[[wikilinks]]`` to the
notes about related concepts. Notes sit in category subfolders (some nested).
Length varies around ~4,300 characters (lognormal, 800 to 20,000).

Same (source, N, seed) -> byte-identical output: only ``random.Random(seed)``
is used, source files are read in sorted order, and no set/dict iteration of
unhashed-order collections reaches the output. No network, no external data.

``generate(n, out, seed=0, source=None) -> Path`` is the same thing as a
function. A hidden ``.synth.json`` in the output records the parameters and a
fingerprint of the source (kgnotes skips dot files).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO / "corpus"
MANIFEST = ".synth.json"
GENERATOR_VERSION = 1

MEAN_CHARS = 4300  # average note length (characters) to aim for
CONCEPTS_PER_NOTE = 0.35

CJK = "\u4e00-\u9fff"
_FENCE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_DISPLAY = re.compile(r"\$\$.+?\$\$", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_WIKI = re.compile(r"\[\[([^\[\]|#\n]*)(?:#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
_REL_LINK = re.compile(r"(?<!!)\[([^\[\]\n]*)\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:)[^()\s]*\)")
_SENT_END = re.compile(r"(?<=[。！？；!?])\s*|(?<=[.;])\s+(?=[A-Z" + CJK + r"])")
# 中文术语(English Term, ABBR) / 中文术语（English Term） / English Term (ABBR)
_DEF_ZH = re.compile(
    r"([" + CJK + r"][" + CJK + r"A-Za-z0-9\-]{1,15})\s*[（(]\s*"
    r"([A-Za-z][A-Za-z0-9\- ./']{1,60}?)"
    r"(?:\s*[,，、]\s*([A-Za-z][A-Za-z0-9\-]{1,12}))?\s*[)）]"
)
_DEF_EN = re.compile(r"\b((?:[A-Z][a-z]+[ -]){1,5}[A-Z][a-z]+)\s*[（(]\s*([A-Z][A-Za-z0-9\-]{1,10})\s*[)）]")
# Strong clause breaks before a term (particles, punctuation); the term starts after them.
_ZH_CUT = re.compile(r".*(?:[的了是即、，,：:“”\"「」《》 ]|称为|叫做|就是)")

FALLBACK_TERMS = [  # only used when the source defines fewer than 8 terms
    ("对比学习", "Contrastive Learning", "CL"),
    ("自监督学习", "Self-Supervised Learning", "SSL"),
    ("注意力机制", "Attention Mechanism", None),
    ("扩散模型", "Diffusion Model", "DM"),
    ("近端策略优化", "Proximal Policy Optimization", "PPO"),
    ("残差连接", "Residual Connection", None),
    ("随机梯度下降", "Stochastic Gradient Descent", "SGD"),
    ("语言模型", "Language Model", "LM"),
]
FALLBACK_CATEGORIES = [
    ("深度学习", "deep-learning"), ("强化学习", "reinforcement-learning"),
    ("自然语言处理", "nlp"), ("计算机视觉", "cv"), ("优化", "optimization"),
    ("生成模型", "generative"), ("自监督学习", "self-supervised"),
]
FALLBACK_CODE = [
    "```python\nlogits = model(x)\nloss = criterion(logits, y)\nloss.backward()\noptimizer.step()\n```",
    "```python\nz = F.normalize(encoder(x), dim=-1)\nsim = z @ z.T / tau\n```",
]
FALLBACK_MATH = ["$$\n\\mathcal{L} = -\\log \\frac{\\exp(s_{i,j}/\\tau)}{\\sum_k \\exp(s_{i,k}/\\tau)}\n$$"]
FILLER = [  # connective sentences, in the notes' register
    "这一点在实际训练中非常重要。", "下面结合公式具体说明。", "直观上可以这样理解。",
    "实现时需要注意数值稳定性。", "这也是很多后续工作的出发点。", "先看一个简单的例子。",
]
SECTION_TITLES = ["背景", "核心思想", "方法", "公式推导", "实现细节", "实验与结论", "与其他方法的比较", "小结", "参考"]


def _end(s: str) -> str:
    """A sentence with a closing mark; a space after Latin ones."""
    s = re.sub(r"[：:；;，,、]+$", "", s)
    if re.search(r"[.!?]$", s):
        return s + " "
    return s if re.search(r"[。！？]$", s) else s + "。"


@dataclass
class Term:
    zh: str | None
    en: str | None
    abbr: str | None = None
    base: int | None = None  # index of the source term this one varies
    variant: int = 0

    def surfaces(self) -> list[str]:
        return [s for s in (self.zh, self.en, self.abbr) if s]

    def definition(self) -> str:
        """The bilingual parenthetical form: 中文(English, ABBR)."""
        inner = ", ".join(s for s in (self.en, self.abbr) if s)
        head = self.zh or self.en
        if self.zh is None:
            return f"{self.en} ({self.abbr})" if self.abbr else self.en
        return f"{head}({inner})" if inner else head

    def label(self) -> str:
        return self.zh or self.en or self.abbr or "?"


@dataclass
class Source:
    sentences: list[str] = field(default_factory=list)
    sentence_terms: list[tuple[int, str, int] | None] = field(default_factory=list)  # (term, surface, kind)
    headings: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    math: list[str] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=list)  # (name, folder)
    tags: list[str] = field(default_factory=list)
    fingerprint: str = ""
    files: int = 0


# ---------------------------------------------------------------- reading


def _source_files(source: Path) -> list[Path]:
    out = []
    for p in source.rglob("*"):
        rel = p.relative_to(source)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if p.is_file() and p.suffix.lower() in (".md", ".markdown"):
            out.append(p)
    return sorted(out, key=lambda p: p.relative_to(source).as_posix())


def _decode(raw: bytes) -> str | None:
    for enc in ("utf-8-sig", "gb18030", "big5"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    return None


def _front_matter(text: str) -> tuple[dict, str]:
    m = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", text, re.DOTALL)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), text[m.end():]


def _as_list(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [s.strip() for s in re.split(r"[,，]", v) if s.strip()]
    if isinstance(v, (list, tuple)):
        return [str(s).strip() for s in v if s is not None and str(s).strip()]
    return [str(v)]


def _english_words(en: str) -> int:
    """Words of an English name, CamelCase parts counted: 'ResNet' -> 2."""
    return len(re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", en)) or 1


_LEAD = set("在拿用把将从由被让给跟像对于和与及或也都就再叫指它这那加里上等按做即称") | {
    "使用", "得到", "改成", "这和", "一个", "防止", "相加", "通过", "采用", "引入", "提出", "所谓", "也叫",
    "又叫", "称为", "叫做", "就是", "我们", "一种", "这种", "那么", "添加", "直接", "之后", "之前"}


def _words(s: str) -> list[str]:
    import jieba  # deterministic dictionary segmentation (HMM off)

    jieba.setLogLevel(60)
    return jieba.lcut(s)


def _clean_zh_term(s: str, en: str | None) -> str | None:
    """The Chinese term right before a parenthetical, without the clause
    that leads to it. Its expected length comes from the English name
    (about two characters a word); the cut snaps to a jieba word boundary:
    '里常用三元组损失(Triplet Loss)' -> '三元组损失'."""
    m = _ZH_CUT.match(s)
    if m:
        s = s[m.end():]
    s = s.strip("-")
    if en:
        if re.fullmatch(r"[A-Z][A-Z0-9\-]{1,9}", en):  # an acronym: 大语言模型(LLM)
            keep = min(len(en) + 2, 6)
        else:
            keep = 2 * _english_words(en) + 1
        if len(s) > keep + 1:
            toks = _words(s)
            cuts, pos = [], len(s)
            for tok in reversed(toks):
                pos -= len(tok)
                cuts.append(len(s) - pos)
            best = min(cuts, key=lambda n: (abs(n - keep), n))
            s = s[-best:]
    toks = _words(s)
    while len(toks) > 1 and toks[0] in _LEAD:  # 在少样本学习 -> 少样本学习
        s = s[len(toks.pop(0)):]
    if s in _LEAD:
        return None
    if not (2 <= len(s) <= 12) or not re.match(f"[{CJK}]", s):
        return None
    return s


def _ascii_slug(s: str, default: str = "note") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    return slug[:48].strip("-") or default


def _initials(en: str) -> str:
    words = re.findall(r"[A-Za-z]+", en)
    return "".join(w[0].upper() for w in words) or "X"


def read_source(source: Path) -> Source:
    """Split the source notes into reusable pieces (deterministic order)."""
    src = Source()
    files = _source_files(source)
    src.files = len(files)
    h = hashlib.sha256()
    seen_terms: dict[str, int] = {}
    seen_sent: set[str] = set()
    seen_head: set[str] = set()
    cats: dict[str, None] = {}
    tags: dict[str, None] = {}

    def add_term(zh, en, abbr):
        zh = _clean_zh_term(zh, en) if zh else None
        en = re.sub(r"\s+", " ", en).strip(" .-/'") if en else None
        if en and (len(en) < 2 or not re.search("[A-Za-z]{2}", en)):
            en = None
        if abbr and not re.fullmatch(r"[A-Za-z][A-Za-z0-9\-]{1,12}", abbr):
            abbr = None
        if en and abbr is None and re.fullmatch(r"[A-Z][A-Z0-9\-]{1,9}", en):
            en, abbr = None, en  # 中文(ABBR)
        if not zh and not en:
            return
        key = (zh or en).casefold()
        if key in seen_terms or (en and en.casefold() in seen_terms):
            return
        seen_terms[key] = len(src.terms)
        if en:
            seen_terms[en.casefold()] = len(src.terms)
        src.terms.append(Term(zh, en, abbr))

    for path in files:
        raw = path.read_bytes()
        h.update(path.relative_to(source).as_posix().encode() + b"\0" + raw)
        text = _decode(raw)
        if text is None:
            continue
        text = text.replace("\r\n", "\n")
        meta, body = _front_matter(text)
        for c in _as_list(meta.get("categories") or meta.get("category")):
            cats.setdefault(c, None)
        for t in _as_list(meta.get("tags") or meta.get("tag")):
            tags.setdefault(t, None)
        title = str(meta.get("title") or "").strip()
        aliases = [a for a in _as_list(meta.get("aliases")) if re.search("[A-Za-z]{2}", a)]
        if re.fullmatch(f"[{CJK}]{{2,10}}", title):  # 对比学习 + aliases: [Contrastive Learning]
            en = next((a for a in aliases if " " in a or not a.isupper()), None)
            ab = next((a for a in aliases if re.fullmatch(r"[A-Z][A-Za-z0-9\-]{1,9}", a) and a != en), None)
            add_term(title, en, ab)
        for block in _FENCE.finditer(body):
            if len(block.group(0)) < 1500:
                src.code.append(block.group(0).strip())
        body = _FENCE.sub("\n", body)
        for block in _DISPLAY.finditer(body):
            if len(block.group(0)) < 600:
                src.math.append(block.group(0).strip())
        body = _DISPLAY.sub("\n", body)
        for m in _HEADING.finditer(body):
            head = _WIKI.sub(lambda w: w.group(2) or w.group(1), m.group(1)).strip()
            head = re.sub(r"^(?:\d+(?:\.\d+)*[.、)]?|[一二三四五六七八九十]+、)\s*", "", head)
            if 1 < len(head) <= 40 and head not in seen_head:
                seen_head.add(head)
                src.headings.append(head)
        body = _HEADING.sub("\n", body)
        body = _WIKI.sub(lambda w: (w.group(2) or w.group(1)).strip(), body)
        body = _REL_LINK.sub(r"\1", body)  # links to the source's own files would break
        for m in _DEF_ZH.finditer(body):
            add_term(m.group(1), m.group(2), m.group(3))
        for m in _DEF_EN.finditer(body):
            add_term(None, m.group(1), m.group(2))
        for para in re.split(r"\n\s*\n", body):
            para = re.sub(r"^\s*(?:[-*+]|\d+[.)]|>)\s+", "", para, flags=re.MULTILINE)
            para = re.sub(r"\s*\n\s*", " ", para).strip()
            for s in _SENT_END.split(para):
                s = s.strip()
                if len(s) < 8 or len(s) > 400 or s in seen_sent or s.count("$") % 2:
                    continue
                if s.startswith(("|", "<", "!", "[")):
                    continue
                seen_sent.add(s)
                src.sentences.append(s)

    for t in tags:  # tags that name a concept no definition gave
        if re.fullmatch(f"[{CJK}]{{2,8}}", t):
            add_term(t, None, None)
        elif re.fullmatch(r"[A-Z][A-Za-z0-9\-]{1,10}", t):
            add_term(None, t, None)
    if len(src.terms) < 8:
        for zh, en, abbr in FALLBACK_TERMS:
            add_term(zh, en, abbr)
    src.categories = [(c, f"c{i:02d}-{_ascii_slug(c, 'topic')}") for i, c in enumerate(cats)] or FALLBACK_CATEGORIES
    src.tags = list(tags)
    if not src.code:
        src.code = list(FALLBACK_CODE)
    if not src.math:
        src.math = list(FALLBACK_MATH)
    if not src.headings:
        src.headings = list(SECTION_TITLES)
    if not src.sentences:
        src.sentences = list(FILLER)

    # Which sentences name a known term (first one, longest surface wins).
    surf: dict[str, tuple[int, int]] = {}
    for i, t in enumerate(src.terms):
        for kind, s in enumerate((t.zh, t.en, t.abbr)):
            if s and len(s) >= 2 and s not in surf:
                surf[s] = (i, kind)
    if surf:
        alts = sorted(surf, key=lambda s: (-len(s), s))
        pat = re.compile("|".join(
            (r"(?<![A-Za-z0-9])" + re.escape(s) + r"(?![A-Za-z0-9])") if s.isascii() else re.escape(s)
            for s in alts))
        for s in src.sentences:
            m = pat.search(s)
            src.sentence_terms.append((*surf[m.group(0)], m.start()) if m else None)
    else:
        src.sentence_terms = [None] * len(src.sentences)
    h.update(f"v{GENERATOR_VERSION}".encode())
    src.fingerprint = h.hexdigest()[:16]
    return src


# ---------------------------------------------------------------- vocabulary


def make_concepts(src: Source, count: int) -> list[Term]:
    """Source terms first, then numbered variants until ``count``."""
    base = src.terms
    concepts = [Term(t.zh, t.en, t.abbr, base=None) for t in base]
    used_abbr = {t.abbr.upper() for t in base if t.abbr}
    k = len(concepts)
    while k < count:
        b_i = k % len(base)
        v = k // len(base)
        b = base[b_i]
        zh = f"{b.zh}-变体{v}" if b.zh else None
        en_root = b.en or b.abbr
        en = f"{en_root} Variant {v}" if en_root else None
        abbr = None
        if en_root:
            abbr = f"{b.abbr or _initials(en_root)}{v}"
            while abbr.upper() in used_abbr:
                abbr = abbr + "X"
            used_abbr.add(abbr.upper())
        concepts.append(Term(zh, en, abbr, base=b_i, variant=v))
        k += 1
    return concepts


# ---------------------------------------------------------------- writing


class _Writer:
    def __init__(self, src: Source, n: int, seed: int):
        self.src = src
        self.n = n
        self.rng = random.Random(seed)
        rng = self.rng
        self.concepts = make_concepts(src, max(len(src.terms), math.ceil(n * CONCEPTS_PER_NOTE)))
        C = len(self.concepts)
        # Note i is about concept perm[i % C]: every concept has a note when n >= C.
        self.perm = list(range(C))
        rng.shuffle(self.perm)
        self.note_of: dict[int, int] = {}
        for i in range(min(n, C)):
            self.note_of[self.perm[i]] = i
        # Zipf-like popularity: a few concepts are mentioned everywhere.
        pop = list(range(C))
        rng.shuffle(pop)
        self.pop_order = pop
        acc, cum = 0.0, []
        for r in range(C):
            acc += 1.0 / (r + 1) ** 0.9
            cum.append(acc)
        self.pop_cum = cum
        self.ncat = len(src.categories)
        self.sec_mean, self.sec_n = 600.0, 0  # running mean section length
        self.paths: list[str] = []
        self.titles: list[str] = []
        for i in range(n):
            c = self.perm[i % C]
            self.paths.append(self._path(i, c))
            self.titles.append(self._title(i, c))

    # -- choices
    def popular(self, k: int, exclude: int) -> list[int]:
        got = self.rng.choices(self.pop_order, cum_weights=self.pop_cum, k=k + 2)
        out: list[int] = []
        for c in got:
            if c != exclude and c not in out:
                out.append(c)
        return out[:k]

    def category(self, c: int) -> int:
        t = self.concepts[c]
        root = t.base if t.base is not None else c
        return root % self.ncat

    def _path(self, i: int, c: int) -> str:
        t = self.concepts[c]
        folder = self.src.categories[self.category(c)][1]
        if i % 3 == 0:  # a third of the notes one level deeper
            folder += f"/part-{(i // 3) % 4}"
        return f"{folder}/{i:05d}-{_ascii_slug(t.en or t.abbr or '', 'note')}.md"

    def _title(self, i: int, c: int) -> str:
        t = self.concepts[c]
        repeat = i // len(self.concepts)
        style = (i * 7 + repeat) % 4
        if repeat:
            return f"{t.label()} 笔记 {repeat + 1}"
        if style == 0 and t.en and t.zh:
            return f"{t.zh}({t.en})"
        if style == 1 and t.en:
            return f"{t.en} 学习笔记"
        return t.label()

    def surface(self, c: int, kind: int | None = None) -> str:
        t = self.concepts[c]
        forms = [t.zh, t.en, t.abbr]
        if kind is not None and forms[kind]:
            return forms[kind]
        avail = [f for f in forms if f]
        return self.rng.choice(avail)

    def link(self, c: int) -> str | None:
        j = self.note_of.get(c)
        if j is None:
            return None
        stem = Path(self.paths[j]).stem
        r = self.rng.random()
        if r < 0.5:
            return f"[[{stem}]]"
        if r < 0.8:
            return f"[[{stem}|{self.surface(c)}]]"
        return f"[[{self.titles[j]}]]"

    # -- pieces
    def sentence(self, others: list[int]) -> str:
        rng, src = self.rng, self.src
        k = rng.randrange(len(src.sentences))
        s = src.sentences[k]
        hit = src.sentence_terms[k]
        if hit and others and rng.random() < 0.7:
            term_i, kind, pos = hit
            old = [src.terms[term_i].zh, src.terms[term_i].en, src.terms[term_i].abbr][kind]
            new = self.surface(rng.choice(others), kind)
            s = s[:pos] + new + s[pos + len(old):]
        return s

    def template(self, c: int, others: list[int]) -> str:
        rng = self.rng
        me = self.surface(c)
        o = rng.choice(others) if others else c
        other = self.surface(o)
        link = self.link(o) if rng.random() < 0.35 else None
        forms = [
            f"{me} 基于 {other}。",
            f"相比 {other}，{me} 在训练稳定性上更好。",
            f"{me} 在 {other} 的基础上做了改进。",
            f"这里的 {other} 和前面提到的 {me} 经常一起使用。",
            f"{me} uses {other} as a building block.",
            f"可以把 {other} 看作 {me} 的一个组成部分。",
            f"很多实现会同时用到 {me} 和 {other}。",
        ]
        s = rng.choice(forms)
        if link:
            s += f"详见 {link}。"
        return s

    def paragraph(self, c: int, others: list[int]) -> str:
        rng = self.rng
        parts = []
        for _ in range(rng.randint(2, 6)):
            r = rng.random()
            if r < 0.22:
                parts.append(self.template(c, others))
            elif r < 0.27:
                parts.append(rng.choice(FILLER))
            else:
                parts.append(self.sentence(others))
        return "".join(_end(p) for p in parts)

    def note(self, i: int) -> tuple[str, str]:
        rng, src = self.rng, self.src
        C = len(self.concepts)
        c = self.perm[i % C]
        t = self.concepts[c]
        target = int(min(20000, max(800, rng.lognormvariate(math.log(MEAN_CHARS) - 0.23, 0.6))))
        others = self.popular(rng.randint(5, 12), exclude=c)
        broader = t.base if t.base is not None else (others[0] if others else c)
        cat_name = src.categories[self.category(c)][0]

        meta: dict = {"title": self.titles[i]}
        meta["date"] = f"{2019 + i % 6}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
        cats = [cat_name]
        if rng.random() < 0.15:
            cats.append(src.categories[rng.randrange(self.ncat)][0])
        meta["categories"] = list(dict.fromkeys(cats))
        tags = [self.surface(x, 0) for x in others[: rng.randint(1, 4)]]
        if src.tags and rng.random() < 0.5:
            tags.append(rng.choice(src.tags))
        meta["tags"] = list(dict.fromkeys(tags))
        if rng.random() < 0.33:
            meta["aliases"] = [s for s in (t.en, t.abbr) if s and s != self.titles[i]][:2] or [t.label()]
        fm = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000).strip()

        out = [f"---\n{fm}\n---\n", f"# {self.titles[i]}\n"]
        intro = f"{t.definition()}是一种{self.surface(broader, 0)}。"
        if t.base is not None:
            intro += f"{t.label()} 是 {self.surface(broader, 0)} 的一种变体，"
            intro += f"区别在于第 {t.variant} 处设计。"
        intro += self.paragraph(c, others)
        out.append(intro + "\n")
        size = sum(len(x) for x in out)
        sec = 0
        # Stop when the next section would overshoot more than undershoot.
        while size + self.sec_mean / 2 < target:
            sec += 1
            head = rng.choice(src.headings) if rng.random() < 0.6 else rng.choice(SECTION_TITLES)
            block = [f"## {sec}. {head}\n"]
            for _ in range(rng.randint(1, 3)):
                r = rng.random()
                if r < 0.12:
                    block.append(rng.choice(src.code) + "\n")
                elif r < 0.24:
                    block.append(rng.choice(src.math) + "\n")
                elif r < 0.34:
                    items = [self.sentence(others) for _ in range(rng.randint(2, 5))]
                    if rng.random() < 0.5:
                        items[0] = f"**{self.surface(rng.choice(others))}**：" + items[0]
                    block.append("\n".join(f"- {x}" for x in items) + "\n")
                else:
                    block.append(self.paragraph(c, others) + "\n")
            text = "\n".join(block)
            out.append(text)
            size += len(text)
            self.sec_n += 1
            self.sec_mean += (len(text) - self.sec_mean) / self.sec_n
        links = [lk for lk in (self.link(o) for o in others[:3]) if lk]
        if links:
            out.append("## 相关笔记\n\n" + "\n".join(f"- {lk}" for lk in links) + "\n")
        return self.paths[i], "\n".join(out)


def generate(n: int, out: str | Path, seed: int = 0, source: str | Path | None = None) -> Path:
    """Write ``n`` synthetic notes into ``out`` (replacing what a previous
    generate() left there) and return ``out``. Deterministic in (source, n, seed)."""
    out = Path(out)
    source = Path(source) if source is not None else DEFAULT_SOURCE
    if not source.is_dir():
        raise SystemExit(f"source folder not found: {source}")
    src = read_source(source)
    if src.files == 0:
        raise SystemExit(f"no .md notes under {source}")
    if out.exists():
        if not (out / MANIFEST).exists() and any(out.iterdir()):
            raise SystemExit(f"{out} exists, is not empty and was not made by synth.py; refusing to overwrite")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    w = _Writer(src, n, seed)
    total_chars = total_bytes = 0
    for i in range(n):
        rel, text = w.note(i)
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        p.write_bytes(data)
        total_chars += len(text)
        total_bytes += len(data)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "notes": n,
        "seed": seed,
        "source": str(source),
        "source_fingerprint": src.fingerprint,
        "source_files": src.files,
        "source_sentences": len(src.sentences),
        "source_terms": len(src.terms),
        "concepts": len(w.concepts),
        "chars": total_chars,
        "bytes": total_bytes,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def source_fingerprint(source: str | Path | None = None) -> str:
    return read_source(Path(source) if source is not None else DEFAULT_SOURCE).fingerprint


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notes", type=int, required=True, help="number of notes")
    ap.add_argument("--out", required=True, help="output folder (replaced if made by synth.py)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", default=None, help=f"folder of .md notes to recombine (default {DEFAULT_SOURCE})")
    a = ap.parse_args(argv)
    out = generate(a.notes, a.out, a.seed, a.source)
    m = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    print(f"wrote {m['notes']} notes to {out}: {m['chars'] / 1e6:.1f} M chars, {m['bytes'] / 1e6:.1f} MB, "
          f"{m['concepts']} concepts ({m['source_terms']} from {m['source_files']} source notes, "
          f"{m['source_sentences']} sentences)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Markdown body -> clean text with the same offsets, plus its structure.

pulldown-cmark (pyromark) finds the blocks (fenced/indented code, headings,
HTML blocks) with their ranges. Inline spans are found by the patterns below:
kgnotes blanks more than Markdown knows (LaTeX, bare URLs, placeholders) and
needs every position to point back into the file. Whatever must not be mined (code, math, URLs,
markup) is blanked with spaces, never removed, so offsets survive.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import pyromark

from .model import Link, Region

# Inline things that are not prose. Order matters: code first (it may contain $).
# Each pattern starts with a literal character and looks behind only after
# it: a pattern that starts with a look-behind is tried at every position.
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\begin\{(\w+\*?)\}.+?\\end\{\1\}", re.S)
_INLINE_MATH = re.compile(r"\$(?<![\\$\w]\$)(?=\S)[^$\n]+?(?<=\S)\$(?!\w)|\\\(.+?\\\)", re.S)
_URL = re.compile(r"(?:h(?<!\w.)ttps?://|w(?<!\w.)ww\.)[^\s<>()\[\]\u3000-\u303f\uff08\uff09\uff0c\u3002]+")
_WIKILINK = re.compile(r"!?\[\[([^\[\]|#\n]*)(#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
_MD_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*)(?:\s+\"[^\"]*\")?\)")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
# Placeholders some exporters leave where a formula or image was; the type
# marker of an Obsidian callout ("> [!TIP] 小结"), which names no concept.
_PLACEHOLDER = re.compile(r"\[(?:Math|math|公式|Formula|Image|image|图片|图)\]|\[![A-Za-z][\w-]*\][+-]?")
_LINE_MARKUP = re.compile(r"^(?P<m>\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)+)", re.M)
_SCHEME = re.compile(r"(?i)[a-z][a-z0-9+.-]*:")
_EMPH_MARK = re.compile(r"\*(?<![\w*]\*)(?=\S)|\*(?<=\S\*)(?![\w*])|~~")


@dataclass
class Parsed:
    text: str
    regions: list[Region] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def _spaces(s: str) -> str:
    """``s`` blanked: every character a space except line breaks."""
    if "\n" not in s:
        return " " * len(s)
    return "\n".join(" " * len(line) for line in s.split("\n"))


def _blank_match(m: re.Match) -> str:
    return _spaces(m.group(0))


# a link target that is a file name, not a title: a numbered slug, a path, a
# .md name, or four or more hyphenated words (not [[contrastive-learning]])
_FILE_SLUG = re.compile(r"[\x21-\x7e]*(?:^\d+[-_.][\x21-\x7e]*|/|\.md\b)[\x21-\x7e]*|[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+){3,}")


def _keep(m: re.Match, start: int, end: int) -> str:
    """The match blanked except ``[start, end)`` (absolute offsets)."""
    s, base = m.group(0), m.start()
    return _spaces(s[: start - base]) + s[start - base : end - base] + _spaces(s[end - base :])


class _Lines:
    """pulldown-cmark reports UTF-8 byte offsets; kgnotes counts characters.
    Blocks start and end on line boundaries, so converting whole lines is
    enough: byte line starts and character line starts side by side."""

    def __init__(self, text: str, raw: bytes):
        self.chars = [0] + [m.end() for m in re.finditer("\n", text)] + [len(text)]
        self.bytes = [0] + [m.end() for m in re.finditer(b"\n", raw)] + [len(raw)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Character span of the whole lines holding bytes ``[start, end)``."""
        first = bisect_right(self.bytes, start) - 1
        last = bisect_right(self.bytes, max(start, end - 1)) - 1
        last = min(last + 1, len(self.chars) - 1)
        return self.chars[min(first, len(self.chars) - 1)], self.chars[last]


def _blocks(body: str) -> tuple[list[tuple[str, int, int]], list[tuple[int, int, int]]]:
    """(code/html blocks as (kind, start, end), headings as (level, start, end)),
    whole lines, from pulldown-cmark (pyromark): CommonMark block structure in
    Rust, ~10x faster than a Python parser. Inline spans are found below with
    patterns, because kgnotes blanks more than Markdown knows (LaTeX, URLs)."""
    raw = body.encode("utf-8")
    lines = _Lines(body, raw)
    blocks, headings = [], []
    for event, where in pyromark.events_with_range(body):
        tag = event.get("Start") if type(event) is dict else None
        if tag is None:
            continue
        name = next(iter(tag)) if type(tag) is dict else tag
        if name == "CodeBlock" or name == "HtmlBlock":
            blocks.append((name, *lines.span(where["start"], where["end"])))
        elif name == "Heading":
            headings.append((int(tag["Heading"]["level"][1:]), *lines.span(where["start"], where["end"])))
    return blocks, headings


def parse_markdown(body: str) -> Parsed:
    regions: list[Region] = []
    links: list[Link] = []
    text = body
    # Blocks: code is blanked; headings are remembered.
    blocks, headings = _blocks(body) if body else ([], [])
    if blocks:
        chars = list(body)
        for kind, start, end in blocks:
            if kind == "HtmlBlock":
                for m in _HTML_TAG.finditer(body, start, end):
                    chars[m.start() : m.end()] = _spaces(m.group(0))
            else:
                chars[start:end] = _spaces(body[start:end])
        text = "".join(chars)
    for level, start, end in headings:
        line = body[start:end]
        lead = len(line) - len(line.lstrip("# \t"))
        regions.append(Region(start + lead, start + len(line.rstrip()), "heading", level))

    for pattern in (_INLINE_CODE, _DISPLAY_MATH, _INLINE_MATH, _PLACEHOLDER):
        text = pattern.sub(_blank_match, text)

    # Links: keep the shown text, blank the syntax and the target.
    def wikilink(m: re.Match) -> str:
        target, shown = m.group(1).strip(), m.group(3)
        links.append(Link(target=target, kind="wikilink", text=(shown or target).strip(), start=m.start()))
        if shown is None and _FILE_SLUG.fullmatch(target):
            # [[06-one-stage-detection-yolo-retinanet-fcos]]: a file name points
            # at a note; the words in it are not the author's prose about YOLO
            return _spaces(m.group(0))
        return _keep(m, *(m.span(3) if shown is not None else m.span(1)))

    def md_link(m: re.Match) -> str:
        target = m.group(3).split("#", 1)[0]
        kind = "url" if _SCHEME.match(target) else "markdown"
        if not m.group(1) and target:
            links.append(Link(target=target, kind=kind, text=m.group(2), start=m.start()))
        if m.group(1):  # image: nothing of it is prose
            return _spaces(m.group(0))
        return _keep(m, *m.span(2))

    def url(m: re.Match) -> str:
        links.append(Link(target=m.group(0).rstrip(".,;:"), kind="url", start=m.start()))
        return _spaces(m.group(0))

    def bold(m: re.Match) -> str:
        regions.append(Region(m.start(2), m.end(2), "bold"))
        return _keep(m, *m.span(2))

    text = _WIKILINK.sub(wikilink, text)
    text = _MD_LINK.sub(md_link, text)
    text = _URL.sub(url, text)
    text = _BOLD.sub(bold, text)
    for pattern in (_LINE_MARKUP, _EMPH_MARK, _HTML_TAG):
        text = pattern.sub(_blank_match, text)
    links.sort(key=lambda l: l.start)
    regions.sort(key=lambda r: (r.start, r.end))
    return Parsed(text=text, regions=regions, links=links)

"""Markdown body -> clean text with the same offsets, plus its structure.

markdown-it-py finds the blocks (fenced/indented code, headings, HTML blocks)
with their line ranges. Inline spans are found by the patterns below because
markdown-it's inline tokens carry no offsets and kgnotes needs every position
to point back into the file. Whatever must not be mined (code, math, URLs,
markup) is blanked with spaces, never removed, so offsets survive.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from .model import Link, Region

# Block structure only: inline spans are found below, with their offsets,
# so markdown-it's (slower) inline pass is switched off.
_MD = MarkdownIt("commonmark").disable("inline")

# Inline things that are not prose. Order matters: code first (it may contain $).
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\begin\{(\w+\*?)\}.+?\\end\{\1\}", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=\S)[^$\n]+?(?<=\S)\$(?!\w)|\\\(.+?\\\)", re.S)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]\u3000-\u303f\uff08\uff09\uff0c\u3002]+")
_WIKILINK = re.compile(r"!?\[\[([^\[\]|#\n]*)(#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
_MD_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*)(?:\s+\"[^\"]*\")?\)")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
# Placeholders some exporters leave where a formula or image was.
_PLACEHOLDER = re.compile(r"\[(?:Math|math|公式|Formula|Image|image|图片|图)\]")
_LINE_MARKUP = re.compile(r"^(?P<m>\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)+)", re.M)
_EMPH_MARK = re.compile(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|~~")


@dataclass
class Parsed:
    text: str
    regions: list[Region] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    starts.append(len(text))
    return starts


def parse_markdown(body: str) -> Parsed:
    chars = list(body)
    regions: list[Region] = []
    links: list[Link] = []
    lines = _line_starts(body)

    def span_of(line_map) -> tuple[int, int]:
        a, b = line_map
        return lines[min(a, len(lines) - 1)], lines[min(b, len(lines) - 1)]

    # Blocks: code is blanked; headings are remembered.
    for tok in _MD.parse(body):
        if tok.map is None:
            continue
        if tok.type in ("fence", "code_block", "html_block"):
            start, end = span_of(tok.map)
            if tok.type == "html_block":
                for m in _HTML_TAG.finditer(body, start, end):
                    _blank(chars, m.start(), m.end())
            else:
                _blank(chars, start, end)
        elif tok.type == "heading_open":
            start, end = span_of(tok.map)
            level = int(tok.tag[1:])
            line = body[start:end]
            lead = len(line) - len(line.lstrip("# \t"))
            regions.append(Region(start + lead, start + len(line.rstrip()), "heading", level))

    text = "".join(chars)

    def blank_all(pattern: re.Pattern) -> None:
        nonlocal text
        for m in pattern.finditer(text):
            _blank(chars, m.start(), m.end())
        text = "".join(chars)

    blank_all(_INLINE_CODE)
    blank_all(_DISPLAY_MATH)
    blank_all(_INLINE_MATH)
    blank_all(_PLACEHOLDER)

    # Links: keep the shown text, blank the syntax and the target.
    for m in _WIKILINK.finditer(text):
        target, _anchor, shown = m.group(1).strip(), m.group(2), m.group(3)
        links.append(Link(target=target, kind="wikilink", text=(shown or target).strip(), start=m.start()))
        keep = m.span(3) if shown is not None else m.span(1)
        _blank(chars, m.start(), keep[0])
        _blank(chars, keep[1], m.end())
    text = "".join(chars)
    for m in _MD_LINK.finditer(text):
        target = m.group(3).split("#", 1)[0]
        kind = "url" if re.match(r"(?i)[a-z][a-z0-9+.-]*:", target) else "markdown"
        if not m.group(1) and target:
            links.append(Link(target=target, kind=kind, text=m.group(2), start=m.start()))
        if m.group(1):  # image: nothing of it is prose
            _blank(chars, m.start(), m.end())
        else:
            _blank(chars, m.start(), m.start(2))
            _blank(chars, m.end(2), m.end())
    text = "".join(chars)
    for m in _URL.finditer(text):
        links.append(Link(target=m.group(0).rstrip(".,;:"), kind="url", start=m.start()))
    blank_all(_URL)

    for m in _BOLD.finditer(text):
        regions.append(Region(m.start(2), m.end(2), "bold"))
        _blank(chars, m.start(), m.start(2))
        _blank(chars, m.end(2), m.end())
    text = "".join(chars)
    for m in _LINE_MARKUP.finditer(text):
        _blank(chars, m.start("m"), m.end("m"))
    text = "".join(chars)
    blank_all(_EMPH_MARK)
    blank_all(_HTML_TAG)
    links.sort(key=lambda l: l.start)
    regions.sort(key=lambda r: (r.start, r.end))
    return Parsed(text=text, regions=regions, links=links)

"""read: find note files, decode them, parse front matter -> ``Note``.

Never writes anything. Bad input (binary, undecodable, huge, broken front
matter, empty) becomes a one-line warning naming the file; the rest goes on.
"""
from __future__ import annotations

import hashlib
import html
import html.parser
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

import charset_normalizer
import frontmatter
import yaml

from .markdown import Parsed, parse_markdown
from .model import Note, Region
from .text import has_cjk

NOTE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
# libyaml when PyYAML was built with it: the same safe loader, ~10x faster
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SKIP_DIRS = {".git", ".obsidian", ".trash", "node_modules", "__pycache__", ".venv"}


@dataclass
class ReadReport:
    notes: list[Note] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def find_note_files(root: Path) -> list[Path]:
    """Every note file below ``root``, sorted by relative path, skipping
    hidden and tool folders (never walked into: a vault's .git can be large)."""
    root = Path(root)
    found: list[tuple[str, str]] = []  # (relative POSIX path, absolute path)

    def walk(directory: str, rel: str) -> None:
        try:
            entries = list(os.scandir(directory))
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name in _SKIP_DIRS:
                continue
            try:
                if entry.is_dir(follow_symlinks=False):  # as rglob: a linked folder is not walked (no loops)
                    walk(entry.path, f"{rel}{name}/")
                elif os.path.splitext(name)[1].lower() in NOTE_SUFFIXES and entry.is_file():
                    found.append((f"{rel}{name}", entry.path))
            except OSError:
                continue

    walk(str(root), "")
    return [Path(path) for _rel, path in sorted(found)]


def note_id(path: Path, root: Path) -> str:
    return Path(path).relative_to(root).as_posix()


def decode(raw: bytes, name: str, warn: Callable[[str], None]) -> tuple[str, str] | None:
    """UTF-8 (with or without BOM) first; otherwise detect, and say so."""
    if b"\x00" in raw[:8192]:
        warn(f"{name}: skipped, looks like a binary file")
        return None
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        warn(f"{name}: skipped, cannot tell its text encoding")
        return None
    encoding = best.encoding
    # GB2312/GBK are subsets of GB18030: decode with the superset.
    if encoding.replace("_", "").lower() in {"gb2312", "gbk", "gb18030", "hz"}:
        encoding = "gb18030"
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        warn(f"{name}: skipped, cannot decode as {encoding}")
        return None
    warn(f"{name}: not UTF-8, read as {encoding} (detected)")
    return text, encoding


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[,，]", value) if v.strip()]
    if isinstance(value, (list, tuple, set)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value)]


def _as_date(value) -> str | None:
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if value:
        m = re.match(r"\d{4}-\d{1,2}-\d{1,2}", str(value))
        return m.group(0) if m else None
    return None


def _split_front_matter(text: str, name: str, warn) -> tuple[dict, str, int]:
    """(metadata, body, body offset). Broken YAML: warn, keep the body."""
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return {}, text, 0
    try:
        fm, content = handler.split(text)
    except ValueError:
        return {}, text, 0
    offset = text.find(content, len(fm)) if content else len(text)
    offset = max(offset, 0)
    try:
        meta = yaml.load(fm, Loader=_YAML_LOADER) or {}
        if not isinstance(meta, dict):
            raise yaml.YAMLError("front matter is not a mapping")
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
        warn(f"{name}: front matter ignored, not valid YAML ({first})")
        return {}, text[offset:], offset
    return meta, text[offset:], offset


class _HTMLText(html.parser.HTMLParser):
    """Visible text of an HTML note, with its title, headings and bold."""

    _SKIP = {"script", "style", "code", "pre", "math", "head"}
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0
        self.title = ""
        self.regions: list[Region] = []
        self._stack: list[tuple[str, int]] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        if tag in self._SKIP and tag != "head":
            self._skip += 1
        if tag in self._BLOCK:
            self._add("\n")
        self._stack.append((tag, self.size))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP and tag != "head" and self._skip:
            self._skip -= 1
        while self._stack:
            open_tag, start = self._stack.pop()
            if open_tag == tag:
                if re.fullmatch(r"h[1-6]", tag):
                    self.regions.append(Region(start, self.size, "heading", int(tag[1])))
                elif tag in ("strong", "b"):
                    self.regions.append(Region(start, self.size, "bold"))
                break
        if tag in self._BLOCK:
            self._add("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self._add(data)

    def _add(self, s: str):
        self.parts.append(s)
        self.size += len(s)


def _parse_html(text: str) -> tuple[str, Parsed]:
    p = _HTMLText()
    p.feed(text)
    p.close()
    parsed = parse_markdown("")
    parsed.text = "".join(p.parts)
    parsed.regions = sorted(p.regions, key=lambda r: (r.start, r.end))
    return html.unescape(p.title).strip(), parsed


# A blog export's byline: "Posted on March 3, 2024 in …", "发表于 2023-05-01 分类于 …",
# on a line of its own or after the title on the first line
_BYLINE_CUE = r"(?:posted on|published on|发表于|发布于)"
_BYLINE = re.compile(rf"[ \t]*(?:{_BYLINE_CUE}|posted|published)[ \t]", re.I)
_INLINE_BYLINE = re.compile(rf"[ \t]{_BYLINE_CUE}[ \t]", re.I)


def _title_from(meta: dict, parsed: Parsed, path: Path) -> str:
    if meta.get("title"):
        return str(meta["title"]).strip()
    for r in parsed.regions:
        if r.kind == "heading" and r.level == 1:
            return parsed.text[r.start : r.end].strip()
    # a flattened blog post: its title is the line before the byline, or
    # what the first line holds before the byline starts
    lines = [l.strip() for l in parsed.text.split("\n") if l.strip()][:2]
    if lines:
        inline = _INLINE_BYLINE.search(lines[0])
        if inline and 2 <= inline.start() <= 80:
            return lines[0][: inline.start()].strip()
        if len(lines) == 2 and _BYLINE.match(lines[1]) and len(lines[0]) <= 80:
            return lines[0]
        # an export named by a slug (17-weight-init.md): a short first line
        # that is no sentence, nor a section heading ("## 背景"), is the title
        # the slug was made from
        if len(lines) == 2 and _SLUG.fullmatch(path.stem) and _TITLE_LINE.fullmatch(lines[0]):
            first = parsed.text.find(lines[0])
            if not any(r.kind == "heading" and r.start <= first < r.end for r in parsed.regions):
                return lines[0]
    return path.stem


_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")
# no sentence (。!? inside or at the end, a colon ending a lead-in), list item, quote, link, image or table
_TITLE_LINE = re.compile(r"(?![-*+>|!\[#]|\d+[.、)])[^。！？!?；;\n]{2,60}(?<![:：,，])")


def read_note(path: Path, root: Path, warn: Callable[[str], None], max_bytes: int) -> Note | None:
    name = note_id(path, root)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            warn(f"{name}: skipped, {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit ([read] max_file_mb)")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        warn(f"{name}: skipped, cannot read ({exc.strerror or exc})")
        return None
    decoded = decode(raw, name, warn)
    if decoded is None:
        return None
    text, encoding = decoded
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    suffix = path.suffix.lower()
    meta, body, offset = ({}, text, 0) if suffix in (".html", ".htm") else _split_front_matter(text, name, warn)
    if suffix in (".html", ".htm"):
        html_title, parsed = _parse_html(body)
        meta = {"title": html_title} if html_title else {}
    elif suffix == ".txt":
        parsed = parse_markdown("")
        parsed.text = body
    else:
        parsed = parse_markdown(body)
    title = _title_from(meta, parsed, path)
    if not parsed.text.strip() and not meta:
        warn(f"{name}: empty note, kept with its file name as title")
    aliases = _as_list(meta.get("aliases") or meta.get("alias"))
    return Note(
        id=name,
        path=path.resolve(),
        title=title,
        text=parsed.text,
        body_offset=offset,
        date=_as_date(meta.get("date")),
        categories=_as_list(meta.get("categories") or meta.get("category")),
        tags=list(dict.fromkeys([*_as_list(meta.get("tags") or meta.get("tag")), *_inline_tags(parsed.text, suffix)])),
        aliases=aliases,
        regions=parsed.regions,
        links=parsed.links,
        encoding=encoding,
        sha=hashlib.sha1(raw).hexdigest(),
        lang="zh" if has_cjk(title + parsed.text[:20000]) else "en",
    )


# An Obsidian tag in the text: "#深度学习", "#优化/SGD" (not "# 标题", "#1", "C#")
_INLINE_TAG = re.compile(r"(?<!\S)#([^\s#]+)")
_TAG_END = "，。、；：！？,.;:!?)）]】\"'”’"


def _inline_tags(text: str, suffix: str) -> list[str]:
    if suffix not in (".md", ".markdown") or "#" not in text:
        return []
    tags = []
    for m in _INLINE_TAG.finditer(text):
        tag = m.group(1).rstrip(_TAG_END)
        if tag and not tag.replace("/", "").isdigit() and not tag[0].isdigit():
            tags.append(tag)
    return tags


def to_simplified(text: str) -> str:
    """繁體 -> 简体 with OpenCC, one character for one so offsets survive."""
    converter = _opencc()
    out = converter.convert(text)
    if len(out) != len(text):  # a phrase rule changed the length: per character
        out = "".join(converter.convert(ch) or ch for ch in text)
    return out


@cache
def _opencc():
    import opencc

    return opencc.OpenCC("t2s.json")


def _simplify(note: Note) -> Note:
    note.title = to_simplified(note.title)
    note.text = to_simplified(note.text)
    note.aliases = [to_simplified(a) for a in note.aliases]
    note.tags = [to_simplified(t) for t in note.tags]
    note.categories = [to_simplified(c) for c in note.categories]
    return note


def read_file(path: Path, root: Path, warn: Callable[[str], None], max_mb: float = 20.0, simplified: bool = False) -> Note | None:
    """One note file -> Note (None, with a warning, when it cannot be read)."""
    note = read_note(path, Path(root), warn, int(max_mb * 1e6))
    if note is not None and simplified:
        note = _simplify(note)
    return note


def read_corpus(root: Path, warn: Callable[[str], None], max_mb: float = 20.0, simplified: bool = False) -> Iterator[Note]:
    for path in find_note_files(root):
        note = read_file(path, root, warn, max_mb, simplified)
        if note is not None:
            yield note

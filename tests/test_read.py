"""read: files, encodings, front matter, Markdown structure."""
from __future__ import annotations

from kgnotes.corpus import find_note_files, read_corpus
from kgnotes.markdown import parse_markdown

SUPCON_NOTE = """---
title: 监督对比学习
date: 2025-03-02
categories: [Contrastive Learning]
tags: [supcon, 对比学习]
aliases: [SupCon, Supervised Contrastive Learning]
---
# 监督对比学习

监督对比学习(Supervised Contrastive Learning, SupCon)是对比学习在有监督场景下的扩展，见 [[对比学习|对比学习笔记]] 和 [InfoNCE](../basics/infonce.md)。

损失写成 $\\mathcal{L}_{sup} = -\\sum_i \\log p_i$，代码里是 `SupConLoss(temperature=0.07)`：

```python
criterion = SupConLoss(temperature=0.07)  # AdamW 不该在这里被当成概念
```

$$
\\frac{\\exp(z_i \\cdot z_p / \\tau)}{\\sum_a \\exp(z_i \\cdot z_a / \\tau)}
$$
论文: https://arxiv.org/abs/2004.11362
"""


def _read(root):
    warnings = []
    notes = list(read_corpus(root, warnings.append))
    return notes, warnings


def test_front_matter_and_structure(write_note):
    root = write_note("contrastive/supcon.md", SUPCON_NOTE)
    (note,), warnings = _read(root)
    assert warnings == []
    assert note.id == "contrastive/supcon.md"
    assert note.title == "监督对比学习"
    assert note.date == "2025-03-02"
    assert note.categories == ["Contrastive Learning"]
    assert note.aliases == ["SupCon", "Supervised Contrastive Learning"]
    assert [r.kind for r in note.regions if r.kind == "heading"] == ["heading"]
    # wikilink with a shown text, relative Markdown link and a URL
    kinds = {(l.kind, l.target) for l in note.links}
    assert ("wikilink", "对比学习") in kinds
    assert ("markdown", "../basics/infonce.md") in kinds
    assert ("url", "https://arxiv.org/abs/2004.11362") in kinds


def test_code_and_math_are_blanked_with_offsets_kept(write_note):
    root = write_note("supcon.md", SUPCON_NOTE)
    (note,), _ = _read(root)
    body = SUPCON_NOTE[note.body_offset :]
    assert len(note.text) == len(body)  # blanked, not removed
    for gone in ("SupConLoss", "criterion", "AdamW", "mathcal", "\\frac", "tau", "arxiv.org"):
        assert gone not in note.text
    # prose survives at its own offset
    i = body.index("监督对比学习(Supervised")
    assert note.text[i : i + 6] == "监督对比学习"
    # the wikilink shows its alias text, not its syntax
    assert "对比学习笔记" in note.text and "[[" not in note.text


def test_gbk_and_bom_files_are_decoded_and_reported(write_note):
    write_note("gbk.md", "---\ntitle: 动量法\n---\n动量 (Momentum) 是在随机梯度下降的基础上累积历史梯度的方法。" * 3, encoding="gbk")
    root = write_note("bom.md", "\ufeff---\ntitle: 原型\n---\n原型是一类样本特征的中心。")
    notes, warnings = _read(root)
    by_id = {n.id: n for n in notes}
    assert by_id["gbk.md"].title == "动量法"
    assert "动量 (Momentum)" in by_id["gbk.md"].text
    assert by_id["bom.md"].title == "原型"
    assert any(w.startswith("gbk.md:") and "gb18030" in w for w in warnings)


def test_bad_input_warns_and_the_rest_goes_on(write_note):
    write_note("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 10)
    write_note("broken.md", "---\ntitle: [unclosed\ndate: : :\n---\n对比学习的正文还在。")
    write_note("empty.md", "")
    root = write_note("ok.md", "---\ntitle: 对比学习\n---\n对比学习(Contrastive Learning)拉近正样本。")
    notes, warnings = _read(root)
    ids = sorted(n.id for n in notes)
    assert ids == ["broken.md", "empty.md", "ok.md"]
    assert any(w.startswith("binary.md:") and "binary" in w for w in warnings)
    assert any(w.startswith("broken.md:") and "front matter" in w for w in warnings)
    assert any(w.startswith("empty.md:") for w in warnings)
    broken = next(n for n in notes if n.id == "broken.md")
    assert "对比学习的正文还在" in broken.text  # nothing valid is dropped
    assert all("\n" not in w for w in warnings)  # one line each


def test_oversized_file_is_skipped_with_a_warning(write_note):
    write_note("huge.md", "对比学习" * 300_000)  # ~3.6 MB
    root = write_note("small.md", "原型")
    warnings = []
    notes = list(read_corpus(root, warnings.append, max_mb=1))
    assert [n.id for n in notes] == ["small.md"]
    assert any(w.startswith("huge.md:") and "limit" in w for w in warnings)


def test_a_note_over_a_million_characters_is_a_note(write_note):
    # under the size limit but over spaCy's default max_length (which guards
    # a parser and NER this pipeline does not have): no crash, found as any other
    from kgnotes.pipeline import extract_graph

    body = "对比学习 (Contrastive Learning) 拉近正样本。\n\n" + "这是一段很长的笔记。\n" * 95_000 + "对比学习很有用。\n"
    assert len(body) > 1_000_000
    root = write_note("long.md", "# 长笔记\n\n" + body)
    kg = extract_graph(root, workers=1)
    concept = kg.find_concept("对比学习")
    assert concept is not None and "long.md" in kg.notes and kg.mentions["long.md"][concept.id] >= 2


def test_txt_and_html_notes(write_note):
    write_note("plain.txt", "随机梯度下降(Stochastic Gradient Descent, SGD)每次只用一个样本。")
    root = write_note(
        "page.html",
        "<html><head><title>注意力机制</title><script>var x='不是正文';</script></head>"
        "<body><h1>注意力机制</h1><p>自注意力(<strong>Self-Attention</strong>)计算 token 之间的权重。</p></body></html>",
    )
    notes, _ = _read(root)
    by_id = {n.id: n for n in notes}
    assert "SGD" in by_id["plain.txt"].text
    page = by_id["page.html"]
    assert page.title == "注意力机制"
    assert "自注意力" in page.text and "不是正文" not in page.text and "<p>" not in page.text
    assert any(r.kind == "bold" and page.text[r.start : r.end] == "Self-Attention" for r in page.regions)


def test_hidden_folders_are_skipped(write_note):
    write_note(".obsidian/workspace.md", "不是笔记")
    root = write_note("a.md", "原型")
    assert [p.name for p in find_note_files(root)] == ["a.md"]


def test_note_files_sorted_by_path_and_linked_folders_not_walked(write_note):
    write_note("b/z.md", "原型")
    write_note("b/a.txt", "原型")
    write_note("a/a.MD", "原型")
    root = write_note("b/image.png", "")
    (root / "b" / "loop").symlink_to(root, target_is_directory=True)  # would never end if walked
    assert [p.relative_to(root).as_posix() for p in find_note_files(root)] == ["a/a.MD", "b/a.txt", "b/z.md"]


def test_inline_markup_blanked():
    parsed = parse_markdown("**对比学习** 与 `code_span` 以及 $x_1$ 和 \\(y_2\\) [Math] 见 [[SimCLR#方法|SimCLR 笔记]]")
    assert "对比学习" in parsed.text
    for gone in ("**", "code_span", "x_1", "y_2", "[Math]", "#方法", "[["):
        assert gone not in parsed.text
    assert any(r.kind == "bold" for r in parsed.regions)
    assert parsed.links[0].target == "SimCLR" and parsed.links[0].kind == "wikilink"
    # an Obsidian callout's type marker is markup, its title and body are prose
    parsed = parse_markdown("> [!TIP] 小结\n> 批归一化很常用。\n\n> [!note]- 折叠的提示\n> 内容\n")
    assert "TIP" not in parsed.text and "note" not in parsed.text
    assert "小结" in parsed.text and "批归一化很常用" in parsed.text and "折叠的提示" in parsed.text


def test_a_link_to_a_file_name_is_no_prose_but_a_link_to_a_title_is():
    parsed = parse_markdown("对照 [[06-one-stage-detection-yolo-retinanet]] 和 [[self-supervised/mae]]，再看 [[contrastive-learning]] 与 [[对比学习]]。")
    for gone in ("yolo", "retinanet", "mae", "06-"):
        assert gone not in parsed.text  # the words of a file name are not mentions
    assert "contrastive-learning" in parsed.text and "对比学习" in parsed.text
    # every one of them is still a link to a note
    assert [l.target for l in parsed.links] == ["06-one-stage-detection-yolo-retinanet", "self-supervised/mae",
                                                "contrastive-learning", "对比学习"]


def test_a_slug_named_export_takes_its_title_from_its_first_line(write_note):
    root = write_note("07-weight-init-notes.md", "权重初始化：从 Xavier 到 He\n权重初始化决定了训练一开始信号的尺度。\n")
    write_note("transformer.md", "编码器与解码器\n\nTransformer 由编码器和解码器组成。\n")  # a named note keeps its name
    write_note("2024-05-01-dropout.md", "Dropout 在训练时随机丢掉神经元。\n\n测试时不丢。\n")  # a sentence is no title
    write_note("03-attention.md", "## 背景\n\n注意力机制最早用于翻译。\n")
    titles = {n.id: n.title for n in read_corpus(root, print)}
    assert titles["07-weight-init-notes.md"] == "权重初始化：从 Xavier 到 He"
    assert titles["transformer.md"] == "transformer"
    assert titles["2024-05-01-dropout.md"] == "2024-05-01-dropout"
    assert titles["03-attention.md"] == "03-attention"


def test_obsidian_inline_tags_are_tags(write_note):
    root = write_note("批归一化.md", "#深度学习 #训练技巧/归一化\n\n批归一化把每层输入标准化。C# 不是标签，#3 也不是。\n")
    note = next(iter(read_corpus(root, print)))
    assert note.tags == ["深度学习", "训练技巧/归一化"]
    assert note.title == "批归一化"  # a named note keeps its name; the tag line is no title


def test_a_fault_on_one_note_warns_and_the_rest_goes_on(write_note, monkeypatch):
    # a bug of ours that one note triggers: that note keeps its title, the
    # others their concepts, and the warning names the note on one line
    from kgnotes import pipeline

    write_note("a.md", "# 原型\n\n原型 (prototype) 是类中心。原型的更新很慢。\n")
    write_note("b.md", "# 对比学习\n\n对比学习 (Contrastive Learning) 拉近正样本。对比学习很常用。\n")
    root = write_note("c.md", "# 自监督\n\n自监督学习常用对比学习，对比学习不要标签。\n")
    harvest, extract = pipeline.harvest_note, pipeline.extract_note

    def broken_harvest(nlp, note):
        if note.id == "a.md":
            raise RuntimeError("boom in pass 1")
        return harvest(nlp, note)

    def broken_extract(nlp, note):
        if note.id == "b.md":
            raise RuntimeError("boom in pass 2")
        return extract(nlp, note)

    monkeypatch.setattr(pipeline, "harvest_note", broken_harvest)
    monkeypatch.setattr(pipeline, "extract_note", broken_extract)
    warnings = []
    kg = pipeline.extract_graph(root, warn=warnings.append, workers=1)
    assert set(kg.notes) == {"a.md", "b.md", "c.md"}
    assert any(w.startswith("a.md:") and "boom in pass 1" in w for w in warnings)
    assert any(w.startswith("b.md:") and "boom in pass 2" in w for w in warnings)
    assert all("\n" not in w for w in warnings)
    concept = kg.find_concept("对比学习")  # harvested from b.md, whose extraction failed
    assert concept is not None and kg.mentions["c.md"][concept.id] == 2
    assert not kg.mentions.get("b.md")

"""Alias merging: the forms one note (or several) uses for one concept end up
on one concept, and different things stay apart. Every sentence here is ours."""
from __future__ import annotations

from kgnotes.harvest import short_forms
from kgnotes.pipeline import extract_graph
from kgnotes.text import merge_key, norm_key


def _kg(write_note, notes: dict[str, str]):
    root = None
    for name, text in notes.items():
        root = write_note(name, text)
    return extract_graph(root)


def _labels(kg, label: str) -> set[str]:
    c = kg.find_concept(label)
    assert c is not None, f"no concept labelled {label!r}"
    return {norm_key(l) for l in c.labels}


def _same(kg, *labels: str) -> bool:
    ids = {getattr(kg.find_concept(l), "id", None) for l in labels}
    return len(ids) == 1 and None not in ids


def test_optional_de_in_chinese_terms():
    assert merge_key("有标注的样本集") == merge_key("有标注样本集")
    assert merge_key("基于人类偏好的奖励模型") == merge_key("基于人类偏好奖励模型")
    assert merge_key("学习的目的") != merge_key("学习的目")  # the 的 of 目的 belongs to its word


def test_based_keeps_jiyu(write_note):
    kg = _kg(write_note, {
        "a.md": "# 两类方法\n\n强化学习算法大致分成基于模型(model-based)和无模型(model-free)两类。基于模型的方法先学环境。\n",
    })
    assert _same(kg, "基于模型", "model-based")


def test_short_forms_of_kind_words():
    text = "生成时每一步都从高斯分布里采样。初始噪声服从标准高斯，方差为一。"
    assert list(short_forms(["高斯分布"], text)) == [("高斯分布", "高斯")]
    # an ordinary noun or verb is not the short form of a term (奖励 ≠ 奖励模型)
    assert list(short_forms(["奖励模型"], "先训练奖励模型，再用奖励，更新策略。")) == []
    assert list(short_forms(["样本对"], "每个样本对由两个视图组成，样本，很多。")) == []
    # the tail of another word is no use of the short form
    assert list(short_forms(["高斯分布"], "高斯分布和高斯过程。")) == []
    # one short form of two terms names neither
    assert list(short_forms(["高斯分布", "高斯过程"], "高斯分布与高斯过程都用到高斯。")) == []


def test_head_dropped_form_in_the_same_note(write_note):
    kg = _kg(write_note, {
        "pairs.md": (
            "# 对比目标\n\n对比学习的关键是构造正样本对(positive pair)和负样本对(negative pair)。"
            "训练时把正样本拉近，把负样本推远。负样本对越多，估计越准；正样本对来自同一张图。\n"
        ),
    })
    assert _same(kg, "正样本对", "positive pair", "正样本")
    assert _same(kg, "负样本对", "negative pair", "负样本")
    assert not _same(kg, "正样本对", "负样本对")


def test_connection_kind_word_merges(write_note):
    kg = _kg(write_note, {
        "res.md": (
            "# 残差\n\n残差 (residual) 让深层网络更好训练。残差连接 (shortcut connection) 把输入直接加到输出上。"
            "残差网络 (ResNet) 由很多残差块组成，残差连接是它的核心。\n"
        ),
    })
    assert _same(kg, "残差", "残差连接", "shortcut connection")
    assert not _same(kg, "残差连接", "ResNet")

"""Typed relations from sentence constructions (sentences written for these tests)."""
from __future__ import annotations

import pytest

from kgnotes.model import Mention
from kgnotes.relations import sentence_relations


def mentions_in(sentence: str, terms: dict[str, str]) -> list[Mention]:
    """Leftmost-longest mentions of ``terms`` (label -> concept id) in one sentence."""
    found, pos = [], 0
    labels = sorted(terms, key=len, reverse=True)
    while pos < len(sentence):
        label = next((l for l in labels if sentence.startswith(l, pos)), None)
        if label is None:
            pos += 1
            continue
        found.append(Mention(terms[label], label, pos, pos + len(label), 0))
        pos += len(label)
    return found


def relations(sentence: str, terms: dict[str, str]) -> set[tuple[str, str, str]]:
    return {(r.head, r.rel, r.tail) for r in sentence_relations(sentence, 0, mentions_in(sentence, terms))}


@pytest.mark.parametrize("sentence", [
    # a formula is blanked to spaces in the note text: it is one word, not forty
    "形式上，语言模型把长度为" + " " * 30 + "的句子" + " " * 24 + "的联合概率分解为每个位置的条件概率之积。",
])
def test_formula_between_subject_and_verb(sentence):
    assert ("lm", "uses", "cp") in relations(sentence, {"语言模型": "lm", "条件概率": "cp"})


@pytest.mark.parametrize("sentence, terms, want", [
    ("图像检索概述 孪生网络(Siamese network):用两个共享权重的分支编码两张图片,此方法将经典的CNN应用于成对的输入",
     {"图像检索": "ir", "孪生网络": "siam", "Siamese network": "siam", "CNN": "cnn"}, ("siam", "uses", "cnn")),
    ("Image retrieval overview. Siamese network: two branches share their weights, this method applies a CNN to both inputs",
     {"Image retrieval": "ir", "Siamese network": "siam", "CNN": "cnn"}, ("siam", "uses", "cnn")),
])
def test_pronoun_after_a_glossary_line_is_its_topic(sentence, terms, want):
    found = relations(sentence, terms)
    assert want in found
    assert ("ir", "uses", "cnn") not in found

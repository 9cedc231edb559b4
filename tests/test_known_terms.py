"""Established terms of the field (kgnotes/data/known_terms.tsv): a term a
note uses once is still a term, and its Chinese and English names are one
concept across notes."""
from __future__ import annotations

import pytest

from kgnotes import lexicon
from kgnotes.harvest import known, known_terms_in
from kgnotes.pipeline import extract_graph

_LEXICON = (
    "# a comment line\n"
    "随机森林\trandom forest\n"
    "随机梯度下降\tstochastic gradient descent\tSGD\n"
    "\tdropout|Dropout\n"
    "对比学习\tcontrastive learning\n"
    "卷积核\tconvolution kernel\n"
    "最大后验估计\tmaximum a posteriori estimation\tMAP\n"
    "贪心解码|贪心搜索\tgreedy decoding|greedy search\n"
    "核函数\tkernel function\n"
    "监督学习\tsupervised learning\n"
    "训练集\ttraining set\t\tbasic\n"
)


@pytest.fixture
def small_lexicon(monkeypatch):
    parsed = lexicon.parse_known_terms(_LEXICON)
    monkeypatch.setattr(lexicon, "known_terms", lambda: parsed)
    known._automaton.cache_clear()
    yield parsed
    known._automaton.cache_clear()


def test_the_file_parses_into_lines_of_names():
    parsed = lexicon.parse_known_terms(_LEXICON)
    line = parsed.line_of
    assert line["随机森林"] == line["randomforest"] != line["sgd"]
    assert line["dropout"] == 2  # an empty Chinese column stays a column
    assert "sgd" in parsed.abbreviations and "dropout" not in parsed.abbreviations
    # the first name of each language and the abbreviations translate each other
    assert {"贪心解码", "greedydecoding"} <= parsed.primary and "贪心搜索" not in parsed.primary
    assert parsed.basic == {line["训练集"]}
    # the shipped file parses, and is large enough to be the field's
    assert len(lexicon.known_terms().names) > 3000


def test_where_a_note_names_a_known_term(small_lexicon):
    found = list(known_terms_in(
        "我们先用随机森林做基线，再加 Dropout。监督对比学习是对比学习的一种；卷积核大小为 3。"
        "MAP 估计加了先验，feature map 不是它；SGD 和 sgd。训练集有一万张。"))
    assert found == ["随机森林", "Dropout", "对比学习", "MAP", "SGD"]
    # after a function word or where the run of Chinese starts, as whole words
    assert list(known_terms_in("常用的随机森林")) == ["随机森林"]
    assert list(known_terms_in("随机森林林场")) == []
    # after a verb of two characters or more; one character may be a prefix of a longer name
    assert list(known_terms_in("把相似度换成核函数，复杂度就降成线性。")) == ["核函数"]
    assert list(known_terms_in("无监督学习不需要标签。")) == []
    # an English name in the plural is the name (Random forests, convolution kernels)
    assert list(known_terms_in("Random forests vote; convolution kernels slide; forests grow.")) == [
        "Random forests", "convolution kernels"]


def test_a_known_term_used_once_is_a_concept(write_note, small_lexicon):
    root = write_note("a.md", "# 基线\n\n表格数据上我们用随机森林做基线，训练集只有一千条。\n")
    write_note("b.md", "# Baselines\n\nA random forest is hard to beat on tabular data; so is SGD with momentum.\n")
    kg = extract_graph(root)
    forest = kg.find_concept("随机森林")
    assert forest is not None and forest is kg.find_concept("random forest")  # one concept, two languages
    assert kg.find_concept("SGD") is not None
    assert kg.find_concept("训练集") is None  # an everyday word used once is no concept


def test_near_synonyms_on_one_line_stay_apart(write_note, small_lexicon):
    root = write_note("decode.md", (
        "# 解码\n\n最简单的是用贪心解码，每步取概率最大的词。论文里也写 greedy decoding。"
        "有人把束搜索之前的做法都叫贪心搜索，其实是另一回事。\n"))
    kg = extract_graph(root)
    assert kg.find_concept("贪心解码") is kg.find_concept("greedy decoding")
    assert kg.find_concept("贪心搜索") is not kg.find_concept("贪心解码")

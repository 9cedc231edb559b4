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


def test_qi_in_qizhong_is_no_pronoun():
    # "其中 E 是…": what E stands for, not what the sentence's subject is
    terms = {"Chinchilla": "ch", "不可约损失": "irr", "缩放定律": "law"}
    found = relations("Chinchilla 拟合的缩放定律写成" + " " * 30 + "其中 E 是不可约损失，模型再大也降不下去。", terms)
    assert not any(r == "is_a" for _, r, _ in found)
    # 其 alone still stands for the subject
    assert ("ch", "uses", "law") in relations("Chinchilla 重新拟合了参数，其做法是使用缩放定律。", terms)


def test_a_choice_between_two_concepts_is_no_is_a():
    # 还是/或是 right after a concept offers a choice ("A 还是 B": A or B)
    terms = {"正样本": "pos", "负样本": "neg", "Adam": "adam", "SGD": "sgd"}
    assert relations("训练时先判断一个预测框算正样本还是负样本。", terms) == set()
    assert relations("优化器选 Adam 或是 SGD 都行。", terms) == set()
    assert ("adam", "is_a", "sgd") in relations("Adam 本质上还是一种 SGD。", terms)


def test_a_statement_about_some_of_a_concept_is_no_is_a():
    # "大部分 anchor 是负样本": most anchors are negatives, an anchor is no kind of negative
    terms = {"anchor": "anchor", "负样本": "neg", "loss": "loss", "margin": "margin", "Adam": "adam", "SGD": "sgd"}
    assert relations("而且大部分 anchor 是负样本。", terms) == set()
    assert relations("Some loss is a margin.", terms) == set()
    assert ("adam", "is_a", "sgd") in relations("Adam 是一种 SGD。", terms)


def test_improvements_built_on_a_concept_are_not_the_subjects():
    terms = {"PPL": "ppl", "RoPE": "rope", "XGBoost": "xgb", "GBDT": "gbdt", "QLoRA": "qlora", "LoRA": "lora"}
    # "一堆在 RoPE 基础上的改进": the improvements are other methods, not PPL
    assert relations("超出训练长度后 PPL 爆炸，所以出现了一堆在 RoPE 基础上的改进。", terms) == set()
    assert ("xgb", "improves", "gbdt") in relations("XGBoost 是在 GBDT 基础上的改进。", terms)
    assert ("xgb", "improves", "gbdt") in relations("XGBoost 在 GBDT 的基础上做了不少改进。", terms)
    assert ("qlora", "variant_of", "lora") in relations("QLoRA 在 LoRA 的基础上把底座量化到 4-bit。", terms)


def test_a_role_word_in_brackets_is_no_member_of_the_class():
    terms = {"大模型": "llm", "expert": "exp", "ActorCritic 算法": "ac", "QAC": "qac"}
    assert relations("对比解码用大模型 (expert) 的 log 概率减去小模型的。", terms) == set()
    assert ("qac", "is_a", "ac") in relations("最简单的 ActorCritic 算法(QAC)用 Q 值做 critic。", terms)


def test_a_concept_after_a_comma_that_a_verb_follows_opens_the_next_clause():
    terms = {"原子性": "a", "持久性": "d", "undo log": "undo", "redo log": "redo", "PPO": "ppo", "KL 惩罚": "kl", "GAE": "gae"}
    found = relations("原子性靠 undo log，持久性靠 redo log。", terms)
    assert found == {("a", "uses", "undo"), ("d", "uses", "redo")}
    # an enumeration with commas still distributes
    assert {("ppo", "uses", "kl"), ("ppo", "uses", "gae")} <= relations("PPO 使用了 KL 惩罚，GAE 等技巧。", terms)


def test_a_concept_after_together_with_is_no_subject():
    terms = {"VAE": "vae", "重参数化技巧": "rt", "SGD": "sgd"}
    found = relations("VAE 的编码器做摊销推断，配合重参数化技巧用 SGD 训练。", terms)
    assert ("rt", "uses", "sgd") not in found
    assert ("vae", "uses", "rt") in relations("VAE 结合重参数化技巧训练。", terms)


def test_what_fills_a_role_may_itself_be_a_concept():
    terms = {"强化学习": "rl", "BLEU": "bleu", "奖励函数": "reward"}
    found = relations("另一种做法是借助强化学习,将BLEU分数设为奖励函数", terms)
    assert ("rl", "uses", "reward") in found
    assert not any(h == "bleu" and r != "related" for h, r, _t in found)


def test_enumeration_members_may_share_a_word():
    terms = {"混合推荐": "hybrid", "内容过滤": "cbf", "协同过滤": "cf"}
    found = relations("混合推荐巧妙地结合了基于内容过滤和基于协同过滤的方法", terms)
    assert {("hybrid", "uses", "cbf"), ("hybrid", "uses", "cf")} <= found
    terms = {"LSTM": "lstm", "输入门": "in", "遗忘门": "forget", "输出门": "out"}
    found = relations("LSTM 的记忆单元可以拆成三部分理解：输入门控制、遗忘门控制与输出门", terms)
    assert {("lstm", "uses", "in"), ("lstm", "uses", "forget"), ("lstm", "uses", "out")} <= found


def test_a_comma_is_no_enumeration_with_shared_words():
    terms = {"激活函数": "act", "卷积": "conv", "线性变换": "linear"}
    found = relations("如果去掉激活函数，多层卷积叠起来还是一个线性变换", terms)
    assert not any(h == "act" or t == "act" for h, _r, t in found)


def test_pronoun_without_a_sentence_subject_is_the_nearest_concept():
    terms = {"滑动平均": "ema", "RMSProp": "rmsprop", "学习率": "lr"}
    sentence = "推导如下: 式(2)计算梯度平方的滑动平均 式(3)为 RMSProp 的更新公式,其可以拆成两部分:梯度平方的滑动平均与学习率缩放"
    found = relations(sentence, terms)
    assert {("rmsprop", "uses", "ema"), ("rmsprop", "uses", "lr")} <= found
    assert not any(h == "ema" for h, _r, _t in found)


def test_this_paper_is_the_notes_topic(write_note):
    import kgnotes

    write_note("pointnet.md", "---\ntitle: PointNet 论文笔记\n---\nPointNet 是直接处理点云的网络。"
               "本文探索了对称函数在点云分类中的应用，对称函数(symmetric function)保证结果与输入顺序无关。"
               "点云(point cloud)是三维点的集合，对称函数让 PointNet 不受点的排列影响。")
    root = write_note("vilt.md", "---\ntitle: Reading notes on ViLT\n---\nViLT is a vision-and-language model. "
                      "This paper uses patch projection (PP) to embed image patches. "
                      "Patch projection is a single linear layer; ViLT feeds the projected patches to a transformer.")
    kg = kgnotes.build(root, None)
    typed = {(r.head, r.rel, r.tail) for r in kg.relations if r.rel != "related"}
    assert ("pointnet", "uses", "symmetric-function") in typed
    assert ("vilt", "uses", "patch-projection") in typed
    assert not any(h.startswith("@") or t.startswith("@") for h, _r, t in typed)


def test_a_named_paper_is_not_the_notes_topic():
    terms = {"RAdam": "radam", "学习率预热": "warmup"}
    found = relations("RAdam 这篇论文研究了学习率预热在训练初期的作用", terms)
    assert ("radam", "uses", "warmup") in found
    assert not any("@" in h for h, _r, _t in found)


def test_a_name_plus_a_version_or_letter_is_a_variant():
    from types import SimpleNamespace

    from kgnotes.merge import _name_variants
    from kgnotes.model import Concept

    names = ["Adam", "AdamW", "RAdam", "GPT", "GPT-4", "YOLO", "YOLOv3", "ResNet", "ResNet50",
             "ELU", "GELU", "MA", "MAE", "ViT", "LLaMA", "Transformer"]
    vocab = SimpleNamespace(concepts={n.lower(): Concept(n.lower(), {"en": n}) for n in names})
    found = {(v, b) for v, b, _label in _name_variants(vocab)}
    assert found == {("adamw", "adam"), ("radam", "adam"), ("gpt-4", "gpt"), ("yolov3", "yolo"), ("resnet50", "resnet")}


def test_a_name_with_an_adjective_ending_is_no_version_of_it():
    from types import SimpleNamespace

    from kgnotes.merge import _name_variants
    from kgnotes.model import Concept

    names = ["NTK", "NTK-aware", "PPO", "PPO-clip", "BERT", "BERT-like"]
    vocab = SimpleNamespace(concepts={n.lower(): Concept(n.lower(), {"en": n}) for n in names})
    assert {(v, b) for v, b, _label in _name_variants(vocab)} == {("ppo-clip", "ppo")}


def test_a_name_made_of_a_modifier_and_another_name_is_a_variant():
    from types import SimpleNamespace

    from kgnotes.merge import _name_variants
    from kgnotes.model import Concept

    names = {"GAN": ["GAN", "Generative Adversarial Network"], "BERT": ["BERT"], "LoRA": ["LoRA"], "ReLU": ["ReLU"],
             "NMS": ["NMS"], "pruning": ["pruning"], "Critic": ["Critic"], "PPO": ["PPO"], "ELU": ["ELU", "Exponential Linear Unit"],
             "MAP": ["MAP", "Maximum A Posteriori"], "MSE": ["MSE", "Mean Squared Error"],
             "StyleGAN": ["StyleGAN"], "TinyBERT": ["TinyBERT"], "LeakyReLU": ["LeakyReLU"], "Soft-NMS": ["Soft-NMS"],
             "post-pruning": ["post-pruning"], "PPO-clip": ["PPO-clip"], "Actor-Critic": ["Actor-Critic"],
             "WGAN": ["WGAN", "Wasserstein GAN"], "DCGAN": ["DCGAN", "Deep Convolutional Generative Adversarial Network"],
             "RMSE": ["RMSE", "Root Mean Squared Error"], "GELU": ["GELU", "Gaussian Error Linear Unit"],
             "UMAP": ["UMAP", "Uniform Manifold Approximation and Projection"], "vLLM": ["vLLM"], "LLM": ["LLM"],
             "RL": ["RL"], "LLM-RL": ["LLM-RL"]}
    vocab = SimpleNamespace(concepts={n: Concept(n, {"en": ls[0]}, alt=ls[1:]) for n, ls in names.items()})
    found = {(v, b) for v, b, _label in _name_variants(vocab)}
    assert {("StyleGAN", "GAN"), ("TinyBERT", "BERT"), ("LeakyReLU", "ReLU"), ("Soft-NMS", "NMS"),
            ("post-pruning", "pruning"), ("PPO-clip", "PPO"), ("WGAN", "GAN"), ("DCGAN", "GAN"), ("RMSE", "MSE")} <= found
    # letters before an acronym whose full names do not agree, two parts, a name with no full name
    assert not found & {("GELU", "ELU"), ("UMAP", "MAP"), ("Actor-Critic", "Critic"), ("vLLM", "LLM"),
                         ("LLM-RL", "LLM")}


@pytest.mark.parametrize("sentence", [
    "注意力家族 (Attention Variants) 2.1 多头注意力、多查询注意力与分组查询注意力 多头注意力:每个头各自计算",
    "注意力的变体主要有多头注意力、多查询注意力和分组查询注意力",
    "Variants of attention include multi-head attention, multi-query attention and grouped-query attention",
])
def test_members_of_a_family_are_its_variants(sentence):
    terms = {"注意力": "attn", "Attention": "attn", "attention": "attn", "多头注意力": "mha", "多查询注意力": "mqa",
             "分组查询注意力": "gqa", "multi-head attention": "mha", "multi-query attention": "mqa",
             "grouped-query attention": "gqa"}
    assert {("mha", "variant_of", "attn"), ("mqa", "variant_of", "attn"), ("gqa", "variant_of", "attn")} <= relations(sentence, terms)


def _note_relations(text: str, terms: dict[str, str]) -> set[tuple[str, str, str]]:
    """Relations of a note split into sentences at 。/. (one Mention list per sentence)."""
    import re

    from kgnotes.relations import LIST_SPAN, list_topic

    out, topic, topic_end, start = set(), None, -LIST_SPAN, 0
    for piece in re.split(r"(?<=[。;；])|(?<=\. )", text):
        ms = [Mention(m.concept, m.label, m.start + start, m.end + start, 0) for m in mentions_in(piece, terms)]
        implied = topic if start - topic_end <= LIST_SPAN else None
        out |= {(r.head, r.rel, r.tail) for r in sentence_relations(piece, start, ms, implied)}
        if head := list_topic(piece, start, ms):
            topic, topic_end = head, start + len(piece)
        start += len(piece)
    return out


@pytest.mark.parametrize("text", [
    "VQ-VAE 关键点: 1. 编码器输出连续向量;训练通过最小化重建误差与码本损失来更新码本。2. 解码器只看离散码。",
    "VQ-VAE key points: 1. Uses a codebook loss. 2. The decoder only sees discrete codes.",
])
def test_points_under_a_list_heading_have_its_subject(text):
    terms = {"VQ-VAE": "vqvae", "码本损失": "cbl", "codebook loss": "cbl", "编码器": "enc", "解码器": "dec",
             "重建误差": "rec"}
    found = _note_relations(text, terms)
    assert ("vqvae", "uses", "cbl") in found or ("vqvae", "uses", "rec") in found
    assert not any(h == "vqvae" and r in ("is_a", "part_of", "variant_of") for h, r, _t in found)


def test_cue_words_only_skip_patterns_that_cannot_match(monkeypatch):
    import kgnotes.relations as R

    terms = {"AdamW": "adamw", "Adam": "adam", "优化器": "opt", "权重衰减": "wd", "BERT": "bert",
             "Transformer": "tr", "编码器": "enc", "dropout": "dropout", "regularization": "reg"}
    sentences = [
        "AdamW 是 Adam 的一种变体，它在 Adam 的基础上把权重衰减从梯度中解耦出来。",
        "常见的优化器有 Adam、AdamW；相比 Adam，AdamW 的泛化更好。",
        "BERT 由多层 Transformer 编码器组成，以 Transformer 为骨干。",
        "Dropout is a kind of regularization. BERT uses a Transformer encoder; AdamW extends Adam.",
        "Compared with Adam, AdamW decouples 权重衰减.",
    ]
    gated = [relations(s, terms) for s in sentences]
    patterns = R.relation_patterns()
    monkeypatch.setattr(R, "relation_patterns", lambda: [(rel, p, ()) for rel, p, _w in patterns])
    assert [relations(s, terms) for s in sentences] == gated
    assert all(gated)


@pytest.mark.parametrize("sentence, terms, wrong", [
    ("分类头：微调时是一个线性层", {"微调": "ft", "线性层": "linear"}, ("ft", "is_a", "linear")),
    ("这里的原型更像是一个聚类中心", {"原型": "proto", "聚类中心": "center"}, ("proto", "is_a", "center")),
    ("对比学习说白了是一个游戏：给定一个锚点", {"对比学习": "cl", "锚点": "anchor"}, ("cl", "is_a", "anchor")),
    ("AdamW 是训练 Transformer 的默认优化器，从 BERT 到 GPT 都在用", {"AdamW": "adamw", "优化器": "opt", "BERT": "bert",
     "GPT": "gpt", "Transformer": "tr"}, ("bert", "is_a", "opt")),
    ("目标编码器不通过反向传播更新", {"目标编码器": "target", "反向传播": "bp"}, ("target", "uses", "bp")),
    ("Actor-Critic 在 REINFORCE 的基础上引入价值网络", {"Actor-Critic": "ac", "REINFORCE": "reinforce", "价值网络": "vn"},
     ("reinforce", "uses", "vn")),
    ("对 SGD 来说就是权重衰减", {"SGD": "sgd", "权重衰减": "wd"}, ("sgd", "is_a", "wd")),
    # an era named after the subject is not the subject
    ("前深度学习时代先是 SVM，后来才轮到 CNN", {"深度学习": "dl", "SVM": "svm", "CNN": "cnn"}, ("dl", "is_a", "svm")),
])
def test_constructions_that_state_no_relation(sentence, terms, wrong):
    assert wrong not in relations(sentence, terms)


def test_members_from_a_to_b():
    terms = {"优化器": "opt", "SGD": "sgd", "AdamW": "adamw"}
    found = relations("本文介绍常见的优化器，从最基础的 SGD 到最流行的 AdamW", terms)
    assert {("sgd", "is_a", "opt"), ("adamw", "is_a", "opt")} <= found
    assert ("ac", "variant_of", "reinforce") in relations("Actor-Critic 在 REINFORCE 的基础上引入价值网络",
                                                          {"Actor-Critic": "ac", "REINFORCE": "reinforce", "价值网络": "vn"})


@pytest.mark.parametrize("sentence, want", [
    ("Nesterov 动量是 Momentum 的一个改进", ("nag", "improves", "mom")),
    ("Nesterov momentum improves on Momentum", ("nag", "improves", "mom")),
    ("Momentum 之后出现了很多变体，比如 Nesterov 和 QHM", ("nag", "variant_of", "mom")),
])
def test_improvements_and_listed_variants(sentence, want):
    terms = {"Nesterov 动量": "nag", "Nesterov momentum": "nag", "Momentum": "mom", "QHM": "qhm"}
    found = relations(sentence, {**terms, "Nesterov": "nag"})
    assert want in found


def test_bare_yong_states_uses():
    terms = {"RLAIF": "rlaif", "PPO": "ppo", "MSE": "mse", "交叉熵": "ce", "Dropout": "dropout", "过拟合": "overfit",
             "GRPO": "grpo", "k3": "k3"}
    assert ("rlaif", "uses", "ppo") in relations("RLAIF 同样用 PPO 优化策略", terms)
    assert ("grpo", "uses", "k3") in relations("GRPO 用的是 k3", terms)
    assert ("grpo", "uses", "k3") in relations("GRPO uses the k3 estimator", terms)
    assert not relations("分类问题一般不用 MSE 而用交叉熵", terms) - {("mse", "related", "ce")}
    assert not relations("Dropout 用于缓解过拟合", terms)


def test_asides_in_brackets_and_hedged_negation():
    terms = {"Adam": "adam", "动量": "mom", "RMSProp": "rmsprop", "有用性": "helpful", "损失函数": "loss"}
    found = relations("Adam（Kingma 与 Ba 在 2014 年提出）结合了动量和 RMSProp", terms)
    assert {("adam", "uses", "mom"), ("adam", "uses", "rmsprop")} <= found
    assert not relations("有用性很难写成一个可微的损失函数", terms)


@pytest.mark.parametrize("sentence", [
    "SAC 属于策略梯度方法，也是 Actor-Critic 结构",
    "SAC 是一种离策略算法，同时也是 Actor-Critic 方法",
])
def test_a_clause_opening_with_ye_shi_keeps_the_subject(sentence):
    terms = {"SAC": "sac", "策略梯度": "pg", "Actor-Critic": "ac"}
    assert ("sac", "is_a", "ac") in relations(sentence, terms)


@pytest.mark.parametrize("sentence, want", [
    ("RMSNorm is a variant of the LayerNorm layout", ("rms", "variant_of", "ln")),
    ("RMSNorm is a cheaper normalization technique, used in LLaMA", ("rms", "is_a", "norm")),
    ("自注意力本身不区分顺序，所以 Transformer 需要位置编码", ("tr", "uses", "pe")),
    ("点云分割:通过把点投影到规则网格上进行二维卷积", ("seg", "uses", "conv2d")),
])
def test_more_cue_forms(sentence, want):
    terms = {"RMSNorm": "rms", "LayerNorm": "ln", "normalization": "norm", "LLaMA": "llama", "自注意力": "sa",
             "Transformer": "tr", "位置编码": "pe", "点云分割": "seg", "二维卷积": "conv2d"}
    assert want in relations(sentence, terms)


def test_not_needing_is_no_use():
    assert not relations("DPO 不需要奖励模型", {"DPO": "dpo", "奖励模型": "rm"})


def test_this_is_how_and_a_means_within():
    terms = {"k-means": "kmeans", "聚类中心": "center", "SwAV": "swav", "分类器": "clf", "投机解码": "spec",
             "自回归解码": "ard"}
    found = relations("先有一个分类器：用 k-means 得到聚类中心，再把样本分给最近的中心，这就是 SwAV 的思路", terms)
    assert ("swav", "uses", "kmeans") in found and ("swav", "uses", "clf") not in found
    assert ("ard", "uses", "spec") in relations("投机解码是自回归解码里常用的加速手段", terms)


def test_members_listed_after_a_colon_and_relying_on():
    terms = {"ACID": "acid", "原子性": "a", "一致性": "c", "隔离性": "i", "持久性": "d", "undo log": "undo", "事务": "tx"}
    found = relations("事务要满足 ACID：原子性、一致性、隔离性、持久性。", terms)
    assert {("a", "part_of", "acid"), ("d", "part_of", "acid")} <= found
    assert ("a", "uses", "undo") in relations("原子性靠 undo log 实现。", terms)
    # a colon before one or two concepts is a definition, not a list of parts
    assert not any(r == "part_of" for _, r, _ in relations("ACID：原子性和一致性是重点。", terms))


def test_a_note_is_about_what_its_title_names_not_its_most_frequent_word():
    from kgnotes.merge import decide_about
    from kgnotes.model import Concept, NoteFacts
    from kgnotes.vocabulary import Vocabulary

    vocab = Vocabulary()
    for cid in ("tx", "iso"):
        vocab.concepts[cid] = Concept(cid, {"zh": cid})
    facts = NoteFacts("a.md", mentions=[Mention("tx", "事务", i, i + 2, i) for i in range(8)] + [Mention("iso", "隔离级别", 90, 94, 9)])
    assert decide_about(facts, ["iso"], vocab) == ["iso"]  # 事务 is the context of a note on isolation levels
    assert decide_about(facts, [], vocab) == ["tx"]  # with no subject in the title, the body's topic stands


def test_the_items_a_title_lists_after_its_subject_are_subjects_too():
    from kgnotes.merge import decide_about, title_analysis
    from kgnotes.model import Concept, Mention, NoteFacts, RelationFact
    from kgnotes.vocabulary import Vocabulary

    title = "排序算法：快速排序、归并排序与计数"
    subjects, parts = title_analysis(title, [(0, 4, "sort"), (5, 9, "quick"), (10, 14, "merge"), (15, 17, "count")])
    assert subjects == ["sort"] and parts == ["quick", "merge", "count"]
    vocab = Vocabulary()
    for cid in ("sort", "quick", "merge", "count"):
        vocab.concepts[cid] = Concept(cid, {"zh": cid})
    facts = NoteFacts("s.md", relations=[RelationFact("count", "part_of", "sort", "计数是排序的一步。")],
                      mentions=[Mention(cid, cid, i, i + 1, i) for i, cid in enumerate(["sort", "quick", "merge", "count"])])
    # what the note goes through, kinds of the subject or steps of it alike
    assert decide_about(facts, subjects, vocab, parts) == ["sort", "quick", "merge", "count"]


def test_a_title_name_the_body_never_names_is_no_subject():
    from collections import Counter

    from kgnotes.merge import decide_about
    from kgnotes.model import Concept, NoteFacts
    from kgnotes.vocabulary import Vocabulary

    vocab = Vocabulary()
    for cid in ("res", "mae", "feat"):
        vocab.concepts[cid] = Concept(cid, {"zh": cid})
    # 深度学习杂谈：残差、MAE 与特征维度: a body on residuals and features, MAE only in the title
    counts = Counter({"res": 6, "feat": 2})
    assert decide_about(NoteFacts("n.md"), ["res", "mae"], vocab, ["feat"], counts) == ["res", "feat"]
    # the title's first subject stands even when the body says it otherwise
    assert decide_about(NoteFacts("n.md"), ["mae", "res"], vocab, [], counts) == ["mae", "res"]


@pytest.mark.parametrize("title, names, want", [
    # an item may say more than its name: 功效 is no concept here, 神经 modifies 声码器
    ("A/B 测试：p 值、功效与多重检验", {"A/B 测试": "ab", "p 值": "p", "多重检验": "mt"}, ["p", "mt"]),
    ("语音合成笔记：WaveNet、梅尔频谱和神经声码器", {"语音合成": "tts", "WaveNet": "wn", "梅尔频谱": "mel", "声码器": "voc"}, ["wn", "mel", "voc"]),
    # a name right before another modifies it: the item is the second
    ("姿态估计：热力图、HRNet 和 OpenPose 的 PAF", {"姿态估计": "pose", "热力图": "hm", "HRNet": "hr", "OpenPose": "op", "PAF": "paf"}, ["hm", "hr", "paf"]),
    # a list with slashes is a list too (not the title's first three names)
    ("分词器笔记：BPE / WordPiece / Unigram / SentencePiece", {"分词器": "tok", "BPE": "bpe", "WordPiece": "wp", "Unigram": "uni", "SentencePiece": "sp"}, ["bpe", "wp", "uni", "sp"]),
    # an arrow between two items is a step from one to the next, both listed
    ("目标检测笔记：R-CNN → Fast R-CNN，以及 YOLO", {"目标检测": "det", "R-CNN": "rcnn", "Fast R-CNN": "fast", "YOLO": "yolo"}, ["rcnn", "fast", "yolo"]),
    # two names joined by a hyphen are one item neither of them names
    ("语音识别：CTC、注意力编码器-解码器与 WER", {"语音识别": "asr", "CTC": "ctc", "注意力编码器": "enc", "解码器": "dec", "WER": "wer"}, ["ctc", "wer"]),
])
def test_a_listed_item_is_named_by_one_concept(title, names, want):
    from kgnotes.merge import title_analysis

    mentions = sorted((title.index(label), title.index(label) + len(label), cid) for label, cid in names.items())
    subjects, parts = title_analysis(title, mentions)
    assert subjects == [mentions[0][2]] and parts == want


def test_a_title_subject_before_a_listed_subtitle():
    from kgnotes.merge import title_subjects

    # the subject, then the parts the note goes through
    assert title_subjects("BERT 精读:掩码语言模型与下一句预测", [(0, 4, "bert"), (8, 14, "mlm"), (15, 20, "nsp")]) == ["bert"]
    # a field and a kind word name the area: the subjects come after it
    assert title_subjects("深度学习杂谈:残差、MAE与特征维度的本质思考", [(0, 4, "dl"), (7, 9, "res"), (10, 13, "mae")]) == ["res", "mae"]
    # no list after the colon: both sides
    assert title_subjects("Agentic RL:PG Loss 训练", [(0, 10, "arl"), (11, 18, "pg")]) == ["arl", "pg"]
    # unless the subtitle says it writes up what it names (详解, 整理): the subjects are there
    assert title_subjects("Agentic RL:PG Loss 组件详解(PPO-clip / KL)", [(0, 10, "arl"), (11, 18, "pg"), (25, 33, "ppo")]) == ["pg"]
    assert title_subjects("由浅入深：注意力和位置编码的一点整理", [(0, 4, "idiom"), (5, 8, "attn"), (9, 13, "pe")]) == ["attn", "pe"]
    # notes on one subject (笔记) go through its parts; a family (家族) lists its members
    assert title_subjects("GloVe 笔记:共现矩阵、加权损失和词类比", [(0, 5, "glove"), (9, 13, "cooc"), (14, 18, "wl"), (19, 22, "ana")]) == ["glove"]
    assert title_subjects("归一化家族:BN、LN 与 GN", [(0, 3, "norm"), (6, 8, "bn"), (9, 11, "ln"), (14, 16, "gn")]) == ["bn", "ln", "gn"]
    # a subtitle that asks a question asks about the subject
    t = "Transformer 与 RNN：注意力为什么能替代循环"
    assert title_subjects(t, [(0, 11, "tf"), (14, 17, "rnn"), (18, 21, "attn")]) == ["tf", "rnn"]
    t = "GRPO 与 RLVR：推理模型是怎么训出来的"
    assert title_subjects(t, [(0, 4, "grpo"), (7, 11, "rlvr"), (12, 16, "rm")]) == ["grpo", "rlvr"]
    # a subtitle saying whose foundation the subjects are names their context
    t = "MDP 与 Bellman 方程：强化学习的地基"
    assert title_subjects(t, [(0, 3, "mdp"), (6, 16, "bellman"), (17, 21, "rl")]) == ["mdp", "bellman"]
    # a title asking why a choice was made is about what was chosen
    assert title_subjects("MySQL 索引为什么用 B+ 树", [(0, 5, "mysql"), (6, 8, "index"), (13, 17, "bplus")]) == ["bplus"]
    assert title_subjects("Redis 为什么选跳表和哈希表", [(0, 5, "redis"), (10, 12, "skip"), (13, 16, "hash")]) == ["skip", "hash"]
    # "从 X 入手/说起" says where the note starts; what follows is no verb's object
    assert title_subjects("从 RNN 入手 LSTM 的门控", [(2, 5, "rnn"), (9, 13, "lstm")]) == ["lstm"]
    # one part of a series on the area is about what follows it
    assert title_subjects("Kafka 学习笔记（三）：副本同步与选主", [(0, 5, "kafka"), (14, 18, "sync"), (19, 21, "elect")]) == ["sync", "elect"]
    # a word of the concepts before the copula (their data, their cost) is what is asked about: they are the subjects
    t = "预训练与微调的成本是怎么算的"
    assert title_subjects(t, [(0, 3, "pt"), (4, 6, "ft")]) == ["pt", "ft"]
    # not a longer phrase with a verb (处理的东西都是)
    assert title_subjects("神经网络处理的东西都是连续的浮点数", [(0, 4, "nn")]) == []


def test_representatives_and_a_compromise_improvement():
    terms = {"稀疏检索": "sparse", "BM25": "bm25", "TF-IDF": "tfidf", "束搜索": "beam", "贪心解码": "greedy"}
    found = relations("传统的检索是稀疏检索，代表是 BM25 和 TF-IDF。", terms)
    assert {("bm25", "is_a", "sparse"), ("tfidf", "is_a", "sparse")} <= found
    assert ("beam", "improves", "greedy") in relations("束搜索是对贪心解码的折中改进。", terms)


@pytest.mark.parametrize("sentence, terms, wrong", [
    # the representatives belong to the kind named in the clause just before, not to one further back
    ("稀疏检索和稠密检索各有所长，传统的搜索引擎大多靠关键词匹配，代表是 BM25。",
     {"稀疏检索": "sparse", "稠密检索": "dense", "BM25": "bm25"}, ("bm25", "is_a", "dense")),
    # 而 opens a clause with its own subject; 把 embeds a clause whose verb is not the subject's
    ("生成器用 ReLU 而判别器用 LeakyReLU", {"生成器": "gen", "ReLU": "relu", "LeakyReLU": "leaky"},
     ("relu", "uses", "leaky")),
    ("量化就是把模型里用 FP32 存的权重换成 INT8", {"量化": "quant", "FP32": "fp32", "INT8": "int8"},
     ("quant", "uses", "fp32")),
    # 是 + a verb: what the subject does to the concept, not what it is
    ("随机森林主要是降方差", {"随机森林": "rf", "方差": "var"}, ("rf", "is_a", "var")),
    ("GBDT 则是一棵接一棵地去拟合残差", {"GBDT": "gbdt", "残差": "res"}, ("gbdt", "is_a", "res")),
    # a step or a part of the subject is what 是 describes
    ("做 NLP 第一步永远是分词", {"NLP": "nlp", "分词": "tok"}, ("nlp", "is_a", "tok")),
    ("sklearn 里 PCA 底层就是 SVD", {"PCA": "pca", "SVD": "svd"}, ("pca", "is_a", "svd")),
    # 包含的 opens a relative clause: no list of parts follows
    ("快照里要记录它包含的最后一条日志的索引和任期", {"快照": "snap", "索引": "index", "任期": "term"},
     ("index", "part_of", "snap")),
    # "A 与 B：从 … 到 …" is a subtitle, not the members of a kind
    ("k-means 与 EM：从硬聚类到高斯混合", {"k-means": "km", "EM": "em", "聚类": "clu", "高斯混合": "gmm"},
     ("clu", "is_a", "em")),
    ("在 NLP 里的应用 BERT 太大", {"NLP": "nlp", "BERT": "bert"}, ("nlp", "uses", "bert")),
    # a denied reliance
    ("GRPO 干脆不靠价值网络来估计优势", {"GRPO": "grpo", "价值网络": "vn"}, ("grpo", "uses", "vn")),
    # an approximation of T is no kind of it; an improved version is no plain variant
    ("蒙特卡洛估计是期望的一种近似", {"蒙特卡洛估计": "mc", "期望": "exp"}, ("mc", "is_a", "exp")),
    ("AdamW 是 Adam 的改进版本", {"AdamW": "adamw", "Adam": "adam"}, ("adamw", "variant_of", "adam")),
])
def test_more_constructions_that_state_no_relation(sentence, terms, wrong):
    assert wrong not in relations(sentence, terms)


@pytest.mark.parametrize("sentence, terms, want", [
    ("sklearn 里 PCA 底层就是 SVD", {"PCA": "pca", "SVD": "svd"}, ("pca", "uses", "svd")),
    ("生成器用 ReLU 而判别器用 LeakyReLU", {"生成器": "gen", "ReLU": "relu", "LeakyReLU": "leaky"},
     ("gen", "uses", "relu")),
    # an improved version improves on its base, as 是…的改进 does
    ("C4.5 是 ID3 的改进版，作者同一个人", {"C4.5": "c45", "ID3": "id3"}, ("c45", "improves", "id3")),
    ("XGBoost 在 GBDT 的基础上做了不少改进", {"XGBoost": "xgb", "GBDT": "gbdt"}, ("xgb", "improves", "gbdt")),
    ("梯度提升就是在函数空间里做梯度下降", {"梯度提升": "gb", "梯度下降": "gd"}, ("gb", "uses", "gd")),
    ("DPR 就是用两个独立的 BERT 分别编码问题和段落", {"DPR": "dpr", "BERT": "bert"}, ("dpr", "uses", "bert")),
    ("在微调阶段我们使用有标签的数据", {"微调": "ft", "有标签的数据": "labeled"}, ("ft", "uses", "labeled")),
    # a name in brackets that does not abbreviate the class before it is one of the class
    ("最基础的 TD 控制算法(SARSA) 直接更新动作价值", {"TD 控制算法": "tdc", "SARSA": "sarsa"}, ("sarsa", "is_a", "tdc")),
    # a glossary line's kind has the representatives its definition ends with
    ("单阶段：直接在特征图上预测类别和框，一次前向搞定，代表是 YOLO 和 SSD。", {"单阶段": "one", "YOLO": "yolo", "SSD": "ssd"},
     ("ssd", "is_a", "one")),
    # a clause opening with 属于 keeps the sentence's subject
    ("word2vec 给每个词一个固定向量，属于静态词向量", {"word2vec": "w2v", "固定向量": "vec", "静态词向量": "static"},
     ("w2v", "is_a", "static")),
    # "是 T 的一种": a kind of T, a bracketed English name between them or not
    ("谱聚类是图划分（graph partitioning）的一种松弛解法", {"谱聚类": "sc", "图划分": "gp", "graph partitioning": "gp"},
     ("sc", "is_a", "gp")),
    ("门控循环单元属于循环网络的一种", {"门控循环单元": "gru", "循环网络": "rnn"}, ("gru", "is_a", "rnn")),
    # "是 T 的…版本": another version of T
    ("小批量梯度下降是梯度下降的折中版本", {"小批量梯度下降": "mbgd", "梯度下降": "gd"}, ("mbgd", "variant_of", "gd")),
    ("Leaky ReLU 是 ReLU 的平滑版", {"Leaky ReLU": "lrelu", "ReLU": "relu"}, ("lrelu", "variant_of", "relu")),
    ("门控循环单元是后来提出的精简版 LSTM", {"门控循环单元": "gru", "LSTM": "lstm"}, ("gru", "variant_of", "lstm")),
    ("Nadam 可以看作加强版 Adam", {"Nadam": "nadam", "Adam": "adam"}, ("nadam", "improves", "adam")),
    # counted kinds after 包括/分为, counted parts after 由…组成
    ("聚类算法大致分为划分聚类、层次聚类和密度聚类三类", {"聚类算法": "clu", "划分聚类": "part", "层次聚类": "hier",
     "密度聚类": "dens"}, ("hier", "is_a", "clu")),
    ("一个编译器由三个部分组成：前端、优化器和后端", {"编译器": "cc", "前端": "fe", "优化器": "opt", "后端": "be"},
     ("opt", "part_of", "cc")),
])
def test_more_constructions_that_state_a_relation(sentence, terms, want):
    assert want in relations(sentence, terms)


def test_the_ways_of_a_field_are_its_kinds():
    terms = {"模型压缩": "mc", "剪枝": "prune", "量化": "quant", "知识蒸馏": "kd"}
    found = relations("模型压缩常走的几条路是剪枝、量化和知识蒸馏。", terms)
    assert {("prune", "is_a", "mc"), ("quant", "is_a", "mc"), ("kd", "is_a", "mc")} <= found


def test_a_pronoun_opening_a_sentence_is_the_subject_of_the_sentence_before():
    from kgnotes.relations import sentence_subject

    terms = {"Raft": "raft", "Leader 选举": "elect", "日志复制": "repl", "Lasso": "lasso", "L1 正则": "l1"}
    first = "Raft 是一种共识算法。"
    subject = sentence_subject(first, 0, mentions_in(first, terms))
    assert subject == "raft"
    second = "它把问题拆成 Leader 选举和日志复制两块。"
    found = {(r.head, r.rel, r.tail) for r in sentence_relations(second, 0, mentions_in(second, terms), antecedent=subject)}
    assert {("raft", "uses", "elect"), ("raft", "uses", "repl")} <= found
    third = "它用的是 L1 正则。"
    assert ("lasso", "uses", "l1") in {(r.head, r.rel, r.tail) for r in sentence_relations(
        third, 0, mentions_in(third, terms), antecedent="lasso")}
    # a sentence that opens with something else has no subject to hand on
    assert sentence_subject("因此 Raft 更好懂。", 0, mentions_in("因此 Raft 更好懂。", terms)) is None


@pytest.mark.parametrize("title,names,subjects,parts", [
    # a concept the title goes on from, in words naming no concept, modifies them
    ("大模型推理加速：算子融合与权重量化", {"大模型": "llm", "算子融合": "fuse", "权重量化": "wq"}, [], ["fuse", "wq"]),
    ("集束搜索：用打分器给 ASR 做重排序", {"集束搜索": "beam", "ASR": "asr"}, ["beam"], []),
    # not when the words say which side of it the note takes up, or what the note is
    ("GAN 训练技巧：谱归一化与双时间尺度", {"GAN": "gan", "谱归一化": "sn"}, ["gan", "sn"], []),
    ("SimCLR 复现记录", {"SimCLR": "simclr"}, ["simclr"], []),
    # nor when it is one of several the words are said of
    ("NLP / LLM 评估指标", {"NLP": "nlp", "LLM": "llm"}, ["nlp", "llm"], []),
    # nothing else in the title: the body will say what the note is about
    ("大模型训练并行", {"大模型": "llm"}, [], []),
    # English: a name inside a longer phrase no concept names, before or after
    ("Convolution layers", {"layers": "layer"}, [], []),
    ("Ranking metrics + NDCG", {"Ranking": "rank", "NDCG": "ndcg"}, ["ndcg"], []),
    ("Churn prediction crash notes", {"Churn": "churn"}, [], []),
    # but not after a verb, nor before words that say what the note is
    ("Evaluating dense retrieval", {"dense retrieval": "dr"}, ["dr"], []),
    ("Dropout notes", {"Dropout": "drop"}, ["drop"], []),
    ("Attention and the Transformer, explained", {"Attention": "attn", "Transformer": "tf"}, ["attn", "tf"], []),
    # what 把 puts before the verb is acted on, not what the note is about
    ("GNN 笔记：把分子图变成向量", {"GNN": "gnn", "分子图": "mol"}, ["gnn"], []),
    # a name's kind word is no second subject, nor is a subtitle that
    # describes the subject as one noun after a clause
    ("Lion 优化器：只看梯度符号的动量", {"Lion": "lion", "优化器": "opt", "动量": "mom"}, ["lion"], []),
    ("奖励塑形：基于势函数的奖励塑形", {"奖励塑形": "rs", "基于势函数的奖励塑形": "pbrs"}, ["rs", "pbrs"], []),
])
def test_title_subjects_not_modifiers_kinds_or_descriptions(title, names, subjects, parts):
    from kgnotes.merge import title_analysis

    mentions = sorted((title.index(label), title.index(label) + len(label), cid) for label, cid in names.items())
    assert title_analysis(title, mentions) == (subjects, parts)


def _graph_of(write_note, notes: dict[str, str]):
    from kgnotes.pipeline import extract_graph

    for name, text in notes.items():
        root = write_note(name, text)
    return extract_graph(root)


def test_a_note_is_pointed_to_by_what_its_title_is_about(write_note):
    # 大模型 only modifies what the title is about (推理加速): a note that
    # mentions 大模型 does not lean on it; one that mentions 算子融合 does
    kg = _graph_of(write_note, {
        "fuse.md": "---\ntitle: 大模型推理加速：算子融合与权重量化\n---\n\n算子融合(operator fusion)把相邻的小算子合成一个核，"
                   "省掉中间结果的读写。权重量化(weight quantization)把权重存成 int8，显存和带宽都省一半。算子融合和权重量化可以一起用。\n",
        "llm.md": "---\ntitle: 大模型\n---\n\n大模型(large language model)指参数量很大的语言模型。部署大模型时常先做算子融合，再谈别的优化。\n",
        "chat.md": "---\ntitle: 对话系统\n---\n\n对话系统(dialogue system)今天大多建在大模型之上，大模型负责理解和生成。\n",
    })
    refs = {(r.source, r.target, r.via) for r in kg.references}
    assert ("llm.md", "fuse.md", kg.find_concept("算子融合").id) in refs
    assert not any(s == "chat.md" and t == "fuse.md" for s, t, _ in refs)
    assert kg.about["fuse.md"] == [kg.find_concept("算子融合").id, kg.find_concept("权重量化").id]


def test_a_concept_several_notes_are_about_points_to_the_one_defining_it(write_note):
    kg = _graph_of(write_note, {
        "prune.md": "---\ntitle: 剪枝与蒸馏\n---\n\n剪枝(pruning)去掉不重要的权重，结构化剪枝按通道去掉。"
                    "知识蒸馏(knowledge distillation)让小模型学大模型的软标签。\n",
        "edge.md": "---\ntitle: 端侧部署与剪枝\n---\n\n手机上跑模型，先量化，再剪枝。剪枝之后要微调一轮，精度才回得来。\n",
        "quant.md": "---\ntitle: 量化\n---\n\n量化(quantization)把浮点权重换成整数。和剪枝一样，量化也要校准数据。\n",
    })
    assert kg.about["edge.md"] == kg.about["prune.md"] == [kg.find_concept("剪枝").id]
    # both notes are about 剪枝; quant.md leans on the one that says what it is
    assert {r.target for r in kg.references if r.source == "quant.md"} == {"prune.md"}

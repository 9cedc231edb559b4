"""Alias merging: the forms one note (or several) uses for one concept end up
on one concept, and different things stay apart. Every sentence here is ours."""
from __future__ import annotations

import pytest

from kgnotes.harvest import short_forms
from kgnotes.pipeline import extract_graph
from kgnotes.text import has_cjk, has_latin, merge_key, norm_key


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


def _kept_apart(kg, *pairs: tuple[str, str]) -> None:
    """The first of each pair is a concept, and the second is not it."""
    for name, other in pairs:
        assert kg.find_concept(name) is not None, name
        assert not _same(kg, name, other), (name, other)


def _bracket_pairs(text: str) -> set[tuple[str, str]]:
    """The alias pairs the parenthetical definitions of ``text`` give."""
    from kgnotes.harvest import definition_pairs, parenthetical_definitions, segment

    return {(p.a, p.b) for left, parts, sentence, enum in parenthetical_definitions(text, segment)
            for p in definition_pairs(left, parts, sentence, enum)[1]}


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


def test_short_forms_without_the_quality_or_the_detection():
    # 等变性 … 等变, 分布外检测 … 分布外: the -ness and the detection are kind words too
    assert list(short_forms(["等变性"], "等变性要求输出随输入一起旋转。网络对旋转等变，所以不用数据增强。")) == [("等变性", "等变")]
    assert list(short_forms(["分布外检测"], "分布外检测很难。分布外的样本常被高置信度地分错。")) == [("分布外检测", "分布外")]
    # but an ordinary word stays itself: 目标 is no short form of 目标检测
    assert list(short_forms(["目标检测"], "目标检测要框出物体。目标，很多。")) == []


def test_estimation_dropped_from_an_estimator(write_note):
    kg = _kg(write_note, {
        "mle.md": "# 参数估计\n\n极大似然估计(Maximum Likelihood Estimation)把似然当成参数的函数求最大。用极大似然得到的解有时会过拟合。\n",
    })
    assert _same(kg, "极大似然估计", "极大似然")


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


def test_english_in_brackets_sets_the_left_boundary():
    from kgnotes.harvest import _left_term, segment

    # the glossary renders every English word: the Chinese name starts at the first rendering
    assert _left_term("这一步的目的是避免表示坍塌", segment, ["representation collapse"]) == "表示坍塌"
    assert _left_term("训练时顺便实现了困难负样本挖掘", segment, ["hard negative mining"]) == "困难负样本挖掘"
    assert _left_term("我们用去噪自编码器", segment, ["Denoising Autoencoder", "DAE"]) == "去噪自编码器"
    # a Latin name the English starts with belongs to the Chinese term
    assert _left_term("这里介绍 Nesterov 加速梯度", segment, ["Nesterov Accelerated Gradient", "NAG"]) == "Nesterov 加速梯度"
    # a hyphenated English word the glossary knows only by its parts
    assert _left_term("我们重点看通过自监督对比学习", segment, ["Self-Supervised Contrastive Learning"]) == "自监督对比学习"
    # words the glossary does not know: the old boundary rules decide
    assert _left_term("我们讨论基于人类反馈的强化学习", segment, ["Reinforcement Learning from Human Feedback"]).endswith("强化学习")


def test_initials_of_the_glossary_english():
    from kgnotes.harvest import initialisms

    assert initialisms("强化学习") == {"rl"}
    assert initialisms("计算机视觉") == {"cv"}
    assert "mse" not in initialisms("掩码自编码器")  # 掩码|自编码器, not 掩码|自|编码器


def test_abbreviation_spelled_by_a_chinese_term_of_the_same_note(write_note):
    kg = _kg(write_note, {
        "rl.md": "# 智能体\n\n强化学习里智能体与环境交互。很多 RL 算法需要大量交互，RL 的样本效率是老问题。强化学习也用于对齐。\n",
        "dl.md": "# 网络\n\n深度学习靠多层网络。DL 框架很多，DL 训练要显卡。深度学习离不开数据。\n",
    })
    assert _same(kg, "RL", "强化学习")
    assert _same(kg, "DL", "深度学习")
    assert not _same(kg, "RL", "DL")


def test_an_abbreviation_the_known_terms_give_otherwise_is_not_guessed(write_note):
    # 多头注意力 spells MA word for word, but the field abbreviates it MHA:
    # the MA of a time-series note (moving average) is not it
    kg = _kg(write_note, {
        "ts.md": (
            "# 时间序列\n\nAR 和 MA 的多项式一起给出 ARIMA。MA 的阶数看自相关图；"
            "Transformer 预测器里的多头注意力也能做这件事，多头注意力让每个头看不同的滞后。\n"
        ),
    })
    assert kg.find_concept("MA") is not None
    assert not _same(kg, "MA", "多头注意力")


def test_an_abbreviation_two_names_of_its_notes_spell_is_left_alone(write_note):
    # BN spells 骨干网络 (backbone network) word for word, and BatchNorm too:
    # the note does not say which it means, so the spelling decides nothing; the
    # field does (known_terms.tsv: BN is batch normalization, BatchNorm)
    kg = _kg(write_note, {
        "cnn.md": ("# 卷积网络\n\n骨干网络里每个卷积后面跟一个 BN。BN 让训练更稳。BatchNorm 在小批量上算统计量，"
                   "BatchNorm 在推理时用滑动平均。骨干网络决定了特征质量。\n"),
    })
    assert kg.find_concept("BN") is not None
    assert not _same(kg, "BN", "骨干网络") and _same(kg, "BN", "BatchNorm")


def test_chinese_rendering_of_an_english_term_joins_it(write_note):
    kg = _kg(write_note, {
        "arm.md": (
            "# 生成范式\n\n自回归模型(Autoregressive LLMs)逐词生成。典型的自回归语言模型从左到右预测，"
            "自回归模型的推理很慢。\n"
        ),
    })
    assert _same(kg, "自回归模型", "Autoregressive LLMs", "自回归语言模型")


def test_quoted_term_before_brackets_and_abbreviated_latin_prefix():
    from kgnotes.harvest import _left_term, parenthetical_definitions, segment

    found = list(parenthetical_definitions("训练久了会出现“过平滑”(over-smoothing)现象。", segment))
    assert found[0][:2] == ("过平滑", ["over-smoothing"])
    assert _left_term("我们常用 KL 散度", segment, ["Kullback-Leibler Divergence"]) == "KL 散度"


def test_listed_items_must_read_as_names():
    from kgnotes.harvest import definition_pairs

    terms, _ = definition_pairs("投影", ["Q", "K", "输出两组投影", "残差流"], "")
    labels = {t.label for t in terms}
    assert "残差流" in labels and "输出两组投影" not in labels


def test_lowercase_english_phrase_joins_its_chinese_rendering(write_note):
    kg = _kg(write_note, {
        "zh.md": "# 价值\n\n价值函数估计状态的好坏。价值函数可以用网络拟合，价值函数越准，方差越小。\n",
        "en.md": "# Critics\n\nThe critic learns a value function; a good value function lowers the variance.\n",
    })
    assert _same(kg, "价值函数", "value function")


def test_english_term_rendered_by_a_chinese_term_joins_it(write_note):
    kg = _kg(write_note, {
        "det.md": "# 检测\n\n目标检测要找出物体的位置。目标检测的经典方法有两阶段的，也有一阶段的。Object Detection 的评价指标是 mAP。\n",
    })
    assert _same(kg, "目标检测", "Object Detection")


def test_clipped_and_initial_forms_of_english_names(write_note):
    from kgnotes.vocabulary import clipped_form_of

    assert clipped_form_of("GroupNorm", "Group Normalization")
    assert not clipped_form_of("GroupNorm", "Group Norm")
    kg = _kg(write_note, {
        "norm.md": (
            "# Normalization layers\n\nGroup Normalization splits channels into groups. GroupNorm does not depend on the batch size, "
            "and GN works with batch size one; GN is common in detection. Group Normalization needs no running statistics.\n"
        ),
        "rpo.md": (
            "# RPO\n\nRanked Preference Optimization compares answers. RPO needs no reward model; "
            "RPO is simple. Ranked Preference Optimization is cheap.\n"
        ),
    })
    assert _same(kg, "Group Normalization", "GroupNorm", "GN")
    assert _same(kg, "RPO", "Ranked Preference Optimization")


def test_learning_paradigm_short_forms():
    text = "自监督学习不需要标签。自监督的好处是数据便宜；对比学习是一类方法，对比的对象是样本。"
    found = dict((s, l) for l, s in short_forms(["自监督学习", "对比学习"], text))
    assert found == {"自监督": "自监督学习"}  # 对比 is an ordinary verb, not short for 对比学习


def test_latin_name_with_its_kind_word(write_note):
    kg = _kg(write_note, {
        "em.md": (
            "# 聚类\n\n高斯混合模型常用 EM 算法求解。EM 算法交替做 E 步和 M 步，EM 的每一步都不会让似然变小。"
            "EM 收敛到局部最优。\n"
        ),
    })
    assert _same(kg, "EM 算法", "EM")
    kg = _kg(write_note, {"ai.md": "# 杂谈\n\n现在的 AI 模型越来越大，训练越来越贵。\n"})
    assert kg.find_concept("AI 模型") is None  # the name is no term of the corpus


# A Latin name and the kind word after it name one thing when the notes also
# write the name alone, without a bracket saying so.
_NAME_AND_KIND = {
    "theory or system": ({
        "cap.md": (
            "# 分布式\n\nCAP 定理（CAP theorem）说一致性、可用性和分区容错最多同时满足两个。CAP 的证明不难。"
            "CAP 里的 C 是线性一致性。BASE 理论（BASE theory）放弃强一致；BASE 的 S 是软状态。BASE 常见于 NoSQL。\n"
        ),
    }, [("CAP 定理", "CAP"), ("BASE 理论", "BASE")]),
    "function or kernel": ({
        "act.md": (
            "# 激活函数\n\nSigmoid 把实数压到 0 到 1 之间，Sigmoid 的导数最大只有 0.25。"
            "输出层用 Sigmoid 函数做二分类，隐藏层很少再用 Sigmoid 函数。\n"
        ),
        "svm.md": (
            "# 核技巧\n\nRBF（Radial Basis Function）是最常用的选择。sklearn 的 SVC 默认就是 RBF 核，"
            "RBF 核的带宽由 gamma 控制。\n"
        ),
    }, [("Sigmoid 函数", "Sigmoid"), ("RBF 核", "RBF", "Radial Basis Function")]),
    # the name alone is the scheme: "Xavier" for Xavier 初始化, "Dirichlet" for Dirichlet 分布
    "initialisation or distribution": ({
        "init.md": (
            "# 初始化\n\n用 tanh 时选 Xavier 初始化，方差按扇入扇出取平均。Xavier 假设激活函数在零点附近线性，"
            "ReLU 下 Xavier 会让方差逐层减半。\n"
        ),
        "fl.md": (
            "# 联邦划分\n\n用 Dirichlet 分布给每个客户端抽类别比例，Dirichlet 的浓度参数越小越不均匀，"
            "Dirichlet 的参数一般取 0.1 到 1。\n"
        ),
    }, [("Xavier 初始化", "Xavier"), ("Dirichlet 分布", "Dirichlet")]),
    # English kind words: "Gini impurity" … "Gini"
    "English kind word": ({
        "tree.md": (
            "# 决策树\n\nCART 用 Gini impurity 选划分，Gini 越小节点越纯。Gini 和熵的排序几乎一样。"
            "计算 Gini 比算熵快，因为不用取对数。\n"
        ),
        "topic.md": (
            "# 主题模型\n\nLDA 给每篇文档的主题比例一个 Dirichlet distribution 先验。Dirichlet 的参数越小，"
            "文档越集中在少数主题上；Dirichlet 是多项分布的共轭先验。\n"
        ),
    }, [("Gini impurity", "Gini"), ("Dirichlet distribution", "Dirichlet")]),
    # a person's name and what is named after them: the matrix, the distance, the sampler
    "named after a person": ({
        "newton.md": (
            "# 二阶方法\n\n牛顿法要算 Hessian 矩阵再求逆，参数一多 Hessian 就存不下了。"
            "拟牛顿法用梯度的差去近似 Hessian，L-BFGS 只存最近几步。\n"
        ),
        "ot.md": (
            "# 最优传输\n\nWGAN 把 JS 散度换成 Wasserstein 距离。两个分布不重叠时 Wasserstein 仍然有梯度，"
            "Wasserstein 的对偶形式要求判别器满足 1-Lipschitz。\n"
        ),
    }, [("Hessian 矩阵", "Hessian"), ("Wasserstein 距离", "Wasserstein")]),
}


@pytest.mark.parametrize("kind", sorted(_NAME_AND_KIND))
def test_latin_name_written_alone_and_with_its_kind_word(write_note, kind):
    notes, same = _NAME_AND_KIND[kind]
    kg = _kg(write_note, notes)
    for labels in same:
        assert _same(kg, *labels), labels


def test_a_kind_word_after_an_abbreviation_or_a_word_names_another_thing(write_note):
    # EM 距离 is the earth mover's distance, not EM; the "Attention 矩阵" is a
    # matrix of attention weights, not attention
    kg = _kg(write_note, {
        "em.md": (
            "# 聚类与距离\n\nEM 算法交替做 E 步和 M 步，EM 的每一步都不会让似然变小。EM 收敛到局部最优。"
            "比较两个分布时常用 EM 距离，EM 距离也叫推土机距离。\n"
        ),
        "attn.md": (
            "# 注意力\n\nAttention 让每个词看到其他词。Attention 的计算量和长度平方成正比，"
            "Attention 矩阵的每一行和为 1，Attention 矩阵可以画成热力图。\n"
        ),
    })
    _kept_apart(kg, ("EM", "EM 距离"), ("Attention", "Attention 矩阵"))


def test_a_chinese_loss_named_after_a_thing_is_not_the_thing(write_note):
    # 隐私损失 is the privacy a mechanism gives away, not privacy; 交叉熵损失 is 交叉熵
    kg = _kg(write_note, {
        "dp.md": (
            "---\ntags: [隐私, 安全]\n---\n# 差分隐私\n\n每回答一次查询都会泄露一点隐私，多次查询的隐私损失（privacy loss）会累加。"
            "隐私损失越大，攻击者越容易推断出某条记录在不在数据里。\n\n## 隐私\n\n保护隐私就是给隐私损失设上界。\n"
        ),
        "cls.md": (
            "# 分类\n\n分类常用交叉熵损失。交叉熵衡量两个分布的差异，交叉熵损失对自信的错误惩罚很重。\n"
        ),
    })
    assert kg.find_concept("隐私损失") is not None and kg.find_concept("隐私") is not None
    assert not _same(kg, "隐私损失", "隐私")
    assert _same(kg, "交叉熵损失", "交叉熵")


def test_a_bracket_name_ending_with_the_name_before_it_is_a_kind_of_it(write_note):
    kg = _kg(write_note, {
        "asr.md": (
            "# 语音识别解码\n\n解码时一般配一个语言模型做 beam search（prefix beam search），"
            "beam search 的宽度通常取 8 到 16，prefix beam search 会把相同前缀的路径合并。\n"
        ),
        "da.md": (
            "# 域适应\n\nMMD 衡量两个分布的差异。有人在网络的几个高层都加多核 MMD（MK-MMD）损失，"
            "MK-MMD 用几个不同带宽的核加权，MMD 只用一个核。\n"
        ),
    })
    _kept_apart(kg, ("beam search", "prefix beam search"), ("MMD", "MK-MMD"))


def test_an_abbreviation_takes_the_name_the_term_before_its_bracket_missed(write_note):
    # RDP is Rényi DP: its R is the name written before 差分隐私, not a letter of 差分隐私
    kg = _kg(write_note, {
        "dp.md": (
            "# 隐私会计\n\n差分隐私（Differential Privacy, DP）给隐私一个可以计算的定义。"
            "多步训练的隐私预算一般用基于 Rényi 差分隐私（RDP）的会计方法来算，RDP 的组合比朴素组合紧得多，"
            "最后再把 RDP 换算回 DP。\n"
        ),
    })
    assert _same(kg, "RDP", "Rényi 差分隐私")
    assert _same(kg, "DP", "差分隐私")
    assert not _same(kg, "RDP", "DP")


def test_mixed_name_joins_the_chinese_name_it_renders_though_both_are_defined(write_note):
    # 贝尔曼方程 has its English; "Bellman 方程" is a name of its own in the
    # headings: the glossary renders it as 贝尔曼方程, so they are one concept
    kg = _kg(write_note, {
        "mdp.md": (
            "# 马尔可夫决策过程\n\n## Bellman 方程\n\n贝尔曼方程（Bellman equation）把当前状态的价值写成后继状态价值的期望。"
            "Bellman 方程有期望形式和最优形式两种。\n\n## 求解\n\n策略评估就是反复套用 Bellman 方程。\n"
        ),
    })
    assert _same(kg, "Bellman 方程", "贝尔曼方程", "Bellman equation")


def test_bracket_naming_a_term_and_citing_a_paper_with_a_remark(write_note):
    kg = _kg(write_note, {
        "ppo.md": (
            "# 策略优化\n\n后来的 PPO（Proximal Policy Optimization，近端策略优化，ICML 2017 那篇）只用一阶优化。"
            "PPO 的实现很简单，PPO 也是 RLHF 的默认选择。\n"
        ),
    })
    assert _same(kg, "PPO", "Proximal Policy Optimization", "近端策略优化")


def test_an_earlier_name_given_inside_the_bracket(write_note):
    kg = _kg(write_note, {
        "kd.md": (
            "# 压缩\n\n知识蒸馏（knowledge distillation，早期也叫 model compression）让小模型模仿大模型。"
            "知识蒸馏的温度是个超参数。\n"
        ),
    })
    assert _same(kg, "知识蒸馏", "knowledge distillation", "model compression")


def test_a_bracket_saying_what_is_included_names_nothing(write_note):
    kg = _kg(write_note, {
        "dqn.md": "# 从 Q-learning 到 DQN（含 Double / Dueling）\n\nDQN 用经验回放。DQN 还用目标网络。\n",
    })
    assert kg.find_concept("含 Double") is None


def test_latin_name_with_a_system_word_written_only_in_prose(write_note):
    # no bracket gives "CP 系统" a name: it is CP with its kind word
    kg = _kg(write_note, {
        "cap.md": (
            "# 取舍\n\n分区发生时只能在 CP 和 AP 之间选。ZooKeeper 是典型的 CP 系统，CP 意味着牺牲可用性。"
            "Cassandra 更像 AP 系统，AP 意味着读到旧数据。\n"
        ),
    })
    assert _same(kg, "CP 系统", "CP") and _same(kg, "AP 系统", "AP")


def test_systems_words_render_an_english_name_as_the_chinese_one(write_note):
    kg = _kg(write_note, {
        "raft.md": (
            "# Raft\n\nRaft 把共识拆成三块：选主、日志复制、安全性。\n\n## 日志复制\n\n"
            "日志复制由 Leader 负责，日志复制要多数派确认。\n"
        ),
        "paxos.md": "# Multi-Paxos\n\n跟 Raft 的 Log Replication 比，Multi-Paxos 的日志可以有空洞。Log Replication 之外还要选主。\n",
    })
    assert _same(kg, "日志复制", "Log Replication")
    from kgnotes.harvest import glossary_translations

    assert "复制状态机" in glossary_translations("Replicated State Machine")
    # common words of deep-learning writing: a Title Case word the glossary knows is translated, not kept as a name
    assert "缩放定律" in glossary_translations("Scaling Law") and "混合精度" in glossary_translations("Mixed Precision")
    assert "灾难性遗忘" in glossary_translations("Catastrophic Forgetting")
    assert "激活感知权重量化" in glossary_translations("Activation-aware Weight Quantization")


def test_divergence_after_a_name_is_the_name_but_distance_is_not(write_note):
    kg = _kg(write_note, {
        "kl.md": "# 约束\n\n更新时用 KL 约束新旧策略，KL 太大就减小步长。损失里直接加 KL 散度也行。\n",
        "knn.md": (
            "# 近邻\n\nL1（Lasso 的惩罚项）让权重稀疏，L1 常和 L2 一起用。"
            "KNN 里度量常用 L1 距离，L1 距离对异常值不敏感。\n"
        ),
    })
    assert _same(kg, "KL 散度", "KL")
    assert not _same(kg, "L1 距离", "L1")  # a norm names a penalty and a distance


def test_bracket_pair_after_a_clause_names_its_own_term(write_note):
    # nothing before the bracket is a term, so the pair inside it is the name,
    # though the glossary knows neither word
    kg = _kg(write_note, {
        "ols.md": (
            "# 最小二乘\n\n特征之间几乎线性相关的时候(多重共线性, multicollinearity),系数会很不稳定。"
            "多重共线性可以用岭回归缓解。\n"
        ),
    })
    assert _same(kg, "多重共线性", "multicollinearity")
    assert kg.find_concept("时候") is None


def test_another_name_in_a_bracket_after_a_latin_name_with_its_kind_word(write_note):
    kg = _kg(write_note, {
        "ot.md": (
            "# 最优传输\n\n两个分布之间可以用 Wasserstein 距离(又叫 Earth Mover 距离)衡量。"
            "Wasserstein 距离在分布不重叠时仍有梯度。\n"
        ),
    })
    assert _same(kg, "Wasserstein 距离", "Earth Mover 距离")  # the other name keeps the kind word


def test_a_role_given_an_instance_in_a_bracket_is_not_renamed(write_note):
    # 生成器（BART）: BART is the generator this system uses, not another name for 生成器
    kg = _kg(write_note, {
        "rag.md": (
            "# 检索增强\n\n原始方案里检索器（DPR）和生成器（BART）联合训练。生成器拿到文档后再写答案，"
            "BART 是编码器-解码器结构，DPR 是双塔结构。\n"
        ),
    })
    assert not _same(kg, "生成器", "BART")
    assert not _same(kg, "检索器", "DPR")


def test_an_agent_noun_spelled_otherwise_than_its_bracket_is_a_role(write_note):
    # 视觉编码器 is "visual encoder" word for word: ViT is the encoder BLIP-2 uses, not its name;
    # 变分自编码器 (VAE) spells its abbreviation but for one letter, and stays one concept
    kg = _kg(write_note, {
        "blip.md": (
            "# BLIP-2\n\nBLIP-2 把视觉编码器(ViT)和 LLM 都冻住,只训练中间的 Q-Former。"
            "视觉编码器输出的 patch 特征太多,ViT 的最后一层也可以换成别的层。\n"
        ),
        "vae.md": "# 生成模型\n\n变分自编码器(VAE)学习一个隐空间。VAE 的解码器负责重建。\n",
    })
    assert not _same(kg, "视觉编码器", "ViT")
    assert _same(kg, "变分自编码器", "VAE")


def test_a_modifier_the_glossary_spells_into_the_abbreviation_opens_the_term(write_note):
    # 对称|交叉熵 is SCE: the modifier before the known term is part of the name
    kg = _kg(write_note, {
        "noisy.md": (
            "# 噪声标签\n\n损失层面可以换成对称交叉熵(SCE),它对错标不那么敏感。"
            "普通的交叉熵在噪声标签下容易过拟合,交叉熵越训越低。\n"
        ),
    })
    assert _same(kg, "对称交叉熵", "SCE")
    assert not _same(kg, "交叉熵", "SCE")


def test_a_loss_named_after_a_thing_is_not_the_thing(write_note):
    # the codebook loss pulls the codebook; the cross-entropy loss is the cross-entropy
    kg = _kg(write_note, {
        "vq.md": (
            "# VQ\n\nThe **codebook** stores K vectors. The **codebook loss** pulls the codebook towards the encoder "
            "outputs, and the codebook is updated by it. Codebook loss again. The **actor loss** trains the **actor**; "
            "the actor acts. Actor loss again, actor again. The **cross-entropy loss** is the **cross-entropy** of the "
            "labels. Cross-entropy again.\n"
        ),
    })
    assert not _same(kg, "codebook", "codebook loss")
    assert not _same(kg, "actor", "actor loss")
    assert _same(kg, "cross-entropy", "cross-entropy loss")


def test_a_term_without_a_last_word_one_known_line_names(write_note):
    # an abbreviation and its loss are two things (the PPO loss trains PPO), a
    # CLIP score is no CLIP; but where one line of the known terms names both,
    # the last word drops: InfoNCE loss is InfoNCE, ROC curve ROC, KKT 条件 KKT
    kg = _kg(write_note, {
        "metrics.md": (
            "# Metrics\n\n## InfoNCE\n\nThe **InfoNCE loss** scores one positive against many negatives. "
            "InfoNCE needs large batches. **PPO** clips the ratio; the **PPO loss** adds a value term. PPO again, "
            "PPO loss again. The **ROC curve** plots TPR against FPR; ROC needs scores, not labels. "
            "**CLIP** embeds images and text; the **CLIP score** of a caption is a cosine. CLIP again, "
            "the CLIP score again.\n"
        ),
        "kkt.md": "# 对偶\n\n**KKT 条件**是最优性的必要条件，凸问题里 KKT 条件也是充分的。检查 KKT 时先看互补松弛，KKT 也给出对偶变量的符号。\n",
    })
    for short, long in [("InfoNCE", "InfoNCE loss"), ("ROC", "ROC curve"), ("KKT", "KKT 条件")]:
        assert _same(kg, short, long), long
    for short, long in [("PPO", "PPO loss"), ("CLIP", "CLIP score")]:
        assert not _same(kg, short, long), long


def test_a_modifier_rendering_the_first_english_word_is_part_of_the_term(write_note):
    kg = _kg(write_note, {
        "emb.md": (
            "# 表示\n\n早期的词向量 (word embedding) 一个词只有一个向量。"
            "后来的模型给出上下文相关的词向量 (contextual embedding)，同一个词在不同句子里向量不同。"
            "词向量仍然是很多模型的输入。\n"
        ),
    })
    assert _same(kg, "词向量", "word embedding")
    assert not _same(kg, "词向量", "contextual embedding")


def test_front_matter_alias_spelled_in_the_title_is_the_subject(write_note):
    # the title ends with one of the methods it lists; the aliases rename the
    # Chinese name the title begins with, not the last method
    kg = _kg(write_note, {
        "peft.md": (
            "---\ntitle: 模型压缩 MC:剪枝 / 量化 / Knowledge Distillation\n"
            "aliases: [模型压缩, Model Compression]\n---\n"
            "模型压缩让大模型跑在小设备上。剪枝去掉不重要的权重，量化降低精度。"
            "Knowledge Distillation 让小模型模仿大模型，Knowledge Distillation 需要教师模型。\n"
        ),
    })
    assert _same(kg, "模型压缩", "Model Compression")
    assert not _same(kg, "Knowledge Distillation", "Model Compression")


def test_a_rule_may_be_called_a_method_in_english(write_note):
    kg = _kg(write_note, {"k.md": "# 聚类\n\nK 怎么选？常见的是肘部法则 (elbow method)，画出误差随 K 变化的曲线找拐点。\n"})
    assert _same(kg, "肘部法则", "elbow method")


def test_locative_frame_and_activity_word_before_an_abbreviation(write_note):
    from kgnotes.harvest import _left_term, segment

    # "在…上(ABBR)": the locative closing the frame is not part of the name
    assert _left_term("最近在图神经网络上", segment, ["GNN"]) == "图神经网络"
    kg = _kg(write_note, {
        "vlm.md": "# 视觉语言\n\n近两年在多模态研究中(MM-LLM)进展很快。多模态模型一般先把图像编码成序列。\n"
                  "这类多模态模型的能力来自语言模型。多模态的难点在于对齐。\n",
    })
    # 研究 is the activity, not the thing: MM-LLM names 多模态, and the note's
    # 多模态模型 drops its kind word to 多模态
    assert _same(kg, "MM-LLM", "多模态", "多模态模型")


def test_plural_surface_forms_become_alt_labels(write_note):
    kg = _kg(write_note, {
        "attn.md": "# 注意力\n\n变换器(Transformer)完全基于注意力。后来的 Transformers 都沿用了这种结构，"
                   "几乎所有 Transformers 都堆叠多层。\n",
    })
    labels = _labels(kg, "Transformer")
    assert {"transformers", "transformer", "变换器"} <= labels
    c = kg.find_concept("Transformer")
    assert not {norm_key(l) for l in c.pref.values()} & {norm_key(l) for l in c.alt}


def test_left_boundary_follows_the_length_of_the_english_name():
    from kgnotes.harvest import _left_term, segment

    cases = {
        ("长度为 $m$ 的位数组", "bit array"): "位数组",  # a 的 that opens the run is no part of a name
        ("在两者之间还有因果一致性", "Causal Consistency"): "因果一致性",  # two English words, two Chinese words
        ("把客户端的命令作为日志条目", "Log Entry"): "日志条目",
        ("数据库普遍会做组提交", "Group Commit"): "组提交",
        ("布隆过滤器不会出现假阴性", "False Negative"): "假阴性",
        ("出错时必须回滚", "Rollback"): "回滚",
        ("采样不可导，所以用重参数化技巧", "reparameterization trick"): "重参数化技巧",  # 重|参数|化: affixes are half a word
        ("原论文认为 BN 缓解了内部协变量偏移", "Internal Covariate Shift"): "内部协变量偏移",
        ("我们提出掩码自编码器", "Masked Autoencoder"): "掩码自编码器",
        ("这里用直接偏好优化", "Direct Preference Optimization"): "直接偏好优化",
        ("原文把归一化放在残差相加之后", "Post-LN"): "",  # the bracket names a place in the sentence
    }
    for (before, english), want in cases.items():
        assert _left_term(before, segment, [english]) == want, (before, english)


def test_abbreviation_with_a_leading_number(write_note):
    from kgnotes.harvest import abbreviation_fits, is_acronym

    assert abbreviation_fits("2PC", "Two-Phase Commit") and abbreviation_fits("3PC", "three phase commit")
    assert not abbreviation_fits("2PC", "Phase Commit")
    assert is_acronym("2PL") and not any(is_acronym(q) for q in ("4KB", "8GiB", "60FPS", "3D"))
    kg = _kg(write_note, {
        "a.md": "# 分布式事务\n\n两阶段提交（Two-Phase Commit, 2PC）分准备和提交两步。每页 4KB。\n",
        "b.md": "# 协调者\n\n2PC 的协调者挂掉时参与者只能等待，页大小 4KB。\n",
    })
    assert _same(kg, "两阶段提交", "Two-Phase Commit", "2PC")
    assert kg.find_concept("4KB") is None


def test_other_names_a_note_gives_after_or_inside_the_bracket(write_note):
    kg = _kg(write_note, {
        "a.md": "# 索引\n\n非主键上的索引叫二级索引（Secondary Index），又称辅助索引、非聚簇索引。二级索引的叶子存主键。\n",
        "b.md": "# 日志\n\n数据库普遍采用预写日志（Write-Ahead Logging，WAL），也叫预写式日志，再改数据页。\n\n"
                "环上放虚拟节点（Virtual Node，也常写作 vnode），一台机器对应多个虚拟节点。\n",
    })
    assert _same(kg, "二级索引", "Secondary Index", "辅助索引", "非聚簇索引")
    assert _same(kg, "预写日志", "WAL", "预写式日志")
    assert _same(kg, "虚拟节点", "Virtual Node", "vnode")
    assert not _same(kg, "二级索引", "预写日志")


def test_glossary_lines_define_terms(write_note):
    from kgnotes.harvest import glossary_lines, segment

    text = "缺点：收敛慢。 增量方法：每来一个样本就更新一次估计。\n- 提议者 Proposer：提出提案\n注意：不要混淆\n见 https://example.org"
    assert list(glossary_lines(text, segment)) == [("增量方法", None), ("提议者", "Proposer")]
    kg = _kg(write_note, {
        "a.md": "# 两种估计\n\n非增量方法要等所有样本。 增量方法：每来一个样本就更新一次估计，增量方法省内存。\n",
        "b.md": "# 三种角色\n\n- 提议者 Proposer：提出提案\n- 接受者 Acceptor：对提案投票\n\nProposer 需要多数 Acceptor 同意。\n",
    })
    assert kg.find_concept("增量方法") is not None
    assert _same(kg, "提议者", "Proposer") and _same(kg, "接受者", "Acceptor")
    assert kg.find_concept("缺点") is None and kg.find_concept("注意") is None


def test_members_enumerated_in_brackets_are_no_aliases(write_note):
    kg = _kg(write_note, {
        "a.md": "# 索引结构\n\n平衡树（AVL、红黑树）只保证树高不退化。AVL 旋转多，红黑树旋转少。平衡树常用于内存索引。\n",
    })
    assert not _same(kg, "平衡树", "AVL")


def test_de_stays_inside_a_name_for_a_long_english_name():
    from kgnotes.harvest import _left_term, segment

    # 基于X的Y is "Y from X": 基于 belongs to the name the English spells with "from"
    assert _left_term("我们常用基于人类反馈的强化学习", segment,
                      ["Reinforcement Learning from Human Feedback", "RLHF"]) == "基于人类反馈的强化学习"
    assert _left_term("这一节讲基于策略", segment, ["policy-based"]) == "基于策略"
    assert _left_term("于是误判率", segment, ["false positive rate"]) == "误判率"


def test_an_abbreviation_introduced_for_the_rest_of_the_note(write_note):
    kg = _kg(write_note, {
        "a.md": "# 隔离\n\n- 可重复读（Repeatable Read），简称 RR：同一事务内多次读结果一致。RR 是默认级别。\n",
        "b.md": "# 负载均衡\n\n最简单的是轮询（Round-Robin，下文简称 RR）：请求依次分给每台服务器。RR 只适用于无状态服务。\n",
    })
    rr = {c.id for c in kg.concepts.values() if "RR" in c.labels}
    assert rr == {kg.find_concept("可重复读").id, kg.find_concept("轮询").id} and len(rr) == 2


def test_x_to_x_is_one_name():
    from kgnotes.harvest import _left_term, segment

    assert _left_term("原版 Transformer 是一个序列到序列", segment, ["seq2seq"]) == "序列到序列"
    assert _left_term("训练是端到端", segment, ["end-to-end"]) == "端到端"
    assert _left_term("把输入映射到序列", segment, ["sequence"]) == "序列"


def test_a_latin_letter_or_abbreviation_opens_a_chinese_name():
    from kgnotes.harvest import _left_term, segment

    assert _left_term("## B 树\n\nB 树", segment, ["B-Tree"]) == "B 树"
    assert _left_term("写多读少时用 LSM 树", segment, ["Log-Structured Merge-Tree"]) == "LSM 树"
    assert _left_term("缓存了 KV 矩阵", segment, ["attention weights"]) == "矩阵"  # the English does not start with KV
    # the English has a word for each Chinese word before the Latin name, a verb (增强) included, plural or not
    assert _left_term("论文里用的是增强图 GNN", segment, ["Augmented Graph GNNs", "AGGNN"]) == "增强图 GNN"


def test_a_hyphened_word_rendered_whole_counts_once():
    from kgnotes.harvest import _left_term, segment

    # Fine-Tuning is 微调, one word: four English words are three Chinese ones here, the verb before them goes
    assert _left_term("周末认真看参数高效微调", segment, ["Parameter-Efficient Fine-Tuning", "PEFT"]) == "参数高效微调"


def test_left_boundary_in_notes_of_another_field():
    from kgnotes.harvest import _left_term, segment

    cases = {
        ("梯度爆炸还好办，做个梯度裁剪", ("gradient clipping",)): "梯度裁剪",  # a classifier left by the cut
        ("衡量重合程度的指标是交并比", ("Intersection over Union", "IoU")): "交并比",  # 交|并|比: one word jieba did not know
        ("- 过平滑", ("over-smoothing",)): "过平滑",  # a hyphen joins two English words
        ("另外还有高频词的下采样", ("subsampling",)): "下采样",  # 下 after 的 is a prefix, not a place
        ("预训练任务二: 下一句预测", ("Next Sentence Prediction", "NSP")): "下一句预测",
        ("叫作上下文相关的词向量", ("contextual embedding",)): "上下文相关的词向量",
        ("训练通过最大化对数似然的变分下界", ("ELBO",)): "变分下界",
        ("典型的是两阶段锁协议", ("Two-Phase Locking", "2PL")): "两阶段锁协议",  # a number is part of the name
        ("另一个经典用途是 RNN 语言模型", ("RNNLM",)): "RNN 语言模型",
    }
    for (before, inner), want in cases.items():
        assert _left_term(before, segment, list(inner)) == want, (before, inner)


def test_a_kind_word_the_english_leaves_out_does_not_veto(write_note):
    from kgnotes.harvest import translation_agrees

    assert translation_agrees("长短期记忆网络", "Long Short-Term Memory") and translation_agrees("跳字模型", "Skip-gram")
    assert not translation_agrees("强化学习", "policy gradient")  # the English names another kind
    kg = _kg(write_note, {
        "a.md": "# 蒸馏\n\n知识蒸馏(Knowledge Distillation)里学生模型学教师模型。蒸馏损失衡量两者输出的差距，蒸馏损失越小越好。"
                "蒸馏常和量化一起用。\n",
    })
    assert not _same(kg, "蒸馏损失", "蒸馏")  # a loss named after a process is not the process


def test_full_names_spelled_out_and_chinese_names_given(write_note):
    from kgnotes.harvest import full_names, segment

    found = [x[:2] for x in full_names("YOLO 的全称是 You Only Look Once。GRU 全称门控循环单元是一种简化的 LSTM。"
                                       "ABC 全称 Quite Different Words。", segment)]
    assert found == [("YOLO", "You Only Look Once"), ("GRU", "门控循环单元")]  # the letters must spell it
    kg = _kg(write_note, {
        "a.md": "# 分词\n\nBPE (Byte Pair Encoding),中文叫字节对编码,原本是一种压缩算法。BPE 反复合并最常见的字节对。\n",
        "b.md": "# 检测\n\nYOLO 的全称是 You Only Look Once，一次前向就给出框。YOLO 很快。\n",
    })
    assert _same(kg, "BPE", "Byte Pair Encoding", "字节对编码")
    assert _same(kg, "YOLO", "You Only Look Once")


def test_de_and_counts_before_an_english_name():
    from kgnotes.harvest import _left_term, segment

    cases = {
        ("也就是常说的长程依赖", ("long-term dependency",)): "长程依赖",  # an ordinary modifier before 的 goes
        ("普通的前馈网络", ("Feedforward Neural Network",)): "前馈网络",
        ("每条日志都有一个单调递增的日志序列号", ("Log Sequence Number", "LSN")): "日志序列号",
        ("叫作上下文相关的词向量", ("contextual embedding",)): "上下文相关的词向量",  # after a naming verb all of it
        ("一定包含所有已提交的日志", ("Leader Completeness",)): "",  # too short for the English: no term named here
        ("4 亿个图文对", ("image-text pairs",)): "图文对",
        ("二分类时就是二元交叉熵 ", ("Binary Cross Entropy", "BCE")): "二元交叉熵",  # 二元 is part of the name
        ("原论文认为 BN 缓解了内部协变量偏移", ("Internal Covariate Shift",)): "内部协变量偏移",
        ("训练时在前向里插入伪量化", ("fake quantization",)): "伪量化",
        ("序列到序列", ("Sequence-to-Sequence", "Seq2Seq")): "序列到序列",  # a word the English says twice
        # a single character closing a name is its head word: the verb before goes
        ("评估平衡时要看标准化均值差", ("Standardized Mean Difference", "SMD")): "标准化均值差",
        ("训练时先看特征图", ("feature map",)): "特征图",
        ("默认的隔离级别是可重复读", ("Repeatable Read",)): "可重复读",  # but a verb closing it is no head word
        ("先对比一下多层感知机", ("Multi-Layer Perceptron", "MLP")): "多层感知机",  # a verb done briefly goes with its 一下
    }
    for (before, inner), want in cases.items():
        assert _left_term(before, segment, list(inner)) == want, (before, inner)


def test_a_name_of_the_field_before_a_bracket_is_taken_whole():
    from kgnotes.harvest import _left_term, segment

    cases = {
        # the English counts 说话人 as one word and 有向无环图 as none; known_terms.tsv knows the names
        ("我们假设因果结构是一个有向无环图", ("DAG",)): "有向无环图",
        ("前端任务是说话人识别", ("speaker identification",)): "说话人识别",
        ("约束问题常用增广拉格朗日法", ("augmented Lagrangian",)): "增广拉格朗日法",
        # a verb and the one who does it make a noun (说话|人)
        ("声纹系统先抽取说话人嵌入", ("speaker embedding",)): "说话人嵌入",
        # unless the bracket names the known term inside it
        ("每一步采样一个离散隐变量", ("latent variable",)): "隐变量",
    }
    for (before, inner), want in cases.items():
        assert _left_term(before, segment, list(inner)) == want, (before, inner)


def test_chinese_modifier_of_a_latin_name_and_bare_jiao():
    from kgnotes.harvest import _left_term, is_term_like, naming_terms, segment

    assert _left_term("给了两个加速办法: 1. 层次 softmax ", segment, ["Hierarchical Softmax"]) == "层次 softmax"
    assert _left_term("我们用 softmax ", segment, ["normalized exponential"]) == "softmax"
    assert is_term_like("两阶段") and not is_term_like("第二阶段")  # two-stage is a kind, the second stage a step
    assert list(naming_terms("否则叫非对称量化，实现更复杂。每个通道各用一组叫 per-channel;")) == ["非对称量化", "per-channel"]


def test_what_is_named_is_the_noun_after_de():
    from kgnotes.harvest import naming_terms

    text = "前面 n-1 个词称为单词 \\(w_i\\) 的上下文，用 c 表示。我们把它叫做 Visual Representation。"
    assert list(naming_terms(text)) == ["上下文", "Visual Representation"]


def test_english_plurals_in_es():
    assert merge_key("Anchor Boxes") == merge_key("anchor box")
    assert merge_key("Losses") == merge_key("loss") and merge_key("caches") == merge_key("cache")
    assert merge_key("processes") == merge_key("process")


def test_citation_brackets_name_nothing(write_note):
    kg = _kg(write_note, {
        "attn.md": (
            "# 高效注意力\n\n训练长序列时可以用 FlashAttention (Dao 等人, 2022) 减少显存读写。"
            "图像上则有 Swin Transformer (Liu et al., 2021)，按窗口算注意力。FlashAttention 现在是默认选项。\n"
        ),
    })
    labels = {l for c in kg.concepts.values() for l in c.labels}
    assert not any("等人" in l or "et al" in l for l in labels)
    assert kg.find_concept("FlashAttention") is not None


def test_flattened_heading_leaves_acronyms_side_by_side(write_note):
    # "SFT 与 RLHF" was a heading; the bracket spells out the acronym right before it
    kg = _kg(write_note, {
        "align.md": (
            "# 对齐\n\nSFT 与 RLHF SFT (Supervised Fine-Tuning, 监督微调):先用人工写的回答微调模型。"
            "监督微调之后再做 RLHF。\n"
        ),
    })
    assert _same(kg, "SFT", "Supervised Fine-Tuning", "监督微调")
    assert kg.find_concept("RLHF SFT") is None


def test_chinese_modifier_spelled_by_abbreviation_letters(write_note):
    kg = _kg(write_note, {
        "seq.md": (
            "# 序列标注\n\n编码器用的是双向 GRU(BiGRU),两个方向的隐藏状态拼在一起。BiGRU 比单向的准。"
            "非线性的数据可以用核 SVM(Kernel SVM)。\n"
        ),
    })
    assert _same(kg, "双向 GRU", "BiGRU")
    assert _same(kg, "核 SVM", "Kernel SVM")  # the modifier starts after 用


def test_where_a_name_comes_from_is_not_part_of_it(write_note):
    kg = _kg(write_note, {
        "mlm.md": "# 掩码\n\n这个任务的设计灵感源自完形填空(Cloze task),遮住一些词让模型猜。完形填空是很老的语言测试。\n",
    })
    assert _same(kg, "完形填空", "Cloze task")
    assert kg.find_concept("灵感源自完形填空") is None


def test_name_before_also_called_in_a_list_item(write_note):
    kg = _kg(write_note, {
        "decode.md": (
            "# 解码\n\n- 贪心搜索,又称贪婪解码(greedy decoding):每一步取概率最大的词。\n"
            "- 束搜索:保留若干条候选。贪心搜索最快。\n"
        ),
    })
    assert _same(kg, "贪心搜索", "贪婪解码", "greedy decoding")


def test_full_name_opening_a_clause(write_note):
    kg = _kg(write_note, {
        "peft.md": (
            "# 微调\n\nDPO 是一种不需要奖励模型的对齐方法,全称 Direct Preference Optimization,直接用偏好数据训练策略。\n\n"
            "SB 树，全称 Size Balanced Tree，中文一般叫大小平衡树，靠子树大小保持平衡。SB 树写起来很短。\n"
        ),
    })
    assert _same(kg, "DPO", "Direct Preference Optimization")
    assert _same(kg, "SB 树", "Size Balanced Tree", "大小平衡树")


def test_front_matter_aliases_name_one_subject(write_note):
    # LSM-Tree spells LSM, 日志结构合并树 does not: both still name the note's subject
    kg = _kg(write_note, {
        "lsm.md": (
            "---\ntitle: LSM 树笔记\naliases: [LSM-Tree, 日志结构合并树]\n---\n"
            "LSM 的写入先进内存表，满了再刷到磁盘。LSM 适合写多读少。\n"
        ),
    })
    assert _same(kg, "LSM", "LSM-Tree", "日志结构合并树")


def test_latin_name_with_plus_before_a_kind_word(write_note):
    kg = _kg(write_note, {
        "idx.md": (
            "# 索引\n\nB+ 树（B+ Tree）把数据都放在叶子节点。B+树的叶子用链表串起来，范围查询很快。"
            "B 树则每个节点都存数据。\n"
        ),
    })
    assert _same(kg, "B+ 树", "B+ Tree", "B+树")
    c = kg.find_concept("B+ 树")
    assert kg.mentions["idx.md"][c.id] == 3  # B+ 树, B+ Tree and B+树


def test_left_boundary_does_not_cut_through_a_word(write_note):
    kg = _kg(write_note, {
        "words.md": (
            "# 预训练目标\n\nELECTRA 的目标可以看成一种去噪自编码(denoising autoencoding)的变体。"
            "图模型里也可以做归纳式推断(inductive inference),新节点不用重训。"
            "有人证明了 HKT 不可判定性（HKT Undecidability），所以只能近似。\n"
        ),
    })
    assert _same(kg, "去噪自编码", "denoising autoencoding")
    assert _same(kg, "归纳式推断", "inductive inference")
    assert _same(kg, "HKT 不可判定性", "HKT Undecidability")
    for broken in ("噪自编码", "式推断", "可判定性"):
        assert kg.find_concept(broken) is None


def test_a_bracket_that_explains_names_nothing(write_note):
    kg = _kg(write_note, {
        "ann.md": (
            "# 向量索引\n\n常用的有 LSH(先分桶,只在同一个桶里比较)和 PQ(把向量切段,每段单独量化)。"
            "LSH 很快,PQ 省内存。\n"
        ),
    })
    for clause in ("先分桶", "只在同一个桶里比较", "把向量切段", "每段单独量化"):
        assert kg.find_concept(clause) is None
    assert kg.find_concept("LSH") is not None


def test_comparisons_end_a_name_on_its_left(write_note):
    kg = _kg(write_note, {
        "ops.md": "# 运维\n\n检查间隔要远小于平均修复时间（MTTR），否则告警来得太晚。MTTR 越短越好。\n",
    })
    assert _same(kg, "平均修复时间", "MTTR")


def test_front_matter_aliases_of_a_part_are_not_the_whole(write_note):
    # the aliases name this part of the series (Kafka's replica sync), not Kafka
    kg = _kg(write_note, {
        "kafka-2.md": (
            "---\ntitle: Kafka 学习笔记（二）：副本同步与选主\naliases: [Kafka副本同步, Replica Sync]\n---\n"
            "Kafka 的每个分区有多个副本。Kafka副本同步靠 follower 拉取 leader 的日志。Kafka 也用 ISR 集合判断同步。\n"
        ),
    })
    assert _same(kg, "Kafka副本同步", "Replica Sync")
    assert not _same(kg, "Kafka", "Replica Sync")


def test_boundary_word_jieba_glued_to_a_name(write_note):
    # jieba reads 就|是非|极大值… : the note's other uses of the name say where it starts
    kg = _kg(write_note, {
        "nms.md": (
            "# 后处理\n\n框太多时要去重，这就是非极大值抑制(Non-Maximum Suppression)。"
            "非极大值抑制按置信度排序后逐个删掉重叠的框。\n"
        ),
    })
    assert _same(kg, "非极大值抑制", "Non-Maximum Suppression")
    assert kg.find_concept("是非极大值抑制") is None


def test_bracket_asides_are_whole_words(write_note):
    # (Ordinary …) does not open with "or", (图神经网络) not with "图", (注意力机制) not with "注"
    kg = _kg(write_note, {
        "ols.md": (
            "# 回归\n\n这里说的是普通最小二乘(Ordinary Least Squares)。GNN (图神经网络) 在图上传播特征。"
            "Attention (注意力机制) 给每个位置打分，详见(图 3)。普通最小二乘有闭式解，GNN 要迭代。\n"
        ),
    })
    assert _same(kg, "普通最小二乘", "Ordinary Least Squares")
    assert _same(kg, "GNN", "图神经网络")
    assert _same(kg, "Attention", "注意力机制")


def test_names_kept_whole_next_to_symbols_kinds_and_lists(write_note):
    kg = _kg(write_note, {
        "hmm.md": (
            "# 隐马尔可夫\n\n参数里有状态转移矩阵 A (transition matrix)。解码用维特比算法 (Viterbi algorithm)。"
            "每个阈值对应一个 (FPR, TPR) 点。噪声里有一部分叫不可约误差(irreducible error)。"
            "近邻搜索可以用 KD 树或者球树(ball tree)。把 Sigmoid 换掉就是 Softmax 回归 (Multinomial Logistic Regression)。"
            "状态转移矩阵和维特比算法都常用,球树也是。\n"
        ),
    })
    assert _same(kg, "状态转移矩阵", "transition matrix")
    assert _same(kg, "维特比算法", "Viterbi algorithm")
    assert _same(kg, "不可约误差", "irreducible error")
    assert _same(kg, "球树", "ball tree")
    assert _same(kg, "Softmax 回归", "Multinomial Logistic Regression")
    assert not _same(kg, "FPR", "TPR")
    for broken in ("阈值对应一个", "约误差", "或者球树", "A"):
        assert kg.find_concept(broken) is None


def test_a_sentence_that_sets_two_senses_apart(write_note):
    kg = _kg(write_note, {
        "pca.md": (
            "# 降维\n\n有标签时可以用 LDA(线性判别分析)——注意这里的 LDA 不是主题模型里的 LDA(Latent Dirichlet Allocation)。"
            "线性判别分析找类间距离最大的方向。\n"
        ),
    })
    assert not _same(kg, "线性判别分析", "Latent Dirichlet Allocation")


def test_short_for_and_full_names_of_word_abbreviations(write_note):
    kg = _kg(write_note, {
        "ens.md": (
            "# 集成\n\nAdam 是 Adaptive Moment Estimation 的缩写,把动量和自适应学习率合在一起。"
            "Adaboost 的全称是 Adaptive Boosting,也有人叫 AB。SVR 是 Support Vector Regression 的缩写。"
            "Adam 和 Adaboost 都常用,SVR 也是。\n"
        ),
    })
    assert _same(kg, "Adam", "Adaptive Moment Estimation")
    assert _same(kg, "Adaboost", "Adaptive Boosting")
    assert _same(kg, "SVR", "Support Vector Regression")


def test_math_hyphens_and_small_words_around_names(write_note):
    kg = _kg(write_note, {
        "svm.md": (
            "# 优化\n\n求解时把原问题转成对偶问题(dual problem)。排序可以降到 O(n log n)。"
            "柯西-施瓦茨不等式(Cauchy–Schwarz inequality)常用来放缩。它建模的正是对数几率 (log odds)。"
            "(2) 学习问题,也叫参数估计 (parameter estimation):只有观测。对偶问题、对数几率和柯西-施瓦茨不等式都会再用到。\n"
        ),
    })
    assert _same(kg, "对偶问题", "dual problem")
    assert _same(kg, "柯西-施瓦茨不等式", "Cauchy–Schwarz inequality")
    assert _same(kg, "对数几率", "log odds")
    assert _same(kg, "参数估计", "parameter estimation", "学习问题")
    labels = {l for c in kg.concepts.values() for l in c.labels}
    assert not labels & {"转成对偶问题", "正是对数几率", "降到", "n log n", "(2) 学习问题"}
    assert not any(l.startswith("-") for l in labels)


def test_clauses_and_modifiers_before_a_bracket_name_nothing(write_note):
    kg = _kg(write_note, {
        "rl.md": (
            "# 奖励\n\n先收集高质量的 (问题, answer) 示范数据。后来奖励模型被单元测试替换掉了（RLUT）。"
            "词表外总会碰到未登录词 (Out-of-Vocabulary, OOV)。未登录词一般统一换成 UNK。"
            "训练集是三元组,每条是 (query, 相关的文档 d_p, 无关的文档 d_n)。\n"
        ),
    })
    labels = {l for c in kg.concepts.values() for l in c.labels}
    assert not labels & {"高质量的", "单元测试替换掉了", "总会碰到未登录词", "条是"}
    assert _same(kg, "未登录词", "Out-of-Vocabulary", "OOV")


def test_negated_noun_is_one_name(write_note):
    kg = _kg(write_note, {
        "unc.md": "# 划分\n\n分裂时看节点不纯度 (node impurity)。节点不纯度越低越好。\n",
    })
    assert _same(kg, "节点不纯度", "node impurity")  # jieba: 节点|不|纯度
    assert kg.find_concept("纯度") is None


def test_a_chinese_alias_of_a_two_subject_title_is_not_the_first_subject(write_note):
    kg = _kg(write_note, {
        "grpo.md": (
            "---\ntitle: GRPO 与 RLVR：推理模型怎么训\naliases: [可验证奖励]\n---\n\n"
            "GRPO 用组内平均分当基线。GRPO 不需要价值网络。RLVR 的奖励来自规则，可验证奖励不会被骗。RLVR 很适合数学题。\n"
        ),
    })
    assert not _same(kg, "GRPO", "可验证奖励")


def test_a_bold_name_before_its_bracket_is_the_whole_name(write_note):
    kg = _kg(write_note, {
        "mbrl.md": (
            "# 基于模型的方法\n\n强化学习（Reinforcement Learning, RL）让智能体在环境里试错。"
            "**基于模型的强化学习**（model-based RL，MBRL）先学一个环境模型再规划。MBRL 的样本效率高，RL 的老问题少一些。"
            "MBRL 的难点是模型误差。**一定要做特征缩放**（feature scaling），特征缩放之后距离才可比。\n"
        ),
    })
    assert _same(kg, "基于模型的强化学习", "MBRL") and not _same(kg, "强化学习", "MBRL")
    assert _same(kg, "特征缩放", "feature scaling") and kg.find_concept("一定要做特征缩放") is None


def test_the_english_in_brackets_sets_where_a_chinese_modifier_starts():
    from kgnotes.harvest import parenthetical_definitions, segment

    def left(text):
        return next(parenthetical_definitions(text, segment))[0]

    # a hyphenated English word is two Chinese words: both visits stay apart
    assert left("- 每次访问 MC（every-visit MC）：每次访问都算") == "每次访问 MC"
    assert left("- 首次访问 MC（first-visit MC）：只算第一次") == "首次访问 MC"
    # ... and a run-together one is two as well; 不 is part of the word it negates
    assert left("2. 最大熵 IRL(MaxEnt IRL):假设专家的轨迹概率和回报成指数关系") == "最大熵 IRL"
    assert left("再看不可知 PAC（agnostic PAC）：不再假设目标函数在假设空间里") == "不可知 PAC"
    # a hyphenated word may have no Chinese word of its own: the clause's verb is no part of the name
    assert left("有了分数函数就能写出逆向 SDE (reverse-time SDE) 并从噪声采样") == "逆向 SDE"
    # the clause's verb (有, a verb with its direction) and the count after it are no part of the name
    assert left("训练久了会有死特征(dead latents)，它们从不激活") == "死特征"
    assert left("第一层把信息写进残差流（residual stream），后一层再读出来") == "残差流"
    assert left("先从数据里切一份校准集（calibration set），模型只用训练集") == "校准集"
    # but a verb of two characters may be the name's own first word
    assert left("这就是混合专家模型(Mixture of Experts)的思路") == "混合专家模型"
    # the first English word, rendered, is where the name starts at the latest
    assert left("MCTS 是一种在决策时规划 (decision-time planning) 的方法") == "决策时规划"


def test_a_bracket_that_names_the_term_and_cites_its_source():
    from kgnotes.harvest import definition_pairs, parenthetical_definitions, segment

    text = "信赖域策略优化（Trust Region Policy Optimization，TRPO，Schulman et al. 2015，arXiv:1502.05477）把步长写成约束。"
    (left, parts, sentence, enumerated), = parenthetical_definitions(text, segment)
    assert left == "信赖域策略优化" and parts == ["Trust Region Policy Optimization", "TRPO"]
    _terms, pairs = definition_pairs(left, parts, sentence, enumerated)
    assert {(p.a, p.b) for p in pairs} == {("信赖域策略优化", "Trust Region Policy Optimization"), ("信赖域策略优化", "TRPO")}
    # a bracket that only cites names nothing
    assert not list(parenthetical_definitions("FlashAttention (Dao 等人, 2022) 把注意力分块计算。", segment))
    # two authors joined by &, with or without a year, cite too; two terms joined by & do not
    for cite in ("Kingma & Welling 2013", "Ho & Salimans"):
        (left, parts, *_), = parenthetical_definitions(f"变分自编码器（Variational Autoencoder, VAE，{cite}）是生成模型。", segment)
        assert parts == ["Variational Autoencoder", "VAE"], cite
    (left, parts, *_), = parenthetical_definitions("注意力分数来自查询和键（Query & Key）的点积。", segment)
    assert parts == ["Query & Key"]


def test_long_names_and_a_contrast_word_before_a_name():
    from kgnotes.harvest import definition_pairs, parenthetical_definitions, segment

    def pairs(text):
        (left, parts, sentence, enumerated), = parenthetical_definitions(text, segment)
        return {(p.a, p.b) for p in definition_pairs(left, parts, sentence, enumerated)[1]}

    # a name of thirteen characters is still a name
    assert pairs("看不到完整状态时要用部分可观测马尔可夫决策过程 (POMDP)。") == {("部分可观测马尔可夫决策过程", "POMDP")}
    # 而是 ends a name on its left
    assert pairs("目标网络不是硬拷贝，而是软更新 (soft update)。") == {("软更新", "soft update")}


def test_two_latin_names_that_share_a_kind_word():
    from kgnotes.harvest import definition_pairs, parenthetical_definitions, segment

    (left, parts, sentence, enumerated), = parenthetical_definitions("探索时原论文加 Ornstein-Uhlenbeck 噪声 (OU 噪声)，后来改成高斯噪声。", segment)
    assert left == "Ornstein-Uhlenbeck 噪声"
    assert {(p.a, p.b) for p in definition_pairs(left, parts, sentence, enumerated)[1]} == {("Ornstein-Uhlenbeck 噪声", "OU 噪声")}


def test_a_latin_name_with_an_equation_or_theorem_word():
    from kgnotes.harvest import glossary_translations, latin_names

    found = set(latin_names("先写出 Bellman 方程，再用 Jensen 不等式放缩。"))
    assert {("Bellman 方程", "named"), ("Jensen 不等式", "named")} <= found
    # a Chinese word of a mixed name stays itself when the name is rendered
    assert glossary_translations("Bellman 方程") == {"贝尔曼方程"}



def test_a_chinese_name_the_brackets_english_translates_is_one_more_name():
    from kgnotes.harvest import definition_pairs, parenthetical_definitions, segment

    text = "把输出换成 Softmax 就得到 Softmax 回归 (多项逻辑回归, Multinomial Logistic Regression)。"
    (left, parts, sentence, enumerated), = parenthetical_definitions(text, segment)
    pairs = {(p.a, p.b) for p in definition_pairs(left, parts, sentence, enumerated)[1]}
    assert pairs == {("Softmax 回归", "多项逻辑回归"), ("Softmax 回归", "Multinomial Logistic Regression")}
    # a Chinese name that adds a modifier to the term before the bracket is narrower
    pairs = {(p.a, p.b) for p in definition_pairs("策略", ["行为策略", "behavior policy"], "")[1]}
    assert ("策略", "行为策略") not in pairs


def test_an_english_algorithm_word_after_a_known_name(write_note):
    write_note("hmm.md", "# HMM 解码\n\n解码用维特比算法 (Viterbi algorithm)，它是动态规划。\n")
    root = write_note("crf.md", "# CRF\n\nCRF 的解码也用 Viterbi，和 HMM 一样，Viterbi 在格子图上找最优路径。\n")
    kg = extract_graph(root)
    assert kg.find_concept("Viterbi algorithm") is kg.find_concept("Viterbi") is not None


def test_the_glossary_sets_the_start_of_a_chinese_name_before_english():
    from kgnotes.harvest import parenthetical_definitions, segment

    for text, want in (("内在评估一般用词类比 (word analogy) 来看。", "词类比"),
                       ("这里的 PE 指提示工程 (prompt engineering)，不是位置编码。", "提示工程"),
                       ("只在输入前面加一段软提示 (soft prompt)。", "软提示"),
                       ("它把全局矩阵分解 (matrix factorization) 和局部窗口结合。", "矩阵分解"),
                       # a boundary word (对, 下) inside the name the English spells out
                       ("字节对编码（Byte Pair Encoding, BPE）起初用来压缩数据。", "字节对编码"),
                       ("另外还有高频词下采样 (subsampling)，按概率丢掉高频词。", "下采样"),
                       ("s 是缩放因子 (scale)，z 是零点。", "缩放因子"),
                       ("SSD 在几层特征图上放默认框（default boxes），负责不同尺度。", "默认框"),
                       ("另外测试时增强(test-time augmentation, TTA)也常用。", "测试时增强")):
        (left, *_), = parenthetical_definitions(text, segment)
        assert left == want, text


def test_an_english_name_then_clauses_that_explain_it_is_one_name():
    from kgnotes.harvest import definition_pairs, parenthetical_definitions, segment

    text = "幻觉分两类：事实性幻觉 (factuality hallucination，和世界知识不符，比如编一篇不存在的论文)，另一类看上下文。"
    (left, parts, sentence, enumerated), = parenthetical_definitions(text, segment)
    pairs = {(p.a, p.b) for p in definition_pairs(left, parts, sentence, enumerated)[1]}
    assert pairs == {("事实性幻觉", "factuality hallucination")}
    # three short names are still a list (PPO-clip / Dual-Clip / KL): no pairs
    terms, pairs = definition_pairs("约束", ["PPO-clip", "Dual-Clip", "KL"], "")
    assert not pairs and {t.kind for t in terms} == {"listed"}


def test_a_quantity_before_a_name_is_not_part_of_it_nor_a_name():
    from kgnotes.harvest import definition_pairs, is_term_like, parenthetical_definitions, segment

    text = "训练后量化只需要少量校准数据 (calibration data，几百条) 来统计激活范围。"
    (left, parts, sentence, enumerated), = parenthetical_definitions(text, segment)
    assert left == "校准数据"
    pairs = {(p.a, p.b) for p in definition_pairs(left, parts, sentence, enumerated)[1]}
    assert pairs == {("校准数据", "calibration data")}
    assert not any(is_term_like(w) for w in ("几百条", "一些", "许多"))
    assert is_term_like("两阶段提交") and is_term_like("分页优化器")


def test_an_abbreviation_its_english_and_a_short_chinese_name_are_one_term():
    from kgnotes.harvest import definition_pairs

    pairs = {(p.a, p.b) for p in definition_pairs("UCB", ["Upper Confidence Bound", "上置信界"], "")[1]}
    assert pairs == {("UCB", "Upper Confidence Bound"), ("UCB", "上置信界")}
    # 并 inside a word jieba splits (交|并|比) is no function word
    pairs = {(p.a, p.b) for p in definition_pairs("IoU", ["Intersection over Union", "交并比"], "")[1]}
    assert pairs == {("IoU", "Intersection over Union"), ("IoU", "交并比")}
    # a clause after the English explains it: no Chinese name
    pairs = {(p.a, p.b) for p in definition_pairs("UCB", ["Upper Confidence Bound", "就是给没试过的动作加分"], "")[1]}
    assert pairs == {("UCB", "Upper Confidence Bound")}


def test_the_singular_of_a_plural_label_is_found_and_kept_as_a_label(write_note):
    write_note("yolo.md", "# 目标检测\n\n锚框 (anchor boxes) 是预设的候选框。\n")
    root = write_note("ssd.md", "# SSD\n\nSSD 里每个 anchor box 都要分配正负标签。\n")
    kg = extract_graph(root)
    c = kg.find_concept("anchor boxes")
    assert c is not None and "anchor box" in c.labels
    assert kg.mentions["ssd.md"].get(c.id)


def test_one_abbreviation_given_two_chinese_names_with_one_head_is_one_concept(write_note):
    write_note("vae.md", "# VAE\n\nVAE 的目标是最大化证据下界 (ELBO)，ELBO 由重构项和 KL 项组成。\n")
    write_note("ddpm.md", "# DDPM\n\nDDPM 优化变分下界（ELBO），ELBO 可以拆成很多项。\n")
    write_note("mae1.md", "# 回归损失\n\n平均绝对误差 (MAE) 对离群点不敏感，MAE 是 L1 损失。\n")
    root = write_note("mae2.md", "# 自监督\n\n掩码自编码器 (MAE) 遮住大部分图块再重建，MAE 很省算力。\n")
    kg = extract_graph(root)
    assert kg.find_concept("证据下界") is kg.find_concept("变分下界") is not None
    assert kg.find_concept("最大化证据下界") is None and kg.find_concept("优化变分下界") is None
    # two names with different heads stay two senses of the abbreviation
    assert kg.find_concept("平均绝对误差") is not kg.find_concept("掩码自编码器")


def test_an_abbreviation_said_to_be_a_term_it_spells_takes_that_sense_in_its_note(write_note):
    write_note("dp.md", "# 动态规划\n\n动态规划 (Dynamic Programming, DP) 把问题拆成子问题。DP 要求最优子结构。\n")
    root = write_note("par.md", "# 并行训练\n\n这里的 DP 是数据并行 (data parallelism)，和动态规划没关系。"
                                "DP 在每张卡上放一份完整的模型。\n")
    kg = extract_graph(root)
    dp, data = kg.find_concept("动态规划"), kg.find_concept("数据并行")
    assert dp is not None and data is not None and dp is not data
    assert data.id in kg.mentions["par.md"] and dp.id in kg.mentions["dp.md"]
    assert not any(r.rel == "is_a" and {r.head, r.tail} == {dp.id, data.id} for r in kg.relations)


def test_an_abbreviation_spelled_out_in_one_note_and_only_translated_in_another_has_two_senses(write_note):
    # 差分隐私 comes with its English, which spells DP; 动态规划 comes without:
    # still a sense of its own, not a looser definition of the first
    write_note("hmm.md", "# 维特比\n\n维特比算法本质上是动态规划(DP)：DP 的每一步只保留到达每个状态的最优路径。\n")
    root = write_note("privacy.md", "# 隐私\n\n差分隐私（Differential Privacy, DP）限制单条记录对输出的影响。"
                                    "DP 训练的模型精度通常会下降。\n")
    kg = extract_graph(root)
    dyn, priv = kg.find_concept("动态规划"), kg.find_concept("差分隐私")
    assert dyn is not None and priv is not None and dyn is not priv
    assert dyn.id in kg.mentions["hmm.md"] and priv.id not in kg.mentions["hmm.md"]
    assert priv.id in kg.mentions["privacy.md"] and dyn.id not in kg.mentions["privacy.md"]


def test_an_arrow_in_a_bracket_points_on_and_names_nothing():
    assert not _bracket_pairs("1. 长期依赖问题（→ LSTM / GRU）\n")


def test_a_family_the_chinese_name_renders_is_no_generic_suffix(write_note):
    # "variational family" names a family of distributions (变分族), not "variational"
    root = write_note("vi.md", "# 变分推断\n\n先选一个变分族（variational family），再在变分族里找最接近后验的"
                               "变分分布（variational distribution）。变分分布通常取高斯。\n")
    kg = extract_graph(root)
    family, dist = kg.find_concept("变分族"), kg.find_concept("变分分布")
    assert family is not None and dist is not None and family is not dist
    assert "variational family" in family.labels


def test_two_names_that_share_only_a_kind_word_stay_two_senses(write_note):
    write_note("semi.md", "# 数据增强\n\n半监督学习 (semi-supervised learning, SSL) 同时用少量标注和大量未标注数据，SSL 常配合一致性正则。\n")
    root = write_note("self.md", "# 表征学习\n\n自监督学习 (self-supervised learning, SSL) 从数据本身构造监督信号，SSL 不需要标注。\n")
    kg = extract_graph(root)
    assert kg.find_concept("半监督学习") is not None and kg.find_concept("自监督学习") is not None
    assert kg.find_concept("半监督学习") is not kg.find_concept("自监督学习")


def test_another_latin_name_keeps_the_kind_word_of_the_first():
    from kgnotes.harvest import also_called, segment

    found = {(a, b) for a, b, _ in also_called("- Kaiming 初始化（也叫 He 初始化）：方差取 2/n，适合 ReLU。", segment)}
    assert found == {("Kaiming 初始化", "He 初始化")}
    found = {(a, b) for a, b, _ in also_called("Wasserstein 距离（又叫 EMD）衡量两个分布。", segment)}
    assert found == {("Wasserstein 距离", "EMD")}


def test_a_name_spoken_as_a_word_and_its_spelled_out_english():
    from kgnotes.harvest import definition_pairs

    pairs = {(p.a, p.b) for p in definition_pairs("Adam", ["Adaptive Moment Estimation"], "")[1]}
    assert pairs == {("Adam", "Adaptive Moment Estimation")}
    # a word whose letters do not come from the English's words is no abbreviation
    assert not definition_pairs("Python", ["Programming Language"], "")[1]
    assert not definition_pairs("Transformer", ["Attention Is All You Need"], "")[1]


def test_front_matter_aliases_rename_the_title_term_they_agree_with(write_note):
    kg = _kg(write_note, {
        "nets.md": (
            "---\ntitle: 常见 CNN 结构：从 LeNet 到 EfficientNet\naliases: [残差网络, ResNet]\n---\n"
            "CNN 的结构一路变深。ResNet 用残差连接，残差网络可以训练上百层。LeNet 很浅，EfficientNet 按比例缩放。\n"
        ),
        "vit.md": (
            "---\ntitle: ViT 和 Swin Transformer\naliases: [Vision Transformer, 视觉 Transformer]\n---\n"
            "ViT 把图像切成 patch 送进 Transformer。Swin Transformer 在窗口内算注意力，再移动窗口。\n"
        ),
    })
    assert not _same(kg, "CNN", "ResNet") and not _same(kg, "CNN", "残差网络")
    assert _same(kg, "残差网络", "ResNet")  # the aliases still name one thing together
    assert _same(kg, "ViT", "Vision Transformer")
    assert not _same(kg, "Swin Transformer", "Vision Transformer")


def test_a_bold_name_with_a_verb_is_whole_when_the_english_has_a_word_for_each(write_note):
    kg = _kg(write_note, {
        "conv.md": "# 卷积\n\n卷积天然具有**平移等变性**（translation equivariance）：输入平移，输出也平移。平移等变性来自权重共享。\n",
        "scale.md": "# 预处理\n\n预处理时**一定要做特征缩放**（feature scaling），否则梯度下降很慢。特征缩放常用标准化。\n",
    })
    assert _same(kg, "平移等变性", "translation equivariance")
    assert _same(kg, "特征缩放", "feature scaling")  # a sentence in bold still gives only the name
    assert kg.find_concept("一定要做特征缩放") is None


def test_an_english_word_given_two_chinese_names_has_two_senses_or_one(write_note):
    kg = _kg(write_note, {
        "rpn.md": "# RPN\n\nRPN 在每个位置放 k 个参考框，叫 anchor（锚框）。anchor 的尺度有三种。\n",
        "simclr.md": "# 对比学习\n\n取一个样本作为 anchor（锚样本），它的增强视图是正样本。anchor 和正样本拉近。\n",
        "llm.md": "# 分词\n\n模型读入的是 token（词元），词元由分词器切出。\n",
        "bert.md": "# BERT\n\n每个 token（标记）先查嵌入表，标记再加位置编码。\n",
    })
    # both Chinese names render "anchor" (锚) and add different heads: two senses
    assert kg.find_concept("锚框") is not None and kg.find_concept("锚样本") is not None
    assert not _same(kg, "锚框", "锚样本")
    # two translations with nothing in common are one thing
    assert _same(kg, "词元", "标记")


def test_a_role_word_in_a_bracket_after_a_thing_does_not_rename_it(write_note):
    kg = _kg(write_note, {
        "moe.md": "# MoE\n\n每个专家 (expert) 是一个 FFN，路由器挑 top-k 个专家。\n",
        "cd.md": "# 对比解码\n\n用大模型 (expert) 的 log 概率减去小模型 (amateur) 的，大模型更可信。\n",
        "rlhf.md": "# RLHF\n\n| 角色 | 作用 |\n|---|---|\n| critic（价值模型, value model） | 估计每个位置的 V |\n\ncritic 和 actor 一起训练。\n",
    })
    assert kg.find_concept("专家") is kg.find_concept("expert") is not None
    assert not _same(kg, "大模型", "expert")  # the role the big model plays here, not its name
    assert _same(kg, "critic", "价值模型")  # the bracket after the role names what fills it


def test_a_bracket_ending_in_see_points_elsewhere(write_note):
    # (结构见 [[note]]) says where the structure is explained: no Chinese name of the Transformer
    kg = _kg(write_note, {
        "bert.md": "# BERT\n\nBERT 是一个 encoder-only 的 Transformer（结构见 [[attention-note]]），Transformer 的编码器堆了 12 层。\n",
        "attention-note.md": "# 注意力\n\nTransformer 由注意力和前馈层组成。\n",
    })
    transformer = kg.find_concept("Transformer")
    assert transformer is not None and not any("结构见" in label for label in transformer.labels)


def test_an_english_category_names_the_chinese_term_it_renders(write_note):
    kg = _kg(write_note, {
        "rnn.md": '---\ntitle: 循环神经网络\ncategories: ["Deep Learning", "Notes"]\n---\n循环神经网络是深度学习里处理序列的模型。深度学习之前用 HMM。\n',
        "cnn.md": "# 卷积\n\n卷积网络也是深度学习的基础模型。\n",
    })
    assert _same(kg, "深度学习", "Deep Learning")
    assert kg.find_concept("Notes") is None  # a category the glossary cannot render names no term


def test_front_matter_aliases_rename_whole_words_of_the_title(write_note):
    # 模型轻量化 ends with the characters of 量化 but not with the word: 模型|轻量化
    kg = _kg(write_note, {
        "compress.md": (
            "---\ntitle: 模型压缩：剪枝、量化与蒸馏\naliases: [model compression, 模型轻量化]\n---\n"
            "模型压缩让模型变小。剪枝去掉权重，量化（Quantization）降低精度，量化之后要校准。剪枝有结构化的。模型压缩常和蒸馏一起用。\n"
        ),
    })
    assert _same(kg, "模型压缩", "model compression", "模型轻量化")
    assert kg.find_concept("量化") is not None and not _same(kg, "量化", "模型轻量化")
    from kgnotes.harvest import _alias_fits

    assert _alias_fits("量化", "模型轻量化") is not True  # characters, not words, in common
    assert _alias_fits("模型压缩", "model compression") is True  # the glossary renders it word for word
    assert _alias_fits("残差网络", "深度残差网络") is True


def test_a_bold_name_before_an_abbreviated_english_name(write_note):
    # "amortized VI" is three words (VI: variational inference), as many as 摊销|变分|推断
    kg = _kg(write_note, {
        "vi.md": ("# 变分推断\n\n变分推断（Variational Inference，VI）用优化代替采样。VAE 的编码器就是**摊销变分推断**"
                  "（amortized VI），一个网络给所有样本出后验。变分推断比 MCMC 快。\n"),
    })
    assert _same(kg, "摊销变分推断", "amortized VI")
    assert not _same(kg, "变分推断", "amortized VI")


def test_the_chinese_names_a_note_gives_a_latin_term(write_note):
    kg = _kg(write_note, {
        "ln.md": ("# 归一化\n\nTransformer 里离不开 Layer Normalization，中文一般译作层归一化，也有人叫层标准化。"
                  "层归一化对每个样本单独归一化，层标准化这个叫法少一些。Layer Normalization 不依赖批大小。\n"),
    })
    assert _same(kg, "Layer Normalization", "层归一化", "层标准化")



def test_other_names_joined_by_huo_are_two_names():
    from kgnotes.harvest import also_called, segment

    pairs = {x[:2] for x in also_called("二级索引（Secondary Index），又称辅助索引或非聚簇索引。", segment)}
    assert pairs == {("二级索引", "辅助索引"), ("二级索引", "非聚簇索引")}


def test_a_bold_span_around_a_term_and_its_bracket_bounds_the_term(write_note):
    kg = _kg(write_note, {
        "flow.md": ("# 特征\n\n- **去耦合 (decoupling)**：把两部分拆开训练。\n"
                    "- **C — 一致性哈希（Consistent Hashing）**：节点增减时只搬少量数据。\n"
                    "去耦合和耦合是两回事，耦合很常见，耦合会拖慢训练。一致性哈希在缓存里常用。\n"),
    })
    assert _same(kg, "去耦合", "decoupling") and not _same(kg, "耦合", "decoupling")
    assert _same(kg, "一致性哈希", "Consistent Hashing")


def test_a_bracket_naming_more_than_the_term_or_listing_its_kinds_renames_nothing():
    pairs = _bracket_pairs

    # CBNS spells CB + 负采样's NS: the abbreviation covers a larger whole
    assert not pairs("CBOW + 负采样（CBNS）也能用。")
    # a Latin name with the term's own last word lists a kind of the term
    assert not pairs("常见的权重初始化（Glorot / Kaiming 初始化）各有适用场景。")
    assert pairs("负采样（Negative Sampling, NS）很省算力。") == {("负采样", "Negative Sampling"), ("负采样", "NS")}


def test_names_other_books_give():
    from kgnotes.harvest import also_called, segment
    from kgnotes.harvest.other_names import chinese_names

    def names(text):
        return {x[:2] for x in also_called(text, segment)} | {x[:2] for x in chinese_names(text, segment)}

    assert ("梯度爆炸", "梯度膨胀") in names("越往前越大 → **梯度爆炸**（有的书叫梯度膨胀），训练直接发散。")
    assert ("注意力", "关注机制") in names("注意力（Attention），某本老教材里叫“关注机制”，现在没人这么叫了。")
    assert ("残差网络", "深度残差网络") in names("残差网络（Residual Network, ResNet），有些教材把它译成“深度残差网络”。")
    assert ("SGD", "随机梯度下降法") in names("大家一般简称 SGD（老一点的书里叫“随机梯度下降法”）。")
    from kgnotes.harvest.other_names import section_names

    # a paragraph opening with 也叫 under a heading, or under a line that only names what follows
    text = "## Tanh\n\n公式略。\n\n也叫双曲正切函数，输出在 (-1, 1)。\n\nMAE（Mean Absolute Error）：\n\n公式略。\n\n也叫 L1 损失。\n"
    heading = (3, 7)
    assert {x[:2] for x in section_names(text, [heading], segment)} == {("Tanh", "双曲正切函数"), ("MAE", "L1 损失")}
    from kgnotes.harvest.other_names import names_of_the_subject

    # a sentence that opens with a term names it in a later clause
    found = {x[:2] for x in names_of_the_subject("梯度裁剪是防止梯度爆炸的办法，英文 Gradient Clipping，简称 GC。")}
    assert found == {("梯度裁剪", "Gradient Clipping"), ("梯度裁剪", "GC")}
    assert not set(names_of_the_subject("强化学习是一类方法，英文教材里常说 policy gradient。"))
    assert {("Softmax", "归一化指数函数"), ("Softmax", "柔性最大值")} <= names(
        "Softmax，中文叫归一化指数函数（也有书叫“柔性最大值”），输出一个概率分布。")


def test_a_bracket_that_restates_names_its_own_term(write_note):
    kg = _kg(write_note, {
        "a.md": "# 持续学习\n\n只在新任务上训练，会把旧任务学到的能力也覆盖掉(也就是灾难性遗忘, Catastrophic Forgetting)。"
                "灾难性遗忘是持续学习的核心难题。回放旧样本能缓解灾难性遗忘。\n\n"
                "如果一个系统的参数不随时间变化（线性时不变，Linear Time-Invariant，LTI），它的响应就是一次卷积。"
                "LTI 系统的分析比较简单。\n",
    })
    assert _same(kg, "灾难性遗忘", "Catastrophic Forgetting")
    assert kg.find_concept("覆盖掉") is None  # the words the bracket restates are no name
    assert _same(kg, "线性时不变", "Linear Time-Invariant", "LTI")


def test_names_given_by_ji_and_in_a_setting():
    from kgnotes.harvest import full_names, segment
    from kgnotes.harvest.other_names import names_in_a_setting

    found = {x[:2] for x in full_names("GAN 全称 Generative Adversarial Network，即生成对抗网络，由两个网络组成。", segment)}
    assert ("GAN", "生成对抗网络") in found
    # 即 before an explanation gives no name
    assert {x[:2] for x in full_names("DP 全称 Dynamic Programming，即把问题拆成子问题再合起来。", segment)} == {
        ("DP", "Dynamic Programming")}

    def setting(text):
        return {x[:2] for x in names_in_a_setting(text, segment)}

    assert setting("价值网络在很多代码里直接叫 critic，两种说法我混着用。") == {("价值网络", "critic")}
    assert setting("方差按 2/n 缩放，这就是 Xavier 初始化，在一些框架里叫 Glorot 初始化。") == {
        ("Xavier 初始化", "Glorot 初始化")}
    assert not setting("模型在训练里叫我们头疼的地方很多。")


def test_partial_abbreviations(write_note):
    kg = _kg(write_note, {
        "a.md": "# 不确定性\n\n测试时也打开 dropout 做多次前向，这就是 MC Dropout (Monte Carlo Dropout)。"
                "MC Dropout 的方差可以当作不确定性。\n\n"
                "另一种做法叫 Ts-KD (Teacher-student Knowledge Distillation)，Ts-KD 用一个大模型带小模型。\n\n"
                "推理时缓存算过的键和值，这块显存就叫 KV 缓存。KV 缓存随序列变长而变大，英文资料里写作 KV Cache。\n",
    })
    assert _same(kg, "MC Dropout", "Monte Carlo Dropout")
    assert not _same(kg, "MC Dropout", "dropout")
    assert _same(kg, "Ts-KD", "Teacher-student Knowledge Distillation")
    assert _same(kg, "KV 缓存", "KV Cache")


def test_verbs_and_time_words_bound_the_term_before_a_bracket():
    from kgnotes.harvest import _left_term, segment

    # a verb of having or dividing, an adverb and a time word start no name
    assert _left_term("按是否知道模型参数分为白盒攻击", segment, ["white-box attack"]) == "白盒攻击"
    assert _left_term("这种连法让网络具有小世界", segment, ["small world"]) == "小世界"
    assert _left_term("有人先学难的样本甚至反课程", segment, ["anti-curriculum"]) == "反课程"
    assert _left_term("当年深度信念网络", segment, ["DBN"]) == "深度信念网络"
    assert _left_term("多层索引借鉴跳表", segment, ["skip list"]) == "跳表"


def test_citation_names_and_x_to_y_names():
    from kgnotes.harvest import _left_term, segment

    pairs = _bracket_pairs

    # a person's Chinese name beside a citation is part of the citation, not a listed name
    assert pairs("二,ALiBi 之前先看 RoPE (Rotary Position Embedding, 旋转位置编码, Su et al. 2021, 苏剑林):它把位置转成旋转。") == {
        ("RoPE", "Rotary Position Embedding"), ("RoPE", "旋转位置编码")}
    # the English says X-to-Y: X到Y is one name
    assert _left_term("再往后还有最少到最多提示", segment, ["Least-to-Most Prompting"]) == "最少到最多提示"


def test_a_latin_name_with_its_kind_word_before_a_bracket():
    from kgnotes.harvest import _left_term, also_called, segment

    # a math function's name ends an English name here: no function applied
    assert _left_term("- 层次 Softmax", segment, ["Hierarchical Softmax"]) == "层次 Softmax"
    assert _left_term("先算 softmax", segment, ["z"]) == ""
    # a bold Latin name with its kind word, then a bracket that gives another name
    found = {x[:2] for x in also_called("- tanh 配 **Glorot 初始化**（也叫 Xavier 初始化，方差取 2/n），两端不饱和。", segment)}
    assert found == {("Glorot 初始化", "Xavier 初始化")}


def test_a_latin_name_and_a_head_word_make_a_term(write_note):
    kg = _kg(write_note, {
        "a.md": "# 回归损失\n\n离群点多的时候换成 Huber 损失，它在误差小时像平方损失。Huber 损失的阈值要调。\n\n"
                "权重用 Xavier 初始化。Xavier 初始化让每层输出的方差差不多。\n",
        "b.md": "# 检索\n\n只出现一次的 Gumbel 分布也算术语：这篇笔记从不单写这个人名。\n",
    })
    assert kg.find_concept("Huber 损失") is not None
    assert kg.find_concept("Xavier 初始化") is not None
    # used once, but the note never writes the name without 分布: the name
    # with its head word is the term (session 21; it was no term before)
    assert kg.find_concept("Gumbel 分布") is not None


def test_a_suffix_the_english_renders_stays_on_the_name():
    from kgnotes.harvest import _left_term, definition_pairs, segment

    # 探索 ends many survey titles, but here the English says exploration
    _, found = definition_pairs("基于好奇心的探索", ["curiosity-driven exploration"], "")
    assert {(p.a, p.b) for p in found} == {("基于好奇心的探索", "curiosity-driven exploration")}
    # the glossary's words say where the Chinese name starts
    assert _left_term("上线初期先做冷启动", segment, ["cold start"]) == "冷启动"
    assert _left_term("提交前要跑单元测试", segment, ["unit test"]) == "单元测试"


def test_a_chinese_name_the_bracket_english_renders_is_no_clause():
    from kgnotes.harvest import _left_term, segment

    pairs = _bracket_pairs

    # 去|噪 splits into single characters, but the glossary renders it from the English
    assert ("DDPM", "去噪扩散概率模型") in pairs("DDPM（Denoising Diffusion Probabilistic Models，去噪扩散概率模型）把生成看成逐步去噪。")
    # glossary words say where a name starts when no space precedes its bracket
    assert _left_term("大部分 GNN 都能写进消息传递", segment, ["message passing"]) == "消息传递"
    assert _left_term("老的做法先把网格体素化", segment, ["voxelization"]) == "体素化"
    assert _left_term("标注序列时用维特比算法", segment, ["Viterbi"]) == "维特比算法"


def test_an_alias_the_title_lists_apart_names_itself(write_note):
    kg = _kg(write_note, {
        "a.md": "---\ntitle: \"扩散模型怎么控制：Classifier Guidance、CFG 与采样步数\"\naliases: [\"CFG\", \"条件引导\"]\n---\n\n"
                "## 分类器引导（Classifier Guidance）\n\n额外训一个带噪分类器，用它的梯度推着样本走，这就是分类器引导。\n\n"
                "## 无分类器引导（Classifier-Free Guidance, CFG）\n\nCFG 只训一个模型，CFG 的强度越大越贴合条件。\n",
    })
    assert not _same(kg, "Classifier Guidance", "CFG")  # CFG is the title's second item, not the first's other name
    assert _same(kg, "无分类器引导", "CFG")


def test_an_abbreviation_spells_the_modifier_before_a_term(write_note):
    kg = _kg(write_note, {
        "a.md": "# 隐私\n\n差分隐私（Differential Privacy, DP）给每个样本的影响设上限。DP 的预算叫 ε。\n\n"
                "联邦里常用本地差分隐私（LDP），客户端自己加噪；LDP 不需要信任服务器。\n",
    })
    assert _same(kg, "本地差分隐私", "LDP")
    assert not _same(kg, "差分隐私", "LDP")


def test_names_with_plus_plus_at_and_ampersand(write_note):
    from kgnotes.harvest import latin_names

    found = set(latin_names("ResNet++ 之后还有 Recall@20。The model by Ho & Salimans 用到了 Wide & Deep 的想法。"))
    assert ("ResNet++", "acronym") in found and ("Recall@20", "hyphen") in found
    assert ("Wide & Deep", "hyphen") in found
    assert not any("Salimans" in label for label, _ in found)  # two authors, not a name
    kg = _kg(write_note, {
        "a.md": "# 点集\n\nPointNet 对每个点做同样的 MLP。PointNet++ 在 PointNet 上加了分层的局部特征，PointNet++ 更准。\n\n"
                "评估看 MRR 和 Hits@3：Hits@3 是正确答案排进前三的比例。\n",
    })
    assert kg.find_concept("PointNet++") is not None and not _same(kg, "PointNet++", "PointNet")
    assert kg.find_concept("Hits@3") is not None


def test_a_hyphened_short_form_after_the_long_one():
    from kgnotes.harvest import definition_pairs

    _, found = definition_pairs("Multi-Task BERT", ["多任务模型", "MT-BERT"], "Multi-Task BERT（多任务模型，MT-BERT）")
    assert ("Multi-Task BERT", "MT-BERT") in {(p.a, p.b) for p in found}


def test_other_names_without_a_comma_or_across_their_own_brackets():
    from kgnotes.harvest import also_called, segment

    def names(text):
        return {x[:2] for x in also_called(text, segment)}

    # no comma between the bracket and 又称; a name's own bracket before 或
    assert ("张量并行", "层内并行") in names("张量并行 (Tensor Parallelism, TP) 又称层内并行：把一层的矩阵切开。")
    assert {("多任务学习", "联合学习"), ("多任务学习", "共享学习")} <= names(
        "多任务学习（Multi-Task Learning），又称联合学习(Joint Learning)或共享学习 (shared learning)，一次学几个任务。")
    # "A 也叫/也被叫做 B（English）": the sentence's subject is renamed
    assert names("分数步长卷积也被叫做置换卷积（fractionally-strided convolution）。") == {("置换卷积", "分数步长卷积")}


def test_a_chinese_name_before_an_abbreviation_and_a_possessive_name():
    # the Chinese name before "ABBR (English)" renders the English: one more name
    assert _bracket_pairs("召回阶段常用局部敏感哈希 LSH (Locality Sensitive Hashing) 建桶。") >= {
        ("LSH", "Locality Sensitive Hashing"), ("LSH", "局部敏感哈希")}
    # a possessive English name starts with the Latin name before the Chinese
    assert ("Fisher 信息", "Fisher's information") in _bracket_pairs("曲率用 Fisher 信息 (Fisher's information) 近似。")


def test_greek_letter_names(write_note):
    kg = _kg(write_note, {
        "a.md": "# 探索\n\n最简单的是 ε-贪心 (ε-greedy)：以概率 ε 随机选动作。ε-greedy 的 ε 通常逐步衰减。\n\n"
                "资格迹把多步回报加权平均成 λ-回报 (λ-return)，λ-回报 在 λ=1 时就是蒙特卡洛回报。\n",
    })
    assert _same(kg, "ε-贪心", "ε-greedy")
    assert _same(kg, "λ-回报", "λ-return") and not _same(kg, "λ-回报", "回报")


def test_a_dimension_an_abbreviation_word_and_a_mid_clause_other_name():
    from kgnotes.harvest import also_called, segment

    # a number glued to its letter starts a Latin name; numbering does not
    assert ("3D Gaussian Splatting", "3DGS") in _bracket_pairs("渲染这块现在流行 3D Gaussian Splatting(3DGS)，速度很快。")
    assert ("Momentum", "动量") in _bracket_pairs("1.1 Momentum (动量) 让更新带上惯性。")
    # an abbreviation inside the English stands for its Chinese name: the name starts there
    assert ("离线强化学习", "offline RL") in _bracket_pairs("数据固定以后就是离线强化学习（offline RL）的设定。")
    assert ("学习率调度", "lr schedule") in _bracket_pairs("调参时先定学习率调度(lr schedule)再调别的。")
    # "…就是 X 距离,也叫 Y(…)": a Latin name with its kind word, mid-clause
    assert ("推土机距离", "Wasserstein 距离") in {x[:2] for x in also_called(
        "两个分布之间的代价就是 Wasserstein 距离,也叫推土机距离(Earth Mover's Distance)。", segment)}


def test_a_name_written_with_its_kind_word_is_a_label(write_note):
    kg = _kg(write_note, {
        "a.md": "# 排序学习\n\n排序学习有三类：**pointwise**、**pairwise** 和 **listwise**。listwise 方法直接优化整个列表的指标，"
                "pairwise 方法只看两两的先后。经验回放（experience replay）缓解遗忘，很多经验回放方法还会挑样本。\n",
        "b.md": "# 原型\n\n每个类别一个原型（prototype），原型损失把样本拉向自己的原型。PointNet 层之后接池化，PointNet 很简单。\n",
    })
    assert {norm_key("listwise 方法")} <= _labels(kg, "listwise")
    assert norm_key("经验回放方法") in _labels(kg, "经验回放")
    # a loss of a thing and a layer built of it are not the thing
    assert norm_key("原型损失") not in _labels(kg, "原型")
    assert norm_key("PointNet 层") not in _labels(kg, "PointNet")


def test_glosses_that_do_not_name_the_word_before_them():
    from kgnotes.harvest.component import _unambiguous
    from kgnotes.model import AliasPair

    # one verb before a several-word English name that renders none of it: a gloss of the phrase
    assert _bracket_pairs("调度器在几个子任务之间做选择(policy over tasks)，每次持续几步。") == set()
    assert ("经验回放", "experience replay") in _bracket_pairs("训练时用经验回放(experience replay)打乱样本。")
    # one Chinese word glossed with two English names of one head: the modifiers were lost
    pairs = [AliasPair("鞍点", "strict saddle", "definition", ""), AliasPair("鞍点", "degenerate saddle", "definition", ""),
             AliasPair("学习率调度", "lr schedule", "definition", ""),
             AliasPair("学习率调度", "learning rate schedule", "definition", "")]
    assert [(p.a, p.b) for p in _unambiguous(pairs)] == [("学习率调度", "lr schedule"), ("学习率调度", "learning rate schedule")]


def test_a_word_of_the_english_rendered_just_before_the_term_belongs_to_it():
    # "at initialization" is rendered by 初始化 before 时剪枝: the name starts there
    assert ("初始化时剪枝", "pruning at initialization") in _bracket_pairs(
        "还有一类做法叫初始化时剪枝(pruning at initialization)，训练前就定好掩码。")
    # but not across a clause: 还会 is an adverb and a verb
    assert not any("还会" in a for a, _b in _bracket_pairs("步数一多误差还会累积(compounding error)。"))


def test_a_bracket_with_its_own_chinese_name_names_that_one():
    # the word before says what kind of thing it is; the bracket's names are one another's
    pairs = _bracket_pairs("作者在大网络里找到一个稀疏结构(lucky subgraph，\"幸运子图\")，单独训练也不掉点。")
    assert ("幸运子图", "lucky subgraph") in pairs and not any("稀疏结构" in p for p in pairs)
    # an abbreviation alone does not make the bracket's Chinese a name of it
    assert not any("正则" in p and "CFG" in p for p in _bracket_pairs("每一步用语法 (正则或者 CFG) 约束输出。"))


def test_a_name_written_half_translated_is_a_label_of_it(write_note):
    kg = _kg(write_note, {
        "rl.md": (
            "# 强化学习入门\n\n强化学习（Reinforcement Learning, RL）让智能体在环境中试错。"
            "离线强化学习只用一个固定的数据集，不再和环境交互。时序差分（TD learning）用下一步的估计更新当前估计。\n"
        ),
        "offline.md": (
            "# 离线 RL 的难点\n\n离线 RL 最大的麻烦是分布外动作的价值被高估。"
            "TD 学习在这里会把高估一步步传下去，所以要保守一点。离线强化学习的方法大多在价值上加惩罚。\n"
        ),
    })
    # the modifier stays and the abbreviation stands for the name it abbreviates
    assert _same(kg, "离线强化学习", "离线 RL") and not _same(kg, "离线 RL", "强化学习")
    # the glossary renders a word of the English name, the name stays
    assert _same(kg, "TD learning", "TD 学习")
    # and a title that writes it so is about it
    assert kg.notes_about(kg.find_concept("离线强化学习").id) == ["offline.md"]


def test_a_bracket_beside_a_known_model_name_is_an_aside():
    # BERT has no Chinese name of the field's; 权重共享 is another established term
    assert _bracket_pairs("两句话过同一个 BERT（权重共享），再做平均池化。") == set()
    # an abbreviation the English ends with, after words the glossary does not know:
    # the Chinese name keeps a word for each of them
    assert ("约束马尔可夫决策过程", "CMDP") in _bracket_pairs("安全强化学习常写成约束马尔可夫决策过程(Constrained MDP, CMDP)：多一个代价约束。")


def test_a_kind_word_after_a_name_of_another_kind_names_something_else(write_note):
    kg = _kg(write_note, {
        "detr.md": (
            "# DETR 笔记\n\n匈牙利算法（Hungarian algorithm）给预测和真值做一对一匹配。"
            "Hungarian 匹配之后再算 Hungarian loss：分类一项、框回归一项。\n"
        ),
        "ood.md": (
            "# 分布外检测\n\n分布内（in-distribution）样本的最大 softmax 概率通常更高。"
            "风格迁移里的实例归一化（Instance Normalization, IN）是另一回事，IN 按通道归一化。\n"
        ),
    })
    assert "Hungarian loss" not in kg.find_concept("匈牙利算法").labels
    # "in-distribution" is one hyphenated word, not the name "in" with a kind word
    assert not _same(kg, "in-distribution", "IN") and _same(kg, "分布内", "in-distribution")


def test_two_words_joined_by_a_number_make_a_name(write_note):
    kg = _kg(write_note, {
        "walk.md": (
            "# 图嵌入：DeepWalk 和 node2vec\n\nDeepWalk 把随机游走序列当句子，直接套 word2vec 的 Skip-gram。"
            "node2vec 换成有偏的二阶游走，node2vec 多了两个超参数。word2vec 本身来自 NLP。"
            "代码里的 conv2d 和 fc2 不是概念。\n"
        ),
    })
    assert kg.find_concept("node2vec") is not None and kg.find_concept("word2vec") is not None
    assert kg.find_concept("conv2d") is None and kg.find_concept("fc2") is None


def test_a_name_ending_with_an_abbreviation_is_the_name_spelled_out(write_note):
    kg = _kg(write_note, {
        "rl.md": (
            "# 强化学习\n\n强化学习（Reinforcement Learning, RL）让智能体在环境里试错。RL 的目标是累计奖励最大。\n"
        ),
        "safe.md": (
            "---\ntitle: \"Safe RL：带约束的强化学习\"\n---\n"
            "安全强化学习（Safe Reinforcement Learning）在最大化奖励之外还要满足代价约束。Safe RL 常用拉格朗日方法。\n"
        ),
    })
    assert _same(kg, "Safe RL", "Safe Reinforcement Learning", "安全强化学习")
    assert not _same(kg, "Safe RL", "RL")


def test_half_translated_forms_come_only_from_one_sense_and_whole_words():
    from kgnotes.model import Concept
    from kgnotes.text import merge_key
    from kgnotes.vocabulary import Vocabulary, _add_renderings

    concepts = [
        Concept("rl", {"zh": "强化学习", "en": "Reinforcement Learning"}, ["RL"]),
        Concept("offline-rl", {"zh": "离线强化学习"}),
        # two abbreviations: no form stands for this name
        Concept("attention", {"zh": "注意力"}, ["ATT", "ATN"]),
        Concept("self-attention", {"zh": "自注意力"}),
        # the glossary renders "learning" one way only: TD 学习
        Concept("td-learning", {"en": "TD learning"}),
    ]
    vocab = Vocabulary(concepts={c.id: c for c in concepts})
    for c in concepts:
        for label in c.labels:
            vocab.label_index[merge_key(label)] = [c.id]
    _add_renderings(vocab, set())
    half = {form: cid for form, cid in vocab.renderings.items() if has_cjk(form) and has_latin(form)}
    assert half == {"离线 RL": "offline-rl", "TD学习": "td-learning"}
    # the others are the field's other names (known_terms.tsv), one language each
    assert all(has_cjk(form) != has_latin(form) for form in set(vocab.renderings) - set(half))


def test_the_words_that_open_a_clause_before_a_bracket_are_no_part_of_the_name():
    # a count with its measure word, a comparison, a noun's 的 before a word of two
    assert ("块表", "block table") in _bracket_pairs("调度器给每个请求建一张块表(block table)，记下逻辑块在哪。")
    assert ("页表", "page table") in _bracket_pairs("逻辑块到物理块的映射，就像页表(page table)那样。")
    assert ("虚拟内存", "virtual memory") in _bracket_pairs("这个设计照搬了操作系统的虚拟内存(virtual memory)。")
    # but a clause's 的 before one word the English has more words than: the bracket names the whole phrase
    assert not {p for p in _bracket_pairs("取最小的非零特征值对应的特征向量(Fiedler vector)来切图。") if "特征向量" in p}
    # and 二次 is quadratic, not a count
    assert ("二次规划", "Quadratic Programming") in _bracket_pairs("二次规划（Quadratic Programming）是它的特例。")


def test_the_chinese_name_before_an_abbreviation_when_the_glossary_renders_only_its_head():
    # the glossary knows error (误差) but not endpoint: the run's last two words are the two English words
    pairs = _bracket_pairs("光流网络训练时就是在压低端点误差 EPE (endpoint error)，越小越好。")
    assert ("EPE", "端点误差") in pairs and ("EPE", "endpoint error") in pairs


def test_the_fields_other_name_for_a_concept_is_found_where_a_note_writes_it(write_note):
    # known_terms.tsv gives 温度 and temperature as one line's first names: a
    # note that writes only the English is naming the concept another note defines
    write_note("temp.md", "# 温度\n\n**温度**控制 softmax 输出的平滑程度。**温度**越高分布越平，温度越低越尖。\n")
    root = write_note("decode.md", "# 解码\n\n生成时把 temperature 调低，输出更确定；temperature 接近 0 就退化成贪心解码。\n")
    kg = extract_graph(root)
    c = kg.find_concept("温度")
    assert c is not None and "temperature" in c.labels
    assert c.id in kg.mentions["decode.md"]
    # not the field's everyday words (lines marked basic): 注意力权重 is no label of attention weights written in English
    from kgnotes.vocabulary import _field_names
    assert "attention weights" not in _field_names(["注意力权重"])


def test_a_name_written_with_a_group_in_brackets_holds_no_other_name(write_note):
    # SE(3)-Transformer is not the SE of another note, E(n)-GNN not a GNN mention of its own
    kg = _kg(write_note, {
        "voice.md": "# 声纹\n\n声纹系统先抽取说话人嵌入（speaker embedding，SE），再比较两个 SE 的余弦相似度。\n",
        "graph.md": "# 图网络\n\n图神经网络（Graph Neural Network，GNN）在节点间传递消息。GNN 的层数不宜太深。\n",
        "equi.md": "# 等变网络：E(n)-GNN 与 SE(3)-Transformer\n\n"
                   "E(n)-GNN 只用距离更新坐标，SE(3)-Transformer 用球谐函数构造注意力。\n",
    })
    se, gnn = kg.find_concept("SE"), kg.find_concept("GNN")
    assert se is not None and gnn is not None
    mentioned = set(kg.about.get("equi.md", [])) | {cid for cid, _n in kg.mentions.get("equi.md", {}).items()}
    assert se.id not in mentioned and gnn.id not in mentioned


def test_a_chinese_name_beside_the_english_one_after_an_abbreviation():
    # the Chinese item translates the English beside it, though jieba reads a
    # function word in it (比|对, 上|界, 定位|与|建图)
    pairs = _bracket_pairs("机器人导航离不开 SLAM（Simultaneous Localization and Mapping，同时定位与建图）。"
                           "采集函数常用 UCB（Upper Confidence Bound，置信上界），兼顾探索。"
                           "蛋白质模型的输入是 MSA（多序列比对，multiple sequence alignment）。")
    assert {("SLAM", "同时定位与建图"), ("UCB", "置信上界"), ("MSA", "多序列比对")} <= pairs
    # the abbreviation's names, spelled out, then a clause about it: the names stand, the clause goes
    pairs = _bracket_pairs("早期声学模型用 TDNN（时延神经网络，Time Delay Neural Network，本质上就是一维卷积）。")
    assert ("TDNN", "时延神经网络") in pairs and not any("卷积" in b for _, b in pairs)
    # a clause beside an abbreviation explains it, and without the English nothing says it translates
    assert not any(b.startswith("误拒率") for _, b in _bracket_pairs("指标看 EER（等错误率，误拒率等于误受率时的值）。"))
    assert not _bracket_pairs("HNSW（和跳表一样分层）是常用的图索引。")


def test_english_aliases_that_name_a_compound_of_the_title_term(write_note):
    # "BEV perception" is BEV's perception, not BEV: the aliases name one thing together
    kg = _kg(write_note, {
        "bev.md": "---\ntitle: BEV 感知笔记\naliases: [鸟瞰图感知, BEV perception]\n---\n\n"
                  "BEV（Bird's-Eye View，鸟瞰图）是从正上方往下看的视角。BEV 感知把环视相机的图像都变到这个视角下，"
                  "再统一做检测。BEV 下的检测框没有透视变形。\n",
        "huber.md": "---\ntitle: Huber 损失\naliases: [Huber loss]\n---\n\nHuber 损失在误差小时是平方，误差大时是绝对值。\n",
    })
    assert _same(kg, "鸟瞰图感知", "BEV perception")
    assert not _same(kg, "BEV", "BEV perception")
    assert _same(kg, "Huber 损失", "Huber loss")  # a kind word after the name is still the name


def test_two_english_names_of_one_head_word_in_a_bracket():
    # another modifier of the same head word names the same thing twice
    assert ("parameter sharing", "weight sharing") in _bracket_pairs("CNNs rely on parameter sharing (weight sharing) across positions.")
    assert ("noise schedule", "variance schedule") in _bracket_pairs("Pick the noise schedule (variance schedule) before training.")
    # not a word of the sentence (the schedule), not a kind of it (prefix beam search), not a clause
    assert not _bracket_pairs("Fix the schedule (variance schedule) first.")
    assert not _bracket_pairs("We keep beam search (prefix beam search) for CTC.")
    assert not _bracket_pairs("We use max pooling (average pooling is rarer).")


def test_a_person_named_term_and_the_name_alone(write_note):
    # "split on Gini" is the Gini impurity of the same note; the Inception
    # Score is no Inception network, and Nesterov alone names neither of two terms
    kg = _kg(write_note, {
        "trees.md": (
            "# Decision trees\n\nA split lowers the **Gini impurity** of the children. Gini impurity is cheap. "
            "CART splits on Gini, C4.5 on information gain.\n"
        ),
        "gan.md": (
            "# GAN metrics\n\n**Inception** is the network; the **Inception Score** runs Inception on samples. "
            "Inception again, and the Inception Score again.\n"
        ),
        "sgd.md": (
            "# Momentum\n\n**Nesterov momentum** looks ahead. Nesterov accelerated gradient is the same idea, "
            "and Nesterov momentum again; Nesterov proved the rate.\n"
        ),
    })
    assert _same(kg, "Gini", "Gini impurity")
    assert not _same(kg, "Inception", "Inception Score")
    assert not _same(kg, "Nesterov", "Nesterov momentum")


def test_an_english_kind_word_after_a_name(write_note):
    # the Weibull model is the Weibull; the reward model is no reward
    kg = _kg(write_note, {
        "survival.md": (
            "# Parametric survival\n\nThe **Weibull model** has a shape and a scale. **Weibull** fits hazards that grow; "
            "Weibull again, and the Weibull model again.\n"
        ),
        "rlhf.md": (
            "# RLHF\n\nThe **reward model** scores answers. The **reward** is a number; the reward model is trained "
            "on preferences, and the reward is maximised.\n"
        ),
    })
    assert _same(kg, "Weibull", "Weibull model")
    assert not _same(kg, "reward", "reward model")


def test_a_title_term_named_in_english_keeps_its_known_prefix(write_note):
    # 跨域 is a term of its own, but the title gives 跨域推荐 its English name:
    # one term, not a 推荐 of 跨域
    kg = _kg(write_note, {
        "cdr.md": "---\ntitle: 跨域推荐(Cross-Domain Recommendation)：把兴趣带到新领域\n---\n\n"
                  "用户在一个领域的点击往往也是另一个领域的跨域(cross-domain)信号。"
                  "跨域推荐把源域学到的兴趣迁移到目标域，冷启动用户也能拿到像样的候选。\n",
        "transfer.md": "---\ntitle: 迁移学习\n---\n\n迁移学习(transfer learning)把一个任务学到的表示用到另一个任务。跨域的数据分布不同，所以要做对齐。\n",
    })
    assert _same(kg, "跨域推荐", "Cross-Domain Recommendation")
    assert kg.find_concept("推荐") is None
    assert kg.about["cdr.md"] == [kg.find_concept("跨域推荐").id]


def test_a_title_term_ending_in_an_aspect_word_names_the_term(write_note):
    # 容器原理 is about 容器 (原理 says which side of it), as 深度学习偏置 is about 偏置
    kg = _kg(write_note, {
        "box.md": "# 容器原理：Namespace + Cgroups\n\n容器(container)不是虚拟机，只是一组被隔离的进程。"
                  "Namespace 让进程看到自己的一份资源，Cgroups 限制它能用多少 CPU 和内存。容器启动快，因为不用引导内核。"
                  "Namespace 和 Cgroups 都是内核的功能。\n",
        "vm.md": "---\ntitle: 虚拟机\n---\n\n虚拟机(virtual machine)模拟整台计算机；和容器相比，它多了一个内核。\n",
    })
    assert kg.find_concept("原理") is None and kg.find_concept("容器原理") is None
    assert kg.find_concept("容器").id in kg.about["box.md"]


def test_a_slash_between_two_capitals_is_part_of_a_name(write_note):
    # I/O, A/B: one word, not a list split at the slash; N/A is no concept
    kg = _kg(write_note, {
        "io.md": "---\ntitle: 网络编程里的 I/O\n---\n\n"
                 "非阻塞 I/O（non-blocking I/O）调用时没数据就立刻返回，要自己再问。"
                 "I/O 多路复用（I/O multiplexing）让一个线程同时等很多连接；非阻塞 I/O 常和 I/O 多路复用一起用。"
                 "多路复用这个词在 HTTP/2 里指另一件事。表里没填的格子写 (\"N/A\")。\n",
        "ab.md": "---\ntitle: 线上实验\n---\n\nA/B 测试（A/B testing）把用户随机分两组比较指标。A/B 测试要先算好样本量。\n",
    })
    assert _same(kg, "I/O 多路复用", "I/O multiplexing")
    assert _same(kg, "非阻塞 I/O", "non-blocking I/O")
    assert _same(kg, "A/B 测试", "A/B testing")
    assert not _same(kg, "I/O 多路复用", "非阻塞 I/O")
    assert kg.find_concept("N/A") is None


def test_a_bracket_saying_how_an_acronym_is_built_is_no_name_of_it(write_note):
    kg = _kg(write_note, {
        "lex.md": "---\ntitle: 词法分析\n---\n\n正则表达式先变成 NFA（Thompson 构造），再变成 DFA。NFA 的一个状态可以有多个去处，"
                  "DFA 只有一个。Thompson 构造每个运算符只加两个状态。\n",
        "kl.md": "---\ntitle: 两个分布有多远\n---\n\nKL（Kullback-Leibler 散度）不对称。KL 常用来约束新旧策略。\n",
    })
    assert kg.find_concept("NFA") is not None and not _same(kg, "NFA", "Thompson 构造")
    # a Latin word in the bracket that the acronym spells keeps it a name
    assert _same(kg, "KL", "Kullback-Leibler 散度")


def test_other_names_a_math_note_gives(write_note):
    kg = _kg(write_note, {
        # "also called" after a clause whose bold marks where the name starts
        "walk.md": "---\ntitle: 随机游走\n---\n\n连续时间的**布朗运动**，也叫**维纳过程**（Wiener process），增量独立且服从正态分布。"
                   "布朗运动的轨迹连续但处处不可导，维纳过程是随机微积分的基础。\n",
        # "some books translate it as"
        "prior.md": "---\ntitle: 先验怎么选\n---\n\n后验和先验同族时，这个先验叫**共轭先验**（conjugate prior），有些教材翻成共轭分布。"
                    "Beta 是二项分布的共轭先验。\n",
        # an alias that compares two names names the note, no concept; a
        # Chinese alias with 极大 for 最大 renames the title's first subject
        "est.md": "---\ntitle: 点估计：最大似然估计与 MAP\naliases: [极大似然估计, MLE vs MAP]\n---\n\n"
                  "最大似然估计（Maximum Likelihood Estimation, MLE）只看数据。最大后验估计（Maximum A Posteriori, MAP）"
                  "多乘一个先验。数据多了 MAP 和 MLE 差不多。\n",
    })
    assert _same(kg, "布朗运动", "维纳过程", "Wiener process")
    assert not any("  " in l for c in kg.concepts.values() for l in c.labels)  # no label spans blanked markup
    assert _same(kg, "共轭先验", "共轭分布", "conjugate prior")
    assert kg.find_concept("MLE vs MAP") is None
    assert _same(kg, "最大似然估计", "极大似然估计", "MLE") and not _same(kg, "MAP", "极大似然估计")
    assert _same(kg, "最大后验估计", "Maximum A Posteriori", "MAP")


def test_dotted_initials_count_a_word_a_letter(write_note):
    # i.i.d. is three words, so the Chinese before it is three words too: not
    # 分布 after the 同 (with) that a boundary word list would cut at
    kg = _kg(write_note, {"lln.md": "---\ntitle: 大数定律\n---\n\n如果各次观测是独立同分布（i.i.d.）的，样本均值收敛到期望。"
                                    "去掉独立同分布这个条件，结论就要另外证明。\n"})
    assert _same(kg, "独立同分布", "i.i.d.") and not _same(kg, "分布", "i.i.d.")


def test_a_latin_name_and_the_word_for_sampling_name_the_sampler(write_note):
    kg = _kg(write_note, {
        "mc.md": "---\ntitle: MCMC 采样入门\n---\n\nMCMC（Markov Chain Monte Carlo）构造一条马尔可夫链来采样。"
                 "MCMC 采样的样本彼此相关，所以 MCMC 采样要丢掉开头一段。\n",
    })
    assert kg.find_concept("MCMC 采样") is not None and _same(kg, "MCMC 采样", "MCMC")
    assert kg.find_concept("MCMC").id in kg.about["mc.md"]


def test_names_joined_by_a_hyphen_and_their_initials(write_note):
    # Metropolis-Hastings 算法 … MH 算法: the initials of the names, the same kind word
    kg = _kg(write_note, {
        "mh.md": "---\ntitle: 采样方法\n---\n\n从复杂分布采样常用 Metropolis-Hastings 算法，每步提议一个新状态再决定接不接受。"
                 "MH 算法只需要目标密度的比值，所以归一化常数不用算。Metropolis-Hastings 算法的接受率要调。\n",
    })
    assert _same(kg, "Metropolis-Hastings 算法", "MH 算法")


def test_a_bold_latin_name_before_its_bracket_is_the_whole_term(write_note):
    # the bold holds the whole name; "Dickey-Fuller 检验" at its end is another
    # test, which ADF 检验 extends, not renames
    kg = _kg(write_note, {"unit-root.md": (
        "# 单位根检验\n\n检验单位根最常用的是 **Augmented Dickey-Fuller 检验**（增广迪基-富勒检验，简称 ADF 检验）。"
        "它在 Dickey-Fuller 检验的基础上加了滞后差分项，ADF 检验的临界值要查表。Dickey-Fuller 检验只看一阶自回归。\n")})
    assert _same(kg, "ADF 检验", "Augmented Dickey-Fuller 检验")
    assert kg.find_concept("Dickey-Fuller 检验") is not None
    assert not _same(kg, "ADF 检验", "Dickey-Fuller 检验")


def test_a_test_named_by_its_abbreviation_is_the_abbreviation(write_note):
    # 检验 / test after a Latin name that is a concept by itself names it
    kg = _kg(write_note, {"unit-root-2.md": (
        "# 平稳性检验\n\n对价格序列做 ADF 检验，p 值很大，不能拒绝。ADF 的原假设是存在单位根，"
        "ADF 统计量要查专门的临界值表。t 检验在这里不适用。\n")})
    assert _same(kg, "ADF 检验", "ADF")
    assert kg.find_concept("t") is None  # a one-letter test is no name of its own


def test_an_abbreviation_names_the_words_its_letters_spell(write_note):
    # IMP spells 迭代 (iterative) too: the term starts there, and the plain
    # 幅度剪枝 (magnitude pruning) is another concept
    kg = _kg(write_note, {"lottery.md": (
        "# 彩票假设\n\n最简单的剪枝是幅度剪枝(magnitude pruning)：把绝对值小的权重置零。"
        "找中奖彩票的办法是迭代幅度剪枝(IMP)：训练、剪掉一部分、回到初始值，重复几轮。IMP 比一次剪完效果好，幅度剪枝只做一轮。\n")})
    assert _same(kg, "IMP", "迭代幅度剪枝")
    assert not _same(kg, "IMP", "幅度剪枝")
    assert _same(kg, "幅度剪枝", "magnitude pruning")

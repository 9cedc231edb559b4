"""Words that recur in notes but name no concept: counts (第一项), listed
qualities (有用、无害), the verbs of a cited paper's title. Every sentence here
is ours."""
from __future__ import annotations

from kgnotes.harvest import definition_pairs, head_compounds, latin_names, segment
from kgnotes.pipeline import extract_graph
from kgnotes.text import norm_key


def test_a_count_of_terms_is_no_compound():
    found = {label for label, _ in head_compounds(segment("损失分两项：第一项是重构误差，第二项是正则项，每一项都有权重。"))}
    assert not found & {"第一项", "第二项", "两项", "每一项"}
    assert "正则项" in found  # a real compound of the same head is still offered


def test_an_adverb_a_place_or_a_time_word_makes_no_word_with_a_one_character_head():
    # "once the chain has run long enough, the samples on it ...", "compare the
    # variance between chains": 以后|链 and 比较|链 are no kinds of chain
    found = {label for label, _ in head_compounds(segment("马尔可夫链跑够了以后链上的样本可以用，再比较链间方差和链内方差，最后调一下学习率。"))}
    assert not found & {"以后链", "比较链"}
    assert {"马尔可夫链", "学习率"} <= found  # (a verb before a head still is: 学习|率)


def test_an_opinion_verb_is_no_part_of_the_term_after_it():
    # "个人感觉蒸馏本质上是…": personally I feel that distillation is ...
    for sentence, term in (("个人感觉蒸馏本质上是一种监督", "蒸馏"), ("我觉得剪枝很常用", "剪枝")):
        labels = {label for label, _kind in head_compounds(segment(sentence))}
        assert not any(l.endswith(term) and l != term for l in labels), labels


def test_an_english_word_before_a_chinese_head_modifies_it(write_note):
    # "online 网络" is the online network; "BERT 模型" is BERT
    root = write_note("byol.md", (
        "# BYOL\n\nonline 网络多一个 predictor，target 网络不回传梯度，参数是 online 网络的滑动平均。"
        "target 网络也叫目标网络。BERT 模型在这里不出场。\n"))
    kg = extract_graph(root)
    assert kg.find_concept("online 网络") is not None
    assert kg.find_concept("online") is None and kg.find_concept("target") is None
    assert kg.find_concept("BERT") is not None


def test_listed_qualities_are_not_names_but_listed_techniques_are():
    qualities, _ = definition_pairs("三个目标", ["有用", "诚实", "无害"], "")
    assert qualities == []
    techniques, _ = definition_pairs("压缩手段", ["蒸馏", "剪枝", "量化"], "")
    assert {t.label for t in techniques} == {"蒸馏", "剪枝", "量化"}
    # a list that is mostly operations is all operations (求和 with 求均值, 取最大值)
    operations, _ = definition_pairs("聚合方式", ["求和", "求均值", "取最大值"], "")
    assert operations == []


def test_a_paper_title_is_cut_at_its_verb():
    found = set(latin_names("读了 Masked Autoencoders Are Scalable Vision Learners 这篇，又读了 Attention Is All You Need。"))
    labels = {label for label, _ in found}
    assert ("Masked Autoencoders", "phrase") in found
    assert ("Attention", "capword") in found
    assert not any(" Are " in l or " Is " in l or l.endswith((" Are", " Is")) for l in labels)
    assert "Scalable Vision Learners" not in labels and "Scalable" not in labels


def test_noise_forms_stay_out_of_the_graph(write_note):
    write_note("a.md", "# 对齐目标\n\n对齐的目标常说成三条（有用、诚实、无害）。奖励模型的损失有两项：第一项是偏好损失，第二项是正则项。\n")
    write_note("b.md", "# 奖励模型\n\n奖励模型(Reward Model, RM)给回答打分。它的损失里第一项最重要，第二项防止过拟合。"
               "一个好回答应当有用、诚实、无害。\n")
    kg = extract_graph(write_note("c.md", "# 读论文\n\n读 Masked Autoencoders Are Scalable Vision Learners 时想到奖励模型。\n"))
    for noise in ("第一项", "第二项", "有用", "诚实", "无害", "Masked Autoencoders Are Scalable Vision"):
        assert kg.find_concept(noise) is None, noise
    assert kg.find_concept("RM") is kg.find_concept("奖励模型") is not None


def test_cited_authors_are_not_concepts():
    for text in ("Song Yang 等人把加噪推广到连续时间", "见 Song, Meng & Ermon 的论文", "Song & Ermon 2019 加了多个噪声尺度",
                 "Song et al. 提出 Score SDE", "Kaiming He 等人提出 Momentum Contrast"):
        labels = {label for label, _ in latin_names(text)}
        assert not labels & {"Song", "Song Yang", "Ermon", "Meng", "Kaiming He", "He"}, (text, labels)
    assert ("Momentum Contrast", "phrase") in set(latin_names("Kaiming He 等人提出 Momentum Contrast"))
    assert {"Adam", "Momentum"} <= {label for label, _ in latin_names("先用 Adam 和 Momentum 训练")}


def test_numbered_generic_words_are_not_concepts():
    from kgnotes.harvest import is_term_like

    assert not any(is_term_like(w) for w in ("第二阶段", "阶段一", "步骤3"))
    assert all(is_term_like(w) for w in ("第一性原理", "三维卷积", "两阶段提交"))


def test_listed_operations_and_quoted_example_words():
    ops, _ = definition_pairs("聚合", ["求和", "求均值", "或者取最大值"], "")
    assert not {t.label for t in ops} & {"求均值", "者取最大值", "取最大值"}
    found = {label for label, _ in latin_names('经典例子是 vec("king") - vec("man") + vec("woman")，以及 “Layer Norm”。')}
    assert not found & {"king", "man", "woman"} and "Layer Norm" in found


def test_compounds_do_not_swallow_conjunctions_or_subjects(write_note):
    root = write_note("tree.md", (
        "# 划分\n\n这里划分时看的是基尼指数而不是熵。误差里如果噪声服从高斯分布,最小二乘就是最优的。"
        "高斯分布的熵最大。\n"
    ))
    kg = extract_graph(root)
    labels = {l for c in kg.concepts.values() for l in c.labels}
    assert "不是熵" not in labels and "噪声服从高斯分布" not in labels
    assert "高斯分布" in labels
    # a discourse marker or a quantifier jieba keeps as one word opens no compound
    found = {label for label, _ in head_compounds(segment("也就是说模型只学到了捷径，不少模型都有这个问题。"))}
    assert not found & {"也就是说模型", "不少模型"}


def test_a_head_used_as_a_verb_names_nothing():
    # 学习到, 映射成: the head word acts here (a verb with its complement)
    found = {label for label, _ in head_compounds(segment("温度会自动学习到一个合适的值，编码器把文本统一映射成向量。"))}
    assert not found & {"自动学习", "统一映射"}
    found = {label for label, _ in head_compounds(segment("自动学习是一个研究方向。"))}
    assert "自动学习" in found  # the same words naming a thing are still offered
    # a verb done briefly (解释一下, one jieba token) acts on the head, it names no kind of it
    found = {label for label, _ in head_compounds(segment("导师让我先解释一下模型，再讲讲算法。"))}
    assert "解释一下模型" not in found


def test_special_tokens_in_square_brackets_are_placeholders():
    found = {label for label, _ in latin_names("句首放 [CLS]，句间放 [SEP]，遮住的词换成 [MASK]。BERT 用 MLM 预训练。")}
    assert not found & {"CLS", "SEP", "MASK"}
    assert {"BERT", "MLM"} <= found


def test_everyday_verbs_of_using_are_no_concepts(write_note):
    write_note("explore.md", "# 探索与利用\n\n探索（exploration）与利用（exploitation）要平衡：利用已知最好的动作，"
                             "探索没试过的动作。ε-greedy 以概率 ε 探索，其余时候利用。\n")
    root = write_note("other.md", "# 经验回放\n\nDQN 利用经验回放打破相关性，训练时使用目标网络。\n")
    kg = extract_graph(root)
    assert kg.find_concept("利用") is None and kg.find_concept("使用") is None


def test_a_function_applied_in_a_formula_written_as_text_names_nothing():
    from kgnotes.harvest import parenthetical_definitions

    assert not list(parenthetical_definitions("专家轨迹的概率正比于 exp(累计奖励)，再取 log(似然)。", segment))
    # Var(w), Std(x) in prose are notation; Softmax(z) is still the name it is
    names = {label for label, _ in latin_names("要让 Var(y) = Var(x)，就需要 Var(w) = 1/n；Std(x) 同理。最后过一个 Softmax(z)。")}
    assert "Var" not in names and "Std" not in names and "Softmax" in names



def test_a_flattened_heading_before_its_own_name_is_no_phrase():
    names = {label for label, _ in latin_names("效果可能会掉一点。 4. DoRA DoRA 把权重拆成方向和大小两部分。")}
    assert "DoRA DoRA" not in names and "DoRA" in names



def test_an_adjective_before_a_head_makes_a_term_only_when_it_recurs(write_note):
    write_note("moe.md", "# 混合专家\n\n集成是多个完整模型各自输出再平均，混合专家只激活一部分参数。条件概率决定路由。\n")
    root = write_note("attn.md", "# 稀疏注意力\n\n稀疏注意力只看一部分位置。长文本里稀疏注意力比全注意力省显存。\n")
    kg = extract_graph(root)
    assert kg.find_concept("完整模型") is None  # said once: it describes, it does not name
    assert kg.find_concept("稀疏注意力") is not None  # the same form, recurring
    assert kg.find_concept("条件概率") is not None  # a noun modifier still names on one use


def test_a_function_word_or_a_name_in_brackets_defines_nothing():
    from kgnotes.harvest import parenthetical_definitions

    # "(IA)³" is a method's whole name; the bracket explains nothing before it
    assert not list(parenthetical_definitions("LoRA+ 给 A、B 不同的学习率。还有 (IA)³：学三个缩放向量。", segment))
    assert not list(parenthetical_definitions("更新的参数更少。还有 (BitFit)，只训练偏置。", segment))
    # a Latin word right after a Chinese bracket is still prose: 多数派（majority）Acceptor
    (left, parts, *_), = parenthetical_definitions("被多数派（majority）Acceptor 接受。", segment)
    assert (left, parts) == ("多数派", ["majority"])


def test_genre_words_of_study_notes_are_no_concepts(write_note):
    root = write_note("cnn.md", "---\ntitle: CNN 基础\ntags: [CNN, 基础, 面试]\n---\nCNN 基础：卷积层提取局部特征，池化层降采样。面试常问感受野。\n")
    kg = extract_graph(root)
    assert kg.find_concept("基础") is None and kg.find_concept("面试") is None
    assert kg.find_concept("CNN") is not None


def test_a_bound_suffix_jieba_glues_to_the_next_word_goes_back():
    # jieba reads 像素|级任务 and 低|维空间; -level and -dimensional belong before
    found = {label for label, _ in head_compounds(segment("这对像素级任务影响很大，在低维空间里 ReLU 会丢信息，映射到 512 维空间。"))}
    assert not found & {"级任务", "维空间"}
    assert {"像素级任务", "低维空间"} <= found
    assert "三维卷积" in {label for label, _ in head_compounds(segment("三维卷积很贵。"))}


def test_minimising_a_term_is_no_term():
    # "最小化交叉熵" is what a method does to the cross-entropy (jieba tags 最小化 a noun)
    found = {label for label, _ in head_compounds(segment("所以最小化交叉熵等价于最大似然，优化交叉熵就够了。"))}
    assert "交叉熵" in found
    assert not found & {"最小化交叉熵", "优化交叉熵"}


def test_a_motto_or_a_clause_in_a_title_is_no_term():
    from kgnotes.harvest.titles import title_terms

    assert title_terms("循序渐进：注意力和位置编码的一点整理", segment) == []  # an idiom beside the subject
    assert title_terms("大海捞针", segment) == ["大海捞针"]  # a whole title is still a name
    found = title_terms("注意力并不是魔法，只是加权平均", segment)  # a clause: 并不是 is a boundary
    assert not {"注意力并不是魔法", "并不是魔法", "魔法"} & set(found)


def test_a_noun_before_a_head_that_is_often_an_object_names_only_when_it_recurs(write_note):
    # 模型, 向量, 梯度, 网络, 矩阵: "X模型" said once mostly describes the
    # model at hand (用户向量, 代码模型); a pair that recurs, a derived
    # modifier (多模态, 自回归) or another head (条件概率) names a term at once
    write_note("rec.md", "# 召回\n\n双塔把用户映射成用户向量，再和物品的表示算内积。负采样决定了召回质量。\n")
    write_note("merge.md", "# 模型合并\n\n我们把一个代码模型和一个对话模型合在一起。多模态模型也能这样合并。\n")
    root = write_note("kg.md", "# 知识图谱嵌入\n\n每个实体有一个实体向量，实体向量和关系一起打分。条件概率决定负样本。\n")
    kg = extract_graph(root)
    for once in ("用户向量", "代码模型", "对话模型"):
        assert kg.find_concept(once) is None, once
    assert kg.find_concept("实体向量") is not None  # recurring
    assert kg.find_concept("多模态模型") is not None  # a derived modifier
    assert kg.find_concept("条件概率") is not None  # not an object head


def test_generic_compounds_of_ml_prose_are_no_concepts(write_note):
    write_note("a.md", "# 对比损失\n\n对比损失 (contrastive loss) 是一个目标函数，目标函数越小，正样本越近。"
                       "训练过程中数据分布会变，训练过程也要监控。对比损失的概率分布解释见下。概率分布的温度很关键。\n")
    root = write_note("b.md", "# 分类\n\n先训一个分类器，分类器的输出是对数概率。对数概率再过 softmax。分类器也叫判别模型的一种。\n")
    kg = extract_graph(root)
    for generic in ("目标函数", "数据分布", "训练过程", "概率分布", "分类器", "对数概率"):
        assert kg.find_concept(generic) is None, generic
    assert kg.find_concept("对比损失") is not None


def test_a_given_name_before_a_family_name_particle_is_no_concept(write_note):
    # López de Prado, van der Maaten: people, whatever their accents
    kg = extract_graph(write_note("people.md", "# 读书\n\n按 López de Prado 的建议做 purged 交叉验证。"
                                  "López de Prado 还讲了 meta-labeling。t-SNE 是 Laurens van der Maaten 提出的。\n"))
    labels = {l for c in kg.concepts.values() for l in c.labels}
    assert not labels & {"López", "Laurens"}


def test_a_persons_name_always_written_with_its_head_word_is_a_term_with_it(write_note):
    # Johansen 检验, used once and never without 检验: the test, named by its
    # author; not an abbreviation with a head (KL 正则), nor a head that goes
    # on into a longer word (Java 缓存库)
    kg = extract_graph(write_note("coint.md", "# 协整\n\n两条以上的序列要用 Johansen 检验确定协整向量的个数。"
                                  "损失里加一项 KL 正则防止策略跑偏。Caffeine 是一个 Java 缓存库。\n"))
    labels = {norm_key(l) for c in kg.concepts.values() for l in c.labels}
    assert "johansen检验" in labels
    assert not labels & {"kl正则", "java缓存"}


def test_ratio_regression_and_process_after_a_persons_name_make_terms(write_note):
    # 比率, 回归, 过程: kind words a statistics or finance note puts after a
    # person's name: a term once when the name is never written alone
    # (Sortino), twice when it is a name of its own (Fama-MacBeth)
    kg = extract_graph(write_note("risk.md", "# 风险指标\n\n分母只看下行波动时是 Sortino 比率。截面上逐期做 Fama-MacBeth 回归，"
                                  "再对系数取平均；Fama-MacBeth 回归的标准误要做 Newey-West 调整。价差常用 Ornstein-Uhlenbeck 过程建模，"
                                  "Ornstein-Uhlenbeck 过程会均值回复。\n"))
    labels = {norm_key(l) for c in kg.concepts.values() for l in c.labels}
    assert {"sortino比率", "famamacbeth回归", "ornsteinuhlenbeck过程"} <= labels

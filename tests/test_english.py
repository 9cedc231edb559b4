"""Notes written in English: the same harvest finds their terms -- noun
phrases with a domain head word, abbreviations spelled out after an article,
capitalised phrases that open a sentence. Every sentence here is ours."""
from __future__ import annotations

from kgnotes.harvest import english_compounds, latin_names, segment
from kgnotes.pipeline import extract_graph
from kgnotes.text import norm_key


def _compounds(text: str) -> set[str]:
    return {label for label, _ in english_compounds(text)}


def test_noun_phrases_with_a_head_word():
    found = _compounds("We train with stochastic gradient descent and a cosine learning rate schedule.")
    assert {"gradient descent", "stochastic gradient descent", "learning rate schedule"} <= found
    # the compound goes on past a head word: no "stochastic gradient" and no "learning rate" here
    assert "stochastic gradient" not in found and "learning rate" not in found
    # the English of the Chinese heads 检测, 分割, 表示 (anomaly detection = 异常检测)
    found = _compounds("Anomaly detection and semantic segmentation both need a good latent representation.")
    assert {"anomaly detection", "semantic segmentation", "latent representation"} <= found


def test_a_sentence_opening_capital_is_lower_case():
    assert "weight decay" in _compounds("Weight decay shrinks the weights. It is not L2 regularization in Adam.")
    assert "l2 regularization" not in _compounds("Weight decay shrinks the weights.")
    assert "L2 regularization" in _compounds("It is not L2 regularization in Adam.")  # an acronym modifies the head next to it


def test_verbs_adjectives_and_stop_words_are_not_modifiers():
    found = _compounds("AdamW decouples weight decay. The final loss and the total loss drop; each layer learns.")
    assert found == {"weight decay"}  # not "decouples weight decay", "final loss", "total loss", "each layer"


def test_an_opening_function_word_is_no_part_of_a_name():
    names = set(latin_names("The InfoNCE loss is standard. In Contrastive Learning we compare pairs."))
    assert ("InfoNCE", "acronym") in names
    assert ("Contrastive Learning", "phrase") in names
    assert not any(label.startswith(("The ", "In ")) for label, _ in names)


def test_english_notes_make_a_graph(write_note):
    write_note("contrastive.md", (
        "---\ntitle: Contrastive Learning\n---\n"
        "Contrastive learning pulls each positive pair together and pushes negative pairs apart. "
        "SimCLR (A Simple Framework for Contrastive Learning) builds a positive pair from two data augmentations "
        "of one image. Supervised contrastive learning (SupCon) uses the labels: every sample of a class is a positive.\n\n"
        "The InfoNCE loss scores one positive pair against many negative pairs. See [[prototypes]].\n"))
    root = write_note("prototypes.md", (
        "# Prototypes\n\nA prototype is the mean embedding of a class. Prototypical contrastive learning (PCL) "
        "puts prototypes into the InfoNCE loss, so contrastive learning also pulls a sample towards its prototype. "
        "Weight decay keeps the embedding small; we use weight decay of 0.05.\n"))
    kg = extract_graph(root)
    for label in ("contrastive learning", "positive pair", "negative pairs", "InfoNCE loss", "weight decay"):
        assert kg.find_concept(label) is not None, label
    simclr = kg.find_concept("SimCLR")
    assert simclr is not None and simclr is kg.find_concept("Simple Framework for Contrastive Learning")
    assert kg.find_concept("SupCon") is kg.find_concept("Supervised Contrastive Learning")
    # the chain: prototype-based contrastive learning and SupCon are kinds of contrastive learning
    cl = kg.find_concept("contrastive learning").id
    assert any(r.head == kg.find_concept("SupCon").id and r.tail == cl and r.rel != "related" for r in kg.relations)


def _aliases(text: str) -> set[tuple[str, str]]:
    from kgnotes.harvest import definition_pairs, parenthetical_definitions, segment

    found = set()
    for left, parts, sentence, enumerated in parenthetical_definitions(text, segment):
        found |= {(p.a, p.b) for p in definition_pairs(left, parts, sentence, enumerated)[1]}
    return found


def test_long_forms_of_english_abbreviations():
    # the words whose initials spell it, not the fewest words that hold its letters
    assert ("Proximal Policy Optimization", "PPO") in _aliases("We ran Proximal Policy Optimization (PPO) on it.")
    # an inner capital, a doubled letter written as a digit
    assert ("XGBoost", "eXtreme Gradient Boosting") in _aliases("XGBoost (eXtreme Gradient Boosting) wins often.")
    assert ("A2C", "Advantage Actor-Critic") in _aliases("A2C (Advantage Actor-Critic) is synchronous.")
    # the abbreviation a word before the bracket: "the DDPM paper (...)", "ROC curve (...)"
    assert ("DDPM", "Denoising Diffusion Probabilistic Models") in _aliases(
        "The DDPM paper (Denoising Diffusion Probabilistic Models, Ho et al. 2020) made it work.")
    assert ("ROC", "receiver operating characteristic") in _aliases("The ROC curve (receiver operating characteristic) plots TPR vs FPR.")
    # the long form among the words before, the rest of the bracket an explanation
    assert ("feed-forward network", "FFN") in _aliases("a position-wise feed-forward network (FFN, two linear layers) follows")


def test_long_forms_longer_than_a_short_window_with_a_number_word_or_a_shared_head():
    # a long form of 40 characters and more is read whole, not from inside a word
    assert ("inverse probability of treatment weighting", "IPTW") in _aliases(
        "Then we reweighted with inverse probability of treatment weighting (IPTW) before fitting.")
    # a leading digit is spelled by its number word
    assert ("Three-stage least squares", "3SLS") in _aliases("Three-stage least squares (3SLS) estimates the system jointly.")
    # the short form keeps the long form's head word: an acronym or one capital before it
    assert ("Out-of-vocabulary words", "OOV words") in _aliases("Out-of-vocabulary words (OOV words) get the unknown token.")
    assert ("Harmonic score", "H-score") in _aliases("Harmonic score (H-score): the mean of both accuracies.")
    # but a capital that is not the word's initial is no short form of it
    assert not _aliases("Student statistic (T-statistic) compares two means.")


def test_accented_letters_belong_to_their_word(write_note):
    kg = extract_graph(write_note("smooth.md", "# Smooth kernels\n\nThe Matérn kernel is smoother than it looks. "
                                  "We fit the Matérn kernel to the data, then the Rényi divergence is measured.\n"))
    labels = {norm_key(l) for c in kg.concepts.values() for l in c.labels}
    assert "rnkernel" not in labels and "nyidivergence" not in labels  # no name starts inside Matérn or Rényi
    assert "rényidivergence" in labels
    # jieba cuts a word at an accented letter (Cram|é|r): in a Chinese note
    # the name is whole all the same, and no piece of it is a name
    kg = extract_graph(write_note("bound.md", "# 估计的下界\n\n无偏估计的方差不低于 Cramér-Rao 下界。共轭梯度有 "
                                  "Polak-Ribière 公式，Polak-Ribière 公式比 Fletcher-Reeves 更常用。\n"))
    labels = {norm_key(l) for c in kg.concepts.values() for l in c.labels}
    assert "polak-ribière" in {l.lower() for c in kg.concepts.values() for l in c.labels}
    assert not labels & {"polakribi", "rrao", "r-rao"}
    assert segment("Cramér-Rao 下界")[0] == "Cramér"


def test_english_words_that_name_nothing(write_note):
    names = {label for label, kind in latin_names(
        "Each block has BN and ReLU. The data looks MNIST-ish and the sampler is non-Markovian. "
        "Multi-head attention runs in parallel. This is NOT a bug.") if kind != "capword"}  # capwords: not in English notes
    assert not names & {"BN and ReLU", "MNIST-ish", "non-Markovian", "Multi-head"}
    assert {"BN", "ReLU"} <= names
    root = write_note("cnn.md", (
        "---\ntitle: CNN basics\n---\n"
        "## Methods\n\nThe methods here are old. A CNN stacks convolution layers; each convolution layer has a kernel.\n"
        "This is NOT optional: a CNN needs padding.\n"))
    write_note("diffusion.md", (
        "# Contrastive & self-supervised learning\n\n"
        "Contrastive learning is one kind of self-supervised learning. The forward process, called the diffusion "
        "process, adds noise; the diffusion process has no parameters.\n"))
    kg = extract_graph(root)
    labels = {l.lower() for c in kg.concepts.values() for l in c.labels}
    assert "cnn" in labels and "cnn basics" not in labels  # a generic word in a title
    assert not labels & {"methods", "method", "not"}
    assert {"contrastive learning", "self-supervised learning", "diffusion process"} <= labels


def test_sentence_case_hyphened_words_and_capital_words_in_english_notes(write_note):
    # an English sentence may open with Two-stage or Follow-ups, and write AND for
    # emphasis: no names; a one-letter name (C-index) still is one
    root = write_note("survival.md", (
        "# Survival models\n\nTwo-stage fitting is slow. The C-index ranks pairs of patients; a C-index of 0.5 is chance. "
        "Follow-ups: censoring AND truncation.\n\nDrop-in replacements exist.\n"))
    kg = extract_graph(root)
    labels = {l.lower() for c in kg.concepts.values() for l in c.labels}
    assert not labels & {"two-stage", "follow-ups", "and", "drop-in"}
    assert "c-index" in labels
    assert "contrastive" not in labels and "the diffusion process" not in labels


def test_a_name_neither_ends_with_a_function_word_nor_opens_with_a_conjunction(write_note):
    from kgnotes.harvest import is_term_like

    assert not is_term_like("explained to myself") and not is_term_like("and exploding gradients")
    assert not is_term_like("GELU in between") and not is_term_like("weights over")
    assert is_term_like("You Only Look Once") and is_term_like("bag of words") and is_term_like("IT operations")
    root = write_note("rnn.md", (
        "Recurrent networks, explained to myself\nPosted on May 2, 2024 in Deep Learning\n\n"
        "Training a deep RNN runs into **vanishing gradients** (and exploding gradients). The vanishing gradients "
        "come from multiplying many Jacobians; exploding gradients are clipped.\n"))
    kg = extract_graph(root)
    labels = {l.lower() for c in kg.concepts.values() for l in c.labels}
    assert "explained to myself" not in labels
    vanishing = kg.find_concept("vanishing gradients")
    assert vanishing is not None and "and exploding gradients" not in vanishing.labels


def test_other_names_an_english_note_gives():
    from kgnotes.harvest import english_also_called

    def pairs(text):
        return {(a, b) for a, b, _ in english_also_called(text)}

    assert pairs("Dilated convolution (a.k.a. atrous convolution) grows the receptive field.") == {
        ("Dilated convolution", "atrous convolution")}
    assert pairs("The skip connection, also called a shortcut connection or residual connection, adds x.") == {
        ("skip connection", "shortcut connection"), ("skip connection", "residual connection")}
    assert pairs("- Nesterov momentum, or NAG for short: look ahead.") == {("Nesterov momentum", "NAG")}
    # an example after the names is not a name; the term a glossary line defines is the one renamed
    assert pairs("A small kernel (aka filter, e.g. 3x3) slides over it.") == {("kernel", "filter")}
    assert pairs("- recall: TP / (TP+FN), also called sensitivity. Of the positives...") == {("recall", "sensitivity")}
    # two English phrases with one head word in a bracket: synonyms
    assert pairs("The betas are the noise schedule (variance schedule) of DDPM.") == {("noise schedule", "variance schedule")}
    assert not pairs("We use the noise schedule (linear) and the schedule (cosine).")


def test_single_use_compounds_and_versions(write_note):
    root = write_note("cnn.md", (
        "# Pooling\n\nAfter two convolutions we apply max pooling; the discount factor of RL has nothing to do with it. "
        "The final layer is linear. Pre-activation ResNet (ResNet v2) moves BN before the convolutions; "
        "Residual Network (ResNet) is the original.\n"))
    kg = extract_graph(root)
    assert kg.find_concept("max pooling") is not None and kg.find_concept("discount factor") is not None
    assert kg.find_concept("final layer") is None
    # a name repeating the abbreviation with a version is not another name of it
    assert kg.find_concept("ResNet") is not kg.find_concept("ResNet v2")


def test_an_english_compound_is_a_kind_of_its_head(write_note):
    root = write_note("pool.md", (
        "# Pooling\n\n**Pooling** shrinks the feature map. Max pooling keeps the largest value, "
        "average pooling the mean. Pooling has no weights. **Spatial Pyramid Pooling** (SPP) pools "
        "over grids of several sizes.\n"))
    kg = extract_graph(root)
    pooling = kg.find_concept("pooling").id
    for label in ("max pooling", "average pooling", "SPP"):  # a name in Title Case too
        c = kg.find_concept(label).id
        assert any(r.head == c and r.tail == pooling and r.rel == "is_a" and r.basis == "compound" for r in kg.relations), label


def test_a_compound_whose_last_word_spells_an_acronym_is_no_kind_of_it(write_note):
    root = write_note("maps.md", (
        "# Estimation\n\n**Maximum a posteriori** (MAP) estimation adds a prior to the likelihood; "
        "MAP is the mode of the posterior. A CNN layer outputs a **feature map**, and a **saliency map** shows "
        "which pixels matter. The feature map of the last layer, the saliency map again. "
        "**Neural ODEs** treat depth as time; **Augmented Neural ODEs** add dimensions to them. "
        "Augmented Neural ODEs again, Neural ODEs again.\n"))
    kg = extract_graph(root)

    def kinds(label):
        c = kg.find_concept(label).id
        return {kg.concepts[r.tail].label("en") for r in kg.relations if r.head == c and r.rel == "is_a"}

    assert kg.find_concept("MAP") is not None
    assert "MAP" not in kinds("feature map") and "MAP" not in kinds("saliency map")
    # a head of several words is found whatever its case and number
    assert kg.find_concept("Neural ODEs").label("en") in kinds("Augmented Neural ODEs")


def test_titles_of_blog_exports_and_english_titles(write_note):
    from kgnotes.corpus import read_note

    root = write_note("export.md", (
        "Attention and the Transformer, explained\nPosted on March 3, 2024 in Deep Learning\n\n"
        "The Transformer keeps only attention. Self-attention compares every token with every other.\n"))
    write_note("zh-export.md", "Raft 共识算法笔记 发表于 2023-05-01 分类于 分布式 Raft 把共识拆成选主和日志复制。\n")
    write_note("norm.md", "---\ntitle: Normalization layers + tricks\n---\nEvery normalization layer standardizes activations.\n")
    note = read_note(root / "export.md", root, print, 10**8)
    assert note.title == "Attention and the Transformer, explained"
    assert read_note(root / "zh-export.md", root, print, 10**8).title == "Raft 共识算法笔记"
    kg = extract_graph(root)
    # the title names the note's subject even where the text writes it in the singular, in lower case
    about = {kg.concepts[c].label("en").lower() for c in kg.about.get("norm.md", [])}
    assert "normalization layers" in about or "normalization layer" in about
    assert "Transformer" in {kg.concepts[c].label("en") for c in kg.about.get("export.md", [])}


def test_relations_english_sentences_state(write_note):
    root = write_note("opt.md", (
        "# Optimizers\n\n**Momentum** keeps a velocity. **RMSProp** divides by a running average. "
        "**Adam** = momentum + RMSProp, with bias correction. SGD with momentum damps oscillations; "
        "plain SGD is the baseline. A **linear model** predicts a weighted sum. "
        "**Ridge regression** is also a linear model fit by least squares with a penalty. "
        "A **residual block** consists of two **convolutions** and a shortcut. Residual block again, momentum again, "
        "linear model again, ridge regression again, convolutions again. Adam is the default; RMSProp came first.\n"))
    kg = extract_graph(root)

    def rel(a, b):
        ca, cb = kg.find_concept(a).id, kg.find_concept(b).id
        return {r.rel for r in kg.relations if r.head == ca and r.tail == cb}

    assert "uses" in rel("Adam", "momentum") and "uses" in rel("Adam", "RMSProp")
    assert "uses" in rel("SGD", "momentum")
    assert "is_a" in rel("ridge regression", "linear model")
    assert "part_of" in rel("convolutions", "residual block")


def test_an_abbreviation_that_is_an_english_word_is_found_in_capitals_only(write_note):
    root = write_note("norms.md", (
        "# Norms\n\nInstance normalization (IN) normalizes each channel of each sample. IN is what style transfer uses.\n"))
    write_note("other.md", "# Other\n\nIn practice we train in half precision, in batches.\n")
    write_note("lr.md", "# Logistic regression\n\nLogistic regression (LR) is a linear classifier. Train LR with lr = 0.1; halve the lr later.\n")
    write_note("10-optimizers-lr-warmup.md", "Warmup ramps the lr from zero. LR schedules matter.\n")
    kg = extract_graph(root)
    instance_norm = kg.find_concept("IN").id
    assert instance_norm in kg.mentions.get("norms.md", {})
    assert instance_norm not in kg.mentions.get("other.md", {})
    # two or three capitals: LR (logistic regression) is not the lr of a learning rate
    lr = kg.find_concept("LR").id
    assert kg.mentions["lr.md"][lr] == 4  # the heading, the name, LR twice; not lr twice
    assert kg.mentions.get("10-optimizers-lr-warmup.md", {}).get(lr, 0) == 1  # "LR schedules", not "the lr"


def test_a_small_letter_then_capitals_is_not_a_plain_word(write_note):
    # mAP, mIoU: the small letter is part of the name; "maps" is not mAP
    root = write_note("metrics.md", (
        "# Detection metrics\n\nMean average precision (mAP) averages the AP over classes. "
        "A detector with a higher mAP ranks boxes better; we report mAP at IoU 0.5.\n"))
    write_note("cnn.md", "# Convolutions\n\nEach kernel gives one of the feature maps; an encoder maps an image to a code.\n")
    kg = extract_graph(root)
    m_ap = kg.find_concept("mAP").id
    assert kg.mentions["metrics.md"][m_ap] >= 3
    assert m_ap not in kg.mentions.get("cnn.md", {})


def test_a_compound_written_only_in_the_plural_gets_its_singular(write_note):
    root = write_note("diffusion.md", (
        "# Generative models\n\nDiffusion models learn to undo noise; diffusion models sample slowly. "
        "Very deep networks suffer from vanishing gradients, and vanishing gradients stop training early.\n"
        "The k-means algorithm and k-means++ are run with Langevin dynamics nowhere.\n"))
    kg = extract_graph(root)
    assert "diffusion model" in kg.find_concept("diffusion models").labels
    assert "vanishing gradient" in kg.find_concept("vanishing gradients").labels
    # only for a known head word: a singular that is no word is not made up
    for concept in kg.concepts.values():
        assert not {"k-mean", "Langevin dynamic"} & set(concept.labels)


def test_an_agent_noun_is_a_term_by_itself(write_note):
    # like 编码器 in Chinese: an encoder, a decoder, an optimizer name components;
    # a model, a network, a layer are too general to be concepts on their own
    root = write_note("seq2seq.md", (
        "# Sequence to sequence\n\nThe encoder reads the source sentence and the decoder writes the target. "
        "A momentum encoder is a slow copy of the encoder. The model is a network of many layers; "
        "the model is trained with an optimizer, and the optimizer keeps two moments per weight.\n"))
    write_note("vae.md", "# VAE\n\nThe decoder turns a latent code back into an image; the network is small.\n")
    kg = extract_graph(root)
    for word in ("encoder", "decoder", "optimizer"):
        assert kg.find_concept(word) is not None, word
    for word in ("model", "network", "layer"):
        assert kg.find_concept(word) is None, word
    encoder = kg.find_concept("encoder").id
    assert any(r.head == kg.find_concept("momentum encoder").id and r.tail == encoder for r in kg.relations)


def test_a_title_that_says_it_is_crash_notes():
    from kgnotes.harvest import title_terms

    # "crash notes", "working notes": what the note is, not part of its subject
    split = str.split
    assert title_terms("Kalman filtering crash notes", split) == ["Kalman filtering"]
    assert title_terms("Beam search working notes", split) == ["Beam search"]


def test_versioned_names_are_names_of_their_own(write_note):
    from kgnotes.harvest import latin_names

    found = {label for label, _kind in latin_names("用 LL(1) 还是 LALR(1)？HTTP/2 比 HTTP/1.1 快，复杂度 O(n)，f(x) 不算。")}
    assert {"LL(1)", "LALR(1)", "HTTP/2", "HTTP/1.1"} <= found
    assert not {"O(n)", "f(x)"} & found
    root = write_note("proto.md", "---\ntitle: 从 HTTP/1.1 到 HTTP/2\n---\n\n"
                      "HTTP/1.1 一个连接同一时刻只跑一个请求。HTTP/2 用二进制分帧，多个流共用一个连接。"
                      "HTTP/2 的头部压缩叫 HPACK，HTTP/1.1 没有。\n")
    write_note("group.md", "---\ntitle: 等变网络：SE(3)-Transformer 与 EGNN\n---\n\n"
               "分子在 SE(3) 下的性质不变：SE(3) 是三维的旋转加平移。SE(3)-Transformer 用球谐函数构造等变的注意力，"
               "EGNN 只用距离。SE(3)-Transformer 比 EGNN 慢。\n")
    kg = extract_graph(root)
    assert kg.find_concept("HTTP/2") is not None and not _same_concept(kg, "HTTP/2", "HTTP/1.1")
    # SE(3) is a name, but not the piece of SE(3)-Transformer the title names
    assert kg.find_concept("SE(3)") is not None
    assert kg.find_concept("SE(3)").id not in kg.about["group.md"]


def _same_concept(kg, a: str, b: str) -> bool:
    return kg.find_concept(a).id == kg.find_concept(b).id


def test_an_abbreviation_spelled_out_in_the_bracket_after_it(write_note):
    # "ABBR (long form)" after other words: the bracket spells out the
    # abbreviation alone, not "or the BPR"
    root = write_note("recsys.md", "# Ranking losses\n\nWe train with sampled negatives, or with the BPR (Bayesian "
                      "personalized ranking) pairwise loss of older matrix factorisation work. BPR compares a "
                      "clicked item with an unclicked one.\n")
    kg = extract_graph(root)
    bpr = kg.find_concept("BPR")
    assert bpr is not None and bpr is kg.find_concept("Bayesian personalized ranking")
    assert kg.find_concept("the BPR") is None and kg.find_concept("or the BPR") is None


def test_a_bold_lead_of_a_list_item_is_a_term_once(write_note):
    root = write_note("survival.md", (
        "# Survival analysis\n\nWhy the event time is not always seen:\n\n"
        "- **Right censoring** (most common): follow-up ended before the event.\n"
        "- **Interval censoring**: the event fell between two visits.\n"
        "- **Kaplan-Meier estimator**: a step function over the event times. KM drops at each event, and two KM\n"
        "  curves are compared with a test.\n\n"
        "Some words in **bold** stress a point, and **this one does too**: neither is a name.\n\n"
        "分三种看法：\n\n- **分数视角**：从分数匹配出发。\n"))
    kg = extract_graph(root)
    for label in ("right censoring", "interval censoring"):
        assert kg.find_concept(label) is not None, label
    # a name with its kind word (estimator) is the name: KM is both
    assert kg.find_concept("Kaplan-Meier estimator") is kg.find_concept("KM") is not None
    for label in ("bold", "this one does too", "分数视角"):
        assert kg.find_concept(label) is None, label


def test_listed_words_that_name_no_kind_are_no_terms(write_note):
    root = write_note("molecules.md", (
        "# Molecules as graphs\n\nEdge features: bond type (single/double/triple/aromatic), ring membership.\n"
        "The ranking model (heavier, more features, cross features) runs after retrieval.\n"
        "The last layer uses an activation (softmax, sigmoid, tanh) or none.\n"))
    kg = extract_graph(root)
    for label in ("single", "double", "aromatic", "heavier", "more features"):
        assert kg.find_concept(label) is None, label
    # a listed word the field knows is a name all the same
    for label in ("softmax", "sigmoid", "tanh"):
        assert kg.find_concept(label) is not None, label

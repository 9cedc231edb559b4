"""Notes written in English: the same harvest finds their terms -- noun
phrases with a domain head word, abbreviations spelled out after an article,
capitalised phrases that open a sentence. Every sentence here is ours."""
from __future__ import annotations

from kgnotes.harvest import english_compounds, latin_names
from kgnotes.pipeline import extract_graph


def _compounds(text: str) -> set[str]:
    return {label for label, _ in english_compounds(text)}


def test_noun_phrases_with_a_head_word():
    found = _compounds("We train with stochastic gradient descent and a cosine learning rate schedule.")
    assert {"gradient descent", "stochastic gradient descent", "learning rate schedule"} <= found
    # the compound goes on past a head word: no "stochastic gradient" and no "learning rate" here
    assert "stochastic gradient" not in found and "learning rate" not in found


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

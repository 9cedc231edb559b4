"""Pass 1: which strings in a note look like terms, and which name one thing.

One extraction idea per function, each pure (text in, candidates out), then
``Harvester``, the spaCy component that runs them over a ``Doc`` and leaves
``doc._.terms`` and ``doc._.aliases``. Evidence, strongest first: bilingual
parenthetical definitions, naming cues (称为/叫做), front matter, headings and
bold, acronyms and CamelCase names, domain-head Chinese compounds.

The modules, lowest first (each imports only from modules above it):

- ``words``: jieba segmentation, part of speech, helpers over token runs
- ``terms``: is a string a term; abbreviation checks
- ``translation``: glossary lookups, Chinese/English translation agreement
- ``left_term``: the term that ends right before a bracket
- ``brackets``: parenthetical definitions and ``definition_pairs``
- ``other_names``: 也叫/又称/简称, 全称/缩写, a.k.a./also called
- ``naming``: glossary-style lines and naming cues (称为/叫做/called)
- ``latin``: Latin names, English phrases and English head compounds
- ``heads``: Chinese head-word compounds and their short forms
- ``titles``: term-like segments of titles, headings and bold phrases
- ``known``: where a note names an established term of the field (known_terms.tsv)
- ``component``: the spaCy component and the per-note assembly (``harvest_doc``)

This package re-exports what the rest of kgnotes and the tests import from
``kgnotes.harvest``.
"""
from .words import pos_of, segment, strip_leading_verbs
from .terms import _EN_FUNCTION_WORDS, abbreviation_fits, is_acronym, is_term_like, strip_generic_suffix
from .translation import (
    _head_of_label, _renderings, glossary_translations, initialisms, reverse_glossary, translation_agrees,
    translation_score,
)
from .left_term import _left_term
from .brackets import definition_pairs, parenthetical_definitions
from .other_names import also_called, english_also_called, full_names
from .naming import english_glossary_lines, glossary_lines, naming_terms
from .latin import english_compounds, glossary_phrases, is_person_name, latin_names, named_kind_name, rendered_in_note
from .heads import head_compounds, short_form_heads, short_forms
from .titles import title_terms
from .known import known_terms_in
from .component import Harvester, _alias_fits, harvest_doc, make_harvester  # registers the kgn_harvester factory

__all__ = [
    # words
    "pos_of", "segment", "strip_leading_verbs",
    # terms
    "_EN_FUNCTION_WORDS", "abbreviation_fits", "is_acronym", "is_term_like", "strip_generic_suffix",
    # translation
    "_head_of_label", "_renderings", "glossary_translations", "initialisms", "reverse_glossary",
    "translation_agrees", "translation_score",
    # left_term
    "_left_term",
    # brackets
    "definition_pairs", "parenthetical_definitions",
    # other_names
    "also_called", "english_also_called", "full_names",
    # naming
    "english_glossary_lines", "glossary_lines", "naming_terms",
    # latin
    "english_compounds", "glossary_phrases", "is_person_name", "latin_names", "named_kind_name", "rendered_in_note", "known_terms_in",
    # heads
    "head_compounds", "short_form_heads", "short_forms",
    # titles
    "title_terms",
    # component
    "Harvester", "_alias_fits", "harvest_doc", "make_harvester",
]

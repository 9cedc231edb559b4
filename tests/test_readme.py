"""Every SPARQL example in README.md runs on the demo build and returns rows."""
from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT

from kgnotes.query import query_dir

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _examples() -> list[str]:
    blocks = re.findall(r"```sparql\n(.*?)```", README, re.S)
    for line in re.findall(r"^kgnotes query (.+)$", README, re.M):
        blocks.append(shlex.split(line)[0])
    return blocks


@pytest.mark.parametrize("sparql", _examples())
def test_readme_query_returns_rows(demo_build, sparql):
    _, out = demo_build
    res = query_dir(out, sparql)
    assert res.rows, sparql


def test_readme_has_examples():
    assert len(_examples()) >= 2

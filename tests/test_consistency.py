"""Slips between numbers and words that a copy editor would mark, checked on the built pages."""

import re

import pytest
from conftest import toc_files
from test_html import reader_text

READER_PAGES = [d for d in toc_files() if not d.endswith("/data")]  # the catalogue lists raw names

# A sum given with its parts: "€161.2 million (€26.2 million in June 2022 and €135 million in ...)".
SUM_WITH_PARTS = re.compile(r"€([\d,.]+) million \(€([\d,.]+) million [^()]*? and €([\d,.]+) million ")


def number(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.mark.parametrize("doc", READER_PAGES)
def test_a_sum_given_with_its_parts_adds_up(html_dir, doc):
    text = reader_text(html_dir / f"{doc}.html")
    wrong = [m.group(0) for m in SUM_WITH_PARTS.finditer(text)
             if abs(number(m.group(1)) - number(m.group(2)) - number(m.group(3))) > 0.05]
    assert wrong == []


def test_the_money_moved_to_ukraine_and_moldova_is_given_with_its_parts(html_dir):
    """The chapter once gave the total in one place and one transfer in another."""
    text = reader_text(html_dir / "chapters" / "baltic.html")
    sums = SUM_WITH_PARTS.findall(text)
    assert len(sums) >= 2 and len(set(sums)) == 1, sums


# Abbreviations a lay reader cannot expand: the EU's programme jargon, the Commission's initials,
# and the countries' and offices' shorthand of the working files.
JARGON = re.compile(r"\b(?:CBC|ENI|EEAS|LBT|MBT|FTD|NDICI|KZ|RU|CU|PM)\b|\bEC\b")


@pytest.mark.parametrize("doc", READER_PAGES)
def test_no_unexplained_programme_abbreviations(html_dir, doc):
    text = reader_text(html_dir / f"{doc}.html")
    found = [text[max(0, m.start() - 40):m.end() + 20] for m in JARGON.finditer(text)]
    assert found == []

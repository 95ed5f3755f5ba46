"""The article's claims and their verdicts: one row per claim in ``data/claims.csv``.

The verdict and the wording of the reason live in that row; the numbers in the reason are the
chapter's own. A chapter fills its reasons with :func:`glue_verdicts`, which glues each one as
``claim-<claim_id>``; the first page pastes those same texts (``{glue:text}`chapter.ipynb::key```)
instead of computing them a second time. One claim, one verdict, one place.
"""

from __future__ import annotations

import string

import pandas as pd

from .data import load
from .text import escape_markdown, glue_markup_table, glue_table, glue_text

# The report's fixed scale, from the strongest support to no evidence either way.
VERDICTS = ("supported", "supported with a caveat", "contested", "misattributed", "not supported",
            "cannot be tested", "no record found")

# How the first page names each chapter in its links.
CHAPTERS = {"forums": "The forum", "trade": "Trade", "border": "The border", "rivers": "The rivers",
            "baltic": "The Baltic idea"}


def claims() -> pd.DataFrame:
    """Every claim, in the article's order, with its evidence as one list of source ids."""
    table = load("claims").sort_values("order")
    evidence = load("claim_evidence").groupby("claim_id")["source_id"].agg(list)
    return table.assign(sources=table["claim_id"].map(evidence))


def placeholders(template: str) -> set[str]:
    """The names a reason leaves for its chapter to fill: '{kz_growth}' -> {'kz_growth'}."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def reason_key(claim_id: str) -> str:
    """The glue key under which a chapter publishes a claim's reason."""
    return f"claim-{claim_id}"


def fill_reasons(chapter: str, values: dict[str, str]) -> pd.DataFrame:
    """The chapter's claims with each reason filled from ``values``.

    Every name a reason asks for must be given, and every value given must be used: a renamed
    placeholder or a forgotten value fails here instead of printing a wrong or empty reason.
    """
    table = claims()
    table = table[table["chapter"] == chapter].copy()
    if table.empty:
        raise ValueError(f"no claim in data/claims.csv is checked in chapter {chapter!r}")
    wanted = set().union(*(placeholders(r) for r in table["reason"]))
    missing, unused = wanted - set(values), set(values) - wanted
    if missing or unused:
        raise ValueError(f"chapter {chapter!r}: reasons need {sorted(missing)} "
                         f"and do not use {sorted(unused)}")
    table["reason_text"] = [r.format(**values) for r in table["reason"]]
    return table


def glue_verdicts(chapter: str, **values: str) -> pd.DataFrame:
    """Glue the chapter's verdict table as ``verdicts`` and each reason as ``claim-<id>``."""
    table = fill_reasons(chapter, values)
    for claim_id, text in zip(table["claim_id"], table["reason_text"], strict=True):
        glue_text(reason_key(claim_id), text)
    shown = pd.DataFrame({
        "Claim in the article": "“" + table["quote"] + "”",
        "Who": table["speaker"],
        "Verdict": table["verdict"],
        "Reason": table["reason_text"],
        "Sources": table["sources"].map(", ".join),
    })
    # On a phone each claim becomes one block, its cells labelled (rukz.css), instead of a
    # table wider than the screen.
    glue_table("verdicts", shown, classes=("rukz-stack", "rukz-verdicts"))
    return shown


def ledger() -> pd.DataFrame:
    """The first page's table: every claim, its verdict, the reason pasted from its chapter and a
    link to the section that checks it (MyST, so that links work in HTML and PDF alike)."""
    table = claims()
    return pd.DataFrame({
        "Claim": ("“" + table["quote"].map(escape_markdown) + "” — "
                  + table["speaker"].map(escape_markdown)),
        "Verdict": table["verdict"].map(escape_markdown),
        "Why": [f"{{glue:text}}`{chapter}.ipynb::{reason_key(claim_id)}:s`"
                for chapter, claim_id in zip(table["chapter"], table["claim_id"], strict=True)],
        "Checked in": [f"{{ref}}`{CHAPTERS[chapter]} <{section}>`"
                       for chapter, section in zip(table["chapter"], table["section"], strict=True)],
    })


def glue_ledger() -> pd.DataFrame:
    """Glue the ledger as ``ledger`` (MyST, for the first page)."""
    table = ledger()
    glue_markup_table("ledger", table, markup_columns=("Claim", "Verdict", "Why", "Checked in"),
                      classes=("rukz-stack", "rukz-ledger"))
    return table


def verdict_counts() -> pd.Series:
    """How many claims received each verdict, in the order of the scale (zeros left out)."""
    counts = claims()["verdict"].value_counts()
    return counts.reindex([v for v in VERDICTS if v in counts.index])

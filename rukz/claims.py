"""The article's claims and their verdicts: one row per claim in ``data/claims.csv``.

Each claim has a *kind* and a *verdict* on one published scale (:data:`SCALE`): a fact is
correct, needs context, misleading, incorrect or unverified; a quotation (did the person say it?)
is accurately quoted, misquoted or unverified; an opinion or a prediction is not rated. A claim is
judged on what bore on it when it was made (November 2019); what happened later is told in the
chapters.

The verdict and the wording of the reason and its context live in the claim's row; the numbers in
them are the chapter's own. A chapter fills its reasons with :func:`glue_verdicts`, which glues
each as ``claim-<claim_id>`` (and ``claim-<claim_id>-context``); the first page pastes those same
texts instead of computing them a second time. One claim, one verdict, one place.

Quotations are checked word for word against a fingerprint of the article
(``data/article_fingerprint.json``): hashes of each pair of neighbouring words, so that the
report can prove a quotation exact without holding the third-party text.
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata

import pandas as pd

from .data import load
from .text import escape_markdown, glue_markup, glue_markup_table, glue_text, typographic

# The scale, per kind of claim, from the best verdict to the worst; then the label a reader sees,
# its definition and a one-line example from this ledger.
SCALE = {
    "fact": ("correct", "needs_context", "misleading", "incorrect", "unverified"),
    "quote": ("accurately_quoted", "misquoted", "unverified"),
    "opinion": ("not_rated",),
    "prediction": ("not_rated",),
}
ORDER = (
    "correct",
    "needs_context",
    "misleading",
    "incorrect",
    "accurately_quoted",
    "misquoted",
    "unverified",
    "not_rated",
)
LABELS = {
    "correct": "Correct",
    "needs_context": "Needs context",
    "misleading": "Misleading",
    "incorrect": "Incorrect",
    "unverified": "Unverified",
    "accurately_quoted": "Accurately quoted",
    "misquoted": "Misquoted",
    "not_rated": "Not rated",
}
KIND_LABELS = {"fact": "Fact", "quote": "Quotation", "opinion": "Opinion", "prediction": "Prediction"}
DEFINITIONS = {
    "correct": ("fact", "The evidence available at the time shows the statement is right."),
    "needs_context": ("fact", "The statement is right, but a reader needs more to understand it."),
    "misleading": (
        "fact",
        "It contains accurate elements but gives a false impression, for example "
        "a true figure about one thing applied to another.",
    ),
    "incorrect": ("fact", "The evidence available at the time shows the statement is wrong."),
    "unverified": ("fact or quotation", "No evidence was found either way."),
    "accurately_quoted": (
        "quotation",
        "A record shows the person said it, in these words or the article's fair paraphrase of them.",
    ),
    "misquoted": ("quotation", "A record shows the person said something different."),
    "not_rated": (
        "opinion or prediction",
        "A judgement or a forecast is not fact-checked; the ledger lists it with the context a reader needs.",
    ),
}
# A claim that shows each verdict best, for the scale's examples on the first page.
EXAMPLES = {
    "correct": "forum-first-2003",
    "needs_context": "border-longest",
    "misleading": "trade-growth",
    "incorrect": "rivers-new-content",
    "unverified": "rivers-nine-million",
    "accurately_quoted": "border-tokayev-modernise",
    "not_rated": "trade-engine",
}

# How the first page names each chapter in its links.
CHAPTERS = {
    "forums": "The Forum",
    "trade": "Trade",
    "border": "The border",
    "rivers": "The rivers",
    "baltic": "The Baltic idea",
}


# --- the quotations and the article's fingerprint ----------------------------------------------

_EDGE_PUNCTUATION = "\"'“”„«»‘’()[].,;:!?"


def words(text: str) -> list[str]:
    """Words as compared: Unicode-normalised, punctuation stripped from each word's ends."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
    return [w for w in (word.strip(_EDGE_PUNCTUATION) for word in text.split()) if w]


def pair_hash(first: str, second: str) -> str:
    return hashlib.sha256(f"{first} {second}".encode()).hexdigest()[:12]


def fingerprint(text: str) -> list[str]:
    """The hash of every pair of neighbouring words of a text, in order."""
    found = words(text)
    return [pair_hash(a, b) for a, b in zip(found, found[1:], strict=False)]


def quote_in_fingerprint(quote: str, pairs: list[str]) -> bool:
    """True if every part of the quote (parts are cut at "…") appears word for word, in order."""
    start = 0
    for part in re.split(r"\s*(?:…|\.\.\.)\s*", quote.strip()):
        wanted = fingerprint(part)
        if not part.strip():
            continue
        if not wanted:
            return False  # a one-word fragment proves nothing
        hit = next(
            (i for i in range(start, len(pairs) - len(wanted) + 1) if pairs[i : i + len(wanted)] == wanted),
            None,
        )
        if hit is None:
            return False
        start = hit + len(wanted)
    return True


# --- the ledger --------------------------------------------------------------------------------


def claims() -> pd.DataFrame:
    """Every claim, in the article's order, with its evidence: a list of (source id, passage)."""
    table = load("claims").sort_values("order")
    evidence = load("claim_evidence")
    grouped = evidence.groupby("claim_id", sort=False).apply(
        lambda g: list(zip(g["source_id"], g["passage"], strict=True)), include_groups=False
    )
    return table.assign(evidence=table["claim_id"].map(grouped))


def placeholders(template: str) -> set[str]:
    """The names a reason leaves for its chapter to fill: '{kz_growth}' -> {'kz_growth'}."""
    if not isinstance(template, str):
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def reason_key(claim_id: str) -> str:
    """The glue key under which a chapter publishes a claim's reason."""
    return f"claim-{claim_id}"


def context_key(claim_id: str) -> str:
    return f"claim-{claim_id}-context"


def inner_quotes(quote: str) -> str:
    """A quotation inside a quoted claim takes single marks: the claim's own are double."""
    return typographic(str(quote)).replace("“", "‘").replace("”", "’")


def anchor(claim_id: str) -> str:
    """The label of a claim's entry in the first page's ledger."""
    return f"claim-{claim_id}"


def verdict_label(kind: str, verdict: str) -> str:
    """The verdict as a reader sees it: 'Misleading', 'Not rated (opinion)'."""
    if verdict == "not_rated":
        return f"Not rated ({kind})"
    return LABELS[verdict]


def _kind_note(kind: str, verdict: str) -> str:
    """The kind after a verdict, " (fact)", unless the verdict already names it."""
    return "" if verdict == "not_rated" else f" ({escape_markdown(KIND_LABELS[kind].lower())})"


def fill_reasons(chapter: str, values: dict[str, str]) -> pd.DataFrame:
    """The chapter's claims with each reason and context filled from ``values``.

    Every name a text asks for must be given, and every value given must be used: a renamed
    placeholder or a forgotten value fails here instead of printing a wrong or empty reason.
    """
    table = claims()
    table = table[table["chapter"] == chapter].copy()
    if table.empty:
        raise ValueError(f"no claim in data/claims.csv is checked in chapter {chapter!r}")
    texts = list(table["reason"]) + list(table["context"].dropna())
    wanted = set().union(*(placeholders(t) for t in texts))
    missing, unused = wanted - set(values), set(values) - wanted
    if missing or unused:
        raise ValueError(
            f"chapter {chapter!r}: reasons need {sorted(missing)} and do not use {sorted(unused)}"
        )
    table["reason_text"] = [typographic(r.format(**values)) for r in table["reason"]]
    table["context_text"] = [typographic(c.format(**values)) if isinstance(c, str) else ""
                             for c in table["context"]]
    return table


def who(row) -> str:
    """The speaker as the ledger names them, with the article's paraphrase marked."""
    return row["speaker"] + (" (paraphrased by the article)" if row["paraphrase"] else "")


def glue_verdicts(chapter: str, **values: str) -> pd.DataFrame:
    """Glue the chapter's verdict table as ``verdicts`` and each reason as ``claim-<id>``."""
    from . import sources

    table = fill_reasons(chapter, values)
    for row in table.itertuples():
        glue_text(reason_key(row.claim_id), row.reason_text)
        glue_text(context_key(row.claim_id), row.context_text or "–")
    shown = pd.DataFrame(
        {
            "Claim in the article": [
                f"“{escape_markdown(inner_quotes(q))}” — {escape_markdown(who(r))}"
                for q, (_, r) in zip(table["quote"], table.iterrows(), strict=True)
            ],
            "Verdict": [
                escape_markdown(verdict_label(k, v))
                for k, v in zip(table["kind"], table["verdict"], strict=True)
            ],
            "Why": [
                escape_markdown(r + (f" {c}" if c else ""))
                for r, c in zip(table["reason_text"], table["context_text"], strict=True)
            ],
            "Sources": [sources.links_myst([s for s, _ in ev]) for ev in table["evidence"]],
        }
    )
    glue_markup_table("verdicts", shown, markup_columns=tuple(shown.columns), classes=("rukz-verdicts",))
    return shown


def ledger_markup() -> str:
    """The first page's ledger: one block per claim in the article's order, with its verdict, the
    reason pasted from its chapter, the context, and the passages of the evidence linked to the
    bibliography. MyST, so that links and pastes work in HTML and PDF alike."""
    from . import sources

    blocks = []
    for number, (_, row) in enumerate(claims().iterrows(), start=1):
        chapter, claim_id = row["chapter"], row["claim_id"]
        paste = f"{{glue:text}}`{chapter}.ipynb::{reason_key(claim_id)}:s`"
        context = (
            f" {{glue:text}}`{chapter}.ipynb::{context_key(claim_id)}:s`"
            if isinstance(row["context"], str)
            else ""
        )
        evidence = "; ".join(
            f"{sources.links_myst([source_id])} "
            f"{escape_markdown(sources.table().at[source_id, 'publisher'])}: "
            f"«{escape_markdown(passage)}»"
            for source_id, passage in row["evidence"]
        )
        blocks.append(
            "\n".join(
                [
                    f"({anchor(claim_id)})=",
                    f"**{number}. “{escape_markdown(inner_quotes(row['quote']))}”** — "
                    f"{escape_markdown(who(row))}",
                    "",
                    f"**{escape_markdown(verdict_label(row['kind'], row['verdict']))}**"
                    f"{_kind_note(row['kind'], row['verdict'])}. {paste}{context} "
                    f"Checked in {{ref}}`{CHAPTERS[chapter]} <{row['section']}>`.",
                    "",
                    f"*Evidence:* {evidence}",
                ]
            )
        )
    return "```{container} rukz-ledger\n" + "\n\n".join(blocks) + "\n```"


def glue_ledger() -> str:
    """Glue the ledger as ``ledger`` (MyST, for the first page)."""
    return glue_markup("ledger", ledger_markup())


def scale_table() -> pd.DataFrame:
    """The scale as the first page defines it: verdict, for which kind, meaning, an example."""
    table = claims().set_index("claim_id")
    rows = []
    for verdict in ORDER:
        kinds, meaning = DEFINITIONS[verdict]
        example = EXAMPLES.get(verdict)
        rows.append(
            {
                "Verdict": escape_markdown(LABELS[verdict]),
                "For": escape_markdown(kinds),
                "Meaning": escape_markdown(meaning),
                "Example": (
                    f"“{escape_markdown(inner_quotes(table.at[example, 'quote']))}” "
                    f"({{ref}}`claim <{anchor(example)}>`)"
                    if example in table.index
                    else "–"
                ),
            }
        )
    return pd.DataFrame(rows)


def glue_scale() -> pd.DataFrame:
    table = scale_table()
    glue_markup_table("scale", table, markup_columns=tuple(table.columns))
    return table


def verdict_counts() -> pd.DataFrame:
    """Claims by verdict and chapter, in the order of the scale (zeros left out)."""
    table = claims()
    table = table.assign(
        label=[verdict_label(k, v) for k, v in zip(table["kind"], table["verdict"], strict=True)],
        rank=table["verdict"].map(ORDER.index),
        chapter_name=table["chapter"].map(CHAPTERS),
    )
    counts = table.groupby(["rank", "label", "chapter_name"], as_index=False).size()
    return counts.rename(columns={"size": "claims", "label": "verdict", "chapter_name": "chapter"})

"""Citing the sources of ``data/sources.csv``: in tooltips, source lines, tables and the bibliography.

Every source has one numbered entry in the bibliography on the data page, anchored as
``src-<source_id>``. Tables cite it as a short link ``[12]`` to that entry; tooltips name the
publisher, the year and the title; a chart's source line names the institutions.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse

import pandas as pd

from .data import load
from .text import escape_markdown

DATA_PAGE = "data.html"
# How a grade reads to a reader.
GRADE_WORDS = {
    "official_primary": "official", "statistics_office": "statistics office",
    "mirror_of_official_statistics": "mirror of official statistics",
    "intergovernmental": "intergovernmental body", "news_agency": "news agency", "press": "press",
    "research": "research", "reprint_aggregator": "reprint", "dataset_mirror": "copy of a data set",
}


@functools.cache
def table() -> pd.DataFrame:
    """The source list in bibliography order (publisher, then date, then id), indexed by id."""
    frame = load("sources")
    frame = frame.assign(_publisher=frame["publisher"].str.lower()).sort_values(
        ["_publisher", "date_published", "source_id"], na_position="last").drop(columns="_publisher")
    frame["number"] = range(1, len(frame) + 1)
    return frame.set_index("source_id")


def ids(value) -> list[str]:
    """Source ids from a cell: a list, or a string of ids separated by commas or semicolons."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    return list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))


def anchor(source_id: str) -> str:
    """The label of a source's bibliography entry (a Sphinx label and an HTML id). Sphinx writes
    the id of a label with a dot in it with a hyphen instead, so the label has none."""
    return f"src-{source_id.replace('.', '-')}"


def number(source_id: str) -> int:
    return int(table().at[source_id, "number"])


def year(source_id: str) -> str:
    """The year of publication; without a full date, the year the note states ("published
    November 2019"), else "undated"."""
    date = table().at[source_id, "date_published"]
    if not pd.isna(date):
        return f"{date:%Y}"
    stated = re.search(r"published (?:[A-Z][a-z]+ )?(\d{4})", str(table().at[source_id, "note"]))
    return stated.group(1) if stated else "undated"


def describe(source_id: str) -> str:
    """One line for a tooltip: publisher, year, title and grade."""
    row = table().loc[source_id]
    return (f"{row['publisher']} ({year(source_id)}), “{row['title']}” "
            f"[{GRADE_WORDS.get(row['grade'], row['grade'])}]")


def institutions(source_ids) -> str:
    """The publishers behind a set of sources, for a chart's source line: 'Kremlin; TASS'."""
    frame = table()
    return "; ".join(dict.fromkeys(frame.at[s, "publisher"] for s in source_ids))


def links_html(value) -> str:
    """Short numbered links to the bibliography entries: [3] [12]."""
    return " ".join(
        f'<a class="rukz-cite" href="{DATA_PAGE}#{anchor(s)}" title="{html.escape(describe(s), quote=True)}">'
        f"[{number(s)}]</a>" for s in ids(value))


def links_myst(value) -> str:
    """The same links as MyST cross-references, so that the PDF links to its bibliography."""
    return " ".join(f"{{ref}}`[{number(s)}] <{anchor(s)}>`" for s in ids(value))


def _address(url: str) -> str:
    """A printed address that can break across lines. LaTeX breaks an ASCII address anywhere (see
    \\UrlBreaks in _config.yml) but sets one with other letters as ordinary text: that one gets
    invisible break opportunities (zero-width spaces) after its separators."""
    shown = urllib.parse.unquote(url)  # as a link's text shows it: percent-escapes decoded
    if shown.isascii():
        return f"<{url}>"
    breakable = re.sub(r"([/?&=_])", "\\1\u200b", shown)
    return f"[{escape_markdown(breakable)}](<{url}>)"


def _stop(title: str) -> str:
    """The full stop after a title, unless the title ends with its own punctuation."""
    return "" if str(title).rstrip().endswith((".", "?", "!", "…")) else "."


def entry_myst(source_id: str) -> str:
    """A bibliography entry: number, publisher, year, title, address (a link whose printed form
    breaks across lines in the PDF), grade."""
    row = table().loc[source_id]
    url = str(row["url"]).replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return (f"({anchor(source_id)})=\n"
            f"[{number(source_id)}] {escape_markdown(row['publisher'])} ({year(source_id)}). "
            f"*{escape_markdown(row['title'])}*{_stop(row['title'])} {_address(url)}. "
            f"{escape_markdown(GRADE_WORDS.get(row['grade'], row['grade']))}.")


__all__ = ["anchor", "describe", "entry_myst", "ids", "institutions", "links_html", "links_myst",
           "number", "table"]

"""The data catalogue: every dataset and every source, read from the descriptions themselves.

The "Data and sources" page calls :func:`catalogue`, so the page cannot drift from the data.
"""

from __future__ import annotations

import os
import re

import pandas as pd

from .data import load, load_geojson, read_descriptor, resources
from .paths import CHAPTERS_DIR
from .text import escape_markdown, markdown_link


def _coverage(frame: pd.DataFrame) -> str:
    """The span of years a table covers, from its year column or its dates."""
    years = None
    if "year" in frame.columns:
        years = pd.to_numeric(frame["year"], errors="coerce")
    elif "date" in frame.columns:
        years = pd.to_datetime(frame["date"].astype(str), errors="coerce", format="mixed").dt.year
    elif "PERIOD" in frame.columns:  # Eurostat's monthly periods, e.g. 202103
        years = pd.to_numeric(frame["PERIOD"].astype(str).str[:4], errors="coerce")
    if years is None or years.isna().all():
        return "–"
    return f"{int(years.min())}–{int(years.max())}" if years.min() != years.max() else f"{int(years.min())}"


def download_role(path) -> str:
    """A MyST download link to a data file, relative to the chapters folder.

    Role text is literal (escapes would show), so characters that could end the role are dropped.
    """
    relative = os.path.relpath(path, CHAPTERS_DIR).replace(os.sep, "/")
    literal = re.sub(r"[`<>]", "", os.path.basename(relative))
    return f"{{download}}`{literal} <{re.sub(r'[`<>]', '', relative)}>`"


def catalogue() -> dict[str, pd.DataFrame]:
    """Datasets (rows, coverage, licence, download), their descriptions and limitations as a MyST
    list, and the sources table; text from the descriptions is escaped."""
    rows, notes = [], []
    for res in resources():
        if res.is_table:
            frame = load(res.name)
            size, coverage = f"{len(frame):,} row{'s' if len(frame) != 1 else ''}", _coverage(frame)
        elif res.descriptor.get("format") == "geojson":
            features = len(load_geojson(res.name)["features"])
            size, coverage = f"{features:,} feature{'s' if features != 1 else ''}", "–"
        elif res.descriptor.get("format") == "wdi":
            # The World Bank's layout: one row per country, one column per year.
            from .official import gdp

            frame = gdp()
            size, coverage = f"{frame['country'].nunique()} countries", _coverage(frame)
        else:
            size, coverage = "JSON document", "–"
        licences = "; ".join(lic.get("title") or lic["name"] for lic in res.descriptor.get("licenses", []))
        # Plain text here: the table escapes it; only "File" is markup (a download role).
        rows.append({
            "Dataset": res.descriptor.get("title", res.name),
            "File": download_role(res.path),
            "Size": size,
            "Years": coverage,
            "Licence": licences,
        })
        notes.append(
            f"- **{escape_markdown(res.descriptor.get('title', res.name))}** ({download_role(res.path)}). "
            f"{escape_markdown(res.descriptor.get('description', ''))}"
            + (f" *Limitations:* {escape_markdown(res.descriptor['limitations'])}"
               if res.descriptor.get("limitations") else "")
        )
    return {"datasets": pd.DataFrame(rows), "descriptions": "\n".join(notes),
            "raw_sources": load("sources"), "package": read_descriptor()}


def source_table() -> pd.DataFrame:
    """The full source list for the data catalogue, in the bibliography's order and numbering,
    with each source's date and the identifier by which the data sets' rows cite it."""
    from . import sources as cite

    sources = cite.table()
    return pd.DataFrame({
        "No.": sources["number"].astype(str),
        "Source": [markdown_link(t, u) for t, u in zip(sources["title"], sources["url"], strict=True)],
        "Publisher": sources["publisher"],
        "Grade": sources["grade"].map(lambda g: cite.GRADE_WORDS.get(g, g)),
        "Published": sources["date_published"].dt.strftime("%Y-%m-%d").fillna("undated"),
        "Identifier in the data": sources.index,
    })


def bibliography() -> str:
    """Every source as a numbered entry with an anchor (``src-<id>``) that tables and the ledger
    link to: MyST, one container, which the PDF sets small, in two columns, with hanging indents."""
    from . import sources as cite

    entries = [cite.entry_myst(source_id) for source_id in cite.table().index]
    return "```{container} rukz-bibliography\n" + "\n\n".join(entries) + "\n```"


__all__ = ["bibliography", "catalogue", "download_role", "source_table"]

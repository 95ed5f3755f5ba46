"""The data catalogue: every dataset and every source, read from the descriptions themselves.

The "Data and sources" page calls :func:`catalogue`, so the page cannot drift from the data.
"""

from __future__ import annotations

import os

import pandas as pd

from .data import load, load_geojson, read_descriptor, resources
from .paths import CHAPTERS_DIR, DATA_DIR
from .text import escape_markdown, markdown_link


def _coverage(frame: pd.DataFrame) -> str:
    if "year" in frame.columns and frame["year"].notna().any():
        return f"{int(frame['year'].min())}–{int(frame['year'].max())}"
    return "–"


def download_role(path) -> str:
    """A MyST download link to a data file, relative to the chapters folder."""
    relative = os.path.relpath(path, CHAPTERS_DIR).replace(os.sep, "/")
    return f"{{download}}`{escape_markdown(os.path.basename(relative))} <{relative}>`"


def catalogue() -> dict[str, pd.DataFrame]:
    """Datasets (with rows, coverage, licence, limitations, download) and the sources table."""
    rows = []
    for res in resources():
        if res.is_table:
            frame = load(res.name)
            size, coverage = f"{len(frame):,} rows", _coverage(frame)
        else:
            size, coverage = f"{len(load_geojson(res.name)['features']):,} features", "–"
        licences = "; ".join(lic.get("title") or lic["name"] for lic in res.descriptor.get("licenses", []))
        rows.append({
            "Dataset": escape_markdown(res.descriptor.get("title", res.name)),
            "File": download_role(res.path),
            "Size": escape_markdown(size),
            "Years": escape_markdown(coverage),
            "Licence": escape_markdown(licences),
            "Description and limitations": escape_markdown(
                " ".join(filter(None, [res.descriptor.get("description"),
                                       res.descriptor.get("limitations")]))),
        })
    sources = load("sources").sort_values(["kind", "date_published", "source_id"], na_position="last")
    source_rows = pd.DataFrame({
        "Source": [markdown_link(t, u) for t, u in zip(sources["title"], sources["url"], strict=True)],
        "Publisher": sources["publisher"].map(escape_markdown),
        "Kind": sources["kind"].str.replace("_", " ").map(escape_markdown),
        "Published": sources["date_published"].dt.strftime("%Y-%m-%d").map(escape_markdown),
        "Id": sources["source_id"].map(escape_markdown),
    })
    return {"datasets": pd.DataFrame(rows), "sources": source_rows, "raw_sources": sources,
            "package": read_descriptor()}


__all__ = ["DATA_DIR", "catalogue", "download_role"]

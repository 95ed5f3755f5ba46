"""Shared code for the Russia–Kazakhstan cross-border cooperation report.

A chapter starts with ``rukz.start_chapter()`` and then uses ``load``, the chart theme and
renderer in :mod:`rukz.charts`, and the number formatting in :mod:`rukz.text`.
"""

from . import charts, claims, figures, maps, official, sources, story
from .catalogue import bibliography as catalogue_bibliography
from .catalogue import catalogue, source_table
from .charts import glue_chart
from .data import DataError, data_inputs, load, load_geojson
from .text import (
    Table,
    Text,
    count,
    date_span,
    decimal,
    glue_markup,
    glue_markup_table,
    glue_table,
    glue_text,
    glue_texts,
    listing,
    ordinal,
    percent,
    prose_date,
    qualified,
    signed,
)


def start_chapter() -> None:
    """Switch on the report's chart theme and renderer, and PDF-ready tables."""
    from .text import enable_markdown_tables

    charts.enable()
    enable_markdown_tables()


__all__ = [
    "DataError",
    "Table",
    "Text",
    "catalogue",
    "catalogue_bibliography",
    "source_table",
    "charts",
    "claims",
    "figures",
    "sources",
    "story",
    "maps",
    "official",
    "count",
    "data_inputs",
    "decimal",
    "glue_chart",
    "glue_markup",
    "glue_markup_table",
    "glue_table",
    "glue_text",
    "glue_texts",
    "prose_date",
    "qualified",
    "date_span",
    "listing",
    "ordinal",
    "load",
    "load_geojson",
    "percent",
    "signed",
    "start_chapter",
]

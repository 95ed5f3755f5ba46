"""Chart theme, the figure block every chart is shown in, and the one renderer.

A chart made with :mod:`rukz.figures` (or by hand with Altair) carries its words in the spec: the
title states the finding, the subtitle gives unit and scope, and ``usermeta["rukz"]`` holds the
source line, the rows to offer as CSV, and for maps a phone variant. :func:`glue_chart` glues a
:class:`Figure` with two faces from that one spec:

* ``text/html``: the title and subtitle as HTML text (so the browser wraps them at any width),
  the chart as a ``<div>`` with a deterministic id and its spec as inert JSON, drawn by
  ``_static/vega-charts.js`` (pinned vega, vega-lite and vega-embed, served by the book itself),
  then the source line and a "Download the data" link to the CSV of exactly what is drawn;
* ``application/pdf``: a vector figure made by vl-convert at the chart's print width, its title
  and subtitle wrapped into balanced lines and the source line under them.

For JupyterLab (``make lab``) the environment variable ``RUKZ_CHARTS=jupyter`` switches to
Altair's offline ``jupyter`` renderer instead, because Lab cannot run the book's static script.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from collections import Counter

import altair as alt
import pandas as pd
import vl_convert

from .text import typographic

# Okabe–Ito colours, safe for colour-blind readers: each country keeps its colour in every chart.
COUNTRY_COLOURS = {"Russia": "#D55E00", "Kazakhstan": "#0072B2"}
NEUTRAL = "#999999"
# Further categories (flows, modes, countries other than the pair), in a fixed order.
PALETTE = ["#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", NEUTRAL]
FONT = "FreeSans, Liberation Sans, DejaVu Sans, Arial, sans-serif"
TITLE_SIZE, SUBTITLE_SIZE = 15, 12

THEME_NAME = "rukz"
RENDERER_NAME = "rukz"


def country_scale(domain: list[str] | None = None) -> alt.Scale:
    """Colour scale that paints Russia and Kazakhstan the same way in every chart."""
    domain = domain or list(COUNTRY_COLOURS)
    return alt.Scale(domain=domain, range=[COUNTRY_COLOURS.get(d, NEUTRAL) for d in domain])


def colour_scale(domain: list[str], colours: dict[str, str] | None = None) -> alt.Scale:
    """Russia and Kazakhstan in their colours, anything else from the palette in order."""
    colours = {**COUNTRY_COLOURS, **(colours or {})}
    spare = iter(c for c in PALETTE if c not in colours.values())
    return alt.Scale(domain=list(domain), range=[colours.get(d) or next(spare) for d in domain])


def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "title": {"anchor": "start", "fontSize": TITLE_SIZE, "subtitleFontSize": SUBTITLE_SIZE,
                      "subtitleColor": "#444444", "offset": 10},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom"},
            "range": {"category": list(COUNTRY_COLOURS.values()) + PALETTE},
        }
    }


# --- the words of a chart -----------------------------------------------------------------------

def words(spec: dict) -> dict:
    """Title, subtitle, source line and alt text of a spec, as plain strings."""
    title = spec.get("title") or {}
    if not isinstance(title, dict):
        title = {"text": title}

    def joined(value) -> str:
        return " ".join(value) if isinstance(value, list) else (value or "")

    meta = (spec.get("usermeta") or {}).get("rukz", {})
    # Typeset as the prose is: curly apostrophes and quotation marks in every face.
    return {"title": typographic(joined(title.get("text"))),
            "subtitle": typographic(joined(title.get("subtitle"))),
            "source": typographic(meta.get("source", "")),
            "description": typographic(spec.get("description", ""))}


def balanced_lines(text: str, max_chars: int) -> list[str]:
    """Split text into the fewest lines of at most ``max_chars``, as even as possible.

    Even lines never leave a single word on the last line, which a greedy wrap often does.
    """
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return [text] if text else []
    lines_needed = math.ceil(len(text) / max_chars)
    while True:
        target = math.ceil(len(text) / lines_needed)
        lines, line = [], ""
        for word in text.split():
            if line and len(line) + 1 + len(word) > max(target, len(word)) and len(lines) < lines_needed - 1:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
        if max(len(x) for x in lines) <= max_chars or lines_needed > len(text.split()):
            return lines
        lines_needed += 1


def _chars_per_line(width: float, font_size: float) -> int:
    # FreeSans averages about 0.52 em per character in running text.
    return max(20, int(width / (font_size * 0.52)))


def print_spec(spec: dict) -> dict:
    """The spec as printed: title and subtitle in balanced lines at the print width, the source
    line last; the HTML-only parts (usermeta) dropped."""
    shown = {k: v for k, v in spec.items() if k != "usermeta"}
    text = words(spec)
    width = spec.get("width") if isinstance(spec.get("width"), (int, float)) else 560
    subtitle = balanced_lines(text["subtitle"], _chars_per_line(width, SUBTITLE_SIZE))
    if text["source"]:
        subtitle += balanced_lines(f"Source: {text['source']}", _chars_per_line(width, SUBTITLE_SIZE))
    if text["title"] or subtitle:
        title = {k: v for k, v in (spec["title"] if isinstance(spec.get("title"), dict) else {}).items()
                 if k not in {"text", "subtitle"}}
        title["text"] = balanced_lines(text["title"], _chars_per_line(width, TITLE_SIZE))
        if subtitle:
            title["subtitle"] = subtitle
        shown["title"] = title
    return shown


def screen_spec(spec: dict) -> dict:
    """The spec for screens: no title (the page shows it as text), and the chart takes its
    column's width (a phone's 390 px or a desktop's), except maps, which keep their shape."""
    shown = {k: v for k, v in spec.items() if k not in {"usermeta", "title"}}
    if not isinstance(spec.get("width"), (int, float)) or is_map(spec):
        return shown
    shown = {**shown, "width": "container", "autosize": {"type": "fit-x", "contains": "padding"}}
    # Legends under the chart in two columns: a single row of five entries outruns a phone.
    config = dict(spec.get("config", {}))
    config["legend"] = {**config.get("legend", {}), "columns": 2}
    shown["config"] = config
    return shown


def is_map(spec: dict) -> bool:
    return "projection" in spec or any("projection" in layer for layer in spec.get("layer", []))


# --- the figure block --------------------------------------------------------------------------

# Ids repeat only if the same spec is shown twice in one kernel: the counter keeps them unique.
_shown: Counter[str] = Counter()


def chart_id(spec: dict) -> str:
    """A deterministic element id: a hash of the spec, plus a count for repeats."""
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    _shown[digest] += 1
    return f"chart-{digest}" + (f"-{_shown[digest]}" if _shown[digest] > 1 else "")


def chart_div(spec: dict, element_id: str, label: str, extra_class: str = "") -> str:
    """A container and its spec as inert JSON, drawn by the book's static script."""
    # '</' inside the JSON would close the script element early.
    payload = json.dumps(screen_spec(spec), sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    classes = " ".join(["rukz-chart", *extra_class.split(), *(["rukz-map"] if is_map(spec) else [])])
    return (f'<div id="{element_id}" class="{classes}" role="img" aria-label="{html.escape(label)}" '
            f'data-spec="{element_id}-spec"></div>\n'
            f'<script type="application/json" id="{element_id}-spec">{payload}</script>')


def download_rows(spec: dict) -> pd.DataFrame | None:
    """The rows and columns a chart draws, as its usermeta offers them for download."""
    meta = (spec.get("usermeta") or {}).get("rukz", {})
    if "data" not in meta:
        return None
    return pd.DataFrame(meta["data"], columns=meta.get("columns"))


def csv_text(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


def csv_link(spec: dict, name: str) -> str:
    """A link to the chart's data as CSV (a data: address; the book build turns it into a file)."""
    frame = download_rows(spec)
    if frame is None:
        return ""
    encoded = base64.b64encode(csv_text(frame).encode("utf-8")).decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9_-]", "-", name)
    return (f'<p class="rukz-chart-data"><a class="rukz-data-link" download="{safe}.csv" '
            f'href="data:text/csv;charset=utf-8;base64,{encoded}">Download the data (CSV)</a></p>')


def figure_html(spec: dict, name: str = "chart") -> str:
    """The HTML face: title and subtitle as text, the chart (and a phone variant for maps), the
    source line and the data link."""
    text = words(spec)
    label = text["description"] or text["title"] or "Chart"
    element_id = chart_id(spec)
    parts = ['<div class="rukz-figure">']
    if text["title"]:
        parts.append(f'<p class="rukz-chart-title">{html.escape(text["title"])}</p>')
    if text["subtitle"]:
        parts.append(f'<p class="rukz-chart-subtitle">{html.escape(text["subtitle"])}</p>')
    phone = (spec.get("usermeta") or {}).get("rukz", {}).get("phone")
    if phone:
        parts.append(chart_div(spec, element_id, label, "rukz-wide"))
        parts.append(chart_div(phone, f"{element_id}-phone", label, "rukz-phone"))
    else:
        parts.append(chart_div(spec, element_id, label))
    if text["source"]:
        parts.append(f'<p class="rukz-chart-source">Source: {html.escape(text["source"])}</p>')
    parts.append(csv_link(spec, name))
    parts.append("</div>")
    return "\n".join(p for p in parts if p)


def chart_pdf(spec: dict) -> str:
    """The print face: the chart as vector PDF, base64-encoded as notebooks store binary output."""
    return base64.b64encode(vl_convert.vegalite_to_pdf(print_spec(spec))).decode("ascii")


def render(spec: dict, **_metadata) -> dict:
    """Altair renderer: the figure block for the book, vector PDF for the LaTeX build."""
    return {
        "text/html": figure_html(spec),
        "application/pdf": chart_pdf(spec),
        "text/plain": words(spec)["description"] or words(spec)["title"] or "<chart>",
    }


class Figure:
    """A chart as the book shows it, named after its glue key (the CSV is called after it)."""

    def __init__(self, chart: alt.TopLevelMixin, name: str):
        self.chart, self.name = chart, name

    def _repr_mimebundle_(self, include=None, exclude=None):
        if os.environ.get("RUKZ_CHARTS") == "jupyter":
            return self.chart._repr_mimebundle_(include, exclude)
        spec = self.chart.to_dict()
        return {
            "text/html": figure_html(spec, self.name),
            "application/pdf": chart_pdf(spec),
            "text/plain": words(spec)["description"] or words(spec)["title"] or "<chart>",
        }


def enable() -> None:
    """Register and switch on the report's theme and renderer (idempotent)."""
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(_theme)
    alt.theme.enable(THEME_NAME)
    if os.environ.get("RUKZ_CHARTS") == "jupyter":
        alt.renderers.enable("jupyter", offline=True)
        return
    if RENDERER_NAME not in alt.renderers.names():
        alt.renderers.register(RENDERER_NAME, render)
    alt.renderers.enable(RENDERER_NAME)


def static_script(vega: str, vega_lite: str, vega_embed: str) -> str:
    """The book's one chart script: the three UMD builds, in order, then the drawing code.

    The UMD builds are wrapped so they always attach to ``window`` even if a page also loads an
    AMD loader (require.js), which would otherwise capture them.
    """
    wrapped = "\n".join(
        f"/* {name} */\n(function (define, module, exports) {{\n{source}\n}}).call(window);"
        for name, source in (("vega", vega), ("vega-lite", vega_lite), ("vega-embed", vega_embed))
    )
    return wrapped + "\n" + _DRAW_CHARTS_JS


_DRAW_CHARTS_JS = r"""
/* Draw every chart container the notebooks emitted; their specs sit beside them as JSON.
   Label every cell of a stacking table with its column's header, for the phone layout. */
(function () {
  function drawAll() {
    document.querySelectorAll("div.rukz-chart[data-spec]").forEach(function (div) {
      if (div.dataset.drawn) return;
      div.dataset.drawn = "1";
      var spec = JSON.parse(document.getElementById(div.dataset.spec).textContent);
      window.vegaEmbed(div, spec, {
        renderer: "svg",
        actions: false
      }).catch(function (error) { console.error("chart " + div.id + ": " + error); });
    });
  }
  function labelCells() {
    document.querySelectorAll("table.rukz-stack").forEach(function (table) {
      var heads = Array.from(table.querySelectorAll("thead th")).map(function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.from(row.children).forEach(function (cell, i) {
          if (!cell.hasAttribute("data-label") && heads[i]) cell.setAttribute("data-label", heads[i]);
        });
      });
    });
  }
  function start() { labelCells(); drawAll(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
"""


def glue_chart(name: str, chart: alt.TopLevelMixin) -> Figure:
    """Glue a chart for ``{glue:figure}`` (caption and ``{numref}`` label in the page)."""
    from myst_nb import glue

    figure = Figure(chart, name)
    glue(name, figure, display=False)
    return figure

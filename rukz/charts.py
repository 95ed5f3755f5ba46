"""Chart theme and the one renderer every chart goes through.

Each chart gets two faces from one spec:

* ``text/html``: a ``<div>`` with a deterministic id and the spec as inline JSON, drawn by
  ``_static/vega-charts.js`` (pinned vega, vega-lite and vega-embed, served by the book itself),
  so the HTML book is interactive and loads nothing from another host;
* ``application/pdf``: a vector figure made by vl-convert, which the LaTeX/PDF build picks.

For JupyterLab (``make lab``) the environment variable ``RUKZ_CHARTS=jupyter`` switches to
Altair's offline ``jupyter`` renderer instead, because Lab cannot run the book's static script.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import textwrap
from collections import Counter

import altair as alt
import vl_convert

# Okabe–Ito colours, safe for colour-blind readers: each country keeps its colour in every chart.
COUNTRY_COLOURS = {"Russia": "#D55E00", "Kazakhstan": "#0072B2"}
NEUTRAL = "#999999"
FONT = "FreeSans, Liberation Sans, DejaVu Sans, Arial, sans-serif"

THEME_NAME = "rukz"
RENDERER_NAME = "rukz"


def country_scale(domain: list[str] | None = None) -> alt.Scale:
    """Colour scale that paints Russia and Kazakhstan the same way in every chart."""
    domain = domain or list(COUNTRY_COLOURS)
    return alt.Scale(domain=domain, range=[COUNTRY_COLOURS.get(d, NEUTRAL) for d in domain])


def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "title": {"anchor": "start", "fontSize": 15, "subtitleFontSize": 12,
                      "subtitleColor": "#444444", "offset": 10},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom"},
            "range": {"category": list(COUNTRY_COLOURS.values())
                      + ["#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", NEUTRAL]},
        }
    }


# Ids repeat only if the same spec is shown twice in one kernel: the counter keeps them unique.
_shown: Counter[str] = Counter()


def chart_id(spec: dict) -> str:
    """A deterministic element id: a hash of the spec, plus a count for repeats."""
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    _shown[digest] += 1
    return f"chart-{digest}" + (f"-{_shown[digest]}" if _shown[digest] > 1 else "")


def fluid(spec: dict) -> dict:
    """The spec for screens: the chart takes its column's width (a phone's 390 px or a desktop's).

    The print face keeps the fixed width the chapter set. Vega-Lite sizes single and layered views
    to their container; a concatenation cannot shrink, which is why chapters do not use hconcat.
    Maps are the exception (see below).
    """
    if not isinstance(spec.get("width"), (int, float)):
        return spec
    if "projection" in spec or any("projection" in layer for layer in spec.get("layer", [])):
        # A map keeps its shape: the stylesheet scales the drawn SVG down to the column instead,
        # because a projection fitted to a resized container drifts out of its clip.
        return spec
    shown = {**spec, "width": "container", "autosize": {"type": "fit-x", "contains": "padding"}}
    if "title" in spec:
        shown["title"] = _wrapped_title(spec["title"])
    # Legends under the chart in two columns: a single row of five entries outruns a phone.
    config = dict(spec.get("config", {}))
    config["legend"] = {**config.get("legend", {}), "columns": 2}
    shown["config"] = config
    return shown


# Characters per line of a title and a subtitle that fit a phone's column (390 px) at their sizes:
# Vega does not wrap titles, and a line wider than the column squeezes the plot to nothing.
TITLE_LINE, SUBTITLE_LINE = 38, 52


def _wrap(text, width: int) -> list[str]:
    lines = [text] if isinstance(text, str) else list(text)
    return [part for line in lines for part in (textwrap.wrap(line, width) or [""])]


def _wrapped_title(title):
    if isinstance(title, dict):
        wrapped = {**title, "text": _wrap(title.get("text", ""), TITLE_LINE)}
        if "subtitle" in title:
            wrapped["subtitle"] = _wrap(title["subtitle"], SUBTITLE_LINE)
        return wrapped
    return _wrap(title, TITLE_LINE)


def chart_html(spec: dict, element_id: str) -> str:
    """The HTML face: a container and the spec as inert JSON, drawn by the book's static script."""
    # '</' inside the JSON would close the script element early.
    payload = json.dumps(fluid(spec), sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    label = html.escape(spec.get("description") or _plain_title(spec) or "Chart", quote=True)
    return (
        f'<div id="{element_id}" class="rukz-chart" role="img" aria-label="{label}" '
        f'data-spec="{element_id}-spec"></div>\n'
        f'<script type="application/json" id="{element_id}-spec">{payload}</script>'
    )


def _plain_title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(title)
    return title or ""


def chart_pdf(spec: dict) -> str:
    """The print face: the chart as vector PDF, base64-encoded as notebooks store binary output."""
    return base64.b64encode(vl_convert.vegalite_to_pdf(spec)).decode("ascii")


def render(spec: dict, **_metadata) -> dict:
    """Altair renderer: interactive HTML for the book, vector PDF for the LaTeX build."""
    return {
        "text/html": chart_html(spec, chart_id(spec)),
        "application/pdf": chart_pdf(spec),
        "text/plain": spec.get("description") or _plain_title(spec) or "<chart>",
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
/* Draw every chart container the notebooks emitted; their specs sit beside them as JSON. */
(function () {
  function drawAll() {
    document.querySelectorAll("div.rukz-chart[data-spec]").forEach(function (div) {
      if (div.dataset.drawn) return;
      div.dataset.drawn = "1";
      var spec = JSON.parse(document.getElementById(div.dataset.spec).textContent);
      window.vegaEmbed(div, spec, {
        renderer: "svg",
        actions: {export: true, source: false, compiled: false, editor: false}
      }).catch(function (error) { console.error("chart " + div.id + ": " + error); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
"""


def glue_chart(name: str, chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Glue a chart for ``{glue:figure}`` with a caption and a label for ``{numref}``."""
    from myst_nb import glue

    glue(name, chart, display=False)
    return chart

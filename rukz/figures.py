"""The report's chart vocabulary: a few kinds of chart, each made from data and words.

Every function takes a DataFrame, the columns to draw and the words (a title that states the
finding, a subtitle with unit and scope, a source line naming institutions) and returns an Altair
chart ready for :func:`rukz.glue_chart`. What every chart needs is done here once:

* the theme and the countries' colours (Russia and Kazakhstan keep theirs everywhere);
* a tooltip on every mark, ending with the source of that point when the data carry a
  ``source_id`` column (publisher, year, title and grade, from :mod:`rukz.sources`);
* gaps drawn as gaps: lines are laid on a full grid of years, so a missing year breaks them;
* the rows offered as "Download the data": exactly the columns drawn, with each row's source.

The kinds: :func:`line_chart` (series over years, with gaps, breaks, events and statements laid
over them), :func:`dot_plot` (labelled dots, one row per item), :func:`bar_chart` (labelled bars,
stacked if asked), :func:`timeline` (dated events in lanes), :func:`span_chart` (promises from
announcement to deadline). Maps are in :mod:`rukz.maps`.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from . import sources as _sources
from .charts import colour_scale

LABEL_COLOUR = "#333333"
MUTED = "#777777"
BAND = "#eeeeee"
BAR = "#5b6770"  # bars with no colour of their own
DUPLICATE_STEP = 6  # pixels between dots of equal value in one row
LABEL_FROM_TOP, DOT_FROM_TOP = 14, 24  # a dot plot's row: its label's baseline, then its dots

Tooltip = Sequence[str | tuple[str, str]]


# --- shared plumbing ----------------------------------------------------------------------------


def for_chart(frame: pd.DataFrame) -> pd.DataFrame:
    """Data as Vega reads it: missing values as null, dates as ISO strings."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return frame.astype(object).map(lambda v: None if pd.isna(v) else v)


def with_sources(frame: pd.DataFrame, column: str = "source_id") -> pd.DataFrame:
    """Add a readable 'source' column (publisher, year, title, grade) where the data name one."""
    if column not in frame.columns or "source" in frame.columns:
        return frame
    return frame.assign(
        source=["; ".join(_sources.describe(s) for s in _sources.ids(v)) or None for v in frame[column]]
    )


def tooltip(fields: Tooltip, frame: pd.DataFrame) -> list[alt.Tooltip]:
    """Tooltip fields as (column, title) pairs; the source comes last when the data have one."""
    pairs = [(f, f.replace("_", " ").capitalize()) if isinstance(f, str) else tuple(f) for f in fields]
    if "source" in frame.columns and all(c != "source" for c, _ in pairs):
        pairs.append(("source", "Source"))
    tips = []
    for column, title in pairs:
        kind = "Q" if pd.api.types.is_numeric_dtype(frame[column]) else "N"
        number = "d" if column == "year" else ",.4~g"  # a year reads 2007, not 2,007
        tips.append(
            alt.Tooltip(f"{column}:{kind}", title=title, **({"format": number} if kind == "Q" else {}))
        )
    return tips


def finish(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    subtitle: str,
    source: str,
    description: str,
    data: pd.DataFrame,
    columns: Sequence[str] | None = None,
    width: float = 560,
    height: float | alt.Step = 300,
) -> alt.TopLevelMixin:
    """The words, the print size and the download rows, on any chart."""
    columns = list(columns or data.columns)
    if "source" in data.columns:
        # The reader gets the source described, not the report's own key for it.
        columns = [c for c in columns if c != "source_id"] + ([] if "source" in columns else ["source"])
    rows = for_chart(data[columns])
    return chart.properties(
        title=alt.Title(title, subtitle=subtitle),
        description=description,
        width=width,
        height=height,
        usermeta={"rukz": {"source": source, "columns": columns, "data": rows.to_dict("records")}},
    )


def _category_scale(values, colours: dict[str, str] | None) -> alt.Scale:
    return colour_scale(list(dict.fromkeys(v for v in values if v is not None and not pd.isna(v))), colours)


# --- a series over years -------------------------------------------------------------------------


def line_chart(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    title: str,
    subtitle: str,
    source: str,
    description: str,
    y_title: str,
    years: tuple[int, int] | None = None,
    x_title: str = "Year",
    colours: dict[str, str] | None = None,
    log: bool = False,
    y_domain: Sequence[float] | None = None,
    tooltip_fields: Tooltip = (),
    end_labels: bool = True,
    overlay: pd.DataFrame | None = None,
    overlay_shape: str | None = None,
    overlay_title: str = "",
    overlay_tooltip: Tooltip = (),
    events: pd.DataFrame | None = None,
    bands: pd.DataFrame | None = None,
    references: Sequence[tuple[float, str]] = (),
    breaks: Sequence[int] = (),
    width: float = 560,
    height: float = 300,
) -> alt.LayerChart:
    """Lines by series over years with points, gaps drawn as gaps and labels at the lines' ends.

    ``years`` lays the lines on a full grid of years so that a missing year breaks them.
    ``overlay``: further points on the same axes (e.g. officials' statements), with the same
    ``x``, ``y`` and ``series`` columns, hollow, their shape from ``overlay_shape``.
    ``events``: vertical rules at ``x`` with a short ``label`` above the plot.
    ``bands``: shaded spans from ``start`` to ``end`` with a ``label`` (gaps, breaks in a series).
    ``references``: horizontal dashed lines at stated values (e.g. a long-term mean), each with its
    words at the right end, above the line.
    ``breaks``: years where the series breaks (a change in how it is recorded): the line does not
    run through them, and their values show as hollow points.
    """
    data = with_sources(data)
    drawn = data
    if years is not None:
        grid = pd.MultiIndex.from_product(
            [range(years[0], years[1] + 1), list(dict.fromkeys(data[series]))], names=[x, series]
        ).to_frame(index=False)
        drawn = grid.merge(data, on=[x, series], how="left")
    series_names = list(drawn[series]) + (list(overlay[series]) if overlay is not None else [])
    colour_scale_ = _category_scale(series_names, colours)
    colour = alt.Color(
        f"{series}:N", scale=colour_scale_, legend=None if end_labels else alt.Legend(title=None)
    )
    domain = [years[0] - 0.5, years[1] + 0.5] if years is not None else alt.Undefined
    x_scale = alt.Scale(domain=domain, nice=False, zero=False)
    x_enc = alt.X(
        f"{x}:Q", title=x_title, scale=x_scale, axis=alt.Axis(format="d", tickMinStep=1, labelOverlap=True)
    )
    y_scale = alt.Scale(
        type="log" if log else "linear", domain=list(y_domain) if y_domain else alt.Undefined, zero=not log
    )
    y_enc = alt.Y(f"{y}:Q", title=y_title, scale=y_scale)
    layers = []
    if bands is not None and len(bands):
        layers += _bands(bands, x_scale=x_scale)
    if events is not None and len(events):
        layers += _event_rules(events, x_scale=x_scale)
    if references:
        ref = pd.DataFrame(list(references), columns=["y", "text"])
        layers += [
            alt.Chart(ref).mark_rule(color=MUTED, strokeDash=[5, 4]).encode(y=alt.Y("y:Q", scale=y_scale)),
            alt.Chart(ref)
            .mark_text(align="right", baseline="bottom", dy=-3, fontSize=10, color=LABEL_COLOUR)
            .encode(y=alt.Y("y:Q", scale=y_scale), x=alt.value("width"), text="text:N"),
        ]
    tips = tooltip([(x, x_title), (series, ""), (y, y_title), *tooltip_fields], for_chart(drawn))
    tips[1] = alt.Tooltip(f"{series}:N", title=" ")
    in_break = drawn[x].isin(list(breaks))
    line = drawn.assign(**{y: drawn[y].where(~in_break)})
    layers.append(alt.Chart(for_chart(line)).encode(x=x_enc, y=y_enc, color=colour)
                  .mark_line(strokeWidth=2, invalid="break-paths-show-domains"))
    for hollow, rows in ((False, drawn[~in_break]), (True, drawn[in_break])):
        if len(rows):
            layers.append(
                alt.Chart(for_chart(rows)).encode(x=x_enc, y=y_enc, color=colour)
                .transform_filter(f"isValid(datum['{y}'])")
                .mark_point(filled=not hollow, size=45, opacity=1, strokeWidth=1.6)
                .encode(tooltip=tips)
            )
    if overlay is not None and len(overlay):
        overlay = with_sources(overlay)
        shape = (
            alt.Shape(f"{overlay_shape}:N", title=overlay_title, legend=alt.Legend(orient="bottom"))
            if overlay_shape
            else alt.value("circle")
        )
        layers.append(
            alt.Chart(for_chart(overlay))
            .mark_point(filled=False, size=70, strokeWidth=1.6, opacity=1)
            .encode(
                x=alt.X(f"{x}:Q", scale=x_scale),
                y=alt.Y(f"{y}:Q", scale=y_scale),
                color=alt.Color(f"{series}:N", scale=colour_scale_, legend=None),
                shape=shape,
                tooltip=tooltip(overlay_tooltip or [(x, x_title), (y, y_title)], overlay),
            )
        )
    if end_labels:
        last = drawn.dropna(subset=[y]).sort_values(x).groupby(series, sort=False).tail(1)
        layers.append(
            alt.Chart(for_chart(last))
            .mark_text(align="left", dx=6, fontSize=11, fontWeight="bold")
            .encode(
                x=alt.X(f"{x}:Q", scale=x_scale),
                y=alt.Y(f"{y}:Q", scale=y_scale),
                text=f"{series}:N",
                color=alt.Color(f"{series}:N", scale=colour_scale_, legend=None),
            )
        )
    chart = alt.layer(*layers).resolve_scale(shape="independent")
    named = [f if isinstance(f, str) else f[0] for f in [*tooltip_fields, *overlay_tooltip]]
    drawn_rows = data if overlay is None else pd.concat([data, overlay], ignore_index=True)
    columns = [c for c in [x, series, y, overlay_shape, *named] if c and c in drawn_rows.columns]
    return finish(
        chart,
        title=title,
        subtitle=subtitle,
        source=source,
        description=description,
        data=drawn_rows.sort_values([series, x]),
        columns=list(dict.fromkeys(columns)),
        width=width,
        height=height,
    )


def _bands(bands: pd.DataFrame, x_scale) -> list[alt.Chart]:
    frame = for_chart(bands)
    rect = (
        alt.Chart(frame)
        .mark_rect(color=BAND)
        .encode(
            x=alt.X("start:Q", scale=x_scale, title=None),
            x2="end:Q",
            tooltip=[alt.Tooltip("label:N", title=" ")] if "label" in frame.columns else alt.Undefined,
        )
    )
    text = (
        alt.Chart(frame[frame.get("show", pd.Series(True, index=frame.index)).astype(bool)])
        .mark_text(align="left", baseline="top", dx=3, dy=4, fontSize=10, color=MUTED, angle=0)
        .encode(x=alt.X("start:Q", scale=x_scale), y=alt.value(0), text="short:N")
        if "short" in frame.columns
        else None
    )
    return [rect] + ([text] if text is not None else [])


def _event_rules(events: pd.DataFrame, x_scale) -> list[alt.Chart]:
    events = events.sort_values("x").assign(label_y=[2 + 13 * (i % 2) for i in range(len(events))])
    frame = for_chart(events)
    rules = (
        alt.Chart(frame)
        .mark_rule(color="#999999", strokeDash=[3, 3])
        .encode(
            x=alt.X("x:Q", scale=x_scale, title=None),
            tooltip=[alt.Tooltip("label:N", title="Event")]
            + ([alt.Tooltip("description:N", title=" ")] if "description" in frame.columns else []),
        )
    )
    labels = (
        alt.Chart(frame)
        .mark_text(align="left", baseline="top", dx=3, fontSize=10, color="#555555")
        .encode(x=alt.X("x:Q", scale=x_scale), y=alt.Y("label_y:Q", scale=None), text="short:N")
        if "short" in frame.columns
        else None
    )
    return [rules] + ([labels] if labels is not None else [])


# --- labelled rows: dots and bars ----------------------------------------------------------------


def _row_labels(frame: pd.DataFrame, row: str, text: str, order: list[str], y_scale=alt.Undefined,
                from_top: float | None = None) -> alt.Chart:
    # Each row's words sit above its marks, from the left edge: they never squeeze the plot.
    # ``from_top``: the words' baseline this many pixels below the top of the row (dot plots place
    # their dots from the top too); otherwise just above the row's middle.
    rows = for_chart(frame.drop_duplicates(row))
    encoding = {"y": alt.Y(f"{row}:N", sort=order, axis=None, title=None, scale=y_scale),
                "x": alt.value(0), "text": f"{text}:N"}
    if from_top is not None:
        rows = rows.assign(_label_at=from_top)
        encoding["yOffset"] = alt.YOffset("_label_at:Q", scale=None)
    return (
        alt.Chart(rows)
        .mark_text(align="left", baseline="bottom", dy=0 if from_top is not None else -4, fontSize=11,
                   color=LABEL_COLOUR)
        .encode(**encoding)
    )


def dot_plot(
    data: pd.DataFrame,
    *,
    value: str,
    row: str,
    title: str,
    subtitle: str,
    source: str,
    description: str,
    x_title: str,
    label: str | None = None,
    colour: str | None = None,
    colours: dict[str, str] | None = None,
    shape: str | None = None,
    log: bool = False,
    domain: Sequence[float] | None = None,
    value_max: str | None = None,
    reference: tuple[float, str] | None = None,
    order: list[str] | None = None,
    tooltip_fields: Tooltip = (),
    x_format: str | None = None,
    width: float = 560,
    step: int = 44,
) -> alt.LayerChart:
    """One row per item, its dots on a shared axis, its label above (no axis labels to squeeze).

    ``label``: the words shown above each row (default: the row name). ``value_max`` draws a
    range from ``value`` to it. ``reference``: a vertical line at a value, with its label.
    ``x_format``: a d3 format for the axis and the tooltip's value (``"d"`` for years).
    """
    data = with_sources(data)
    order = order or list(dict.fromkeys(data[row]))
    label = label or row
    # Rows are laid out from their top: the label, then the dots; equal values in one row step
    # down a few pixels each, so that every dot shows.
    repeat = data.groupby([row, value], dropna=False).cumcount()
    data = data.assign(_offset=DOT_FROM_TOP + DUPLICATE_STEP * repeat)
    step = max(step, DOT_FROM_TOP + DUPLICATE_STEP * int(repeat.max()) + 14)
    y_scale = alt.Scale(paddingInner=0, paddingOuter=0)
    x_scale = alt.Scale(
        type="log" if log else "linear",
        domain=list(domain) if domain else alt.Undefined,
        zero=not log and not domain,  # Vega would stretch a given domain to zero
        nice=not domain,
    )
    formatted = {"format": x_format} if x_format else {}
    x_enc = alt.X(
        f"{value}:Q", title=x_title, scale=x_scale, axis=alt.Axis(labelOverlap=True, tickCount=5, **formatted)
    )
    y_enc = alt.Y(f"{row}:N", sort=order, axis=None, title=None, scale=y_scale)
    tips = tooltip([(label, " "), (value, x_title), *tooltip_fields], data)
    if x_format:
        tips[1] = alt.Tooltip(f"{value}:Q", title=x_title, format=x_format)
    encodings = {"x": x_enc, "y": y_enc, "yOffset": alt.YOffset("_offset:Q", scale=None), "tooltip": tips}
    if colour:
        encodings["color"] = alt.Color(
            f"{colour}:N",
            scale=_category_scale(data[colour], colours),
            legend=alt.Legend(title=None, orient="bottom"),
        )
    if shape:
        encodings["shape"] = alt.Shape(f"{shape}:N", legend=alt.Legend(title=None, orient="bottom"))
    frame = for_chart(data)
    layers = []
    if reference is not None:
        ref = pd.DataFrame({"x": [reference[0]], "text": [reference[1]]})
        layers += [
            alt.Chart(ref)
            .mark_rule(color="#333333", strokeDash=[5, 4])
            .encode(x=alt.X("x:Q", scale=x_scale)),
            alt.Chart(ref)
            .mark_text(align="left", baseline="top", dx=4, dy=2, fontSize=10, color=LABEL_COLOUR)
            .encode(x=alt.X("x:Q", scale=x_scale), y=alt.value(0), text="text:N"),
        ]
    if value_max:
        layers.append(
            alt.Chart(frame)
            .mark_rule(strokeWidth=3, opacity=0.6)
            .encode(
                x=x_enc, x2=f"{value_max}:Q", y=y_enc, yOffset=encodings["yOffset"],
                **({"color": encodings["color"]} if colour else {}),
            )
        )
    layers.append(
        alt.Chart(frame)
        .mark_point(filled=True, size=80, opacity=0.9, color=BAR)
        .encode(**encodings)
    )
    layers.append(_row_labels(data, row, label, order, y_scale=y_scale, from_top=LABEL_FROM_TOP))
    columns = [
        c
        for c in [
            row,
            label,
            value,
            value_max,
            colour,
            shape,
            *[f if isinstance(f, str) else f[0] for f in tooltip_fields],
        ]
        if c and c in data.columns
    ]
    return finish(
        alt.layer(*layers).resolve_scale(color="independent"),
        title=title,
        subtitle=subtitle,
        source=source,
        description=description,
        data=data,
        columns=list(dict.fromkeys(columns)),
        width=width,
        height=alt.Step(step),
    )


def bar_chart(
    data: pd.DataFrame,
    *,
    value: str,
    row: str,
    title: str,
    subtitle: str,
    source: str,
    description: str,
    x_title: str,
    label: str | None = None,
    colour: str | None = None,
    colours: dict[str, str] | None = None,
    stack: bool = False,
    order: list[str] | None = None,
    domain: Sequence[float] | None = None,
    reference: tuple[float, str] | None = None,
    tooltip_fields: Tooltip = (),
    width: float = 560,
    step: int = 34,
    legend: bool = True,
) -> alt.LayerChart:
    """Horizontal bars, one row per item with its label above; ``stack`` piles ``colour`` parts."""
    data = with_sources(data)
    order = order or list(dict.fromkeys(data[row]))
    label = label or row
    x_scale = alt.Scale(domain=list(domain) if domain else alt.Undefined, nice=not domain)
    x_enc = alt.X(
        f"{value}:Q",
        title=x_title,
        scale=x_scale,
        stack="zero" if stack else None,
        axis=alt.Axis(labelOverlap=True, tickCount=5),
    )
    y_enc = alt.Y(f"{row}:N", sort=order, axis=None, title=None)
    encodings = {
        "x": x_enc,
        "y": y_enc,
        "tooltip": tooltip(
            [(label, " "), *([(colour, " ")] if colour else []), (value, x_title), *tooltip_fields], data
        ),
    }
    if colour:
        encodings["color"] = alt.Color(
            f"{colour}:N",
            scale=_category_scale(data[colour], colours),
            legend=alt.Legend(title=None, orient="bottom") if legend else None,
        )
    layers = [
        alt.Chart(for_chart(data)).mark_bar(height=10, yOffset=6, color=BAR).encode(**encodings),
        _row_labels(data, row, label, order),
    ]
    if reference is not None:
        ref = pd.DataFrame({"x": [reference[0]], "text": [reference[1]]})
        layers += [
            alt.Chart(ref)
            .mark_rule(color="#333333", strokeDash=[5, 4])
            .encode(x=alt.X("x:Q", scale=x_scale)),
            alt.Chart(ref)
            .mark_text(align="left", baseline="top", dx=4, dy=2, fontSize=10, color=LABEL_COLOUR)
            .encode(x=alt.X("x:Q", scale=x_scale), y=alt.value(0), text="text:N"),
        ]
    columns = [
        c
        for c in [row, label, colour, value, *[f if isinstance(f, str) else f[0] for f in tooltip_fields]]
        if c and c in data.columns
    ]
    return finish(
        alt.layer(*layers),
        title=title,
        subtitle=subtitle,
        source=source,
        description=description,
        data=data,
        columns=list(dict.fromkeys(columns)),
        width=width,
        height=alt.Step(step),
    )


# --- time ---------------------------------------------------------------------------------------


def timeline(
    data: pd.DataFrame,
    *,
    date: str,
    title: str,
    subtitle: str,
    source: str,
    description: str,
    lane: str | None = None,
    label: str | None = None,
    colour: str | None = None,
    colours: dict[str, str] | None = None,
    shape: str | None = None,
    domain: tuple[str, str] | None = None,
    date_text: str | None = None,
    tooltip_fields: Tooltip = (),
    lanes: list[str] | None = None,
    width: float = 560,
    step: int = 56,
    size: int = 110,
) -> alt.LayerChart:
    """Dated events on a time axis, in lanes; rows with a ``label`` are named on the chart
    (alternately above and below their mark within each lane, so that neighbours do not collide).
    ``date_text``: a column that says the date as precisely as it is known ("1977", "October 2021"),
    shown in the tooltip instead of the day the mark is placed on."""
    data = with_sources(data).sort_values(date, kind="stable")
    lane_col = lane or "_lane"
    if not lane:
        data = data.assign(_lane="")
    lanes = lanes or list(dict.fromkeys(data[lane_col]))
    x_enc = alt.X(
        f"{date}:T",
        title=None,
        axis=alt.Axis(format="%Y", labelOverlap=True, tickCount="year"),
        scale=alt.Scale(domain=list(domain)) if domain else alt.Undefined,
    )
    y_enc = alt.Y(
        f"{lane_col}:N",
        sort=lanes,
        title=None,
        axis=alt.Axis(labelLimit=140, labelFontSize=11) if lane else None,
    )
    encodings = {
        "x": x_enc,
        "y": y_enc,
        "tooltip": tooltip(
            [(date_text or date, "Date"), *([(label, "Event")] if label else []), *tooltip_fields], data
        ),
    }
    if colour:
        encodings["color"] = alt.Color(
            f"{colour}:N",
            scale=_category_scale(data[colour], colours),
            legend=alt.Legend(title=None, orient="bottom"),
        )
    if shape:
        encodings["shape"] = alt.Shape(f"{shape}:N", legend=alt.Legend(title=None, orient="bottom"))
    frame = for_chart(data)
    layers = [alt.Chart(frame).mark_point(filled=True, size=size, opacity=0.9).encode(**encodings)]
    if label:
        named = data[data[label].notna()].copy()
        named["_dy"] = [-14 if i % 2 == 0 else 16 for i in named.groupby(lane_col, sort=False).cumcount()]
        for dy, part in named.groupby("_dy"):
            layers.append(
                alt.Chart(for_chart(part))
                .mark_text(dy=dy, fontSize=10, color=LABEL_COLOUR)
                .encode(x=x_enc, y=y_enc, text=f"{label}:N")
            )
    columns = [
        c
        for c in [
            date,
            date_text,
            lane,
            label,
            colour,
            shape,
            *[f if isinstance(f, str) else f[0] for f in tooltip_fields],
        ]
        if c and c in data.columns
    ]
    return finish(
        alt.layer(*layers),
        title=title,
        subtitle=subtitle,
        source=source,
        description=description,
        data=data,
        columns=list(dict.fromkeys(columns)),
        width=width,
        height=alt.Step(step),
    )


def span_chart(
    data: pd.DataFrame,
    *,
    start: str,
    end: str,
    row: str,
    title: str,
    subtitle: str,
    source: str,
    description: str,
    x_title: str,
    colour: str | None = None,
    colours: dict[str, str] | None = None,
    label: str | None = None,
    marker: tuple[str, str] | None = None,
    domain: tuple[str, str] | None = None,
    tooltip_fields: Tooltip = (),
    order: list[str] | None = None,
    width: float = 560,
    step: int = 34,
) -> alt.LayerChart:
    """A bar per item from ``start`` to ``end`` (dates), its label above; ``marker`` is a dated
    vertical line with its words (e.g. the end of the period judged). An item with only one of the
    two dates is a triangle at that date pointing to the missing end."""
    data = with_sources(data)
    order = order or list(dict.fromkeys(data[row]))
    label = label or row
    x_scale = alt.Scale(domain=list(domain)) if domain else alt.Undefined
    x_enc = alt.X(f"{start}:T", title=x_title, scale=x_scale, axis=alt.Axis(format="%Y", labelOverlap=True))
    y_enc = alt.Y(f"{row}:N", sort=order, axis=None, title=None)
    encodings = {
        "x": x_enc,
        "x2": f"{end}:T",
        "y": y_enc,
        "tooltip": tooltip([(label, " "), *tooltip_fields], data),
    }
    if colour:
        encodings["color"] = alt.Color(
            f"{colour}:N",
            scale=_category_scale(data[colour], colours),
            legend=alt.Legend(title=None, orient="bottom"),
        )
    # A promise without a start or without an end is a mark at the one date it has, never a bar
    # from an invented date; its shape says which end is missing.
    both = data[start].notna() & data[end].notna()
    layers = [
        alt.Chart(for_chart(data[both])).mark_bar(height=10, yOffset=6, opacity=0.9, color=BAR)
        .encode(**encodings),
        _row_labels(data, row, label, order),
    ]
    if (~both).any():
        half = data[~both].assign(
            _at=data[start].fillna(data[end]),
            _missing=data[start].isna().map({True: "no start date stated", False: "no end date stated"}),
        )
        point = {k: v for k, v in encodings.items() if k not in {"x", "x2"}}
        point["x"] = alt.X(
            "_at:T", title=x_title, scale=x_scale, axis=alt.Axis(format="%Y", labelOverlap=True)
        )
        point["shape"] = alt.Shape(
            "_missing:N",
            scale=alt.Scale(domain=["no start date stated", "no end date stated"],
                            range=["triangle-left", "triangle-right"]),
            legend=alt.Legend(title=None, orient="bottom", direction="vertical", columns=1),
        )
        layers.insert(1, alt.Chart(for_chart(half)).mark_point(filled=True, size=110, yOffset=6, opacity=1)
                      .encode(**point))
    if marker is not None:
        mark = pd.DataFrame({"x": [marker[0]], "text": [marker[1]]})
        layers += [
            alt.Chart(mark)
            .mark_rule(strokeDash=[4, 3], color="#333333")
            .encode(x=alt.X("x:T", scale=x_scale)),
            alt.Chart(mark)
            .mark_text(align="left", dx=4, dy=-4, fontSize=10, color=LABEL_COLOUR, baseline="bottom")
            .encode(x=alt.X("x:T", scale=x_scale), y=alt.value(0), text="text:N"),
        ]
    columns = [
        c
        for c in [
            row,
            label,
            start,
            end,
            colour,
            *[f if isinstance(f, str) else f[0] for f in tooltip_fields],
        ]
        if c and c in data.columns
    ]
    return finish(
        alt.layer(*layers),
        title=title,
        subtitle=subtitle,
        source=source,
        description=description,
        data=data,
        columns=list(dict.fromkeys(columns)),
        width=width,
        height=alt.Step(step),
    )


__all__ = [
    "bar_chart",
    "dot_plot",
    "finish",
    "for_chart",
    "line_chart",
    "span_chart",
    "timeline",
    "tooltip",
    "with_sources",
]

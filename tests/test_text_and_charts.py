"""Number formatting, tables and the chart renderer's two faces."""

import base64
import json

import altair as alt
import pandas as pd

from rukz import charts, text


def test_numbers_read_as_prose():
    assert text.count(7500) == "7,500"
    assert text.decimal(28.24) == "28.2"
    assert text.percent(0.7) == "70%"
    assert text.listing(["Ufa", "Sochi", "Astana"]) == "Ufa, Sochi and Astana"
    # glue:text pastes what myst-nb reads back from the plain-text face: the text itself.
    from myst_nb.core.variables import format_plain_text

    for value in (text.count(4248), text.count(21), text.decimal(28.24), text.listing(["a", "b"]),
                  text.Text('he said "it\'s 7,500"')):
        assert format_plain_text(repr(value), "") == str(value)


def test_pdf_table_face_is_a_longtable_with_markup_escaped():
    frame = pd.DataFrame({"a": ["x|*y*", None], "b": [1, 2]})
    assert text.markdown_table(frame).splitlines() == [
        "```{list-table}", ":header-rows: 1", ":class: longtable", ":widths: 7 6", "",
        "* - a", "  - b", "* - x\\|\\*y\\*", "  - 1", "* - –", "  - 2", "```"]


def test_table_html_escapes_markup_from_data():
    html = text.Table(pd.DataFrame({"title": ["<script>alert(1)</script>"]}))._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def _spec(title="T"):
    return alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q").properties(
        title=title, description="alt text").to_dict()


def test_chart_ids_are_deterministic_and_unique():
    spec = _spec("deterministic")
    first, second = charts.chart_id(spec), charts.chart_id(spec)
    assert first.startswith("chart-") and second == f"{first}-2"
    assert charts.chart_id(_spec("other")) != first


def test_html_face_keeps_spec_inert_and_escaped():
    spec = _spec("</script><b>")
    html = charts.chart_html(spec, "chart-abc")
    assert html.count("</script>") == 1  # only the element's own end tag
    payload = html.split('id="chart-abc-spec">')[1].rsplit("</script>", 1)[0]
    assert json.loads(payload)["title"] == "</script><b>"
    assert 'aria-label="alt text"' in html


def test_render_gives_interactive_and_vector_faces():
    bundle = charts.render(_spec("faces"))
    assert 'class="rukz-chart"' in bundle["text/html"]
    assert base64.b64decode(bundle["application/pdf"]).startswith(b"%PDF")


def test_countries_keep_their_colours():
    scale = charts.country_scale(["Kazakhstan", "Russia", "China"])
    assert scale.range == [charts.COUNTRY_COLOURS["Kazakhstan"], charts.COUNTRY_COLOURS["Russia"],
                           charts.NEUTRAL]


def test_markup_in_data_renders_as_text():
    from markdown_it import MarkdownIt

    hostile = "<script>alert(1)</script> *bold* [link](http://evil.example) `code`"
    rendered = MarkdownIt("commonmark").render(
        text.escape_markdown(hostile) + " " + text.markdown_link(hostile, "https://example.org/a b>"))
    assert "<script>" not in rendered and "<em>" not in rendered and "<code>" not in rendered
    assert "&lt;script&gt;" in rendered
    assert rendered.count("<a ") == 1 and 'href="https://example.org/a%20b%3E"' in rendered


def test_html_face_takes_its_column_width_and_print_face_keeps_its_own():
    spec = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q").properties(
        width=600, title="fluid").to_dict()
    shown = json.loads(charts.chart_html(spec, "chart-fluid").split('id="chart-fluid-spec">')[1]
                       .rsplit("</script>", 1)[0])
    assert shown["width"] == "container" and shown["autosize"]["type"] == "fit-x"
    assert spec["width"] == 600  # the PDF face is made from the spec as the chapter set it
    long = {**spec, "title": {"text": "A finding about the world stated in a title too long for a phone",
                              "subtitle": "Unit, scope and a source line, all together in one long subtitle"}}
    title = charts.fluid(long)["title"]
    assert all(len(line) <= charts.TITLE_LINE for line in title["text"]) and len(title["text"]) == 2
    assert all(len(line) <= charts.SUBTITLE_LINE for line in title["subtitle"])


def test_maps_fit_their_frame_not_their_layers():
    from rukz import maps

    layer = maps.points(pd.DataFrame({"lon": [0.0], "lat": [0.0]}))
    chart = maps.map_chart([layer], frame="baltic", title="t", subtitle="s", description="d")
    projection = chart.to_dict()["projection"]
    lons = [p[0] for p in projection["fit"]["geometry"]["coordinates"]]
    assert (min(lons), max(lons)) == (maps.FRAMES["baltic"].west, maps.FRAMES["baltic"].east)
    assert projection["type"] == "conicConformal"
    # A map's HTML face keeps its print size; the stylesheet scales it to the column.
    assert charts.fluid(chart.to_dict())["width"] == 600

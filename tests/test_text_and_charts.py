"""Number formatting, tables and the chart renderer's two faces."""

import base64
import json

import altair as alt
import pandas as pd
import pytest

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


def test_pdf_table_face_is_a_list_table_with_markup_escaped_and_long_tables_break():
    frame = pd.DataFrame({"a": ["x|*y*", None], "b": [1, 2]})
    assert text.markdown_table(frame).splitlines() == [
        "```{list-table}", ":header-rows: 1", ":widths: 8 5", "",
        "* - a", "  - b", "* - x\\|\\*y\\*", "  - 1", "* - –", "  - 2", "```"]
    long = pd.DataFrame({"a": range(text.LONG_TABLE + 1)})
    assert ":class: longtable" in text.markdown_table(long)
    wordy = pd.DataFrame({"a": ["word " * (text.LONG_TABLE_CHARACTERS // 5 + 1)]})
    assert ":class: longtable" in text.markdown_table(wordy)


def test_pdf_columns_keep_their_longest_word_whole_and_share_the_rest_by_text():
    prose = "word " * 200
    widths = text.column_widths([["Name", "Водохранилище"], ["Notes", prose], ["Year", "2003"]])
    padding = text.COLUMN_PADDING_PT / text.CHARACTER_PT + 1
    assert widths[0] == round(len("Водохранилище") + padding)
    assert widths[2] == round(text.HEADING_WIDER * len("Year") + padding)  # the bold heading
    line = text.LINE_WIDTH_PT / text.CHARACTER_PT
    assert sum(widths) == pytest.approx(line, abs=2)  # the prose column takes the rest, no more


def test_table_html_labels_each_cell_with_its_column():
    html = text.Table(pd.DataFrame({"Year": ["2003"], "Value": ["1.9"]}))._repr_html_()
    assert '<td data-label="Year">2003</td>' in html and 'class="rukz-table rukz-stack"' in html


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


def test_html_face_keeps_spec_inert_and_words_escaped():
    spec = _spec("</script><b>")
    html = charts.figure_html(spec, "name")
    assert html.count("</script>") == 1  # only the spec element's own end tag
    assert '<p class="rukz-chart-title">&lt;/script&gt;&lt;b&gt;</p>' in html
    payload = json.loads(html.split('type="application/json"')[1].split(">", 1)[1].rsplit("</script>", 1)[0])
    assert "title" not in payload  # the page shows the title as text, wrapped by the browser
    assert 'aria-label="alt text"' in html


def test_render_gives_interactive_and_vector_faces():
    bundle = charts.render(_spec("faces"))
    assert 'class="rukz-chart"' in bundle["text/html"]
    assert base64.b64decode(bundle["application/pdf"]).startswith(b"%PDF")


def test_a_figure_carries_its_source_line_and_its_data():
    from rukz import figures

    chart = figures.finish(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"),
                           title="A finding", subtitle="Unit", source="A statistics office",
                           description="d", data=pd.DataFrame({"year": [2003], "value": [1.5]}))
    html = charts.figure_html(chart.to_dict(), "series")
    assert '<p class="rukz-chart-source">Source: A statistics office</p>' in html
    link = html.split('href="data:text/csv;charset=utf-8;base64,')[1].split('"')[0]
    assert base64.b64decode(link).decode() == "year,value\n2003,1.5\n"
    assert 'download="series.csv"' in html


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
    shown = charts.screen_spec(spec)
    assert shown["width"] == "container" and shown["autosize"]["type"] == "fit-x"
    assert spec["width"] == 600  # the PDF face is made from the spec as the chapter set it


def test_print_titles_wrap_in_balanced_lines_without_a_lone_word():
    title = "Kazakhstan buys far more from Russia than it sells it, and the gap has widened since 2011"
    lines = charts.balanced_lines(title, 50)
    assert len(lines) == 2 and all(len(line) <= 50 for line in lines)
    assert all(len(line.split()) > 1 for line in lines)
    assert " ".join(lines) == title


def test_maps_fit_their_frame_not_their_layers_and_have_a_phone_variant():
    from rukz import maps

    layer = maps.points(pd.DataFrame({"lon": [0.0], "lat": [0.0]}))
    chart = maps.map_chart([layer], frame="baltic", title="t", subtitle="s", source="Natural Earth",
                           description="d", phone_layers=[layer])
    spec = chart.to_dict()
    lons = [p[0] for p in spec["projection"]["fit"]["geometry"]["coordinates"]]
    assert (min(lons), max(lons)) == (maps.FRAMES["baltic"].west, maps.FRAMES["baltic"].east)
    assert spec["projection"]["type"] == "conicConformal"
    # A map keeps its shape on screen; on a phone the page shows the phone variant instead.
    assert charts.screen_spec(spec)["width"] == 600
    html = charts.figure_html(spec, "map")
    assert 'class="rukz-chart rukz-wide rukz-map"' in html
    assert 'class="rukz-chart rukz-phone rukz-map"' in html


def test_dates_and_qualified_figures_read_as_prose():
    assert text.prose_date(pd.Timestamp("2020-12-04")) == "4 December 2020"
    assert text.prose_date(pd.Timestamp("2021-10-01"), "month") == "October 2021"
    assert text.prose_date(pd.NaT) == "undated"
    assert text.date_span("2019-11-06", "2019-11-07") == "6–7 November 2019"
    assert text.date_span("2019-09-30", "2019-10-01") == "30 September – 1 October 2019"
    assert text.date_span("2003-04-15", pd.NaT) == "15 April 2003"
    assert text.qualified("$6.2 billion", "about") == "about $6.2 billion"
    assert text.qualified("70%", None) == "70%"
    with pytest.raises(KeyError):
        text.qualified("70%", "roughly")  # a qualifier the data do not define


def test_a_break_year_is_not_joined_by_the_line_and_shows_hollow():
    from rukz import figures

    data = pd.DataFrame({"year": [2009, 2010, 2011], "usd_bn": [1.0, 0.5, 1.2], "flow": ["Imports"] * 3})
    spec = figures.line_chart(data, x="year", y="usd_bn", series="flow", years=(2009, 2011),
                              y_title="$ bn", title="t", subtitle="s", source="src", description="d",
                              breaks=[2010]).to_dict()
    layers = spec["layer"]
    datasets = spec["datasets"]
    line = next(layer for layer in layers if layer["mark"]["type"] == "line")
    assert [row["usd_bn"] for row in datasets[line["data"]["name"]]] == [1.0, None, 1.2]
    hollow = [layer for layer in layers if layer["mark"]["type"] == "point" and not layer["mark"]["filled"]]
    assert [row["year"] for row in datasets[hollow[0]["data"]["name"]]] == [2010]


def test_a_year_in_a_tooltip_reads_without_a_thousands_separator():
    from rukz import figures

    data = pd.DataFrame({"year": [2009, 2010], "km3": [5.3, 5.2], "where": ["Kushum"] * 2})
    spec = figures.line_chart(data, x="year", y="km3", series="where", y_title="km³", title="t",
                              subtitle="s", source="src", description="d").to_dict()
    tips = [tip for layer in spec["layer"] for tip in layer.get("encoding", {}).get("tooltip", [])]
    assert {tip.get("format") for tip in tips if tip["field"] == "year"} == {"d"}
    assert {tip.get("format") for tip in tips if tip["field"] == "km3"} == {",.4~g"}

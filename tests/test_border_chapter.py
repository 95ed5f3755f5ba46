"""The border chapter as a reader sees it: abbreviations spelled out where first used, dates written
as prose, and a yearly figure never given without its year."""

import re

from test_html import reader_text

BORDER = "chapters/border.html"

# Abbreviations a lay reader would not know; each must first appear in brackets after its full name.
ABBREVIATIONS = ["KNB", "FSB", "CAREC", "CPMM", "SSR", "RSFSR", "MAPP", "KZ", "PM"]


def test_border_abbreviations_are_spelled_out_where_first_used(html_dir):
    text = reader_text(html_dir / BORDER)
    unexplained = []
    for abbreviation in ABBREVIATIONS:
        first = re.search(rf"\b{abbreviation}\b", text)
        if first and text[first.start() - 1:first.end() + 1] != f"({abbreviation})":
            unexplained.append(text[max(0, first.start() - 40):first.end() + 20])
    assert unexplained == []


# A date the reader sees reads "15 April 2003": never ISO, never a clipped month.
ISO_DATE = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")
SHORT_MONTH = re.compile(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b")


def test_border_dates_read_as_prose(html_dir):
    text = reader_text(html_dir / BORDER)
    slips = [text[max(0, m.start() - 30):m.end() + 10]
             for pattern in (ISO_DATE, SHORT_MONTH) for m in pattern.finditer(text)]
    assert slips == []


# "5.5 million vehicles a year" where one year was counted: a yearly figure names its year.
YEARLY = re.compile(r"[\d.,]+ million (?:vehicles|trucks|people|tonnes) a year")


def test_border_yearly_figures_name_their_year(html_dir):
    sentences = re.split(r"(?<=[.;])\s+", reader_text(html_dir / BORDER))
    unnamed = [s for s in sentences if YEARLY.search(s) and not re.search(r"\b(?:19|20)\d\d\b", s)]
    assert unnamed == []


def test_a_table_date_stays_whole_and_its_column_widens_to_hold_it():
    from rukz.text import column_widths, escape_markdown, table_date

    date = table_date("2019-11-07")
    assert date == "7\u00a0November\u00a02019" and escape_markdown(date) == date
    assert table_date(None) == "undated"
    narrow, whole = (column_widths([["Date", d], ["Stated by", "x " * 200]])[0]
                     for d in ("7 November 2019", date))
    assert whole > narrow

"""The PDF a reader downloads: chapters present, Cyrillic and Kazakh letters typeset, fonts embedded."""

import subprocess

import pytest


@pytest.fixture(scope="module")
def pdf_text(pdf_path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_pdf_has_the_chapters(pdf_text):
    assert "Russia–Kazakhstan cross-border cooperation" in pdf_text
    # Once in the table of contents, once as the chapter heading (set in capitals).
    for title in ["The Forum", "Trade", "The border", "Data and sources"]:
        flowing = " ".join(pdf_text.split()).lower()  # headings may wrap over lines
        assert flowing.count(title.lower()) >= 2, title
    assert "References" in pdf_text


@pytest.mark.parametrize("name", ["Омск", "Қостанай", "Өскемен", "Оренбург"])
def test_pdf_typesets_cyrillic_and_kazakh_names(pdf_text, name):
    assert name in pdf_text


def test_pdf_embeds_its_fonts(pdf_path):
    fonts = subprocess.run(["pdffonts", str(pdf_path)], check=True, capture_output=True,
                           text=True).stdout
    rows = fonts.splitlines()[2:]
    assert any("FreeSerif" in row for row in rows)
    assert all(" yes " in row for row in rows), "every font must be embedded"


def test_pdf_charts_are_vector_figures(pdf_path):
    # Charts come from vl-convert as PDF: no raster image should stand in for them.
    images = subprocess.run(["pdfimages", "-list", str(pdf_path)], check=True,
                            capture_output=True, text=True).stdout.splitlines()[2:]
    assert images == []

"""The PDF a reader downloads: a title page with its edition, the chapters and appendices in the
contents, Cyrillic and Kazakh letters typeset, fonts embedded, vector charts, nothing that only
works on screen, and text that stays inside the page."""

import datetime
import json
import re
import subprocess

import pytest
import yaml
from conftest import PDF_PATH, ROOT, toc_files


def pdf_pages(pdf_path, first: int | None = None, last: int | None = None) -> str:
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    return subprocess.run(["pdftotext", *pages, str(pdf_path), "-"], check=True,
                          capture_output=True, text=True).stdout


def flowing(text: str) -> str:
    """Words joined by single spaces, hyphens at line ends undone: headings wrap over lines."""
    return " ".join(re.sub(r"-\n(?=[a-z])", "", text).split())


@pytest.fixture(scope="module")
def pdf_text(pdf_path) -> str:
    return pdf_pages(pdf_path)


def chapter_title(document: str) -> str:
    """The first level-one heading of a chapter, as its source gives it."""
    path = ROOT / f"{document}.md"
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
    else:
        notebook = json.loads((ROOT / f"{document}.ipynb").read_text(encoding="utf-8"))
        lines = [line.rstrip("\n") for cell in notebook["cells"] if cell["cell_type"] == "markdown"
                 for line in cell["source"]]
    return next(line[2:].strip() for line in lines if line.startswith("# "))


def test_title_page_names_the_edition_of_the_citation_file(pdf_path):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    edition = config["sphinx"]["config"]["today"]
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    released = datetime.date.fromisoformat(str(citation["date-released"]))
    assert edition == f"{released.day} {released:%B %Y}", "edition date differs from CITATION.cff"
    title_page = flowing(pdf_pages(pdf_path, 1, 1))
    assert config["title"] in title_page
    assert f"Edition of {edition}." in title_page


def test_contents_number_the_chapters_as_the_web_edition_does(pdf_path):
    contents = flowing(pdf_pages(pdf_path, 2, 4))
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    numbered = [c["file"] for part in toc["parts"] if part.get("numbered") for c in part["chapters"]]
    assert numbered, "the report's chapters are numbered"
    for number, document in enumerate(numbered, start=1):
        assert f"{number} {chapter_title(document)}" in contents, document
    for document in toc_files()[1:]:
        if document not in numbered:  # appendices: in the contents, without a number
            title = chapter_title(document)
            assert title in contents and not re.search(rf"\b[0-9A-Z] {re.escape(title)}", contents)
    assert "Bibliography" not in contents  # the sources are listed once, in the data appendix


# A reader's report, not a book-length one: the limit the publisher set.
MAX_PAGES = 80


def test_pdf_is_at_most_the_agreed_length(pdf_path):
    info = subprocess.run(["pdfinfo", str(pdf_path)], check=True, capture_output=True,
                          text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages <= MAX_PAGES


@pytest.mark.parametrize("name", ["Омск", "Қостанай", "Өскемен", "Оренбург"])
def test_pdf_typesets_cyrillic_and_kazakh_names(pdf_text, name):
    assert name in pdf_text


def test_pdf_says_nothing_that_only_works_on_screen(pdf_text):
    for word in ["hover", "tooltip", "click", "tap on", "zoom", "scroll", "download"]:
        assert word not in pdf_text.lower(), word


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


# TeX reports every line it could not fit; a few points over is invisible, a wide one is not.
VISIBLE_OVERRUN_PT = 10
TOLERATED_OVERRUNS = 20


def test_text_stays_inside_the_page(pdf_path):
    log = PDF_PATH.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    overruns = [float(pt) for pt in re.findall(r"Overfull \\hbox \((\d+\.\d+)pt too wide", log)]
    assert [pt for pt in overruns if pt > VISIBLE_OVERRUN_PT] == []
    assert len(overruns) <= TOLERATED_OVERRUNS


def test_every_character_has_a_glyph(pdf_path):
    # XeTeX drops a character its font lacks with only a line in the log: a title in the Arabic
    # alphabet once printed as blank space.
    log = PDF_PATH.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert re.findall(r"Missing character: There is no .*", log) == []

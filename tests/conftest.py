"""Shared fixtures: where the built book is, and which pages the table of contents promises."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HTML_DIR = ROOT / "_build" / "html"
PDF_PATH = ROOT / "_build" / "latex" / "russia-kazakhstan-cross-border-cooperation.pdf"


def toc_files() -> list[str]:
    """Every document in _toc.yml, root first, without file extension."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return files


def chapter_notebooks() -> list[Path]:
    return [ROOT / f"{f}.ipynb" for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


@pytest.fixture(scope="session")
def html_dir() -> Path:
    if not (HTML_DIR / "index.html").exists():
        pytest.fail("the HTML book is not built: run `make book` first")
    return HTML_DIR


@pytest.fixture(scope="session")
def pdf_path() -> Path:
    if not PDF_PATH.exists():
        pytest.fail("the PDF is not built: run `make pdf` first")
    return PDF_PATH

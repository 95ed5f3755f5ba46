"""Every internal link and anchor in the built HTML book resolves (offline: no request is made)."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if tag in {"a", "link", "script", "img"} and attrs.get(key):
                self.links.append(attrs[key])


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(html_dir: Path) -> list[str]:
    """Internal links whose file or anchor does not exist in the built book."""
    # _static holds the theme's Jinja templates (not pages) that Sphinx copies as they are.
    pages = {page: _parse(page) for page in html_dir.rglob("*.html")
             if "_static" not in page.relative_to(html_dir).parts}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            address = urlparse(link)
            if address.scheme or link.startswith(("//", "mailto:", "javascript:", "data:")):
                continue
            target = page if not address.path else (page.parent / unquote(address.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(html_dir)} -> {link}"
            if not target.exists():
                broken.append(f"{where}: no such file")
            elif address.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(address.fragment) not in ids:
                    broken.append(f"{where}: no anchor #{address.fragment}")
    return broken


def test_every_internal_link_and_anchor_resolves(html_dir):
    assert broken_links(html_dir.resolve()) == []


def test_the_link_check_finds_a_broken_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<p id="here"></p><a href="b.html#gone">x</a><a href="#here">y</a>')
    (tmp_path / "b.html").write_text('<h1 id="there">B</h1><a href="c.html">z</a>')
    assert sorted(broken_links(tmp_path)) == ["a.html -> b.html#gone: no anchor #gone",
                                      "b.html -> c.html: no such file"]


def test_markup_in_data_shows_as_text_in_html_and_pdf():
    # A source title with markup goes through the same faces as every glued table: pandas' HTML
    # for the book, a MyST list-table for the PDF, parsed here with the book's own MyST parser.
    import pandas as pd
    from docutils import nodes
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    from rukz import text

    hostile = "<script>alert(1)</script> *bold* __under__ [link](http://evil.example)"
    frame = pd.DataFrame({"Title": [hostile]})
    html = text.Table(frame)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "<em>" not in html
    tree = publish_doctree(text.markdown_table(frame), parser=Parser(),
                           settings_overrides={"report_level": 5})
    assert not list(tree.findall(nodes.emphasis)) and not list(tree.findall(nodes.strong))
    assert not list(tree.findall(nodes.raw)) and not list(tree.findall(nodes.reference))
    cells = [n.astext() for n in tree.findall(nodes.entry)]
    assert re.sub(r"\s+", " ", cells[-1]) == hostile

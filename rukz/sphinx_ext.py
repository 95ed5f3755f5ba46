"""Sphinx hooks of the report.

* Pages that paste numbers from other chapters (``{glue:text}`x.ipynb::key```) are re-read
  whenever any chapter changes: Sphinx re-reads only the documents that changed, and myst-nb
  resolves a cross-document paste when the pasting page is written. Without this hook, a
  re-executed chapter would leave the first page showing its old numbers.
* Each chart's "Download the data" link leaves the notebook as a ``data:`` address (so the
  executed notebook carries its own data); the HTML build writes it out as a file,
  ``chart-data/<page>/<chart>.csv``, and points the link at that file.
* A box whose title repeats its section's heading ("Limits of the evidence" under "Limits of the
  evidence") has its title emptied (hidden by the style; in print the box becomes a ruled block):
  the reader sees the heading once. The box keeps the class
  ``rukz-limits`` for its style.
* Print sets a run of Arabic script (a Kazakh title in the Arabic alphabet) right to left in a
  font that has its letters (``\arabicrun`` in the LaTeX preamble); the main font has none.
* Sphinx copies the static files (the book's CSS and chart script) only when it writes some page:
  an edit to the CSS alone would never reach the site. When a static file differs from the
  site's copy, the first page is written again, which copies them all.
"""

from __future__ import annotations

import base64
import filecmp
import os
import re
from pathlib import Path

CROSS_PASTE = ".ipynb::"
CHART_DATA = "chart-data"
DATA_LINK = re.compile(
    r'download="(?P<name>[A-Za-z0-9_-]+)\.csv" '
    r'href="data:text/csv;charset=utf-8;base64,(?P<payload>[A-Za-z0-9+/=]+)"')


def pastes_from_other_documents(path: Path) -> bool:
    """A page that pastes a role (``x.ipynb::key``) or a directive (``:doc: x.ipynb``) from another."""
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    return CROSS_PASTE in text or ":doc: " in text


def _pasting_documents(app, env, added, changed, removed):
    if not (added | changed | removed):
        return []
    return sorted(doc for doc in env.found_docs
                  if doc not in added | changed and pastes_from_other_documents(Path(env.doc2path(doc))))


def write_chart_data(outdir: Path) -> list[Path]:
    """Turn every chart's data: link in the built pages into a CSV file beside them."""
    written = []
    for page in sorted(outdir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if "data:text/csv" not in text:
            continue

        def to_file(match: re.Match, page: Path = page) -> str:
            target = outdir / CHART_DATA / page.stem / f"{match['name']}.csv"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(match["payload"]))
            written.append(target)
            address = os.path.relpath(target, page.parent).replace(os.sep, "/")
            return f'download="{match["name"]}.csv" href="{address}"'

        page.write_text(DATA_LINK.sub(to_file, text), encoding="utf-8")
    return written


def _chart_data(app, exception):
    if exception is None and app.builder.format == "html":
        write_chart_data(Path(app.outdir))


def _static_files_changed(app, env, added, changed, removed) -> list[str]:
    if app.builder.format != "html":
        return []
    site_static = Path(app.outdir) / "_static"
    for folder in app.config.html_static_path:
        source = Path(app.confdir) / folder
        for path in (p for p in source.rglob("*") if p.is_file()):
            copy = site_static / path.relative_to(source)
            if not copy.exists() or not filecmp.cmp(path, copy, shallow=False):
                return [app.config.root_doc]
    return []


def drop_repeated_box_titles(doctree, plain: bool = False) -> int:
    """Empty the title of an admonition that only repeats its section's heading; with ``plain``
    (print), turn the box into a container with the class ``rukz-limits``, which the PDF's
    preamble sets between two rules (LaTeX's admonition always draws a title bar)."""
    from docutils import nodes

    dropped = 0
    for box in list(doctree.findall(nodes.admonition)):
        title = next(iter(box.findall(nodes.title)), None)
        section = box.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        heading = section.next_node(nodes.title) if section is not None else None
        if title is not None and heading is not None and title.astext() == heading.astext():
            title.children = []
            box["classes"].append("rukz-limits")
            if plain:
                title.parent.remove(title)
                block = nodes.container(classes=["rukz-limits"])
                block.extend(box.children)
                box.replace_self(block)
            dropped += 1
    return dropped


ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
ARABIC_RUN = re.compile(rf"[{ARABIC}](?:[{ARABIC}\s\-–—]*[{ARABIC}])?")


def mark_right_to_left_runs(doctree) -> int:
    """Wrap every run of Arabic script (its words and the spaces and dashes between them) in
    ``\\arabicrun{...}`` for LaTeX, so that the run is shaped and ordered right to left."""
    from docutils import nodes

    marked = 0
    for text in list(doctree.findall(nodes.Text)):
        if isinstance(text.parent, (nodes.raw, nodes.literal, nodes.literal_block)):
            continue
        value = str(text)
        if not ARABIC_RUN.search(value):
            continue
        pieces, last = [], 0
        for match in ARABIC_RUN.finditer(value):
            pieces.append(nodes.Text(value[last:match.start()]))
            pieces.append(nodes.raw("", f"\\arabicrun{{{match.group()}}}", format="latex"))
            last = match.end()
            marked += 1
        pieces.append(nodes.Text(value[last:]))
        parent = text.parent
        index = parent.index(text)
        parent.remove(text)
        for offset, piece in enumerate(p for p in pieces if not isinstance(p, nodes.Text) or str(p)):
            parent.insert(index + offset, piece)
    return marked


def _doctree_resolved(app, doctree, docname):
    if app.builder.format == "latex":
        mark_right_to_left_runs(doctree)


def _doctree_read(app, doctree):
    drop_repeated_box_titles(doctree, plain=app.builder.format == "latex")


def setup(app):
    app.connect("doctree-read", _doctree_read)
    app.connect("env-get-outdated", _pasting_documents)
    app.connect("env-get-outdated", _static_files_changed)
    app.connect("build-finished", _chart_data)
    app.connect("doctree-resolved", _doctree_resolved)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

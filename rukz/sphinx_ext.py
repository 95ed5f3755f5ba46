"""A Sphinx hook for pages that paste numbers from other chapters (``{glue:text}`x.ipynb::key```).

Sphinx re-reads only the documents that changed, and myst-nb resolves a cross-document paste
when the pasting page is written. Without this hook, a re-executed chapter would leave the first
page showing its old numbers until that page itself changed.
"""

from __future__ import annotations

from pathlib import Path

CROSS_PASTE = ".ipynb::"


def pastes_from_other_documents(path: Path) -> bool:
    return path.exists() and CROSS_PASTE in path.read_text(encoding="utf-8")


def _pasting_documents(app, env, added, changed, removed):
    if not (added | changed | removed):
        return []
    return sorted(doc for doc in env.found_docs
                  if doc not in added | changed and pastes_from_other_documents(Path(env.doc2path(doc))))


def setup(app):
    app.connect("env-get-outdated", _pasting_documents)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

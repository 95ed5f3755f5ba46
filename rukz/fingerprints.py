"""Keep each chapter's ``data_inputs`` cell in step with what it reads (``make fingerprints``).

Jupyter Book's execution cache keys on code cells only. Writing into one of a chapter's code cells
a fingerprint of every resource it reads (file bytes and description) and a checksum of the helper
package makes a change to any of them re-execute exactly the chapters concerned, and a prose-only
change re-execute none.

``python -m rukz.fingerprints`` rewrites stale cells; ``--check`` only reports them (exit 1).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from .data import fingerprint, helpers_checksum, package_fingerprint, resource, resources
from .paths import CHAPTERS_DIR

TAG = "data-inputs"
LOAD_CALL = re.compile(r"""\bload(?:_geojson)?\(\s*["']([\w-]+)["']""")
# A load whose resource is not written out (a variable, a loop) cannot be fingerprinted.
UNNAMED_LOAD = re.compile(r"""\bload(?:_geojson)?\(\s*(?!["'])""")
# A chapter that describes the whole package (the data catalogue) reads every resource.
CATALOGUE_CALL = re.compile(r"\bcatalogue\(")
# rukz.claims reads the claims ledger and its evidence on the chapter's behalf.
CLAIMS_CALL = re.compile(r"\bclaims\.(?:glue_verdicts|glue_ledger|claims|ledger|verdict_counts)\(")
CLAIMS_RESOURCES = ["claim_evidence", "claims"]
# rukz.official reads the statistics extracts on the chapter's behalf.
OFFICIAL_CALLS = {
    re.compile(r"\bofficial\.(?:partner_flows|with_partner|totals)\("):
        ["wits_kz_exports", "wits_kz_imports", "bns_kz_exports", "bns_kz_imports"],
    re.compile(r"\bofficial\.gdp\("): ["wdi_gdp"],
}
HEADER = (
    "# Data this chapter reads, with fingerprints. `make fingerprints` rewrites this cell when a\n"
    "# file, its description or the helper package changes: that re-runs the chapter in the cache.\n"
)


def resources_read(notebook: nbformat.NotebookNode) -> list[str]:
    """Names passed to load()/load_geojson() in the notebook's code (all, for the catalogue)."""
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    unnamed = UNNAMED_LOAD.search(code)
    if unnamed:
        line = code[:unnamed.start()].count("\n") + 1
        raise ValueError(f"code line {line}: {code.splitlines()[line - 1].strip()!r} loads a resource "
                         "not named by a string literal; write rukz.load(\"name\") so that its "
                         "fingerprint can be declared")
    if CATALOGUE_CALL.search(code):
        return ["package"] + [r.name for r in resources()]
    # Every chapter cites sources (tooltips, tables, source lines) through rukz.sources.
    names = set(LOAD_CALL.findall(code)) | {"sources"}
    if CLAIMS_CALL.search(code):
        names |= set(CLAIMS_RESOURCES)
    for call, read in OFFICIAL_CALLS.items():
        if call.search(code):
            names |= set(read)
    return sorted(names)


def inputs_cell_source(names: list[str]) -> str:
    values = {n: package_fingerprint() if n == "package" else fingerprint(resource(n)) for n in names}
    lines = [f'    "{name}": "{value}",' for name, value in values.items()]
    return (HEADER + "rukz.data_inputs({\n" + "\n".join(lines) + "\n}, helpers=\"" + helpers_checksum()
            + "\")")


def inputs_cell(notebook: nbformat.NotebookNode, path: Path):
    cells = [c for c in notebook.cells if TAG in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        sys.exit(f"{path}: needs exactly one code cell tagged '{TAG}', found {len(cells)}")
    return cells[0]


def refresh(path: Path, check_only: bool) -> bool:
    """Bring one notebook's inputs cell up to date; True if it was (or would be) changed."""
    notebook = nbformat.read(path, as_version=4)
    cell = inputs_cell(notebook, path)
    try:
        wanted = inputs_cell_source(resources_read(notebook))
    except ValueError as error:
        sys.exit(f"{path}: {error}")
    if cell.source == wanted:
        return False
    if not check_only:
        cell.source = wanted
        nbformat.write(notebook, path)
    return True


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    stale = [p for p in sorted(CHAPTERS_DIR.glob("*.ipynb")) if refresh(p, check_only)]
    verb = "stale" if check_only else "updated"
    for path in stale:
        print(f"{verb}: {path.name}")
    return 1 if (check_only and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

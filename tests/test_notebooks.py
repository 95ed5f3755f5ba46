"""Notebooks as committed: no outputs, data checksums current, every chapter in the table of contents."""

import json

import pytest
from conftest import ROOT, chapter_notebooks

from rukz import fingerprints


@pytest.mark.parametrize("notebook", sorted((ROOT / "chapters").glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    assert [c.get("outputs") for c in cells if c["cell_type"] == "code" and c.get("outputs")] == []


def test_every_notebook_is_in_the_table_of_contents():
    assert set(chapter_notebooks()) == set((ROOT / "chapters").glob("*.ipynb"))


def test_data_checksums_in_chapters_are_current():
    # A stale checksum would let the execution cache keep results computed from old data.
    assert fingerprints.main(["--check"]) == 0


def test_a_resource_loaded_by_a_variable_name_is_refused():
    # Its fingerprint could not be declared, so a change to its data would not re-run the chapter.
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'import rukz\nmaps = [rukz.load_geojson(name) for name in ("regions", "border")]')])
    with pytest.raises(ValueError, match="code line 2"):
        fingerprints.resources_read(notebook)

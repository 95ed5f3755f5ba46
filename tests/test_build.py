"""How the book is rebuilt: an edit must reach the site without a full rebuild."""

from types import SimpleNamespace

from rukz import sphinx_ext


def test_an_edited_static_file_makes_sphinx_write_a_page_and_copy_it(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "out" / "_static").mkdir(parents=True)
    (tmp_path / "_static" / "rukz.css").write_text("a { color: red }")
    (tmp_path / "out" / "_static" / "rukz.css").write_text("a { color: red }")
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(tmp_path / "out"),
                          confdir=str(tmp_path),
                          config=SimpleNamespace(html_static_path=["_static"], root_doc="intro"))
    assert sphinx_ext._static_files_changed(app, None, set(), set(), set()) == []
    (tmp_path / "_static" / "rukz.css").write_text("a { color: blue }")
    assert sphinx_ext._static_files_changed(app, None, set(), set(), set()) == ["intro"]
    app.builder.format = "latex"  # the PDF has no static files
    assert sphinx_ext._static_files_changed(app, None, set(), set(), set()) == []


def test_a_failing_notebook_makes_nbval_fail(tmp_path, capsys):
    import nbformat

    from rukz import nbval_run

    notebook = tmp_path / "broken.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")]), notebook)
    assert nbval_run.main(["--jobs", "2", str(notebook)]) == 1
    assert "failed: broken.ipynb" in capsys.readouterr().err


def test_a_box_that_repeats_its_sections_heading_loses_its_title():
    from docutils.core import publish_doctree

    from rukz import sphinx_ext

    doctree = publish_doctree("Chapter\n=======\n\nIntro.\n\nLimits\n------\n\n"
                              ".. admonition:: Limits\n\n   Text.\n\n"
                              ".. admonition:: Other\n\n   More.\n")
    assert sphinx_ext.drop_repeated_box_titles(doctree) == 1
    titles = [t.astext() for t in doctree.findall(lambda n: n.tagname == "title")]
    assert titles == ["Chapter", "Limits", "", "Other"]


def test_in_print_such_a_box_becomes_a_plain_block():
    from docutils.core import publish_doctree

    from rukz import sphinx_ext

    doctree = publish_doctree("Chapter\n=======\n\nIntro.\n\nLimits\n------\n\n"
                              ".. admonition:: Limits\n\n   Text.\n")
    assert sphinx_ext.drop_repeated_box_titles(doctree, plain=True) == 1
    block = next(doctree.findall(lambda n: n.tagname == "container"))
    assert "rukz-limits" in block["classes"] and block.astext() == "Text."


def test_print_sets_arabic_script_right_to_left():
    from docutils import nodes

    from rukz.sphinx_ext import mark_right_to_left_runs

    title = nodes.emphasis("", "قىتايدا قازاقتىڭ - شياۋ")
    paragraph = nodes.paragraph("", "", title, nodes.Text(". Kazinform"))
    assert mark_right_to_left_runs(paragraph) == 1
    raw = list(paragraph.findall(nodes.raw))
    assert [r.astext() for r in raw] == ["\\arabicrun{قىتايدا قازاقتىڭ - شياۋ}"]
    assert paragraph.astext().endswith(". Kazinform")  # the Latin text around it is kept

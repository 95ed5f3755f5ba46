"""The Forum chapter: a planned edition's status is told once, where the chapter says what is unknown."""

import json
import re

import pandas as pd
from conftest import ROOT

NOTEBOOK = ROOT / "chapters" / "forums.ipynb"


def _markdown() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _limits_box(text: str) -> str:
    box = re.search(r"```\{admonition\} Limits of the evidence\n(.*?)\n```", text, re.S)
    assert box, "the chapter has a Limits of the evidence box"
    return box.group(1)


def test_a_planned_editions_status_is_said_once_in_the_limits_box():
    forums = pd.read_csv(ROOT / "data" / "forums.csv")
    assert (forums["status"] == "planned").any(), "nothing planned: this test has nothing to hold"
    text = _markdown()
    box = _limits_box(text)
    # `as_of` is the date up to which no report of the planned edition was found: its status.
    assert text.count("{glue:text}`as_of`") == box.count("{glue:text}`as_of`") == 1
    outside = text.replace(box, "")
    for slip in ("not yet held", "no report", "had been held", "announced for Omsk"):
        assert slip not in outside.lower(), f"the planned edition is told outside the box: {slip!r}"


def test_the_limits_box_is_a_list(html_dir):
    box = _limits_box(_markdown())
    lines = [line for line in box.splitlines() if line.strip()]
    assert all(line.startswith(("- ", "  ")) for line in lines), "each limit is a bullet"
    page = (html_dir / "chapters" / "forums.html").read_text(encoding="utf-8")
    built = re.search(r'<div class="[^"]*rukz-limits[^"]*">(.*?)</div>', page, re.S)
    assert built and built.group(1).count("<li>") == sum(line.startswith("- ") for line in lines)
    # The table of editions sends the reader to the box rather than repeating it.
    assert page.count("Planned (see Limits of the evidence)") == (
        pd.read_csv(ROOT / "data" / "forums.csv")["status"] == "planned").sum()

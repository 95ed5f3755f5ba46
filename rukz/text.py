"""Numbers and tables as the prose and the PDF show them.

Prose never types a computed number: a notebook computes it, formats it here and glues it, and
the page pastes it with ``{glue:text}`name```.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from IPython import get_ipython
from myst_nb import glue


class Text(str):
    """A string that ``{glue:text}`` pastes exactly as it is.

    myst-nb reads a glued plain-text face back with ``ast.literal_eval``: an unquoted "4,248" would
    come back as the tuple (4, 248). A quoted face (the string's own repr) comes back as the string.
    """

    def __repr__(self) -> str:
        return str.__repr__(str(self))

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


def count(n: int) -> Text:
    """A whole number with thousands separators: 7,500."""
    return Text(f"{int(n):,}")


def decimal(x: float, digits: int = 1) -> Text:
    """A number rounded for prose: 28.2."""
    return Text(f"{x:,.{digits}f}")


def percent(share: float, digits: int = 0) -> Text:
    """A share (0–1) as a percentage: 0.7 -> 70%."""
    return Text(f"{share * 100:.{digits}f}%")


def listing(items: list[str], conjunction: str = "and") -> Text:
    """Items joined as prose: 'a, b and c'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return Text("".join(items))
    return Text(f"{', '.join(items[:-1])} {conjunction} {items[-1]}")


def typographic(text: str) -> str:
    """Curly apostrophes and quotation marks, as printed (Sphinx does this for prose, not for
    text pasted from data)."""
    text = re.sub(r"(\w)'(\w)", "\\1’\\2", text)
    text = re.sub(r"(\w)'", "\\1’", text)
    text = re.sub(r"'(\w)", "‘\\1", text)
    text = re.sub(r'"(\w)', "“\\1", text)
    return re.sub(r'(\S)"', "\\1”", text)


def _typeset(value):
    """Text from data as the prose prints it (curly quotes); anything else unchanged."""
    return typographic(value) if isinstance(value, str) else value


def glue_text(name: str, value: str) -> Text:
    """Glue a formatted value for the prose, typeset as the prose is (curly quotes); returns it so
    the notebook can assert on it."""
    text = Text(typographic(str(value)))
    glue(name, text, display=False)
    return text


def glue_texts(values: dict[str, object]) -> None:
    """Glue several values for the prose at once (each as ``glue_text``; numbers as ``str``)."""
    for name, value in values.items():
        glue_text(name, value if isinstance(value, str) else str(value))


# How a figure's qualifier reads before it: "about $6.2 billion", "more than 70%". The data's
# qualifier columns use these codes ("as_stated", "exact" and "range" add no word).
QUALIFIER_WORDS = {"as_stated": "", "exact": "", "range": "", "about": "about ", "almost": "almost ",
                   "more_than": "more than ", "up_to": "up to ", "at_least": "at least "}


def qualified(figure: str, qualifier=None) -> Text:
    """A figure as it was stated, with its qualifier: ``qualified("$6.2 billion", "about")``."""
    code = "as_stated" if qualifier is None or pd.isna(qualifier) else qualifier
    return Text(QUALIFIER_WORDS[code] + figure)


def prose_date(date, precision: str = "day", missing: str = "undated") -> Text:
    """A date as prose prints it, as precisely as it is known: "4 December 2020" (day),
    "October 2021" (month), "1977" (year); ``missing`` when there is none."""
    if date is None or pd.isna(date):
        return Text(missing)
    form = {"day": "%-d %B %Y", "month": "%B %Y", "year": "%Y"}[precision]
    return Text(f"{pd.Timestamp(date):{form}}")


def table_date(date, precision: str = "day", missing: str = "undated") -> Text:
    """A date for a table cell: as ``prose_date``, its words joined by no-break spaces, so that a
    narrow column in print widens to hold it whole instead of breaking it."""
    return Text(prose_date(date, precision, missing).replace(" ", "\u00a0"))


def date_span(start, end) -> Text:
    """Two dates as one span: "15 April 2003", "6–7 November 2019", "30 September – 1 October 2019"."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if pd.isna(end) or end == start:
        return prose_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return Text(f"{start:%-d}–{end:%-d %B %Y}")
    if start.year == end.year:
        return Text(f"{start:%-d %B} – {end:%-d %B %Y}")
    return Text(f"{start:%-d %B %Y} – {end:%-d %B %Y}")


_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Spaces that may break a line; a no-break space (as in table_date) holds its words together.
_BREAKING_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def escape_markdown(value) -> str:
    """Text from data as literal MyST: every ASCII punctuation mark escaped, so data cannot inject
    markup; a missing value shows as a dash."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", _BREAKING_SPACE.sub(" ", str(value)).strip(" "))


_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^>]*>)?`")
_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\(<[^>]*>\)")


def _visible(cell: str) -> str:
    """What a reader sees of a MyST cell: role and link text without targets, escapes removed."""
    return _LINK.sub(r"\1", _ROLE.sub(r"\1", cell)).replace("\\", "")


# The PDF's text block (A4 less 2 x 2 cm margins, see _config.yml), the padding LaTeX takes from
# each table column (2 x \\tabcolsep), and the width of an average character of the body font, in
# points. Headings are set in bold sans, about a third wider.
LINE_WIDTH_PT = 482
COLUMN_PADDING_PT = 12
CHARACTER_PT = 5.3
HEADING_WIDER = 1.35


def _longest_word(cell: str) -> int:
    return max((len(word) for word in _BREAKING_SPACE.split(_visible(cell)) if word), default=0)


def _column_demand(cells: list[str]) -> tuple[float, float]:
    """What a column needs, in characters with its padding: its longest word, never split, and
    its heading's; and what it would like: room for its average cell on one line."""
    heading, body = cells[0], cells[1:] or [""]
    padding = COLUMN_PADDING_PT / CHARACTER_PT + 1  # one character's slack: %, capitals, Ж
    need = max(max(map(_longest_word, body)), HEADING_WIDER * _longest_word(heading)) + padding
    average = sum(len(_visible(cell)) for cell in body) / len(body) + padding
    return need, max(average, need)


def column_widths(columns: list[list[str]]) -> list[int]:
    """Relative widths for a table's columns (each list starts with the heading): each column
    first gets its longest word, so no word runs into the next column; what is left of the line
    goes to the columns with more text, in step with how much more they have."""
    demands = [_column_demand(cells) for cells in columns]
    budget = LINE_WIDTH_PT / CHARACTER_PT
    needed = [need for need, _ in demands]
    extra = [want - need for need, want in demands]
    room = budget - sum(needed)
    if room > 0 and sum(extra) > room:
        extra = [room * e / sum(extra) for e in extra]
    elif room <= 0:
        extra = [0] * len(extra)
    return [max(round(need + e), 1) for need, e in zip(needed, extra, strict=True)]


def markdown_link(text, url: str) -> str:
    """A MyST link whose text is escaped and whose address cannot break out of the link."""
    safe_url = str(url).replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{escape_markdown(text)}](<{safe_url}>)"


def markdown_table(frame: pd.DataFrame, markup_columns: tuple[str, ...] = (),
                   classes: tuple[str, ...] = ()) -> str:
    """A MyST list-table for the PDF, with column widths in proportion to their content. Cells are
    escaped, except in ``markup_columns``, which the caller has built from escaped parts (links,
    download roles). A table with more than LONG_TABLE rows or LONG_TABLE_CHARACTERS of text is a
    ``longtable`` (it breaks across pages and repeats its header); a short one stays in one piece.
    ``classes`` are added to the table's HTML classes (e.g. ``rukz-stack``: one block per row on a
    phone, see rukz.css)."""
    header = [escape_markdown(c) for c in frame.columns]
    rows = [[str(v) if column in markup_columns else escape_markdown(_typeset(v))
             for column, v in zip(frame.columns, row, strict=True)]
            for row in frame.itertuples(index=False)]
    widths = column_widths([[header[i]] + [r[i] for r in rows] for i in range(len(header))])
    text = sum(len(_visible(cell)) for row in rows for cell in row)
    kind = ("longtable",) if len(rows) > LONG_TABLE or text > LONG_TABLE_CHARACTERS else ()
    lines = ["```{list-table}", ":header-rows: 1"]
    if kind or classes:
        lines.append(":class: " + " ".join((*kind, *classes)))
    lines += [":widths: " + " ".join(str(w) for w in widths), ""]
    for row in [header, *rows]:
        lines += [f"* - {row[0]}"] + [f"  - {cell}" for cell in row[1:]]
    return "\n".join(lines + ["```"])


# Tables longer than this many rows, or with more text than this (about a third of a page), break
# across PDF pages; shorter ones are kept whole, and a whole table taller than the rest of a page
# would leave a gap before it or run off the page.
LONG_TABLE = 10
LONG_TABLE_CHARACTERS = 1500


def enable_markdown_tables() -> None:
    """Give DataFrames a text/markdown face; HTML keeps pandas' own HTML table."""
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/markdown"].for_type(pd.DataFrame, markdown_table)


def _html_cell(value) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return "–"
    return html.escape(typographic(str(value)))


class Table:
    """A table for the page. HTML: each cell labelled with its column (a phone shows one block per
    row), source ids in ``sources`` shown as numbered links to the bibliography. PDF: a MyST
    list-table whose source links point to the bibliography entries, limited to ``print_columns``
    when given (a compact print form of a wide table)."""

    def __init__(self, frame: pd.DataFrame, classes: tuple[str, ...] = (), sources: str | None = None,
                 print_columns: tuple[str, ...] | None = None):
        self.frame, self.classes, self.sources = frame, classes, sources
        self.print_columns = print_columns

    def _repr_html_(self) -> str:
        from . import sources as cite

        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.frame.columns)
        body = []
        for row in self.frame.itertuples(index=False):
            cells = []
            for column, value in zip(self.frame.columns, row, strict=True):
                shown = cite.links_html(value) if column == self.sources else _html_cell(value)
                cells.append(f'<td data-label="{html.escape(str(column), quote=True)}">{shown}</td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
        classes = " ".join(("rukz-table", "rukz-stack", *self.classes))
        return (f'<div class="rukz-table-box"><table class="{classes}"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table></div>')

    def _repr_markdown_(self) -> str:
        from . import sources as cite

        frame = self.frame if self.print_columns is None else self.frame[list(self.print_columns)]
        if self.sources in frame.columns:
            frame = frame.assign(**{self.sources: frame[self.sources].map(cite.links_myst)})
        return markdown_table(frame, (self.sources,) if self.sources else (), self.classes)

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


class MarkupTable:
    """A table with links, roles or pasted text in its cells: one MyST face for HTML and PDF."""

    def __init__(self, frame: pd.DataFrame, markup_columns: tuple[str, ...], classes: tuple[str, ...] = ()):
        self.frame, self.markup_columns, self.classes = frame, markup_columns, classes

    def _repr_markdown_(self) -> str:
        return markdown_table(self.frame, self.markup_columns, ("rukz-stack", *self.classes))

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


class Markup(str):
    """MyST built from escaped parts, shown as rendered text in both HTML and PDF."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


def glue_markup(name: str, markup: str) -> Markup:
    """Glue MyST that the caller built with escape_markdown/markdown_link (e.g. a list)."""
    value = Markup(markup)
    glue(name, value, display=False)
    return value


def glue_markup_table(name: str, frame: pd.DataFrame, markup_columns: tuple[str, ...],
                      classes: tuple[str, ...] = ()) -> MarkupTable:
    """Glue a table whose ``markup_columns`` hold MyST built with markdown_link/escape_markdown."""
    table = MarkupTable(frame, markup_columns, classes)
    glue(name, table, display=False)
    return table


def glue_table(name: str, frame: pd.DataFrame, classes: tuple[str, ...] = (),
               sources: str | None = None, print_columns: tuple[str, ...] | None = None) -> Table:
    """Glue a table for ``{glue}`name```: labelled cells in HTML, a real table in the PDF.
    ``sources`` names the column of source ids, shown as links to the bibliography;
    ``print_columns``, if given, are the only columns the PDF shows."""
    table = Table(frame, classes, sources, print_columns)
    glue(name, table, display=False)
    return table


def signed(value: float, unit: str = "%") -> Text:
    """A signed figure as printed: the minus sign (−), not a hyphen; "+" for a rise."""
    sign = "−" if value < 0 else ("+" if value > 0 else "")
    return Text(f"{sign}{abs(value):g}{unit}")


def approximate_date(note) -> Text:
    """A date known only approximately, from a note such as "2011-03" or "inferred: 2012-06-07",
    as prose prints it: "March 2011", "7 June 2012"; otherwise "date not stated"."""
    text = "" if note is None or pd.isna(note) else str(note)
    match = re.search(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not match:
        return Text("date not stated")
    year, month, day = match.groups()
    if day:
        return prose_date(f"{year}-{month}-{day}")
    return prose_date(f"{year}-{month}-01", "month") if month else Text(year)


def ordinal(n: int) -> Text:
    """An ordinal as printed: 1st, 2nd, 3rd, 11th, 16th, 21st."""
    n = int(n)
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return Text(f"{n}{suffix}")

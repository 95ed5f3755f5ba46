"""One place, one name: the built chapters call each town, crossing point and river by its
gazetteer name (data/places.csv), and use another spelling only as a gloss."""

import csv
import re
from html.parser import HTMLParser

from conftest import ROOT

KINDS_CHECKED = {"city", "crossing", "river"}
# Pages that list names on purpose: the gazetteer itself and the source list with its excerpts.
PAGES_EXEMPT = {"places", "data"}
# A variant may stand (a) as a gloss after the book's name, "Oral (Uralsk)", "Auyl (Aul in CAREC's
# tables", "Astana (then Nur-Sultan)"; (b) inside a quotation; (c) as part of a facility's own
# name; (d) where the text is about the map data's own labels.
FACILITY = re.compile(r"^(?:(?:,| and) [A-Z][\w-]+)*(?: and [A-Z][\w-]+)? (?:dams?|locks?|dam and lock)\b")
MAP_DATA_NAMES = {("rivers", "Ertix"), ("rivers", "Ertis")}


class _Text(HTMLParser):
    """Visible text, without scripts and styles (chart specs and tooltips are checked as data)."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in {"script", "style"}

    def handle_endtag(self, tag):
        self._skip -= tag in {"script", "style"}

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def gazetteer():
    with (ROOT / "data" / "places.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def variants(place) -> list[str]:
    """Latin-script spellings other than the book's, without their parenthetical notes."""
    # A co-name (the Ural's Kazakh name, Zhaiyk) is the place's other official name, not a variant.
    entries = [v for v in (place["variants"] or "").split(";") if "co-name" not in v]
    found = [re.sub(r"\(.*?\)", "", v).strip() for v in entries]
    return [v for v in found if v and re.fullmatch(r"[A-Za-z' .-]+", v) and v != place["name_en"]]


def stray_variants(text: str, page: str, places) -> list[str]:
    text = re.sub(r"“[^”]*”|«[^»]*»|\"[^\"]*\"", "", " ".join(text.split()))
    names = {p["name_en"] for p in places}
    stray = []
    for place in places:
        if place["kind"] not in KINDS_CHECKED:
            continue
        for variant in variants(place):
            if variant in names or (page, variant) in MAP_DATA_NAMES:
                continue
            for match in re.finditer(r"(?<![\w-])" + re.escape(variant) + r"(?![\w-])", text):
                before, after = text[:match.start()], text[match.end():]
                gloss = re.search(re.escape(place["name_en"]) + r" \((?:then )?$", before)
                if gloss or FACILITY.match(after):
                    continue
                context = text[max(0, match.start() - 50):match.end() + 20]
                stray.append(f"{page}: '{variant}' for {place['name_en']}: …{context}…")
    return stray


def test_each_place_has_one_name_in_the_chapters(html_dir):
    places = gazetteer()
    stray = []
    for page in sorted((html_dir / "chapters").glob("*.html")):
        if page.stem not in PAGES_EXEMPT:
            parser = _Text()
            parser.feed(page.read_text(encoding="utf-8"))
            stray += stray_variants(" ".join(parser.parts), page.stem, places)
    assert stray == []


def test_the_name_check_finds_an_old_name_and_allows_a_gloss():
    places = gazetteer()
    assert stray_variants("The forum met in Uralsk.", "x", places)
    assert not stray_variants("The forum met in Oral (Uralsk).", "x", places)
    assert not stray_variants("The Bukhtarma, Ust-Kamenogorsk and Shulba dams.", "x", places)
    assert not stray_variants("He said “Uralsk”.", "x", places)

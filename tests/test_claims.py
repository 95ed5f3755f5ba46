"""The claims ledger: every claim has a verdict, a reason filled by its chapter, and a link that
resolves; the first page shows them all; the site publishes the PDF and the data package."""

import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from test_links import _Links

from rukz import claims, data, release, text
from rukz.claims import inner_quotes
from rukz.data import read_descriptor

ARTICLE_CLAIMS_REQUIRED = 40


class _Page(_Links):
    """The link checker's ids and links of one built page, its text, and the text and links of
    each table row."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self.text, self._skip = [], None, "", 0

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self._skip += 1
        if tag == "a" and self._row is not None and dict(attrs).get("href"):
            self._row["links"].append(dict(attrs)["href"])
        if tag == "tr":
            self._row = {"text": "", "links": []}

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._row is not None:
            self._row["text"] += data
        if not self._skip:
            self.text += data


def page(html_dir, name):
    parser = _Page()
    parser.feed((html_dir / "chapters" / f"{name}.html").read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module", autouse=True)
def declared():
    # Outside a chapter, declare what rukz.claims reads, as a chapter's data_inputs cell does.
    data.data_inputs({name: data.fingerprint(data.resource(name)) for name in ("claims", "claim_evidence")})


@pytest.fixture(scope="module")
def ledger(declared):
    return claims.claims()


def test_every_claim_has_a_kind_a_verdict_on_its_scale_and_evidence(ledger):
    assert len(ledger) >= ARTICLE_CLAIMS_REQUIRED
    for claim in ledger.itertuples():
        assert claim.verdict in claims.SCALE[claim.kind], claim.claim_id
        assert claim.reason.strip(), claim.claim_id
        assert isinstance(claim.evidence, list) and claim.evidence, claim.claim_id
    # Opinions and predictions are listed, not rated.
    not_rated = ledger[ledger["kind"].isin(["opinion", "prediction"])]
    assert len(not_rated) >= 4 and (not_rated["verdict"] == "not_rated").all()


def test_the_ledger_follows_the_article(ledger):
    assert ledger["order"].is_monotonic_increasing and ledger["para"].is_monotonic_increasing


def test_each_claim_is_checked_in_a_chapter_of_the_book(ledger):
    assert set(ledger["chapter"]) == set(claims.CHAPTERS)


def test_each_claims_section_exists_in_its_built_chapter(ledger, html_dir):
    for chapter, rows in ledger.groupby("chapter"):
        ids = page(html_dir, chapter).ids
        missing = sorted(set(rows["section"]) - ids)
        assert missing == [], f"{chapter}: no section labelled {missing}"


def _plain(shown: str) -> str:
    """Text as compared: white space folded, apostrophes straight."""
    return " ".join(shown.replace("’", "'").split())


def _start(template: str) -> str:
    """The fixed words a reason starts with, before its first filled-in value, as printed."""
    return text.typographic(re.split(r"\{[^}]*\}", template)[0].strip())


def test_the_first_page_shows_every_claim_with_verdict_reason_evidence_and_link(ledger, html_dir):
    intro = page(html_dir, "intro")
    text = " ".join(intro.text.split())
    for claim in ledger.itertuples():
        assert claims.anchor(claim.claim_id) in intro.ids, claim.claim_id
        assert f"{claim.chapter}.html#{claim.section}" in intro.links, claim.claim_id
        assert claims.verdict_label(claim.kind, claim.verdict) in text
        assert _start(claim.reason) in text, claim.claim_id
        for source_id, _ in claim.evidence:
            assert f"data.html#src-{source_id}" in intro.links, (claim.claim_id, source_id)
    assert "{" not in text and "claim-" not in text


def test_the_scale_is_defined_above_the_ledger(html_dir):
    text = " ".join(page(html_dir, "intro").text.split())
    first_claim = text.index("Experience of Russia and Kazakhstan to be shared")
    for label in ["Correct", "Needs context", "Misleading", "Incorrect", "Unverified", "Accurately quoted",
                  "Misquoted", "Not rated"]:
        assert -1 < text.find(label) < first_claim, label


def test_a_chapter_shows_the_same_reason_as_the_first_page(ledger, html_dir):
    intro = " ".join(page(html_dir, "intro").text.split())
    for chapter, rows in ledger.groupby("chapter"):
        chapter_rows = [_plain(r["text"]) for r in page(html_dir, chapter).rows]
        for claim in rows.itertuples():
            shown = [t for t in chapter_rows if _plain(f"“{inner_quotes(claim.quote)}”") in t]
            assert len(shown) == 1, f"{claim.claim_id}: {len(shown)} rows in {chapter}"
            assert _plain(_start(claim.reason)) in shown[0] and _start(claim.reason) in intro


def test_a_reason_missing_a_value_is_refused():
    with pytest.raises(ValueError, match=r"reasons need \[.*'kz_growth'"):
        claims.fill_reasons("trade", {"growth_years": "x"})


def test_a_value_no_reason_uses_is_refused(ledger):
    texts = ledger.loc[ledger["chapter"] == "rivers", ["reason", "context"]].stack()
    names = set().union(*(claims.placeholders(t) for t in texts))
    values = {name: "1" for name in names} | {"surplus": "2"}
    with pytest.raises(ValueError, match=r"do not use \['surplus'\]"):
        claims.fill_reasons("rivers", values)


def test_quotes_are_checked_word_for_word_against_the_article_fingerprint():
    pairs = claims.fingerprint("The presidents of Russia and Kazakhstan met in Omsk for the second time.")
    assert claims.quote_in_fingerprint("met in Omsk for the second time", pairs)
    assert claims.quote_in_fingerprint("The presidents … met in Omsk", pairs)
    assert not claims.quote_in_fingerprint("met in Omsk for the third time", pairs)
    assert not claims.quote_in_fingerprint("met in Omsk … The presidents", pairs)  # parts in order


def test_the_book_links_to_the_pdf_and_the_data_package(html_dir):
    pdf = f"../{release.DOWNLOADS}/{release.PDF_NAME}"
    data_zip = f"../{release.DOWNLOADS}/{release.DATA_ZIP}"
    assert {pdf, data_zip} <= set(page(html_dir, "intro").links)
    assert data_zip in page(html_dir, "data").links
    published = html_dir / release.DOWNLOADS / release.PDF_NAME
    assert published.stat().st_size > 100_000 and published.read_bytes()[:5] == b"%PDF-"


def test_the_data_package_download_holds_every_described_file(html_dir):
    with zipfile.ZipFile(html_dir / release.DOWNLOADS / release.DATA_ZIP) as archive:
        names = set(archive.namelist())
        assert archive.testzip() is None
    described = {f"data/{r['path']}" for r in read_descriptor()["resources"]}
    assert "data/datapackage.json" in names and described <= names


def test_the_data_zip_is_reproducible(tmp_path):
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    release.write_data_zip(first)
    release.write_data_zip(second)
    assert first.read_bytes() == second.read_bytes()


def test_a_quotation_inside_a_claim_takes_single_marks():
    assert inner_quotes('the "stitching" of the border') == "the ‘stitching’ of the border"


def _article_pairs() -> list[str]:
    return json.loads((ROOT / "data" / "article_fingerprint.json").read_text(encoding="utf-8"))["pairs"]


def _quoted_passages(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    prose = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    prose = re.sub(r"^> ?", "", prose, flags=re.M)  # a block quotation's markers are not words
    return re.findall(r'"([^"]+)"', prose)


def _in_article(passage: str, pairs: list[str]) -> bool:
    """Word for word, allowing the capital a quotation takes or drops at the start of a sentence."""
    first = passage[:1]
    return any(claims.quote_in_fingerprint(f"{case}{passage[1:]}", pairs)
               for case in (first.lower(), first.upper()))


def _echoes_the_article(passage: str, pairs: list[str]) -> bool:
    """Five words in a row as the article has them: the passage is meant as the article's words."""
    runs = {tuple(pairs[i : i + 4]) for i in range(len(pairs) - 3)}
    own = claims.fingerprint(passage)
    return any(tuple(own[i : i + 4]) in runs for i in range(len(own) - 3))


def test_a_chapter_quotes_the_article_word_for_word():
    # A quotation that reuses the article's words in another order is a misquotation (the trade
    # chapter once had "has grown 3.5 times over the past 15 years" for the article's "over the
    # past 15 years, cross-border trade has grown 3.5 times").
    pairs = _article_pairs()
    checked, wrong = 0, []
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        for passage in _quoted_passages(notebook):
            if _echoes_the_article(passage, pairs):
                checked += 1
                if not _in_article(passage, pairs):
                    wrong.append(f"{notebook.name}: {passage}")
    assert checked >= 10 and wrong == []


def test_a_reordered_quotation_of_the_article_is_caught():
    pairs = _article_pairs()
    reordered = "has grown 3.5 times over the past 15 years and now amounts to more than 70%"
    assert _echoes_the_article(reordered, pairs) and not _in_article(reordered, pairs)


def test_evidence_from_the_statistics_quotes_the_published_values(ledger):
    """A passage that cites an official series states its values as the series has them: each
    "Exports: 2003 1,967,740.4; 2018 ..." matches Kazakhstan's extract for Russia to the digits shown."""
    from rukz import official

    data.data_inputs({name: data.fingerprint(data.resource(name))
                      for name in ("claims", "claim_evidence", *official.EXTRACTS.values())})
    flows = official.partner_flows()
    publishers = {source_id: publisher for publisher, source_id in official.SOURCE_IDS.items()}
    checked = 0
    for claim in ledger.itertuples():
        for source_id, passage in claim.evidence:
            if source_id not in publishers:
                continue
            partner = "RUS" if "partner Russian Federation" in passage else None
            assert partner, f"{claim.claim_id}: the passage names no partner: {passage}"
            for flow, values in re.findall(r"(Exports|Imports): (.*?)(?=Exports:|Imports:|$)", passage):
                for year, shown in re.findall(r"(\d{4}) ([\d,]+(?:\.\d+)?)", values):
                    row = flows[(flows["publisher"] == publishers[source_id]) & (flows["partner"] == partner)
                                & (flows["flow"] == flow.lower()) & (flows["year"] == int(year))]
                    assert len(row) == 1, (claim.claim_id, flow, year)
                    digits = len(shown.split(".")[1]) if "." in shown else 0
                    published = round(row["usd_mn"].iloc[0] * 1000, digits)
                    assert published == float(shown.replace(",", "")), (claim.claim_id, flow, year, published)
                    checked += 1
    assert checked >= 4, "the growth claim's evidence gives both flows at both ends of the span"
    data.data_inputs({name: data.fingerprint(data.resource(name)) for name in ("claims", "claim_evidence")})

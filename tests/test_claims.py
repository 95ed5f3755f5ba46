"""The claims ledger: every claim has a verdict, a reason filled by its chapter, and a link that
resolves; the first page shows them all; the site publishes the PDF and the data package."""

import re
import zipfile

import pytest
from test_links import _Links

from rukz import claims, data, release
from rukz.data import read_descriptor

ARTICLE_CLAIMS_REQUIRED = 18


class _Page(_Links):
    """The link checker's ids and links of one built page, plus the text and links of each table row."""

    def __init__(self):
        super().__init__()
        self.rows, self._row = [], None

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag == "a" and self._row is not None and dict(attrs).get("href"):
            self._row["links"].append(dict(attrs)["href"])
        if tag == "tr":
            self._row = {"text": "", "links": []}

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._row is not None:
            self._row["text"] += data


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


def test_every_claim_has_a_verdict_on_the_scale_and_evidence(ledger):
    assert len(ledger) >= ARTICLE_CLAIMS_REQUIRED
    assert ledger["verdict"].notna().all() and ledger["verdict"].isin(claims.VERDICTS).all()
    assert ledger["reason"].str.strip().str.len().gt(0).all()
    assert ledger["sources"].map(lambda ids: isinstance(ids, list) and len(ids) > 0).all(), \
        ledger.loc[ledger["sources"].isna(), "claim_id"].tolist()


def test_each_claim_is_checked_in_a_chapter_of_the_book(ledger):
    assert set(ledger["chapter"]) == set(claims.CHAPTERS)


def test_each_claims_section_exists_in_its_built_chapter(ledger, html_dir):
    for chapter, rows in ledger.groupby("chapter"):
        ids = page(html_dir, chapter).ids
        missing = sorted(set(rows["section"]) - ids)
        assert missing == [], f"{chapter}: no section labelled {missing}"


def test_the_first_page_lists_every_claim_with_its_reason_and_a_working_link(ledger, html_dir):
    intro = page(html_dir, "intro")
    for claim in ledger.itertuples():
        rows = [r for r in intro.rows if claim.quote[:60] in " ".join(r["text"].split())]
        assert len(rows) == 1, f"{claim.claim_id}: {len(rows)} rows on the first page"
        row = rows[0]
        assert claim.verdict in row["text"]
        assert f"{claim.chapter}.html#{claim.section}" in row["links"], (claim.claim_id, row["links"])
        # The reason is the chapter's text: its words are there and no placeholder is left over.
        fixed_words = re.split(r"\{[^}]*\}", claim.reason)[0].strip()
        assert fixed_words and fixed_words in " ".join(row["text"].split()), claim.claim_id
        assert "{" not in row["text"] and "claim-" not in row["text"]


def test_a_chapter_shows_the_same_reason_as_the_first_page(ledger, html_dir):
    intro = " ".join(row["text"] for row in page(html_dir, "intro").rows)
    for chapter, rows in ledger.groupby("chapter"):
        chapter_rows = [r["text"] for r in page(html_dir, chapter).rows]
        for claim in rows.itertuples():
            shown = [t for t in chapter_rows if claim.quote[:60] in " ".join(t.split())]
            assert len(shown) == 1, f"{claim.claim_id}: {len(shown)} rows in {chapter}"
            # The chapter's row ends with reason and sources; the reason's start must match the intro.
            start = re.split(r"\{[^}]*\}", claim.reason)[0].strip()
            assert start in " ".join(shown[0].split()) and start in " ".join(intro.split())


def test_a_reason_missing_a_value_is_refused():
    with pytest.raises(ValueError, match=r"reasons need \[.*'kz_growth'"):
        claims.fill_reasons("trade", {"growth_years": "x"})


def test_a_value_no_reason_uses_is_refused(ledger):
    reasons = ledger.loc[ledger["chapter"] == "rivers", "reason"]
    names = set().union(*(claims.placeholders(r) for r in reasons))
    values = {name: "1" for name in names} | {"surplus": "2"}
    with pytest.raises(ValueError, match=r"do not use \['surplus'\]"):
        claims.fill_reasons("rivers", values)


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

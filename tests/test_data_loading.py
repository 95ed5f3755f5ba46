"""Bad input is stopped with a message naming file, line and column, and nothing is lost.

Each case corrupts a temporary copy of data/; the real files must stay byte-identical.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from rukz import data

DATA = ROOT / "data"


def digest_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", autouse=True)
def originals_stay_byte_identical():
    before = digest_tree(DATA)
    yield
    assert digest_tree(DATA) == before, "a test changed the real data files"


@pytest.fixture
def copy(tmp_path) -> Path:
    """A scratch project root holding a copy of data/."""
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path


def validate(root: Path) -> None:
    data.validate(root / "data" / "datapackage.json")


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def drop_column(path: Path, name: str) -> None:
    import csv
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    index = rows[0].index(name)
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows([r[:index] + r[index + 1:] for r in rows])


def forums(root: Path) -> Path:
    return root / "data" / "forums.csv"


def wits_exports(root: Path) -> Path:
    return root / "data" / "official" / "wits" / "wits_kz_exports_by_partner.csv"


def statements(root: Path) -> Path:
    return root / "data" / "trade_statements.csv"


# Each case: how to corrupt the copy, and what the message must say (a regular expression).
CASES = {
    "missing file": (lambda r: forums(r).unlink(), r"forums\.csv: file is missing"),
    "empty file": (lambda r: forums(r).write_text(""), r"forums\.csv: file is empty"),
    "missing column": (lambda r: drop_column(forums(r), "city_kk"),
                       r"forums\.csv, line 1, column 'city_kk': column missing from the header"),
    "unexpected column": (lambda r: forums(r).write_text("".join(
        line + (",extra\n" if i == 0 else ",x\n") for i, line in
        enumerate(forums(r).read_text(encoding="utf-8").splitlines())), encoding="utf-8"),
        r"forums\.csv, line 1, column 'extra': unexpected column"),
    "row with a value too many": (lambda r: edit(forums(r), "No forum in 2004.", "No forum in 2004.,x"),
                                  r"forums\.csv, line 3: has 22 values where the header has 21"),
    "wrong type": (lambda r: edit(forums(r), ",2005,", ",2005a,"),
                   r"forums\.csv, line 3, column 'year': type error.*'2005a'"),
    "malformed date": (lambda r: edit(forums(r), "2005-05-17,2005-05-17", "2005-17-05,2005-05-17"),
                       r"forums\.csv, line 3, column 'date_start': type error.*'2005-17-05'"),
    "value out of range": (lambda r: edit(forums(r), ",2005,", ",1905,"),
                           r"forums\.csv, line 3, column 'year': constraint error.*minimum.*'1905'"),
    "value not allowed": (lambda r: edit(forums(r), ",Kazakhstan,", ",Kazakstan,"),
                          r"forums\.csv, line 4, column 'host_country': constraint error.*enum"),
    "required value missing": (lambda r: edit(forums(r), ",Omsk,Омск,", ",,Омск,"),
                               r"forums\.csv, line 2, column 'city': constraint error.*required"),
    "duplicate key": (lambda r: forums(r).write_text(
        forums(r).read_text(encoding="utf-8") + forums(r).read_text(encoding="utf-8").split("\n")[1]
        + "\n", encoding="utf-8"), r"forums\.csv, line 25.*primary ?key"),
    "unknown source id": (lambda r: edit(forums(r), ",kremlin-2005-05-17-22978,", ",kremlin-nope,"),
                          r"forums\.csv, line 3: foreign ?key error.*kremlin-nope"),
    "unknown forum in a link table": (
        lambda r: edit(r / "data" / "forum_sources.csv", "2005,held,", "2004,held,"),
        r"forum_sources\.csv, line \d+: foreign ?key error.*2004, held"),
    "checksum mismatch": (lambda r: edit(forums(r), "No theme found.", "No theme was found."),
                          r"forums\.csv: its sha256 differs .* run `make checksums`"),
    "not UTF-8": (lambda r: forums(r).write_bytes(
        forums(r).read_bytes().replace("Омск".encode(), "Омск".encode("cp1251"), 1)),
        r"forums\.csv, line 2: is not valid UTF-8"),
    "byte-order mark": (lambda r: forums(r).write_bytes(b"\xef\xbb\xbf" + forums(r).read_bytes()),
                        r"forums\.csv, line 1: starts with a byte-order mark"),
    "wrong delimiter": (lambda r: forums(r).write_text(
        forums(r).read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"),
        r"forums\.csv, line 1: the header is not comma-delimited"),
    "unbalanced quote": (lambda r: edit(forums(r), "Omsk,Омск", '"Omsk,Омск'),
                         r"forums\.csv, line 2: malformed CSV"),
    "record split over lines": (lambda r: edit(forums(r), '"Joint statement', '"Joint\nstatement'),
                                r"forums\.csv: a quoted value spans several lines"),
    "broken GeoJSON": (lambda r: (r / "data" / "geo" / "regions.geojson").write_text("{oops"),
                       r"regions\.geojson, line 1: is not readable GeoJSON"),
    # Rules a Table Schema cannot express (data/datapackage.json, "rules"), checked by frictionless.
    "negative turnover level": (
        lambda r: edit(statements(r), "ts003,2004,full_year,,turnover,8,",
                       "ts003,2004,full_year,,turnover,-8,"),
        r"trade_statements\.csv, line 4, column 'value': rule broken: a turnover level in US dollars "
        r"cannot be negative"),
    "value_max below value": (
        lambda r: edit(statements(r), "turnover_growth,-25,-20,", "turnover_growth,-25,-30,"),
        r"trade_statements\.csv, line 29, column 'value_max': rule broken: value_max is below value"),
    "date_end before date_start": (
        lambda r: edit(forums(r), "2005-05-17,2005-05-17", "2005-05-17,2005-05-16"),
        r"forums\.csv, line 3, column 'date_end': rule broken: date_end is before date_start"),
    "full-year figure stated within its year": (
        lambda r: edit(statements(r), "Chelyabinsk\",2005-05-17,", "Chelyabinsk\",2004-05-17,"),
        r"trade_statements\.csv, line 4, column 'statement_date': rule broken: a full-year figure "
        r"must be stated after the year it describes"),
    "two used values for one year and side": (
        lambda r: edit(statements(r), "Annual figure last year was nearly 13 billion,false,",
                       "Annual figure last year was nearly 13 billion,true,"),
        r"trade_statements\.csv, line 10, column 'used': rule broken: exactly one full-year value per "
        r"year and reporting side is marked used \(2 rows marked used for year=2006, "
        r"reporting_side=Russia"),
    "cited source without a title": (
        lambda r: edit(r / "data" / "sources.csv",
                       "Speech at the Forum of Border Regions of Russia and Kazakhstan",
                       "[headline not captured]"),
        r"sources\.csv, line 2, column 'title': rule broken: every source that a row cites has a real "
        r"title"),
    # The claims ledger: the scale, the evidence, the article's own words.
    "reason with a typed number": (
        lambda r: edit(r / "data" / "claims.csv", "Omsk hosted the first forum in {first_year}",
                       "Omsk hosted the first forum in 2003"),
        r"claims\.csv, line 5, column 'reason': constraint error.*pattern"),
    "claim checked outside its chapter": (
        lambda r: edit(r / "data" / "claims.csv", ",forums,forums-omsk-2019,The presidents",
                       ",forums,trade-omsk-2019,The presidents"),
        r"claims\.csv, line 5, column 'section': rule broken: the section must be in the chapter"),
    "claim without a verdict": (
        lambda r: edit(r / "data" / "claims.csv", "time,the article,article,false,fact,correct,",
                       "time,the article,article,false,fact,,"),
        r"claims\.csv, line 5, column 'verdict': constraint error.*required"),
    "verdict off the scale for its kind": (
        lambda r: edit(r / "data" / "claims.csv", ",expert,false,opinion,not_rated,\"A metaphor",
                       ",expert,false,opinion,correct,\"A metaphor"),
        r"claims\.csv, line 10, column 'verdict': rule broken: the verdict is not on the scale for the "
        r"claim.s kind"),
    "claim without evidence": (
        lambda r: (r / "data" / "claim_evidence.csv").write_text("".join(
            line for line in (r / "data" / "claim_evidence.csv").read_text(encoding="utf-8")
            .splitlines(keepends=True) if not line.startswith("forum-tokayev-first,")), encoding="utf-8"),
        r"claims\.csv, line 18, column 'claim_id': rule broken: every claim needs evidence"),
    "quote that is not in the article": (
        lambda r: edit(r / "data" / "claims.csv", "met in Omsk for the second time",
                       "met in Omsk for the third time"),
        r"claims\.csv, line 5, column 'quote': rule broken: the quote is not in the article word for word"),
    "two claims with the same quote": (
        lambda r: edit(r / "data" / "claims.csv",
                       "It was the first time for Kazakhstan's second president Kassym-Zhomart Tokayev",
                       "The presidents of Russia and Kazakhstan met in Omsk for the second time"),
        r"claims\.csv, line 18, column 'quote': unique error: the same as in the row at position 5"),
    "evidence for an unknown claim": (
        lambda r: edit(r / "data" / "claim_evidence.csv", "forum-second-omsk,", "forum-second-omks,"),
        r"claim_evidence\.csv, line 8: foreign ?key error.*forum-second-omks"),
    # Official statistics kept as they came: what the description says the extract is.
    "extract in another unit than described": (
        lambda r: edit(wits_exports(r).with_suffix(".json"), '"unit": "thousand USD"',
                       '"unit": "million USD"'),
        r"wits_kz_exports_by_partner\.json, line 9, column 'unit': rule broken: the unit is 'million USD', "
        r"but the extract is described as 'thousand USD'"),
    "extract of the other flow": (
        lambda r: wits_exports(r).with_suffix(".json").write_bytes(
            wits_exports(r).with_name("wits_kz_imports_by_partner.json").read_bytes()),
        r"wits_kz_exports_by_partner\.json, line 6, column 'indicator_name': rule broken: "
        r"the metadata do not describe exports"),
    "extract of another reporter": (
        lambda r: edit(wits_exports(r).with_suffix(".json"), '"geography": "Kazakhstan (national)"',
                       '"geography": "Uzbekistan (national)"'),
        r"wits_kz_exports_by_partner\.json, line 11, column 'geography': rule broken: the metadata do not "
        r"name the reporter KAZ"),
    "extract year outside its description": (
        lambda r: edit(wits_exports(r), "2022-12-31,national,ZWE,", "2024-12-31,national,ZWE,"),
        r"wits_kz_exports_by_partner\.csv, line 3332, column 'date': rule broken: the extract does not match "
        r"its description.*year 2024 is outside the years the file is described to cover \(1995–2023\)"),
    "extract with a year and partner twice": (
        lambda r: edit(wits_exports(r), "2018-12-31,national,RUS,Russian Federation,5279873.69115,level",
                       "2018-12-31,national,RUS,Russian Federation,5279873.69115,level\r\n"
                       "2018-12-31,national,RUS,Russian Federation,5279873.69115,level"),
        r"wits_kz_exports_by_partner\.csv, line 2599.*primary ?key"),
    "extract with a negative value": (
        lambda r: edit(wits_exports(r), "RUS,Russian Federation,5279873.69115",
                       "RUS,Russian Federation,-5279873.69115"),
        r"wits_kz_exports_by_partner\.csv, line 2598, column 'value': constraint error.*minimum"),
    "place with one coordinate": (
        lambda r: edit(r / "data" / "places.csv", ",Kazakhstan,51.27,51.34,", ",Kazakhstan,51.27,,"),
        r"places\.csv, line 2, column 'lon': rule broken: a place has both coordinates or neither"),
    "period that ends before it starts": (
        lambda r: edit(r / "data" / "forum_context.csv", ",2021,2027,", ",2027,2021,"),
        r"forum_context\.csv, line \d+, column 'period_to': rule broken: a period cannot end before"),
    "cargo year without its basis": (
        lambda r: edit(r / "data" / "river_cargo.csv", "kz-river-2023,2023,2023,stated,",
                       "kz-river-2023,2023,2023,,"),
        r"river_cargo\.csv, line 2, column 'year_basis': rule broken: a row with a year says whether"),
    "invalid description": (lambda r: edit(r / "data" / "datapackage.json", '"type": "integer"',
                                           '"type": "integr"'),
                            r"datapackage\.json: the description is not a valid data package"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_stopped_with_file_line_and_column(copy, case):
    corrupt, message = CASES[case]
    corrupt(copy)
    with pytest.raises(data.DataError, match=message):
        validate(copy)


def test_there_are_at_least_twelve_kinds_of_bad_input():
    assert len(CASES) >= 12


def test_the_real_data_is_valid():
    data.validate()


def test_tables_load_with_their_types():
    forums = data.read_table(data.resource("forums"))
    assert str(forums["year"].dtype) == "Int64"
    assert str(forums["date_start"].dtype).startswith("datetime64")
    assert forums["status"].isin(["held", "postponed", "planned"]).all()
    assert forums["edition"].isna().sum() == 1  # the postponed 2020 edition has no number


def test_every_source_is_cited_by_some_row():
    # Foreign keys guarantee every cited source exists; this checks the converse.
    sources = set(data.read_table(data.resource("sources"))["source_id"])
    cited = set(data.cited_source_ids(data.resources()))
    assert data.source_columns(data.resource("forums")) == ["source_id"]
    assert sources - cited == set()


def test_one_used_value_per_year_and_side_with_a_reason():
    statements = data.read_table(data.resource("trade_statements"))
    used = statements[statements["used"]]
    assert not used.duplicated(["year", "reporting_side"]).any()
    assert (used["period"] == "full_year").all() and used["why"].notna().all()


def test_build_stops_with_a_one_screen_message(copy):
    edit(forums(copy), ",2005,", ",2005a,")
    env = {**os.environ, "RUKZ_ROOT": str(copy)}
    done = subprocess.run([sys.executable, "-m", "rukz.validate"], capture_output=True, text=True,
                          env=env)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) <= 12 and "Traceback" not in done.stderr
    assert any("forums.csv, line 3, column 'year'" in line for line in lines)


def test_checksums_are_recorded_for_every_file():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for entry in descriptor["resources"]:
        path = DATA / entry["path"]
        assert entry["hash"] == f"sha256:{data.sha256(path)}", entry["name"]


def test_description_lists_every_data_file():
    described = {e["path"] for e in json.loads((DATA / "datapackage.json").read_text())["resources"]}
    on_disk = {str(p.relative_to(DATA)) for p in DATA.rglob("*")
               if p.suffix in {".csv", ".geojson", ".json"} and p.name != "datapackage.json"}
    assert on_disk == described


def test_a_chapter_must_declare_current_fingerprints():
    data.data_inputs({"cities": "0" * 64})
    with pytest.raises(data.StaleFingerprint, match=r"make fingerprints"):
        data.load("cities")
    data.data_inputs({})
    with pytest.raises(data.StaleFingerprint, match=r"not declared"):
        data.load("cities")
    with pytest.raises(data.StaleFingerprint, match=r"helper package changed"):
        data.data_inputs({}, helpers="0" * 64)


def test_a_data_error_shows_as_one_line_in_notebooks():
    error = data.DataError(DATA / "forums.csv", "a rule", row=3, column="year")
    assert error._render_traceback_() == ["DataError: file data/forums.csv, line 3, column 'year': a rule"]

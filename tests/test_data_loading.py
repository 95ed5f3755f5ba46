"""The loader stops bad input with a message naming file, line and column, and changes nothing.

Each case corrupts a temporary copy of data/; the real files must stay byte-identical.
"""

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from rukz import data

DATA = ROOT / "data"


def digest_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def originals():
    before = digest_tree(DATA)
    yield
    assert digest_tree(DATA) == before, "a test changed the real data files"


@pytest.fixture
def copy(tmp_path, originals):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    data._descriptor.cache_clear()
    yield target
    data._descriptor.cache_clear()


def read(copy: Path, name: str):
    return data.read_table(data.resource(name, copy / "datapackage.json"))


def rewrite_line(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_real_tables_load_with_their_types():
    forums = data.read_table(data.resource("forums"))
    assert str(forums["year"].dtype) == "Int64"
    assert str(forums["date_start"].dtype).startswith("datetime64")
    assert forums["status"].isin(["held", "postponed", "planned"]).all()


def test_missing_file(copy):
    (copy / "forums.csv").unlink()
    with pytest.raises(data.DataError, match=r"forums\.csv: file is missing"):
        read(copy, "forums")


def test_empty_file(copy):
    (copy / "forums.csv").write_text("")
    with pytest.raises(data.DataError, match=r"forums\.csv: file is empty"):
        read(copy, "forums")


def test_value_out_of_range_names_line_and_column(copy):
    rewrite_line(copy / "forums.csv", 2, ",2003,", ",1903,")
    with pytest.raises(data.DataError, match=r"forums\.csv, line 2, column 'year': 1903 is below"):
        read(copy, "forums")


def test_wrong_type_names_line_and_column(copy):
    rewrite_line(copy / "forums.csv", 3, ",2005,", ",2005a,")
    with pytest.raises(data.DataError, match=r"line 3, column 'year': '2005a' is not a valid integer"):
        read(copy, "forums")


def test_value_outside_allowed_set(copy):
    rewrite_line(copy / "forums.csv", 4, ",Kazakhstan,", ",Kazakstan,")
    with pytest.raises(data.DataError, match=r"line 4, column 'host_country'"):
        read(copy, "forums")


def test_missing_column(copy):
    path = copy / "geo" / "cities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("name,name_ru,", "name,", 1))
    with pytest.raises(data.DataError, match=r"cities\.csv, line 1: header differs.*'name_ru'"):
        read(copy, "cities")


def test_duplicate_key(copy):
    path = copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")
    with pytest.raises(data.DataError, match=rf"line {len(lines) + 1}, column 'source_id': duplicate"):
        read(copy, "sources")


def test_not_utf8(copy):
    path = copy / "forums.csv"
    path.write_bytes(path.read_bytes().replace("Омск".encode(), "Омск".encode("cp1251"), 1))
    with pytest.raises(data.DataError, match=r"forums\.csv, line \d+: is not valid UTF-8"):
        read(copy, "forums")


def test_unknown_resource(copy):
    with pytest.raises(data.DataError, match=r"no resource named 'forum'"):
        data.resource("forum", copy / "datapackage.json")


def test_chapter_checksum_must_match(copy, monkeypatch):
    data.data_inputs({"cities": "0" * 64})
    with pytest.raises(data.StaleFingerprint, match=r"make fingerprints"):
        data.load("cities")
    data.data_inputs({})
    with pytest.raises(data.StaleFingerprint, match=r"not declared"):
        data.load("cities")


def test_descriptor_lists_every_data_file():
    described = {e["path"] for e in json.loads((DATA / "datapackage.json").read_text())["resources"]}
    on_disk = {str(p.relative_to(DATA)) for p in DATA.rglob("*")
               if p.suffix in {".csv", ".geojson"}}
    assert on_disk == described

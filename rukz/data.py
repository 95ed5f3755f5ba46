"""Loading the report's data: every file in ``data/`` is described in ``data/datapackage.json``.

``load(name)`` reads one tabular resource, checks it against its schema and returns a typed
DataFrame; ``load_geojson(name)`` does the same for map layers. A chapter first declares the
data it reads, with checksums, in ``data_inputs({...})``: the execution cache keys on code cells
only, so the checksums written into that cell (by ``make fingerprints``) are what makes a changed
data file re-execute the chapters that read it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from .paths import DATA_DIR, DATAPACKAGE


class DataError(Exception):
    """A data file broke its description. The message names the file, row, column and rule."""

    def __init__(self, path: Path | str, rule: str, row: int | None = None, column: str | None = None):
        self.path, self.rule, self.row, self.column = Path(path), rule, row, column
        where = [f"file {self.path}"]
        if row is not None:
            where.append(f"line {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {rule}")


class StaleFingerprint(DataError):
    """A chapter's declared checksum no longer matches its data file."""


@dataclass(frozen=True)
class Resource:
    """One file of the data package, with its schema as the descriptor gives it."""

    name: str
    path: Path
    format: str
    fields: tuple[dict, ...]
    primary_key: tuple[str, ...]

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]


@cache
def _descriptor(datapackage: Path = DATAPACKAGE) -> dict:
    try:
        return json.loads(datapackage.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DataError(datapackage, f"cannot read the data package description ({error})") from None


def resource(name: str, datapackage: Path = DATAPACKAGE) -> Resource:
    """The description of resource ``name``; a clear error if there is none."""
    for entry in _descriptor(datapackage)["resources"]:
        if entry["name"] == name:
            schema = entry.get("schema", {})
            key = schema.get("primaryKey", [])
            return Resource(
                name=name,
                path=datapackage.parent / entry["path"],
                format=entry.get("format", Path(entry["path"]).suffix.lstrip(".")),
                fields=tuple(schema.get("fields", [])),
                primary_key=tuple([key] if isinstance(key, str) else key),
            )
    known = ", ".join(e["name"] for e in _descriptor(datapackage)["resources"])
    raise DataError(datapackage, f"no resource named '{name}' (known: {known})")


def sha256(path: Path) -> str:
    """Checksum of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- checksums a chapter declares -----------------------------------------------------------

_declared: dict[str, str] = {}


def helpers_checksum() -> str:
    """One checksum of this package's code: a change to it must re-execute every chapter too."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def data_inputs(checksums: dict[str, str], helpers: str | None = None) -> None:
    """Declare the resources a chapter reads and their sha256, and the helper code's checksum.

    ``load`` holds the files to the declared checksums; a stale helper checksum fails at once.
    """
    if helpers is not None and helpers != helpers_checksum():
        raise StaleFingerprint(Path(__file__).parent, "the helper package changed since the chapter's "
                               "data_inputs cell was written; run `make fingerprints`")
    _declared.clear()
    _declared.update(checksums)


def _check_declared(res: Resource) -> None:
    if res.name not in _declared:
        raise StaleFingerprint(
            res.path, f"resource '{res.name}' is read but not declared in data_inputs(); "
            "run `make fingerprints`"
        )
    actual = sha256(res.path)
    if _declared[res.name] != actual:
        raise StaleFingerprint(
            res.path, f"checksum {actual[:12]}… differs from the {_declared[res.name][:12]}… "
            "declared in the chapter; run `make fingerprints` so the chapter re-executes"
        )


# --- reading and checking a table ----------------------------------------------------------

_PANDAS_TYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}


def _read_rows(res: Resource) -> tuple[list[str], list[list[str]]]:
    if not res.path.exists():
        raise DataError(res.path, "file is missing")
    raw = res.path.read_bytes()
    if not raw.strip():
        raise DataError(res.path, "file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(res.path, "is not valid UTF-8", row=line) from None
    rows = list(csv.reader(text.splitlines(keepends=True), strict=True))
    return rows[0], rows[1:]


def _convert(value: str, field: dict, res: Resource, line: int):
    kind = field.get("type", "string")
    if value == "":
        if field.get("constraints", {}).get("required"):
            raise DataError(res.path, "a value is required", row=line, column=field["name"])
        return None
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
        if kind == "boolean":
            return {"true": True, "false": False}[value]
        if kind == "date":
            return date.fromisoformat(value)
    except (ValueError, KeyError):
        raise DataError(res.path, f"'{value}' is not a valid {kind}", row=line,
                        column=field["name"]) from None
    return value


def _check_constraints(value, field: dict, res: Resource, line: int) -> None:
    rules = field.get("constraints", {})
    if value is None:
        return
    if "enum" in rules and value not in rules["enum"]:
        raise DataError(res.path, f"'{value}' is not one of {rules['enum']}", row=line,
                        column=field["name"])
    if "pattern" in rules and not re.fullmatch(rules["pattern"], str(value)):
        raise DataError(res.path, f"'{value}' does not match the pattern {rules['pattern']}",
                        row=line, column=field["name"])
    if "minimum" in rules and value < rules["minimum"]:
        raise DataError(res.path, f"{value} is below the minimum {rules['minimum']}", row=line,
                        column=field["name"])
    if "maximum" in rules and value > rules["maximum"]:
        raise DataError(res.path, f"{value} is above the maximum {rules['maximum']}", row=line,
                        column=field["name"])


def read_table(res: Resource) -> pd.DataFrame:
    """Read and check one CSV resource against its schema, without the chapter checksum."""
    header, rows = _read_rows(res)
    if header != res.field_names:
        missing = [c for c in res.field_names if c not in header]
        extra = [c for c in header if c not in res.field_names]
        raise DataError(res.path, f"header differs from the schema (missing: {missing}, "
                        f"unexpected: {extra})", row=1)
    columns: dict[str, list] = {name: [] for name in header}
    seen_keys: dict[tuple, int] = {}
    for offset, row in enumerate(rows):
        line = offset + 2
        if len(row) != len(header):
            raise DataError(res.path, f"has {len(row)} values where the header has {len(header)}",
                            row=line)
        record = {}
        for value, field in zip(row, res.fields, strict=True):
            converted = _convert(value, field, res, line)
            _check_constraints(converted, field, res, line)
            record[field["name"]] = converted
            columns[field["name"]].append(converted)
        if res.primary_key:
            key = tuple(record[k] for k in res.primary_key)
            if key in seen_keys:
                raise DataError(res.path, f"duplicate key {key} (first on line {seen_keys[key]})",
                                row=line, column=",".join(res.primary_key))
            seen_keys[key] = line
    frame = pd.DataFrame(columns)
    for field in res.fields:
        kind = field.get("type", "string")
        if kind == "date":
            frame[field["name"]] = pd.to_datetime(frame[field["name"]])
        else:
            frame[field["name"]] = frame[field["name"]].astype(_PANDAS_TYPES[kind])
    return frame


def load(name: str) -> pd.DataFrame:
    """The checked, typed table ``name`` from ``data/``; raises DataError naming file, row, column."""
    res = resource(name)
    _check_declared(res)
    return read_table(res)


def load_geojson(name: str) -> dict:
    """A map layer from ``data/`` as a GeoJSON FeatureCollection dict."""
    res = resource(name)
    _check_declared(res)
    try:
        collection = json.loads(res.path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError(res.path, f"is not readable GeoJSON ({error})") from None
    if collection.get("type") != "FeatureCollection":
        raise DataError(res.path, "is not a GeoJSON FeatureCollection")
    return collection


def data_path(name: str) -> Path:
    """The file behind resource ``name`` (for download links)."""
    return resource(name).path


__all__ = [
    "DATA_DIR",
    "DataError",
    "StaleFingerprint",
    "data_inputs",
    "data_path",
    "load",
    "load_geojson",
    "read_table",
    "resource",
    "sha256",
]

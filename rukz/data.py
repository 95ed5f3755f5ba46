"""Loading the report's data: every file in ``data/`` is described in ``data/datapackage.json``.

The description is a Frictionless Data Package: per resource a title, licence, sources, sha256 and,
for tables, a Table Schema (types, required values, allowed values, ranges, keys, foreign keys).
``validate()`` checks the whole package with the ``frictionless`` library, after a strict gate on
the CSV format itself (UTF-8 without BOM, comma-delimited, balanced quotes, one record per line),
and raises one :class:`DataError` naming the file, the line, the column and the rule broken.

``load(name)`` validates, then returns a typed DataFrame. A chapter first declares what it reads,
with fingerprints, in ``data_inputs({...})``: the execution cache keys on code cells only, so
the fingerprints written into that cell (by ``make fingerprints``) are what makes a changed data
file, or a changed description of it, re-execute the chapters that read it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .paths import DATAPACKAGE, ROOT


class DataError(Exception):
    """A data file broke its description. The message names the file, line, column and rule."""

    def __init__(self, path: Path | str, rule: str, row: int | None = None,
                 column: str | None = None, more: int = 0):
        self.path, self.rule, self.row, self.column = Path(path), rule, row, column
        where = [f"file {_shown_path(self.path)}"]
        if row is not None:
            where.append(f"line {row}")
        if column is not None:
            where.append(f"column '{column}'")
        tail = f" (and {more} more problem{'s' if more > 1 else ''} in the data)" if more else ""
        super().__init__(f"{', '.join(where)}: {rule}{tail}")

    def _render_traceback_(self) -> list[str]:
        # IPython (and so nbval and the book build) shows this instead of a long traceback.
        return [f"DataError: {self}"]


class StaleFingerprint(DataError):
    """A chapter's declared fingerprint no longer matches its data or the helper code."""


def _shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT.resolve()))
    except ValueError:
        return str(path)


# --- the description --------------------------------------------------------------------------

@dataclass(frozen=True)
class Resource:
    """One file of the data package, with its description."""

    name: str
    path: Path
    descriptor: dict

    @property
    def is_table(self) -> bool:
        return "schema" in self.descriptor

    @property
    def fields(self) -> list[dict]:
        return self.descriptor.get("schema", {}).get("fields", [])

    @property
    def recorded_sha256(self) -> str | None:
        recorded = self.descriptor.get("hash", "")
        return recorded.removeprefix("sha256:") if recorded.startswith("sha256:") else None


def read_descriptor(datapackage: Path = DATAPACKAGE) -> dict:
    """The package description as a dict; a clear error if it is missing or not JSON."""
    try:
        return json.loads(datapackage.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError(datapackage, f"cannot read the data package description ({error})") from None


def resources(datapackage: Path = DATAPACKAGE) -> list[Resource]:
    """Every resource of the package, in the order the description lists them."""
    descriptor = read_descriptor(datapackage)
    return [Resource(e["name"], datapackage.parent / e["path"], e) for e in descriptor["resources"]]


def resource(name: str, datapackage: Path = DATAPACKAGE) -> Resource:
    """The description of resource ``name``; a clear error if there is none."""
    found = {r.name: r for r in resources(datapackage)}
    if name not in found:
        raise DataError(datapackage, f"no resource named '{name}' (known: {', '.join(found)})")
    return found[name]


def sha256(path: Path) -> str:
    """Checksum of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _canonical(descriptor: dict) -> bytes:
    # The recorded hash and size describe the file, not its meaning: leave them out.
    meaning = {k: v for k, v in descriptor.items() if k not in {"hash", "bytes"}}
    return json.dumps(meaning, sort_keys=True, ensure_ascii=False).encode("utf-8")


def fingerprint(res: Resource) -> str:
    """What a chapter depends on for one resource: its bytes and its description (schema etc.)."""
    digest = hashlib.sha256(res.path.read_bytes() if res.path.exists() else b"")
    digest.update(b"\0" + _canonical(res.descriptor))
    return digest.hexdigest()


def package_fingerprint(datapackage: Path = DATAPACKAGE) -> str:
    """The package-level description (titles, licences, sources), without per-file checksums."""
    descriptor = read_descriptor(datapackage)
    descriptor["resources"] = [json.loads(_canonical(r)) for r in descriptor["resources"]]
    return hashlib.sha256(_canonical(descriptor)).hexdigest()


# --- the CSV format gate -------------------------------------------------------------------

def check_csv_format(res: Resource) -> None:
    """Strict CSV hygiene that a schema cannot express; frictionless would guess or skip these."""
    if not res.path.exists():
        raise DataError(res.path, "file is missing")
    raw = res.path.read_bytes()
    if not raw.strip():
        raise DataError(res.path, "file is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(res.path, "starts with a byte-order mark (BOM); save as UTF-8 without BOM", row=1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(res.path, f"is not valid UTF-8 (byte {raw[error.start]:#04x}); "
                        "save it as UTF-8", row=line) from None
    header_line = text.split("\n", 1)[0]
    if "," not in header_line and any(d in header_line for d in ";\t|"):
        raise DataError(res.path, "the header is not comma-delimited (found ';', tab or '|')", row=1)
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    width, records = None, 0
    try:
        for record in reader:
            records += 1
            if width is None:
                width = len(record)
            elif len(record) != width:
                raise DataError(res.path, f"has {len(record)} values where the header has {width}",
                                row=reader.line_num)
    except csv.Error as error:
        raise DataError(res.path, f"malformed CSV: {error} (an unbalanced quote?)",
                        row=reader.line_num) from None
    if records != len(text.splitlines()):
        raise DataError(res.path, "a quoted value spans several lines; keep one record per line "
                        "so that line numbers in messages are the file's own")


def check_header(res: Resource) -> None:
    """Name the missing or unexpected column: clearer than a positional label error."""
    header = next(csv.reader([res.path.read_text(encoding="utf-8").split("\n", 1)[0]]))
    expected = [f["name"] for f in res.fields]
    missing = [name for name in expected if name not in header]
    unexpected = [name for name in header if name not in expected]
    if missing:
        raise DataError(res.path, f"column missing from the header (expected: {', '.join(expected)})",
                        row=1, column=missing[0])
    if unexpected:
        raise DataError(res.path, "unexpected column: the description has no such field", row=1,
                        column=unexpected[0])
    if header != expected:
        raise DataError(res.path, f"columns are out of order (expected: {', '.join(expected)})", row=1)


def check_geojson(res: Resource) -> None:
    """A map layer must be readable GeoJSON: a FeatureCollection of features with geometry."""
    if not res.path.exists():
        raise DataError(res.path, "file is missing")
    try:
        collection = json.loads(res.path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError(res.path, f"is not readable GeoJSON ({error})",
                        row=getattr(error, "lineno", None)) from None
    if collection.get("type") != "FeatureCollection" or not collection.get("features"):
        raise DataError(res.path, "is not a non-empty GeoJSON FeatureCollection")


def read_json(res: Resource):
    """A JSON resource (metadata kept as it came, a fingerprint): readable, or a clear error."""
    if not res.path.exists():
        raise DataError(res.path, "file is missing")
    try:
        return json.loads(res.path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError(res.path, f"is not readable JSON ({error})",
                        row=getattr(error, "lineno", None)) from None


# --- validation with frictionless --------------------------------------------------------------

_RULES_LAST = {"hash-count", "byte-count"}  # report a content error before "the file changed"


def _as_data_error(res: Resource, error, more: int) -> DataError:
    if error.type == "hash-count":
        return DataError(res.path, "its sha256 differs from the one recorded in data/datapackage.json; "
                         "if you changed the file on purpose, run `make checksums`", more=more)
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None) or None
    if error.type.endswith("-label"):
        row = 1
    cell = getattr(error, "cell", None)
    value = f" (value '{cell}')" if cell not in (None, "") else ""
    return DataError(res.path, f"{error.title.lower()}: {error.note or error.description}{value}",
                     row=row, column=column, more=more)


def validate(datapackage: Path = DATAPACKAGE) -> None:
    """Check every file against the description; raise one DataError for the first problem."""
    # Imported here: only validation needs frictionless, and it takes a moment to import.
    from frictionless import FrictionlessException, Package

    package_resources = resources(datapackage)
    for res in package_resources:
        if res.is_table:
            check_csv_format(res)
            check_header(res)
        elif res.descriptor.get("format") == "geojson":
            check_geojson(res)
        elif res.descriptor.get("format") == "wdi":
            from .official import check_wdi_extract  # a World Bank download: preamble, then a table

            check_wdi_extract(res.path)
        else:
            read_json(res)
    try:
        report = Package(read_descriptor(datapackage), basepath=str(datapackage.parent)).validate()
    except FrictionlessException as error:
        reasons = "; ".join(r.message for r in getattr(error, "reasons", [])) or error.error.message
        raise DataError(datapackage, f"the description is not a valid data package: {reasons}") from None
    if report.valid:
        check_rules(package_resources, datapackage.parent)
        return
    by_name = {r.name: r for r in package_resources}
    problems = [(by_name[task.name], error) for task in report.tasks for error in task.errors]
    problems += [(None, error) for error in report.errors]
    if all(error.type in _RULES_LAST for _, error in problems):
        check_rules(package_resources, datapackage.parent)  # a broken rule says more than "the file changed"
    problems.sort(key=lambda p: p[1].type in _RULES_LAST)
    res, error = problems[0]
    if res is None:
        raise DataError(datapackage, f"the description is invalid: {error.message}")
    raise _as_data_error(res, error, more=len(problems) - 1)


# --- rules a Table Schema cannot express ------------------------------------------------------
# Declared per resource in data/datapackage.json under "rules" and checked with frictionless's own
# check mechanism: a row formula ({"column", "formula", "message"}), or one of the checks below
# ({"check": name, "column", ...}). Each failure names the file, the line and the column.

# A bracketed description is a title only in the bibliographic form "[Publisher, date: what it is]";
# "[headline not captured ...]" and the like are placeholders, not titles.
DESCRIPTION_TITLE = re.compile(r"^\[[^\[\]]+, [^\[\]]+: [^\[\]]+\]$")
PLACEHOLDER_WORDS = re.compile(r"not (captured|recorded|shown|found)|headline", re.I)


def is_placeholder_title(title: str | None) -> bool:
    """True for an empty title, a placeholder, or a bracket that is not a bibliographic description."""
    title = (title or "").strip()
    if not title:
        return True
    if title.startswith("["):
        return not DESCRIPTION_TITLE.match(title) or bool(PLACEHOLDER_WORDS.search(title))
    return False


def _checks():
    # Defined on first use: frictionless is imported only when validating.
    import attrs
    from frictionless import Check, errors

    @attrs.define(kw_only=True, repr=False)
    class OneUsedValue(Check):
        """Exactly one row marked ``flag`` in each group of rows that the ``where`` formula selects."""

        type = "one-used-value"
        Errors = [errors.RowError]
        flag: str
        group: list
        where: str = "True"
        seen: dict = attrs.field(factory=dict)

        def validate_row(self, row):
            import simpleeval

            if not simpleeval.EvalWithCompoundTypes(names=row).eval(self.where):
                return
            key = tuple(row[c] for c in self.group)
            first, used = self.seen.setdefault(key, [row.row_number, []])
            if row[self.flag]:
                used.append(row.row_number)
            yield from ()

        def validate_end(self):
            for key, (first, used) in self.seen.items():
                if len(used) != 1:
                    group = ", ".join(f"{c}={v}" for c, v in zip(self.group, key, strict=True))
                    yield errors.RowError(note=f"{len(used)} rows marked {self.flag} for {group}; "
                                          "exactly one must be", cells=[],
                                          row_number=used[1] if len(used) > 1 else first)

    @attrs.define(kw_only=True, repr=False)
    class CitedSourceHasTitle(Check):
        """Every source that a table cites has a real title, not a placeholder."""

        type = "cited-source-has-title"
        Errors = [errors.RowError]
        cited: list
        # Sources whose headline could not be read, listed in the description: a known gap, shown
        # on the data page. A new untitled source stops the build.
        known_untitled: list = attrs.field(factory=list)

        def validate_row(self, row):
            title = row["title"] or ""
            if row["source_id"] in self.known_untitled:
                return
            if row["source_id"] in self.cited and is_placeholder_title(title):
                yield errors.RowError.from_row(row, note="a cited source needs its real title")

    @attrs.define(kw_only=True, repr=False)
    class HasRowsIn(Check):
        """Every key of this table has at least one row in another table (e.g. evidence per claim)."""

        type = "has-rows-in"
        Errors = [errors.RowError]
        key: str
        other: str
        keys: set = attrs.field(factory=set)

        def validate_start(self):
            with Path(self.other).open(encoding="utf-8", newline="") as handle:
                self.keys = {row[self.key] for row in csv.DictReader(handle)}
            yield from ()

        def validate_row(self, row):
            if row[self.key] not in self.keys:
                yield errors.RowError.from_row(
                    row, note=f"no row in {Path(self.other).name} for {row[self.key]}")

    @attrs.define(kw_only=True, repr=False)
    class QuoteInText(Check):
        """Every quotation is in the text it quotes, checked against the text's word-pair fingerprint
        (the report does not hold the third-party text itself); "…" marks a cut."""

        type = "quote-in-text"
        Errors = [errors.RowError]
        column: str
        fingerprint: str
        pairs: list = attrs.field(factory=list)

        def validate_start(self):
            self.pairs = json.loads(Path(self.fingerprint).read_text(encoding="utf-8"))["pairs"]
            yield from ()

        def validate_row(self, row):
            from .claims import quote_in_fingerprint

            if not quote_in_fingerprint(row[self.column] or "", self.pairs):
                yield errors.RowError.from_row(row, note=f"not found word for word: {row[self.column]!r}")

    @attrs.define(kw_only=True, repr=False)
    class ExtractMatchesDescription(Check):
        """A statistics extract covers the years its description says, and no row names the
        reporter as its own partner (the metadata are compared by check_extract_metadata)."""

        type = "extract-matches-description"
        Errors = [errors.RowError]
        reporter: str
        years: list
        metadata: str = ""
        reporter_names: list = attrs.field(factory=list)
        flow: str = ""
        flow_words: list = attrs.field(factory=list)
        unit: str = ""

        def validate_row(self, row):
            year = row["date"].year
            if not self.years[0] <= year <= self.years[1]:
                yield errors.RowError.from_row(
                    row, note=f"year {year} is outside the years the file is described to cover "
                              f"({self.years[0]}–{self.years[1]})")
            elif row["item_code"] == self.reporter:
                yield errors.RowError.from_row(
                    row, note=f"the reporter {self.reporter} cannot be its own partner")

    return {"one_used_value": OneUsedValue, "cited_source_has_title": CitedSourceHasTitle,
            "has_rows_in": HasRowsIn, "quote_in_text": QuoteInText,
            "extract_matches_description": ExtractMatchesDescription}


def source_columns(res: Resource) -> list[str]:
    """The columns of a table that point into the source list (its foreign keys to 'sources')."""
    columns = []
    for key in res.descriptor.get("schema", {}).get("foreignKeys", []):
        if key.get("reference", {}).get("resource") == "sources":
            fields = key["fields"]
            columns += [fields] if isinstance(fields, str) else list(fields)
    return columns


def cited_source_ids(package_resources: list[Resource]) -> list[str]:
    """Every source id that a table other than the source list itself cites, in any column."""
    # A statistics extract names the source it is cited by (x-source-id in its description).
    cited: set[str] = {res.descriptor["x-source-id"] for res in package_resources
                       if "x-source-id" in res.descriptor}
    for res in package_resources:
        columns = source_columns(res) if res.is_table and res.name != "sources" else []
        if columns:
            with res.path.open(encoding="utf-8", newline="") as handle:
                cited |= {row[c] for row in csv.DictReader(handle) for c in columns if row[c]}
    return sorted(cited)


def check_extract_metadata(metadata: Path, *, reporter: str, reporter_names: list, flow: str,
                           flow_words: list, unit: str, **_rest) -> None:
    """The publisher's metadata kept beside an extract name the reporter, flow and unit that the
    extract's description declares; a mismatch names the metadata file, its line and key."""
    text = metadata.read_text(encoding="utf-8")
    meta = json.loads(text)

    def line_of(key: str) -> int | None:
        return next((i for i, line in enumerate(text.splitlines(), 1) if f'"{key}"' in line), None)

    keys = ("indicator_name", "description", "dataset_id", "indicator_id", "source_url")
    described = " ".join(str(meta.get(k, "")) for k in keys).lower()
    if meta.get("unit") != unit:
        raise DataError(metadata, f"rule broken: the unit is {meta.get('unit')!r}, but the extract is "
                        f"described as {unit!r}", row=line_of("unit"), column="unit")
    if not any(word.lower() in described for word in flow_words):
        raise DataError(metadata, f"rule broken: the metadata do not describe {flow} (none of "
                        f"{', '.join(flow_words)} in the indicator)", row=line_of("indicator_name"),
                        column="indicator_name")
    named = str(meta.get("geography", "")).lower()
    if not any(name.lower() in named for name in reporter_names):
        raise DataError(metadata, f"rule broken: the metadata do not name the reporter {reporter}",
                        row=line_of("geography"), column="geography")


def check_rules(package_resources: list[Resource], base: Path = DATAPACKAGE.parent) -> None:
    """Apply each resource's declared rules; raise one DataError for the first broken one.
    ``base`` is the data package's folder, against which paths named in rules resolve."""
    from frictionless import Checklist, checks
    from frictionless import Resource as FrictionlessResource

    custom = _checks()
    for res in package_resources:
        descriptor = {k: v for k, v in res.descriptor.items() if k not in {"hash", "bytes", "rules"}}
        descriptor["path"] = res.path.name
        if "schema" in descriptor:  # foreign keys were checked with the whole package above
            descriptor["schema"] = {k: v for k, v in descriptor["schema"].items() if k != "foreignKeys"}
        for rule in res.descriptor.get("rules", []):
            if "formula" in rule:
                check = checks.row_constraint(formula=rule["formula"])
            else:
                options = {k: v for k, v in rule.items() if k not in {"check", "column", "message"}}
                if rule["check"] == "cited_source_has_title":
                    options["cited"] = cited_source_ids(package_resources)
                if rule["check"] == "quote_in_text":
                    options["column"] = rule["column"]
                # Paths in a rule are relative to the data package, like the resources' own.
                for option in ("other", "fingerprint", "metadata"):
                    if option in options:
                        options[option] = str(base / options[option])
                if rule["check"] == "extract_matches_description":
                    check_extract_metadata(**{**options, "metadata": Path(options["metadata"])})
                check = custom[rule["check"]](**options)
            # One rule at a time, so that a failure is reported with its own column and message.
            report = FrictionlessResource(descriptor, basepath=str(res.path.parent)).validate(
                checklist=Checklist(checks=[check]))
            found = [e for task in report.tasks for e in task.errors] + list(report.errors)
            if found:
                error = found[0]
                detail = f" ({error.note})" if "check" in rule else ""
                raise DataError(res.path, f"rule broken: {rule['message']}{detail}",
                                row=getattr(error, "row_number", None), column=rule.get("column"),
                                more=len(found) - 1)


_validated: dict[Path, tuple] = {}


def _validate_once(datapackage: Path = DATAPACKAGE) -> None:
    # One validation per process while no file changes: a chapter loads several resources.
    state = tuple((p, p.stat().st_mtime_ns, p.stat().st_size)
                  for p in [datapackage, *(r.path for r in resources(datapackage))] if p.exists())
    if _validated.get(datapackage) != state:
        validate(datapackage)
        _validated[datapackage] = state


def update_checksums(datapackage: Path = DATAPACKAGE) -> list[str]:
    """Record each file's current sha256 and size in the description; returns what changed."""
    descriptor = read_descriptor(datapackage)
    changed = []
    for entry in descriptor["resources"]:
        path = datapackage.parent / entry["path"]
        wanted = {"hash": f"sha256:{sha256(path)}", "bytes": path.stat().st_size}
        if any(entry.get(k) != v for k, v in wanted.items()):
            entry.update(wanted)
            changed.append(entry["name"])
    if changed:
        datapackage.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                               encoding="utf-8")
    return changed


# --- what a chapter declares ----------------------------------------------------------------

_declared: dict[str, str] = {}


def helpers_checksum() -> str:
    """One checksum of this package's code: a change to it must re-execute every chapter too."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def data_inputs(fingerprints: dict[str, str], helpers: str | None = None) -> None:
    """Declare the resources a chapter reads with their fingerprints, and the helper code's checksum.

    ``load`` holds each resource to its declared fingerprint; a stale helper checksum fails at once.
    """
    if helpers is not None and helpers != helpers_checksum():
        raise StaleFingerprint(Path(__file__).parent, "the helper package changed since the chapter's "
                               "data_inputs cell was written; run `make fingerprints`")
    if "package" in fingerprints and fingerprints["package"] != package_fingerprint():
        raise StaleFingerprint(DATAPACKAGE, "the package description changed since the chapter's "
                               "data_inputs cell was written; run `make fingerprints`")
    _declared.clear()
    _declared.update(fingerprints)


def _check_declared(res: Resource) -> None:
    if res.name not in _declared:
        raise StaleFingerprint(res.path, f"resource '{res.name}' is read but not declared in "
                               "data_inputs(); run `make fingerprints`")
    if _declared[res.name] != fingerprint(res):
        raise StaleFingerprint(res.path, "the file or its description changed since the chapter's "
                               "data_inputs cell was written; run `make fingerprints` so the chapter "
                               "re-executes")


# --- reading --------------------------------------------------------------------------------

_PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


def read_table(res: Resource) -> pd.DataFrame:
    """A validated CSV resource as a DataFrame typed from its schema (empty cells are missing)."""
    frame = pd.read_csv(res.path, dtype=str, keep_default_na=False, encoding="utf-8")
    frame = frame.replace("", pd.NA)
    for field in res.fields:
        name, kind = field["name"], field.get("type", "string")
        if kind == "date":
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
        elif kind == "boolean":
            frame[name] = frame[name].map({"true": True, "false": False}).astype("boolean")
        else:
            frame[name] = frame[name].astype(_PANDAS_TYPES.get(kind, "string"))
    return frame


def load(name: str) -> pd.DataFrame:
    """The validated, typed table ``name``; raises DataError naming file, line, column and rule."""
    res = resource(name)
    _check_declared(res)
    _validate_once()
    return read_table(res)


def load_geojson(name: str) -> dict:
    """A validated map layer from ``data/`` as a GeoJSON FeatureCollection dict."""
    res = resource(name)
    _check_declared(res)
    _validate_once()
    return json.loads(res.path.read_text(encoding="utf-8"))


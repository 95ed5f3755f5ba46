"""Official statistics, derived in code from the extracts kept in ``data/official/`` as they came.

* Kazakhstan's goods trade by partner, as Kazakhstan reports it, from two publishers: its reports
  to UN Comtrade (through the World Bank's WITS, 1995–2023) and its Bureau of National Statistics
  (table 312101, 2020–2025, each year from the bureau's final July edition). Thousand US dollars.
* GDP in current US dollars from the World Bank's World Development Indicators.

Where both publishers give a year, both are kept; the report uses the bureau's, its latest
edition (:func:`preferred`). The extracts are described, checked and fingerprinted like every
other file (``data/datapackage.json``); a chapter that calls this module declares them in its
``data_inputs`` cell (``make fingerprints`` sees the calls).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .data import DataError, _check_declared, _validate_once, load, resource

# (publisher, flow) -> the resource of the extract.
EXTRACTS = {
    ("wits", "exports"): "wits_kz_exports",
    ("wits", "imports"): "wits_kz_imports",
    ("bns", "exports"): "bns_kz_exports",
    ("bns", "imports"): "bns_kz_imports",
}
# The source each publisher's figures are cited by (data/sources.csv).
SOURCE_IDS = {"wits": "wits-kaz-trade-by-partner", "bns": "bns-312101-trade-by-partner"}
PUBLISHERS = {"wits": "UN Comtrade via WITS", "bns": "Bureau of National Statistics"}
# The bureau's table is the more authoritative from the first year it covers: its final editions
# revise the figures Kazakhstan sent to UN Comtrade, which also miss part of the non-EAEU trade
# in 2020–2022 (the route's own metadata say so).
BNS_FROM = 2020


def partner_flows() -> pd.DataFrame:
    """Every partner, year, flow and publisher: year, flow, publisher, partner (ISO3), partner_name,
    usd_mn (million US dollars) and source_id."""
    parts = []
    for (publisher, flow), name in EXTRACTS.items():
        frame = load(name)
        parts.append(pd.DataFrame({
            "year": frame["date"].dt.year.astype(int), "flow": flow, "publisher": publisher,
            "partner": frame["item_code"], "partner_name": frame["item_name"],
            "usd_mn": frame["value"].astype(float) / 1000, "source_id": SOURCE_IDS[publisher],
        }))
    return pd.concat(parts, ignore_index=True)


def with_partner(partner: str, flows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Kazakhstan's exports to, imports from and trade with one partner, by year and publisher
    (usd_bn; 'total' is exports plus imports)."""
    flows = partner_flows() if flows is None else flows
    one = flows[flows["partner"] == partner]
    wide = one.pivot_table(index=["year", "publisher", "source_id"], columns="flow", values="usd_mn",
                           aggfunc="sum").reset_index()
    wide["total"] = wide["exports"] + wide["imports"]
    long = wide.melt(id_vars=["year", "publisher", "source_id"], value_vars=["exports", "imports", "total"],
                     var_name="flow", value_name="usd_mn").dropna(subset=["usd_mn"])
    return long.assign(usd_bn=long["usd_mn"] / 1000).drop(columns="usd_mn").sort_values(
        ["flow", "year", "publisher"]).reset_index(drop=True)


def totals(flows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Kazakhstan's trade with all partners (the sum of every partner in the publisher's table),
    by year, flow and publisher, in billion US dollars."""
    flows = partner_flows() if flows is None else flows
    summed = flows.groupby(["year", "publisher", "source_id", "flow"], as_index=False)["usd_mn"].sum()
    wide = summed.pivot_table(index=["year", "publisher", "source_id"], columns="flow",
                              values="usd_mn").reset_index()
    wide["total"] = wide["exports"] + wide["imports"]
    long = wide.melt(id_vars=["year", "publisher", "source_id"], value_vars=["exports", "imports", "total"],
                     var_name="flow", value_name="usd_mn")
    return long.assign(usd_bn=long["usd_mn"] / 1000).drop(columns="usd_mn")


def preferred(frame: pd.DataFrame) -> pd.DataFrame:
    """One value per year and flow: the bureau's from BNS_FROM, the WITS figure before."""
    keep = (frame["publisher"] == "bns") == (frame["year"] >= BNS_FROM)
    chosen = frame[keep]
    assert not chosen.duplicated(["year", "flow"]).any(), "one value per year and flow"
    return chosen.reset_index(drop=True)


# --- GDP ---------------------------------------------------------------------------------------

WDI = "wdi_gdp"
WDI_SOURCE_ID = "worldbank-wdi-gdp-2026-07"
WDI_INDICATOR = "NY.GDP.MKTP.CD"


def check_wdi_extract(path: Path) -> pd.DataFrame:
    """Read a World Development Indicators download (its preamble, then one row per country and a
    column per year) into year, iso3, usd; a malformed file names its line and column."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    rows = list(csv.reader(lines))
    header_at = next((i for i, r in enumerate(rows) if r[:2] == ["Country Name", "Country Code"]), None)
    if header_at is None:
        raise DataError(path, "no header row starting 'Country Name', 'Country Code'")
    header = rows[header_at]
    found = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not any(row):
            continue
        if len(row) != len(header):
            raise DataError(path, f"has {len(row)} values where the header has {len(header)}", row=number)
        if row[3] != WDI_INDICATOR:
            raise DataError(path, f"indicator {row[3]!r}, not {WDI_INDICATOR}", row=number,
                            column="Indicator Code")
        for column, cell in zip(header[4:], row[4:], strict=True):
            if not column.strip() or not cell.strip():
                continue
            try:
                value = float(cell)
            except ValueError:
                raise DataError(path, f"not a number: {cell!r}", row=number, column=column) from None
            if value <= 0:
                raise DataError(path, f"GDP must be positive: {cell!r}", row=number, column=column)
            found.append({"year": int(column), "iso3": row[1], "usd": value})
    return pd.DataFrame(found)


def gdp() -> pd.DataFrame:
    """GDP in current US dollars (World Bank WDI): year, country, iso3, usd_bn, source_id."""
    res = resource(WDI)
    _check_declared(res)
    _validate_once()
    frame = check_wdi_extract(res.path)
    names = {"KAZ": "Kazakhstan", "RUS": "Russia"}
    return frame.assign(country=frame["iso3"].map(names), usd_bn=frame["usd"] / 1e9,
                        source_id=WDI_SOURCE_ID).drop(columns="usd")

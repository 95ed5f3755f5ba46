"""The report's story after the Omsk forum: the dated events of the five chapters in one table,
drawn as a timeline on the first page and listed in full in the events appendix."""

from __future__ import annotations

import pandas as pd

from .text import ordinal

START, END = pd.Timestamp("2019-11-01"), pd.Timestamp("2025-12-31")
STRANDS = ["Forum", "Trade", "Border", "Rivers", "Baltic"]


def dated_events(forums: pd.DataFrame, trade_events: pd.DataFrame, programmes: pd.DataFrame,
                 river_agreements: pd.DataFrame, baltic_events: pd.DataFrame) -> pd.DataFrame:
    """Every dated event between START and END: date, strand, event_id (the row's id in its own
    table; a forum is "forum-<edition>"), event and source_id, by date. The chapters' data sets are
    passed in (each chapter declares what it reads)."""
    held = forums[forums["status"] == "held"]
    how = held["ru_head_attendance"].map({"in_person": "in person"}).fillna("presidents by video")
    rivers = river_agreements[river_agreements["kind"] != "statement"]  # statements: the chapter's
    baltic = baltic_events[baltic_events["event_id"] != "article-2019"]  # the starting point
    events = pd.concat([
        pd.DataFrame({"date": held["date_start"], "strand": "Forum", "source_id": held["source_id"],
                      "event_id": [f"forum-{e}" for e in held["edition"]],
                      "event": [f"{ordinal(e)} forum, {c} ({h})"
                                for e, c, h in zip(held["edition"], held["city"], how, strict=True)]}),
        pd.DataFrame({"date": trade_events["date"], "strand": "Trade", "event_id": trade_events["event_id"],
                      "event": trade_events["label"],
                      "source_id": trade_events["source_id"]}),
        pd.DataFrame({"date": programmes["announced"], "strand": "Border",
                      "event_id": programmes["programme_id"], "event": programmes["name"],
                      "source_id": programmes["source_id"]}),
        pd.DataFrame({"date": rivers["date"], "strand": "Rivers", "event_id": rivers["event_id"],
                      "event": rivers["label"],
                      "source_id": rivers["source_id"]}),
        pd.DataFrame({"date": baltic["date"], "strand": "Baltic", "event_id": baltic["event_id"],
                      "event": baltic["label"],
                      "source_id": baltic["source_id"]}),
    ])
    events["date"] = pd.to_datetime(events["date"])
    events = events[events["date"].between(START, END)]
    assert events["event_id"].is_unique, "an event's id names one event"
    return events.sort_values(["date", "strand"]).reset_index(drop=True)


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """The appendix's table: date as a reader writes it, strand, event, sources."""
    return pd.DataFrame({"Date": events["date"].dt.strftime("%-d %B %Y"), "Strand": events["strand"],
                         "Event": events["event"], "Sources": events["source_id"]})


__all__ = ["END", "START", "STRANDS", "dated_events", "events_table"]

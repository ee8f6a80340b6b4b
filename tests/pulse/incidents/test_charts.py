"""The page's display frames and chart data, on the hand-worked incidents of
tests/incident_frames.py (as of Tue 2026-05-12 17:00; Los Angeles is UTC-7 in May)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from pulse.incidents import charts
from pulse.incidents.table import incidents_table
from pulse.settings import Settings
from tests.incident_frames import CASES, CLOCK, LA, events_frame, t, table_as_of

TZ = "America/Los_Angeles"


def wall(text: str) -> pd.Timestamp:
    """'05-05 10:15' -> the naive wall-clock time 2026-05-05 10:15."""
    return pd.Timestamp(f"2026-{text}")


def test_first_response_by_week() -> None:
    weekly = charts.first_response_by_week(table_as_of().incidents, timezone=TZ)
    # Week of Mon 05-04: TK100 met. Week of Mon 05-11: TK200 met, TK300 met.
    assert weekly["week"].tolist() == [date(2026, 5, 4), date(2026, 5, 11)]
    assert weekly[["met", "breached"]].to_numpy().tolist() == [[1, 0], [2, 0]]
    assert weekly["compliance"].tolist() == [1.0, 1.0]


def test_weekly_compliance_counts_breaches_and_leaves_pending_out() -> None:
    events = pd.concat(
        [
            events_frame("TK100", CASES["by the book"][0]),  # Tue 05-05, met
            # Fri 05-08, answered Monday 09:10 against 08:50: breached, in the week of 05-04.
            events_frame(
                "TK600",
                CASES["Friday to Monday, late vITM with a phone call and the manager added"][0],
            ),
            events_frame("TK700", [("reported", "05-12 16:50")]),  # pending at 17:00
        ],
        ignore_index=True,
    )
    incidents = incidents_table(events, None, as_of=t("05-12 17:00"), settings=Settings()).incidents
    weekly = charts.weekly_compliance_chart_data(incidents, timezone=TZ)
    assert weekly["week"].tolist() == [pd.Timestamp("2026-05-04")]
    assert weekly[["met", "breached"]].to_numpy().tolist() == [[1, 1]]
    assert weekly["compliance"].tolist() == [0.5]
    assert weekly["compliance_pct"].tolist() == [50.0]


def test_incidents_overview() -> None:
    overview = charts.incidents_overview(table_as_of().incidents, timezone=TZ)
    assert list(overview.columns) == [
        "Incident",
        "Reported",
        "State",
        "Met",
        "Breached",
        "Pending",
        "Next action",
        "Who",
        "Due",
        "Business min left",
    ]
    closed, _, open_ = overview.to_dict("records")
    assert (closed["Reported"], closed["State"], closed["Met"]) == (
        wall("05-05 10:00"),
        "resolved",
        4,
    )
    assert pd.isna(closed["Next action"]) and pd.isna(closed["Due"])
    assert (open_["State"], open_["Who"], open_["Due"]) == (
        "open",
        "Service Desk analyst",
        wall("05-12 10:15"),
    )
    assert open_["Business min left"] == -405.0


def test_steps_overview() -> None:
    # Steps and statuses in words, as the room's buttons say them.
    _, steps, _ = charts.incident_detail(table_as_of(), "TK200")
    overview = charts.steps_overview(steps, timezone=TZ).set_index("Step")
    # The vITM was recorded unavailable at 09:50: the acknowledgement and the manager are waived.
    assert overview["Waived (vITM unavailable)"].to_dict() == {
        step: step in ("vITM acknowledged", "vITM's manager added") for step in overview.index
    }
    assert overview.loc["vCIO tagged"].tolist()[:4] == [
        "Service Desk",
        "Met",
        wall("05-12 10:05"),
        wall("05-12 09:55"),
    ]


def test_detail_and_timeline_window() -> None:
    table = table_as_of()
    row, steps, events = charts.incident_detail(table, "TK200")
    assert row["title"] == "Acme Dental – TK200 – Email down"
    assert str(steps["due"].dt.tz) == "America/Los_Angeles"
    assert events["event"].iloc[0] == "reported"
    start, end = charts.timeline_window(steps, events, as_of=table.as_of)
    assert start < t("05-12 09:00") and end > t("05-12 13:00")


def test_timeline_window_is_padded_and_runs_at_most_a_week_towards_as_of() -> None:
    table = table_as_of()
    _, steps, events = charts.incident_detail(table, "TK100")
    # First event Tue 05-05 10:00; a week later (05-12 10:00) comes before as_of (05-12 17:00),
    # so the span is 7 days, padded by a twentieth of it (8 h 24 min) on each side.
    start, end = charts.timeline_window(steps, events, as_of=table.as_of)
    assert (start, end) == (t("05-05 01:36"), t("05-12 18:24"))
    # A short span gets at least 15 minutes each side: one event at 10:00, as_of 10:30.
    few = events.iloc[:1]
    short = steps.iloc[0:0]
    assert charts.timeline_window(short, few, as_of=t("05-05 10:30")) == (
        t("05-05 09:45"),
        t("05-05 10:45"),
    )


def test_timeline_marks() -> None:
    _, steps, events = charts.incident_detail(table_as_of(), "TK100")
    marks = charts.timeline_marks(steps, events, timezone=TZ)
    # 4 required steps: a due and a done mark each; 6 events; the not-required steps have none.
    assert marks["kind"].value_counts().to_dict() == {"due": 4, "done": 4, "event": 6}
    first_due = marks.iloc[0].to_dict()
    assert first_due == {
        "lane": "first_response",
        "kind": "due",
        "at": wall("05-05 11:00"),
        "status": "met",
        "colour": "#2e7d32",
        "label": "due first_response (met)",
    }
    assert set(marks.loc[marks["kind"] == "event", "lane"]) == {"events"}
    assert marks["at"].iloc[-1] == wall("05-05 12:00")  # resolved


def test_event_marks_name_the_actor_and_the_note() -> None:
    events = events_frame("TK1", [("reported", "05-05 10:00"), ("swarm_created", "05-05 10:05")])
    events["actor"] = ["Sam", ""]
    events["note"] = ["phone: printer down", ""]
    marks = charts.timeline_marks(
        charts.incident_detail(table_as_of(), "TK100")[1].iloc[0:0], events, timezone=TZ
    )
    assert marks["label"].tolist() == ["reported by Sam: phone: printer down", "swarm_created"]
    assert marks["colour"].tolist() == ["#455a64", "#455a64"]


def test_business_shading_is_the_open_hours_in_local_wall_time() -> None:
    # Friday 16:00 to Monday 09:00: open Friday until 17:00 and Monday from 08:00.
    window = (datetime(2026, 5, 8, 16, 0, tzinfo=LA), datetime(2026, 5, 11, 9, 0, tzinfo=LA))
    assert charts.business_shading(CLOCK, window) == [
        (datetime(2026, 5, 8, 16, 0), datetime(2026, 5, 8, 17, 0)),
        (datetime(2026, 5, 11, 8, 0), datetime(2026, 5, 11, 9, 0)),
    ]
    assert (
        charts.business_shading(
            CLOCK, (window[0] + timedelta(hours=2), window[0] + timedelta(hours=3))
        )
        == []
    )

"""What every incident says, read at once (pulse/incidents/read_table.py): a hand-worked mix of
incidents, and the same readings as the one-incident rules on any events."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pulse.incidents.cells import tidy_text
from pulse.incidents.event_rows import event_records
from pulse.incidents.events import effective_events, first_event_times, reported_time
from pulse.incidents.members import missing_count
from pulse.incidents.read_table import ReadColumns, read_columns
from pulse.incidents.step_table import MISSING, instant_ns
from pulse.incidents.tickets import (
    channel,
    created_at,
    declared_client,
    declared_summary,
    is_security,
    ticket_key,
    ticket_rows,
)
from pulse.schema import IncidentEvent
from tests.incident_frames import log_events, t

# TK1 Critical from the export (reported by phone); TK2 High (no incident); TK3 Critical with a
# Created time and every row voided; TK5 Critical with no events at all.
EXPORT = pd.DataFrame(
    {
        "ticket": ["TK1", "TK2", "TK3", "TK5"],
        "client": ["GPW", "Beta", "Acme", "Zeta"],
        "summary": ["Phones down", "Printer", "VPN down", "Later"],
        "priority": ["Critical", "High", "Critical", "Critical"],
        "security": [False, False, False, False],
        "created": pd.to_datetime([t("05-11 07:30")] * 4, utc=True),
        "source": ["Phone", None, " Portal ", None],
    }
)


def read(events: pd.DataFrame, as_of: str) -> ReadColumns:
    known = effective_frame(events, as_of)
    return read_columns(known, ticket_rows(EXPORT, wanted=known["ticket"].unique()))


def effective_frame(events: pd.DataFrame, as_of: str) -> pd.DataFrame:
    return events[events["at"] <= pd.Timestamp(t(as_of))]


def test_a_mix_of_incidents_hand_worked() -> None:
    events = pd.concat(
        [
            log_events("TK1", [("reported", "05-12 09:00"), ("swarm_created", "05-12 09:05")]),
            log_events("TK2", [("reported", "05-12 09:10")]),
            # Declared by hand, no export row: its client from the log, its summary from the
            # Note without the security mark; the InfoSec Lead and the vITM joined.
            log_events(
                "INC-1",
                [
                    ("declared", "05-12 10:00", "security:  Mail  breach"),
                    ("reported", "05-12 09:55", "phone: the CFO"),
                    ("infosec_added", "05-12 10:10"),
                    ("swarm_member_added", "05-12 10:11", "vITM"),
                    ("swarm_member_added", "05-12 10:12", "not a role"),
                    ("client_update_sent", "05-12 10:30"),
                ],
                client="Acme  Dental",
            ),
            log_events(
                "TK3",
                [
                    ("reported", "05-12 11:00"),
                    ("corrected", "05-12 11:05", "reported at 05-12 11:00: no"),
                ],
            ),
        ],
        ignore_index=True,
    )
    got = read(events, "05-12 17:00")
    assert got.described["ticket"] == ["TK1", "INC-1", "TK3"]
    assert got.described["client"] == ["GPW", "Acme Dental", "Acme"]
    assert got.described["summary"] == ["Phones down", "Mail breach", "VPN down"]
    assert got.described["title"][1] == "Acme Dental – INC-1 – Mail breach"
    assert got.facts.security.tolist() == [False, True, False]
    assert got.channel == ["phone", "phone", "portal"]  # TK1's Source, INC-1's Note, TK3's Source
    # TK3's only row is voided: reported at its Created time, 05-11 07:30.
    assert got.facts.reported.tolist() == [
        instant_ns(t(at)) for at in ("05-12 09:00", "05-12 09:55", "05-11 07:30")
    ]
    assert got.resolved.tolist() == [MISSING] * 3
    # Six roles for a security incident, five otherwise: INC-1 has the InfoSec Lead and the vITM.
    assert got.members_missing.tolist() == [5, 4, 5]
    owners, times = got.sent
    assert owners.tolist() == [1] and times.tolist() == [instant_ns(t("05-12 10:30"))]


def test_of_two_reports_at_one_time_the_first_row_says_how() -> None:
    # TK4 has no export row: its first `reported` row decides; of equal times, the first row.
    phoned = log_events(
        "TK4", [("reported", "05-12 09:00", "phone: CFO"), ("reported", "05-12 09:00")]
    )
    mailed = log_events(
        "TK4", [("reported", "05-12 09:00"), ("reported", "05-12 09:00", "phone: CFO")]
    )
    earlier = log_events(
        "TK4", [("reported", "05-12 09:30"), ("reported", "05-12 09:00", "phone:")]
    )
    assert read(phoned, "05-12 17:00").channel == ["phone"]
    assert read(mailed, "05-12 17:00").channel == ["email"]
    assert read(earlier, "05-12 17:00").channel == ["phone"]


def test_no_events() -> None:
    got = read(log_events("TK1", []), "05-12 17:00")
    assert got.described["ticket"] == [] and len(got.facts.reported) == 0


# Few distinct moments, so that rows often tie (the first row of equal times decides).
moments = st.builds(
    lambda day, hour, minute: f"05-{day:02d} {hour:02d}:{minute:02d}",
    st.integers(11, 12),
    st.sampled_from([7, 9, 16]),
    st.sampled_from([0, 30]),
)
NOTES = ["", "analyst", "vITM", "security: breach", "phone: call", " InfoSec "]
EVENTS = [str(event) for event in IncidentEvent if event != IncidentEvent.CORRECTED]
rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["TK1", "TK2", "TK3", "TK4", "INC-9"]),
        st.sampled_from(EVENTS),
        moments,
        st.sampled_from(NOTES),
        st.sampled_from([None, "Acme", "Beta", " "]),
    ),
    min_size=1,
    max_size=20,
)


@settings(max_examples=40, deadline=None)
@given(rows=rows_strategy, voids=st.lists(st.integers(0, 19), max_size=3), as_of=moments)
def test_all_at_once_equals_one_by_one(
    rows: list[tuple[str, str, str, str, str | None]], voids: list[int], as_of: str
) -> None:
    frames = [
        log_events(ticket, [(event, at, note)], client=client)
        for ticket, event, at, note, client in rows
    ]
    for i in voids:
        ticket, event, at, _, _ = rows[i % len(rows)]
        frames.append(log_events(ticket, [("corrected", at, f"{event} at {at}: wrong")]))
    events = pd.concat(frames, ignore_index=True)
    got = read(events, as_of)
    export = ticket_rows(EXPORT)
    for i, ticket in enumerate(got.described["ticket"]):
        counting = event_records(effective_events(events[events["ticket"] == ticket], t(as_of)))
        row = export.get(ticket_key(ticket), {})
        happened = first_event_times(counting)
        assert got.facts.reported[i] == instant_ns(
            reported_time(happened, fallback=created_at(row))
        )
        resolved = happened.get(IncidentEvent.RESOLVED)
        assert got.resolved[i] == instant_ns(resolved)
        security = is_security(row, counting)
        assert got.facts.security[i] == security
        assert got.channel[i] == channel(row, counting)
        assert got.facts.phone[i] == (got.channel[i] == "phone")
        assert got.described["client"][i] == (
            tidy_text(row.get("client")) or declared_client(counting)
        )
        assert got.described["summary"][i] == (
            tidy_text(row.get("summary")) or declared_summary(counting)
        )
        assert got.members_missing[i] == missing_count(counting, security=security)
        for event, at in happened.items():
            assert got.facts.happened[event][i] == instant_ns(at)
    # The incidents: tickets in the order the events up to as-of first name them, but TK2 (High),
    # each with an event that counts or a Created time in the export (TK1, TK3).
    known = effective_frame(events, as_of)
    expected = [
        ticket
        for ticket in dict.fromkeys(known["ticket"])
        if ticket != "TK2"
        and (
            ticket in ("TK1", "TK3")
            or not effective_events(known[known["ticket"] == ticket], t(as_of)).empty
        )
    ]
    assert got.described["ticket"] == expected

"""Who is in an incident's SWARM space (seed 002): the analyst (the ticket's owner), the escalation
technician, the client's vITM and vCIO, the Service Desk Manager, and for a security incident the
Information Security Lead.

Each joins with a `swarm_member_added` event whose Note names the role; the Information Security
Lead is also in once `infosec_added` is recorded (that step is exactly adding them). The vITM and
vCIO names come from the client's row on the Clients tab, the others from configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from pulse.incidents.cells import tidy_text
from pulse.incidents.event_rows import Events, event_records
from pulse.incidents.procedure import SwarmRole, swarm_role_named
from pulse.schema import IncidentEvent, client_key

MEMBER_COLUMNS: tuple[str, ...] = ("role", "label", "name", "added_at", "added_by")
# The Clients tab column naming each client's own SWARM member.
CLIENT_COLUMNS: dict[SwarmRole, str] = {SwarmRole.VITM: "vitm", SwarmRole.VCIO: "vcio"}


def swarm_roles(*, security: bool) -> list[SwarmRole]:
    """The roles the SWARM space needs, in the seed's order."""
    return [role for role in SwarmRole if security or role != SwarmRole.INFOSEC_LEAD]


def swarm_members(
    events: pd.DataFrame, *, security: bool, names: Mapping[SwarmRole, str]
) -> pd.DataFrame:
    """One row per needed role: its name (blank when unknown) and when and by whom it was added
    (NaT and blank when missing). `events` are the incident's, those that count."""
    joined = _joined(events)
    rows = []
    for role in swarm_roles(security=security):
        at, by = joined.get(role, (pd.NaT, ""))
        rows.append((str(role), role.label, names.get(role, ""), at, by))
    frame = pd.DataFrame(rows, columns=list(MEMBER_COLUMNS))
    frame["added_at"] = pd.to_datetime(frame["added_at"], utc=True).dt.as_unit("ns")
    return frame


def missing_count(events: Events, *, security: bool) -> int:
    """How many needed roles nobody added yet (the table's count, without the checklist)."""
    joined = _joined(events)
    return sum(role not in joined for role in swarm_roles(security=security))


def missing_members(members: pd.DataFrame) -> list[str]:
    """The labels of the roles nobody added yet."""
    return members.loc[members["added_at"].isna(), "label"].tolist()


def member_names(
    client: str | None, clients: pd.DataFrame | None, contacts: Mapping[str, str]
) -> dict[SwarmRole, str]:
    """Who fills each role: the client's vITM and vCIO from Clients, the rest configured."""
    names = {SwarmRole(role): name for role, name in contacts.items() if role in set(SwarmRole)}
    row = _client_row(client, clients)
    for role, column in CLIENT_COLUMNS.items():
        name = tidy_text(row.get(column)) if row is not None else None
        if name:
            names[role] = name
    return names


def _joined(events: Events) -> dict[SwarmRole, tuple[pd.Timestamp, str]]:
    """The first time each role joined, and who recorded it."""
    joined: dict[SwarmRole, tuple[pd.Timestamp, str]] = {}
    adds = [
        record
        for record in event_records(events)
        if record.event in (IncidentEvent.SWARM_MEMBER_ADDED, IncidentEvent.INFOSEC_ADDED)
    ]
    for record in sorted(adds, key=lambda record: record.at):  # stable: ties keep their order
        role = (
            SwarmRole.INFOSEC_LEAD
            if record.event == IncidentEvent.INFOSEC_ADDED
            else swarm_role_named(record.note or "")
        )
        if role is not None and role not in joined:
            joined[role] = (_timestamp(record.at), tidy_text(record.actor) or "")
    return joined


def _client_row(client: str | None, clients: pd.DataFrame | None) -> dict[str, object] | None:
    if not client or clients is None or clients.empty:
        return None
    rows = clients[clients["client"].map(client_key) == client_key(client)]
    return None if rows.empty else {str(k): v for k, v in rows.iloc[0].items()}


def unknown_member_notes(events: pd.DataFrame) -> list[str]:
    """`swarm_member_added` Notes that name no SWARM role (shown, so they can be corrected)."""
    adds = events[events["event"] == IncidentEvent.SWARM_MEMBER_ADDED]
    return [str(note) for note in adds["note"].fillna("") if swarm_role_named(str(note)) is None]


def _timestamp(value: Any) -> pd.Timestamp:
    return pd.Timestamp(value)

"""An export's cells -> the canonical ticket frame, with the rows no signal can use left out.

Values are mapped column by column (`ticket_values`) by the PSA's rules (`ticket_rules`); dates
by `ticket_dates`. An unknown priority, a record ID where a name belongs or a row without a
ticket number, client or created date is a warning, never a silent loss.
"""

from __future__ import annotations

import pandas as pd

from connectors.errors import Problem, Severity
from connectors.ticket_columns import Layout, find_header
from connectors.ticket_dates import DATE_FIELDS, ExportTime, read_dates
from connectors.ticket_files import RawTable
from connectors.ticket_rules import (
    closed_statuses,
    names_for_ids,
    open_but_sounds_closed,
    priorities,
    survey,
)
from connectors.ticket_values import (
    map_labels,
    per_distinct,
    plain_text,
    ticket_numbers,
    ticket_type_of,
    yes_no,
)
from pulse.schema import TICKET_COLUMNS, client_key
from pulse.settings import TicketRules

# Without these a row says nothing any signal can use; a blank priority is kept as <NA>.
ROW_REQUIRED_FIELDS: tuple[str, ...] = ("ticket", "client", "created")
SECURITY_WORD = "security"
UTC = "datetime64[ns, UTC]"
# How a ticket came in (SPEC: "when present, Source: email / phone / portal"), read when the
# export has such a column: a phone report was answered live (pulse.incidents).
SOURCE_HEADERS: tuple[str, ...] = ("Source", "Ticket Source", "Channel")


def latest_rows(raw: RawTable, ticket_header: str, order_header: str) -> pd.DataFrame:
    """One row per ticket: the row with the highest `order_header` (audit-log exports)."""
    frame = raw.frame
    actual = find_header(raw.headers, order_header) or order_header
    order = pd.to_numeric(frame[actual], errors="coerce")
    keys = pd.DataFrame({"ticket": ticket_numbers(frame[ticket_header]), "order": order})
    ranked = keys.sort_values("order", kind="stable", na_position="first")
    latest = ranked.drop_duplicates("ticket", keep="last").index.sort_values()
    return frame.loc[latest]


def canonical_frame(
    raw: RawTable,
    layout: Layout,
    *,
    timezone: str,
    rules: TicketRules,
    export_time: ExportTime | None = None,
    strict: bool = False,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Every readable row in the canonical layout, plus `client_key` and `is_open`; warnings."""
    reading = _Reading(raw, layout, rules)
    out = pd.DataFrame(index=raw.frame.index)
    out["ticket"] = plain_text(ticket_numbers(reading.column("ticket")))
    out["client"] = reading.names("client")
    out["summary"] = plain_text(reading.column("summary"))
    out["priority"] = reading.priorities()
    out["type"] = map_labels(reading.names("type"), ticket_type_of)
    for name in ("board", "status"):
        out[name] = reading.names(name)
    dates = read_dates(raw, layout, timezone=timezone, export_time=export_time, strict=strict)
    for name in DATE_FIELDS:
        out[name] = dates.values.get(name, pd.Series(pd.NaT, index=out.index, dtype=UTC))
    out["parent_ticket"] = plain_text(ticket_numbers(reading.column("parent_ticket")))
    out["survey_score"] = reading.survey()
    out["notes"] = plain_text(reading.column("notes"))
    out["security"] = _security(
        reading.column("security"), reading.column("type"), reading.column("board")
    )
    out = out[list(TICKET_COLUMNS)]
    out["client_key"] = _client_keys(out["client"])
    out["is_open"] = out["resolved"].isna() & ~closed_statuses(out["status"], rules)
    reading.note_open_statuses(out["status"], out["is_open"])
    if len(dates.skipped):  # dropping copies every column: only when a row goes
        out = out.drop(index=dates.skipped)
    source = _source_header(raw)
    if source is not None:  # an optional column: only exports that say how tickets came in
        out["source"] = plain_text(raw.frame[source])
    return out, [*dates.warnings, *reading.warnings]


class _Reading:
    """One export's columns read by one PSA's rules, collecting what the rules could not read."""

    def __init__(self, raw: RawTable, layout: Layout, rules: TicketRules) -> None:
        self.raw, self.layout, self.rules = raw, layout, rules
        self.warnings: list[Problem] = []

    def column(self, name: str) -> pd.Series:
        if name in self.layout.columns:
            return self.raw.frame[self.layout.columns[name]]
        return pd.Series(pd.NA, index=self.raw.frame.index, dtype="str")

    def names(self, name: str) -> pd.Series:
        """Trimmed text, with the PSA's record IDs looked up (or blank, warned)."""
        values = plain_text(self.column(name))
        if name not in self.layout.columns:
            return values
        values, found = names_for_ids(
            values, name, rules=self.rules, **self._where(name, rules_name=self.layout.rules)
        )
        self.warnings.extend(found)
        return values

    def priorities(self) -> pd.Series:
        labels = self.names("priority")
        if "priority" not in self.layout.columns:
            return labels
        mapped, found = priorities(
            labels, rules=self.rules, **self._where("priority", rules_name=self.layout.rules)
        )
        self.warnings.extend(found)
        return mapped

    def survey(self) -> pd.Series:
        values = self.column("survey_score")
        scores, found = survey(values, rules=self.rules, **self._where("survey_score"))
        self.warnings.extend(found)
        return scores

    def note_open_statuses(self, status: pd.Series, is_open: pd.Series) -> None:
        if "status" in self.layout.columns:
            where = self._where("status", rules_name=self.layout.rules)
            self.warnings.extend(open_but_sounds_closed(status, is_open, **where))

    def _where(self, name: str, **extra: str) -> dict[str, str]:
        return {"header": self.layout.columns.get(name, ""), "file": self.raw.name, **extra}


def _source_header(raw: RawTable) -> str | None:
    """The export's Source column, if it has one."""
    for wanted in SOURCE_HEADERS:
        header = find_header(raw.headers, wanted)
        if header is not None:
            return header
    return None


def drop_unusable(tickets: pd.DataFrame, raw: RawTable) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows without a ticket number, client or created date are dropped, each kind reported."""
    warnings: list[Problem] = []
    blank = tickets[list(TICKET_COLUMNS)].drop(columns="security").isna().all(axis=1)
    if blank.any():  # filtering copies every column: only when a row goes
        tickets = tickets[~blank]
    for field in ROW_REQUIRED_FIELDS:
        lacking = tickets[field].isna()
        if lacking.any():
            first = raw.frame.index.get_loc(lacking[lacking].index[0])
            assert isinstance(first, int)
            warnings.append(_blank_warning(raw, field, first, int(lacking.sum())))
            tickets = tickets[~lacking]
    return tickets, warnings


def _security(flags: pd.Series, types: pd.Series, boards: pd.Series) -> pd.Series:
    # A security incident is marked by a yes/no column, or by a type or board naming security.
    named = per_distinct(types, _names_security)
    on_board = per_distinct(boards, _names_security)
    return (yes_no(flags) | named | on_board).astype(bool)


def _names_security(labels: pd.Series) -> pd.Series:
    return labels.astype("str").str.contains(SECURITY_WORD, case=False, regex=False, na=False)


def _client_keys(clients: pd.Series) -> pd.Series:
    def keys(names: pd.Series) -> pd.Series:
        return pd.Series([None if pd.isna(n) else client_key(n) for n in names], dtype="str")

    return per_distinct(clients, keys).astype("str")


def _blank_warning(raw: RawTable, field: str, first: int, count: int) -> Problem:
    where = raw.where(first, raw.frame.columns[0])
    where.pop("column", None)
    return Problem(
        file=raw.name,
        message=(
            f"{count} row(s) have no {TICKET_COLUMNS[field]} and were left out "
            f"(the first is shown here)."
        ),
        column=TICKET_COLUMNS[field],
        severity=Severity.WARNING,
        **where,  # type: ignore[arg-type]
    )

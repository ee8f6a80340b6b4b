"""An export's cells -> the canonical ticket frame, with the rows no signal can use left out.

Values are mapped column by column (`ticket_values`); a date no format reads stops the file, an
unknown priority or a row without a ticket number, client or created date is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from connectors.errors import Problem, Severity, TicketExportError
from connectors.ticket_columns import find_header
from connectors.ticket_files import RawTable
from connectors.ticket_values import (
    map_labels,
    parse_dates,
    per_distinct,
    plain_text,
    priority_of,
    survey_scores,
    ticket_numbers,
    ticket_type_of,
    yes_no,
)
from pulse.schema import TICKET_COLUMNS, client_key

# Without these a row says nothing any signal can use; a blank priority is kept as <NA>.
ROW_REQUIRED_FIELDS: tuple[str, ...] = ("ticket", "client", "created")
DATE_FIELDS: tuple[str, ...] = ("created", "first_response", "resolved", "due")
# A status containing any of these words means the ticket is no longer open.
CLOSED_STATUS_PATTERN = r"closed|resolved|complete|cancel|done"
SECURITY_WORD = "security"
# How a ticket came in (SPEC: "when present, Source: email / phone / portal"), read when the
# export has such a column: a phone report was answered live (pulse.incidents).
SOURCE_HEADERS: tuple[str, ...] = ("Source", "Ticket Source", "Channel")
MAX_LISTED_PROBLEMS = 10
# Unreadable dates and unknown priorities are shown up to this many per column.
LISTED_EXAMPLES = 5


def latest_rows(raw: RawTable, ticket_header: str, order_header: str) -> pd.DataFrame:
    """One row per ticket: the row with the highest `order_header` (audit-log exports)."""
    frame = raw.frame
    actual = find_header(raw.headers, order_header) or order_header
    order = pd.to_numeric(frame[actual], errors="coerce")
    keys = pd.DataFrame({"ticket": ticket_numbers(frame[ticket_header]), "order": order})
    ranked = keys.sort_values("order", kind="stable", na_position="first")
    latest = ranked.drop_duplicates("ticket", keep="last").index.sort_values()
    return frame.loc[latest]


def canonical_frame(raw: RawTable, columns: dict[str, str], *, timezone: str) -> pd.DataFrame:
    """Every row in the canonical layout, plus `client_key` and `is_open`."""
    frame = raw.frame
    index = frame.index

    def column(field: str) -> pd.Series:
        if field in columns:
            return frame[columns[field]]
        return pd.Series(pd.NA, index=index, dtype="str")

    out = pd.DataFrame(index=index)
    out["ticket"] = plain_text(ticket_numbers(column("ticket")))
    for field in ("client", "summary"):
        out[field] = plain_text(column(field))
    out["priority"] = map_labels(plain_text(column("priority")), priority_of)
    out["type"] = map_labels(plain_text(column("type")), ticket_type_of)
    for field in ("board", "status"):
        out[field] = plain_text(column(field))
    out = _with_dates(out, raw, columns, timezone=timezone)
    out["parent_ticket"] = plain_text(ticket_numbers(column("parent_ticket")))
    out["survey_score"] = survey_scores(column("survey_score"))
    out["notes"] = plain_text(column("notes"))
    out["security"] = _security(column("security"), column("type"), column("board"))
    out = out[list(TICKET_COLUMNS)]
    out["client_key"] = _client_keys(out["client"])
    out["is_open"] = _is_open(out["resolved"], out["status"])
    source = _source_header(raw)
    if source is not None:  # an optional column: only exports that say how tickets came in
        out["source"] = plain_text(raw.frame[source])
    return out


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


def unknown_priorities(raw: RawTable, header: str, mapped: pd.Series) -> list[Problem]:
    """Priorities no rule recognises count as no priority; say which labels, once."""
    written = plain_text(raw.frame[header])
    unknown = written.notna() & mapped.isna()
    if not unknown.any():
        return []
    labels = ", ".join(f"'{label}'" for label in written[unknown].unique()[:LISTED_EXAMPLES])
    return [
        Problem(
            file=raw.name,
            column=header,
            message=(
                f"{int(unknown.sum())} row(s) have a priority this reader does not know "
                f"({labels}); they count as no priority. Use Critical/High/Medium/Low or P1-P4."
            ),
            severity=Severity.WARNING,
        )
    ]


def _with_dates(
    out: pd.DataFrame, raw: RawTable, columns: dict[str, str], *, timezone: str
) -> pd.DataFrame:
    problems: list[Problem] = []
    for field in DATE_FIELDS:
        if field not in columns:
            out[field] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns, UTC]")
            continue
        header = columns[field]
        parsed = parse_dates(raw.frame[header], timezone=timezone)
        out[field] = parsed.values
        problems.extend(_date_problems(raw, header, parsed.unreadable))
    if problems:
        raise TicketExportError(problems[:MAX_LISTED_PROBLEMS])
    return out


def _date_problems(raw: RawTable, header: str, unreadable: pd.Series) -> Iterable[Problem]:
    shown = unreadable[unreadable].index[:LISTED_EXAMPLES]
    positions = [raw.frame.index.get_loc(label) for label in shown]
    total = int(unreadable.sum())
    for count, position in enumerate(positions):
        assert isinstance(position, int)
        value = raw.frame[header].iloc[position]
        last = count == LISTED_EXAMPLES - 1 and total > LISTED_EXAMPLES
        more = f" ({total - LISTED_EXAMPLES} more rows in this column)" if last else ""
        yield Problem(
            file=raw.name,
            message=(
                f"'{value}' is not a date this reader understands{more}. Use dates such as "
                "2026-11-10 14:05, 11/10/2026 2:05 PM or 10/11/2026 14:05 (day first)."
            ),
            **raw.where(position, header),  # type: ignore[arg-type]
        )


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


def _is_open(resolved: pd.Series, status: pd.Series) -> pd.Series:
    closed = per_distinct(
        status,
        lambda labels: labels.str.contains(CLOSED_STATUS_PATTERN, case=False, regex=True, na=False),
    )
    return (resolved.isna() & ~closed.astype(bool)).astype(bool)


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

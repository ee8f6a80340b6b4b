"""One ticket, several rows: identical copies count once; differing ones keep the latest row.

Exports repeat rows when two exports are pasted together or a list view is saved twice. A row
identical in every cell to an earlier one is the same record, so it counts once (a client would
otherwise get a service-desk flag for one ticket counted twice). Rows of one ticket that differ
keep the row updated last, by the export's last-update column (ConnectWise "Last Update",
Autotask "Last Activity Date", HaloPSA "Last Action Date"); rows without one, or updated at the
same time, keep the one lower in the file, as exports list the newer state lower. Both are
reported.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from connectors.errors import Problem, Severity
from connectors.ticket_columns import Layout
from connectors.ticket_files import RawTable
from connectors.ticket_values import parse_dates

# Tickets named in the warning about differing rows, at most.
LISTED_TICKETS = 3


def merge_duplicates(
    tickets: pd.DataFrame, raw: RawTable, layout: Layout, *, timezone: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Tickets with one row each, and a warning per kind of merge (none when nothing repeats)."""
    if _all_unique(tickets["ticket"]):  # the usual case: one pass of Arrow's hash
        return tickets, []
    repeated = tickets["ticket"].duplicated(keep=False)
    warnings: list[Problem] = []
    cells = raw.frame.loc[tickets.index[repeated]]
    identical = cells.index[cells.duplicated(keep="first")]
    if len(identical):
        warnings.append(_identical_warning(raw, identical))
        tickets = tickets.drop(index=identical)
    repeated = tickets["ticket"].duplicated(keep=False)
    if repeated.any():
        older = _older_rows(tickets[repeated], raw, layout, timezone=timezone)
        warnings.append(_differing_warning(raw, layout, tickets[repeated], older))
        tickets = tickets.drop(index=older)
    return tickets, warnings


def _all_unique(numbers: pd.Series) -> bool:
    """Whether no ticket number repeats: sorted, no number equals the next. Arrow sorts 500,000
    numbers and compares neighbours in ~0.04 s, where hashing them (its unique, or pandas'
    is_unique) took 0.1-0.3 s. Rows without a number are gone by now (drop_unusable)."""
    if len(numbers) < 2:
        return True
    cells = pa.array(numbers, from_pandas=True)  # chunked when the frame is Arrow-backed
    if cells.null_count:  # not expected; the rows are compared the careful way
        return False
    ordered = pc.take(cells, pc.sort_indices(cells))
    following = pc.equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1))
    return not pc.any(following).as_py()


def _older_rows(copies: pd.DataFrame, raw: RawTable, layout: Layout, *, timezone: str) -> pd.Index:
    """Every row of a repeated ticket but its latest (last update, then place in the file)."""
    order = pd.DataFrame(
        {
            "ticket": copies["ticket"],
            "updated": _updated(copies.index, raw, layout, timezone=timezone),
            "position": raw.frame.index.get_indexer(copies.index),
        },
        index=copies.index,
    )
    ranked = order.sort_values(["updated", "position"], na_position="first", kind="stable")
    latest = ranked.drop_duplicates("ticket", keep="last").index
    return copies.index.difference(latest)


def _updated(labels: pd.Index, raw: RawTable, layout: Layout, *, timezone: str) -> pd.Series:
    if layout.updated is None:
        return pd.Series(pd.NaT, index=labels, dtype="datetime64[ns, UTC]")
    return parse_dates(raw.frame.loc[labels, layout.updated], timezone=timezone).values


def _identical_warning(raw: RawTable, identical: pd.Index) -> Problem:
    first = int(raw.frame.index.get_indexer(identical[:1])[0])
    (row,) = raw.rows([first])
    return Problem(
        file=raw.name,
        row=None if raw.sheet else row,
        sheet=raw.sheet,
        message=(
            f"{len(identical)} row(s) repeat an earlier row cell for cell and are counted "
            f"once (the first repeat is row {row})."
        ),
        severity=Severity.WARNING,
    )


def _differing_warning(
    raw: RawTable, layout: Layout, copies: pd.DataFrame, older: pd.Index
) -> Problem:
    tickets = list(dict.fromkeys(copies["ticket"]))
    shown = copies.index[copies["ticket"].isin(tickets[:LISTED_TICKETS])]
    positions = [int(p) for p in raw.frame.index.get_indexer(shown)]
    row_of = dict(zip(shown, raw.rows(positions), strict=True))  # one pass over the file
    examples = []
    for ticket in tickets[:LISTED_TICKETS]:
        labels = [label for label in shown if copies.at[label, "ticket"] == ticket]
        kept = next(row_of[label] for label in labels if label not in older)
        rows = ", ".join(str(row_of[label]) for label in labels)
        examples.append(f"{ticket} (rows {rows}; row {kept} kept)")
    more = f" and {len(tickets) - LISTED_TICKETS} more" if len(tickets) > LISTED_TICKETS else ""
    rule = (
        f"the row with the latest '{layout.updated}' is kept (the lower row when equal)"
        if layout.updated
        else "the row lower in the file is kept, as exports list the newer state lower"
    )
    return Problem(
        file=raw.name,
        message=(
            f"{len(tickets)} ticket(s) appear in rows that differ: {'; '.join(examples)}{more}. "
            f"For each, {rule}; {len(older)} older row(s) are left out."
        ),
        severity=Severity.WARNING,
    )

"""The date columns of an export: parsed, "no date" written as a date read as blank, Created
counted back from Age when there is no creation column, and what an unreadable cell costs.

One bad cell must not refuse a 500,000-row export the Monday meeting needs: a Created date no
format reads leaves that ticket out, any other date is read as blank, each with a warning naming
the rows. `strict` (the CLI's --strict) refuses the file instead. A Created column in which no
cell reads as a date is always refused: the layout points at the wrong column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from connectors.errors import Problem, Severity, TicketExportError
from connectors.ticket_columns import Layout
from connectors.ticket_files import RawTable
from connectors.ticket_values import ParsedDates, parse_dates, plain_text
from pulse.schema import TICKET_COLUMNS

DATE_FIELDS: tuple[str, ...] = ("created", "first_response", "resolved", "due")
MAX_LISTED_PROBLEMS = 10
# Unreadable cells are shown up to this many per column, the rest counted.
LISTED_EXAMPLES = 5
DATE_EXAMPLES = "2026-11-10 14:05, 11/10/2026 2:05 PM or 10/11/2026 14:05 (day first)"
SECONDS_PER_DAY = 86400
AGE_STEP_HOURS = 2.4  # ConnectWise writes Age with one decimal: a tenth of a day


@dataclass(frozen=True)
class ExportTime:
    """When the export was made (Created = this - Age), and where that time came from."""

    instant: pd.Timestamp  # tz-aware
    source: str  # "as given", "the file's modified time", "the upload time"


@dataclass
class Dates:
    values: dict[str, pd.Series] = field(default_factory=dict)  # field -> datetime64[ns, UTC]
    skipped: pd.Index = field(default_factory=lambda: pd.Index([]))  # tickets left out
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def read_dates(
    raw: RawTable,
    layout: Layout,
    *,
    timezone: str,
    export_time: ExportTime | None,
    strict: bool,
) -> Dates:
    """Every date field the layout reads (UTC); TicketExportError when the file is refused."""
    dates = Dates()
    for name in DATE_FIELDS:
        header = layout.columns.get(name)
        if header is not None:
            parsed = parse_dates(raw.frame[header], timezone=timezone)
            dates.values[name] = parsed.values
            _account(dates, raw, name, header, parsed, strict=strict)
    if "created" not in layout.columns and layout.age:
        _created_from_age(dates, raw, layout, export_time, timezone=timezone, strict=strict)
    if dates.errors:
        raise TicketExportError(dates.errors[:MAX_LISTED_PROBLEMS])
    return dates


def _account(
    dates: Dates, raw: RawTable, name: str, header: str, parsed: ParsedDates, *, strict: bool
) -> None:
    """Note the "no date" cells; refuse, skip or blank the unreadable ones."""
    if parsed.sentinel is not None:
        count = int(parsed.sentinel.sum())
        message = (
            f"{count} cell(s) hold 1900-01-01, 1899-12-30 or 0001-01-01, which PSAs and Excel "
            f"write for 'no date'; they are read as blank {TICKET_COLUMNS[name]} dates."
        )
        dates.warnings.append(_warning(raw.name, header, message))
    unreadable = parsed.unreadable
    if not unreadable.any():
        return
    nothing_read = name == "created" and not parsed.values.notna().any()
    if strict or nothing_read:
        dates.errors.extend(_cell_problems(raw, header, unreadable, consequence=""))
        return
    if name == "created":
        consequence = ", so this ticket is left out"
        dates.skipped = dates.skipped.union(unreadable[unreadable].index)
    else:
        consequence = f", so its {TICKET_COLUMNS[name]} date is read as blank"
    dates.warnings.extend(_cell_problems(raw, header, unreadable, consequence=consequence))


def _created_from_age(
    dates: Dates,
    raw: RawTable,
    layout: Layout,
    export_time: ExportTime | None,
    *,
    timezone: str,
    strict: bool,
) -> None:
    """Created = the export's time - Age (days since entry, one decimal), with a note saying so."""
    header = str(layout.age)
    if export_time is None:
        message = (
            f"Created is counted back from the '{header}' column (days since the ticket was "
            "entered), which needs the time the export was made: give it with --exported-at "
            "(command line) or on the Ticket import page."
        )
        raise TicketExportError([Problem(file=raw.name, column=header, message=message)])
    text = plain_text(raw.frame[header])
    days = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    unreadable = text.notna() & ~(days >= 0)
    # Whole seconds: float days carry nanosecond noise no export means.
    age = pd.to_timedelta((days * SECONDS_PER_DAY).round(), unit="s")
    dates.values["created"] = (export_time.instant.tz_convert("UTC") - age).astype(
        "datetime64[ns, UTC]"
    )
    made = export_time.instant.tz_convert(timezone)
    message = (
        f"Created is counted back from the '{header}' column (days since the ticket was "
        f"entered) from the export time {made:%Y-%m-%d %H:%M %Z} ({export_time.source}), so "
        f"it is as precise as Age: {AGE_STEP_HOURS} hours. For exact times, add the Date "
        "Entered column before exporting."
    )
    dates.warnings.append(_warning(raw.name, header, message))
    if unreadable.any():
        parsed = ParsedDates(dates.values["created"], unreadable)
        _account(dates, raw, "created", header, parsed, strict=strict)


def _cell_problems(
    raw: RawTable, header: str, unreadable: pd.Series, *, consequence: str
) -> Iterable[Problem]:
    """One problem per example cell (the first few), the last one counting the rest."""
    shown = unreadable[unreadable].index[:LISTED_EXAMPLES]
    positions = [int(p) for p in raw.frame.index.get_indexer(shown)]
    total = int(unreadable.sum())
    severity = Severity.WARNING if consequence else Severity.ERROR
    for count, position in enumerate(positions):
        value = raw.frame[header].iloc[position]
        last = count == LISTED_EXAMPLES - 1 and total > LISTED_EXAMPLES
        more = f" ({total - LISTED_EXAMPLES} more rows in this column)" if last else ""
        yield Problem(
            file=raw.name,
            message=(
                f"'{value}' is not a date this reader understands{consequence}{more}. Use "
                f"dates such as {DATE_EXAMPLES}."
            ),
            severity=severity,
            **raw.where(position, header),  # type: ignore[arg-type]
        )


def _warning(file: str, header: str, message: str) -> Problem:
    return Problem(file=file, column=header, message=message, severity=Severity.WARNING)

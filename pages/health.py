"""Client health: every client filtered by owner, status, criterion, band and MRR, in the URL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st

from pulse.explore import (
    DISPLAY_COLUMNS,
    LIST_FILTERS,
    QUERY_KEYS,
    SOURCE_BOTH,
    SOURCE_DATA,
    SOURCE_LABELS,
    SOURCE_PERSON,
    HealthFilters,
    filter_clients,
    filter_options,
    health_kpis,
    health_table,
)
from pulse.markdown import plain
from pulse.risk import RiskBand, band_boundaries
from pulse.schema import Criterion
from ui.context import context
from ui.display import (
    CLICK_HINT,
    big_type,
    money,
    money_column,
    percent_column,
    shared_screen_style,
)
from ui.health_charts import (
    HEAT_MAP_ROWS,
    ChartInputs,
    View,
    bars_view,
    bubble_view,
    heat_map_view,
    trend_view,
)
from ui.intro import page_intro
from ui.pending import per_version, picture_for, working_workbook
from ui.routing import shared_screen
from ui.tables import client_table, first_rows

FILTERS_KEY = "health_filters"  # the last filters chosen, kept across page switches
LABELS = {
    "vcio": "vCIO",
    "vitm": "vITM",
    "account_admin": "Account Administrator",
    "segment": "Segment",
    "status": "Episode status",
    "criterion": "Criterion",
    "band": "Risk band",
}
CHART_HEIGHT = 360
SHARED_CHART_HEIGHT = 520
ViewBuilder = Callable[[Any, ChartInputs], View]
TABLE_ROWS = 200  # rows drawn until "Show all" is turned on (the downloads hold every row)


def query_dict() -> dict[str, str | list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def requested_filters(options: dict[str, list[str]]) -> HealthFilters:
    """Filters from the URL, else the last ones chosen this session; unknown values dropped."""
    params = query_dict()
    if any(name in params for name in QUERY_KEYS) or FILTERS_KEY not in st.session_state:
        requested = HealthFilters.from_query_params(params)
    else:
        requested = st.session_state[FILTERS_KEY]
    kept, dropped = requested.restricted_to({name: options[name] for name in LIST_FILTERS})
    if dropped:
        st.warning(f"Ignoring filter values not in this workbook: {plain(', '.join(dropped))}.")
    return kept


def option_label(name: str, value: str, bands: dict[RiskBand, str]) -> str:
    if name == "criterion":
        return Criterion(value).label
    if name == "band":
        return bands[RiskBand(value)]
    return value


def filter_widgets(
    requested: HealthFilters, options: dict[str, list[str]], bands: dict[RiskBand, str]
) -> HealthFilters:
    """The filter bar; the first run of a session starts from `requested`."""
    for name in LIST_FILTERS:
        st.session_state.setdefault(f"health_{name}", list(getattr(requested, name)))
    for name in ("mrr_min", "mrr_max"):
        st.session_state.setdefault(f"health_{name}", getattr(requested, name))
    chosen: dict[str, Any] = {}
    with st.container(border=True):
        top, bottom = st.columns(4), st.columns([1, 1.4, 1, 0.8, 0.8])
        for column, name in zip([*top, *bottom[:3]], LIST_FILTERS, strict=True):
            chosen[name] = column.multiselect(
                LABELS[name],
                options[name],
                key=f"health_{name}",
                format_func=lambda value, name=name: option_label(name, value, bands),
                placeholder="All",
            )
        for column, name, label in zip(
            bottom[3:], ("mrr_min", "mrr_max"), ("MRR from ($)", "MRR to ($)"), strict=True
        ):
            chosen[name] = column.number_input(
                label, min_value=0.0, value=None, step=500.0, key=f"health_{name}"
            )
    return HealthFilters(
        **{name: tuple(chosen[name]) for name in LIST_FILTERS},
        mrr_min=chosen["mrr_min"],
        mrr_max=chosen["mrr_max"],
    )


def mirror_in_url(filters: HealthFilters) -> None:
    """Every filter lives in the URL, so copying it shares exactly this view."""
    wanted = filters.to_query_params()
    current = {name: query_dict()[name] for name in QUERY_KEYS if name in st.query_params}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    current_lists = {k: v if isinstance(v, list) else [v] for k, v in current.items()}
    if normalised == current_lists:
        return
    for name in QUERY_KEYS:
        if name in st.query_params and name not in wanted:
            del st.query_params[name]
    for name, value in wanted.items():
        st.query_params[name] = value


def show_kpis(shown: Any, everyone: Any) -> None:
    kpis = health_kpis(shown)
    cells = st.columns(5)
    cells[0].metric("Clients shown", kpis.clients, help=f"of {len(everyone)} clients")
    cells[1].metric("MRR", money(kpis.mrr))
    cells[2].metric("MRR at risk", money(kpis.mrr_at_risk), help="Σ MRR × risk (noisy-OR)")
    cells[3].metric("On extra care", kpis.on_extra_care, help="Clients with an Active episode")
    cells[4].metric("Overdue actions", kpis.overdue_actions, help="Not Done, due before as-of")


HEALTH_COLUMN_CONFIG = {
    "client": st.column_config.TextColumn("Client", pinned=True),
    "vcio": "vCIO",
    "vitm": "vITM",
    "account_admin": "Account admin",
    "segment": "Segment",
    "status": "Status",
    "flags": st.column_config.TextColumn("Flags", width="medium"),
    "risk": percent_column("Risk"),
    "band": "Band",
    "mrr": money_column("MRR"),
    "mrr_at_risk": money_column("MRR at risk"),
    "overdue_actions": st.column_config.NumberColumn("Overdue actions"),
    "last_contact": st.column_config.DateColumn("Last contact", format="YYYY-MM-DD"),
}


def visible_rows(export: Any) -> Any:
    """The first TABLE_ROWS rows (riskiest first), or every row once "Show all" is on."""
    return first_rows(
        export,
        limit=TABLE_ROWS,
        key="health_all_rows",
        toggle=f"Show all {len(export):,} clients",
        caption=(
            f"The {TABLE_ROWS} clients with the most MRR at risk of {len(export):,}: turn on "
            '"Show all" (or filter) to see the rest, and download the table for all of them.'
        ),
    )


def show_table(shown: Any, *, as_of: Any, shared: bool) -> None:
    export = shown[DISPLAY_COLUMNS]
    client_table(
        visible_rows(export),
        key="health_table",
        row_limit=None,  # visible_rows: the page says what it leaves out
        width="stretch",
        column_config=HEALTH_COLUMN_CONFIG,
        height=420 if not shared else 560,
    )
    st.caption(f"{CLICK_HINT} Click a column header to sort.")
    if shared:
        return
    left, right, _ = st.columns([1, 1, 4])
    # Built when clicked (a callable), not on every run: the XLSX takes ~1 s for 2,000 clients.
    left.download_button(
        "⬇️ Download CSV",
        lambda: _export_module().to_csv_bytes(export),
        file_name=f"client-health-{as_of:%Y-%m-%d}.csv",
        mime="text/csv",
    )
    right.download_button(
        "⬇️ Download XLSX",
        lambda: _export_module().to_xlsx_bytes(export, "Client health"),
        file_name=f"client-health-{as_of:%Y-%m-%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _export_module() -> Any:
    """connectors.export imports openpyxl (most of a second): only when a download is asked."""
    import connectors.export

    return connectors.export


def view_for(
    ctx: Any, name: str, build: ViewBuilder, shown: Any, filters: HealthFilters, inputs: ChartInputs
) -> View:
    """One tab's figures, once per version of the data, as-of date, filters and size."""
    risk = inputs.settings.risk
    key = f"health_chart|{name}|{filters!r}|{inputs.height}|{risk.high}|{risk.medium}"
    return per_version(ctx, key, inputs.as_of, lambda: build(shown, inputs))


CHART_TABS = ("MRR at risk by vCIO and segment", "Clients × criteria", "Risk against MRR", "Trend")


def show_charts(ctx: Any, shown: Any, filters: HealthFilters, inputs: ChartInputs) -> None:
    """Where the shown clients sit, one view at a time: only the open tab's figures are built,
    sent and drawn (Streamlit's on_change="rerun" tabs), so a filter change redraws one view."""
    tabs = st.tabs(CHART_TABS, key="health_chart_tab", on_change="rerun")
    views: tuple[tuple[ViewBuilder, Callable[[View], None]], ...] = (
        (bars_view, show_bars),
        (heat_map_view, show_heat_map),
        (bubble_view, show_bubble),
        (trend_view, lambda view: show_trend(view, active=filters.active)),
    )
    for tab, name, (build, show) in zip(tabs, CHART_TABS, views, strict=True):
        if tab.open:
            with tab:
                show(view_for(ctx, name, build, shown, filters, inputs))


def show_bars(view: View) -> None:
    by_vcio, by_segment = view.figures
    left, right = st.columns(2)
    left.plotly_chart(by_vcio, width="stretch")
    right.plotly_chart(by_segment, width="stretch")


def show_heat_map(view: View) -> None:
    if not view.figures:
        st.info("No client shown carries a flag, so the criteria heat map is empty.")
        return
    if view.count > HEAT_MAP_ROWS:
        st.caption(
            f"The {HEAT_MAP_ROWS} riskiest of {view.count:,} flagged clients: filter to see others."
        )
    st.plotly_chart(view.figures[0], width="stretch")
    st.caption(
        f"Blue: {SOURCE_LABELS[SOURCE_PERSON]} · orange: {SOURCE_LABELS[SOURCE_DATA]} · "
        f"red: {SOURCE_LABELS[SOURCE_BOTH]}."
    )


def show_bubble(view: View) -> None:
    st.plotly_chart(view.figures[0], width="stretch")


def show_trend(view: View, *, active: bool) -> None:
    if view.count <= 1:
        st.caption("The Pulse History tab has no earlier weeks yet: only this week is shown.")
    if active:
        st.caption("Trend of the clients these filters show.")
    st.plotly_chart(view.figures[0], width="stretch")


def health_rows(ctx: Any, picture: Any, workbook: Any) -> Any:
    """One row per client, once per version of the data and as-of date; pages only filter it."""
    return per_version(
        ctx,
        "health_table",
        ctx.as_of,
        lambda: health_table(
            picture, workbook.clients, workbook.actions, as_of=ctx.as_of, episodes=workbook.episodes
        ),
    )


def chosen_filters(everyone: Any, bands: Any, *, shared: bool) -> HealthFilters:
    """The URL's filters; off the shared screen also the widgets, mirrored back in the URL."""
    options = filter_options(everyone)
    requested = requested_filters(options)
    if shared:
        return requested
    filters = filter_widgets(requested, options, bands)
    st.session_state[FILTERS_KEY] = filters
    mirror_in_url(filters)
    return filters


def main() -> None:
    ctx = context()
    workbook, settings, as_of = working_workbook(ctx), ctx.settings, ctx.as_of
    shared = shared_screen()
    big_type()
    if shared:
        shared_screen_style()
    picture = picture_for(ctx, as_of)
    everyone = health_rows(ctx, picture, workbook)
    bands = band_boundaries(settings.risk)
    st.title("Client health")
    page_intro(ctx, __file__)
    st.caption(
        f"As of {as_of} from {plain(workbook.source)}. Risk bands: {' · '.join(bands.values())}."
        " The address bar holds the filters: share it to share this view."
    )
    if everyone.empty:
        st.info("The Clients tab has no clients yet: add them to the workbook to see their health.")
        return
    filters = chosen_filters(everyone, bands, shared=shared)
    shown = filter_clients(everyone, filters)
    show_kpis(shown, everyone)
    if shown.empty:
        st.info("No client matches these filters. Remove a filter to see more clients.")
        return
    show_table(shown, as_of=as_of, shared=shared)
    height = SHARED_CHART_HEIGHT if shared else CHART_HEIGHT
    inputs = ChartInputs(workbook=workbook, picture=picture, as_of=as_of, settings=settings)
    show_charts(ctx, shown, filters, replace(inputs, height=height))


if __name__ == "__main__":
    main()

"""The workbook: where it comes from, which version, syncing and saving, uploads, the download,
and the Audit Log and Pulse History tabs (SPEC: the Account Administrator exports the workbook;
every change is in the Audit Log; trends come from Pulse History)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.escalation import can_add_matrix
from app.saving import ChangedMeanwhile
from app.sharepoint_check import check_report, check_sharepoint
from app.sources import SourceKind, Upload, WorkbookSource, outage_message
from connectors.errors import InputError
from pulse.history import week_monday
from pulse.markdown import plain
from pulse.permissions import Action
from ui.context import PulseContext, context
from ui.display import render_problems
from ui.intro import page_intro
from ui.notices import notice
from ui.pending import current, discard, this_week_history, working_workbook
from ui.permissions import permission_reason
from ui.saving import rendered_now, save_button, sync_now
from ui.source import UPLOADED_KEY, current_opened, uploaded_workbook
from ui.tables import show_table

DOWNLOAD_KEY = "prepared_download"
ADD_MATRIX_KEY = "export_add_matrix"
AUDIT_SHOWN = ["at", "user", "client", "field", "old", "new", "note"]
HISTORY_SHOWN = ["week", "client", "status", "criteria_count", "risk", "mrr", "mrr_at_risk"]


def _when(moment: object) -> str:
    return f"{pd.Timestamp(moment):%Y-%m-%d %H:%M}" if moment is not None else "unknown"


def source_panel(source: WorkbookSource) -> None:
    st.subheader("Source")
    facts = [f"- **{source.kind}**: {plain(source.location)}"]
    if source.kind is SourceKind.SHAREPOINT:
        saved_by = plain(source.modified_by or "?")
        facts.append(f"- Version **{plain(source.version_label)}**, saved by {saved_by}")
        facts.append(f"- Last modified {_when(source.modified_at)} UTC")
        facts.append(f"- Last sync {_when(source.fetched_at)} UTC")
    elif source.modified_at is not None:
        facts.append(f"- Last modified {_when(source.modified_at)}")
    st.markdown("\n".join(facts))
    outage = outage_message(source)
    if outage:
        st.warning(plain(outage))


def actions_row(ctx: PulseContext, source: WorkbookSource) -> None:
    sync, save, drop = st.columns(3)
    with sync:
        label = "Sync now" if source.kind is SourceKind.SHAREPOINT else "Reload the file"
        if st.button(label, key="sync_now"):
            sync_now()
            st.rerun()
    with save:
        save_button(ctx, key="page_save")
    with drop:
        count = current(ctx).count
        if st.button("Discard unsaved changes", key="discard", disabled=count == 0):
            discard(ctx)
            notice("info", f"Discarded {count} unsaved change(s).")
            st.rerun()


def download_panel(ctx: PulseContext, source: WorkbookSource) -> None:
    """The updated workbook as a download: pending changes, audit rows, this week's history."""
    st.subheader("Export")
    blocked = permission_reason(ctx, Action.EXPORT, "export the workbook")
    if blocked is not None:
        st.caption(f"🔒 {blocked}")
    add_matrix = can_add_matrix(ctx.workbook) and st.checkbox(
        "Add an Escalation Matrix tab holding seed 004's matrix (this workbook has none), so "
        "the team can edit it in Excel",
        key=ADD_MATRIX_KEY,
    )
    state = (source.version, current(ctx).count, add_matrix)
    if st.button("Prepare the updated workbook", key="prepare_download", disabled=bool(blocked)):
        _prepare_download(ctx, state)
    prepared = st.session_state.get(DOWNLOAD_KEY)
    if prepared is not None and prepared[0] == state:
        name = source.location.rsplit("/", 1)[-1] or "Client Pulse.xlsx"
        st.download_button(
            f"Download {plain(name)}",
            prepared[1],
            file_name=name,
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="download_workbook",
        )


def _prepare_download(ctx: PulseContext, state: tuple[str, int, bool]) -> None:
    """The download's bytes, kept with the state (version, pending count, matrix) they are of."""
    try:
        with st.spinner("Writing the workbook…"):
            data = rendered_now(ctx, current_opened(), add_matrix=state[2])
    except ChangedMeanwhile:
        st.warning("The file changed on disk since it was read; reload it first.")
        return
    except InputError as exc:
        render_problems("The workbook cannot be written", exc.problems)
        return
    st.session_state[DOWNLOAD_KEY] = (state, data)


def uploads_panel(source: WorkbookSource) -> None:
    st.subheader("Uploads")
    if source.kind is not SourceKind.SHAREPOINT:
        workbook = st.file_uploader("A Client Pulse workbook (.xlsx)", type=["xlsx"], key="up_wb")
        uploaded = Upload(workbook.name, workbook.getvalue()) if workbook is not None else None
        if uploaded is not None and uploaded_workbook() != uploaded:
            st.session_state[UPLOADED_KEY] = uploaded
            st.rerun()  # the shell reads it on the next run
        uploaded_now = workbook is None and source.kind is SourceKind.UPLOADED
        if uploaded_now and st.button("Back to the local file", key="back_to_local"):
            st.session_state.pop(UPLOADED_KEY, None)
            st.rerun()
    # One way in for ticket exports and incident events: the import page checks the layout,
    # maps unknown columns once and previews the rows before they are used.
    st.page_link(
        "pages/tickets.py",
        label="Ticket exports and incident events: upload, check and map them on Ticket import",
        icon="📥",
    )


def pending_panel(ctx: PulseContext) -> None:
    store = current(ctx)
    st.subheader(f"Unsaved changes ({store.count})")
    if store.count == 0:
        st.caption("Nothing to save. Saving still adds this week's Pulse History rows.")
        return
    show_table(store.audit[AUDIT_SHOWN], width="stretch")


def record_tabs(ctx: PulseContext) -> None:
    audit_tab, history_tab = st.tabs(["Audit Log", "Pulse History"])
    with audit_tab:
        audit = working_workbook(ctx).audit[AUDIT_SHOWN].iloc[::-1]
        st.caption(f"{len(audit)} rows, newest first; unsaved ones included.")
        show_table(audit, width="stretch")
    with history_tab:
        monday = week_monday(ctx.as_of)
        history = this_week_history(ctx)
        st.caption(
            f"Saving writes the rows of the week of {monday:%Y-%m-%d} (replacing that week's rows "
            "if it was saved before)."
        )
        show_table(history[HISTORY_SHOWN].iloc[::-1], width="stretch")


def _plain(text: str) -> str:
    return text.replace("$", "\\$")  # SharePoint's "$value" is no formula


def setup_check_panel() -> None:
    """`pulse sharepoint-check` on the page: each step in plain words, the fix under a failure."""
    with st.expander("Check the SharePoint set-up"):
        st.caption(
            "Diagnoses the connection step by step, as `pulse sharepoint-check` does: settings, "
            "site, sign-in, file, read, ETags and (without changing anything) write."
        )
        if not st.button("Run the check", key="sharepoint_check"):
            return
        with st.spinner("Checking SharePoint…"):
            steps = check_sharepoint()
        for step in steps:
            if step.ok:
                st.success(_plain(f"**{step.name}**: {step.detail}"), icon="✅")
            else:
                st.error(_plain(f"**{step.name}**: {step.detail}\n\nFix: {step.fix}"), icon="❌")
        st.caption(check_report(steps)[-1])


def main() -> None:
    ctx = context()
    source = current_opened().source
    st.title("Workbook")
    page_intro(ctx, __file__)
    source_panel(source)
    actions_row(ctx, source)
    pending_panel(ctx)
    download_panel(ctx, source)
    uploads_panel(source)
    setup_check_panel()
    record_tabs(ctx)


if __name__ == "__main__":
    main()

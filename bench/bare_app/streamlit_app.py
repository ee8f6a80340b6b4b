"""The bare app `make bench` measures Client Pulse against: a Streamlit app of the same size.

Three pages through st.navigation, each with five metrics, one 2,000-row x 14-column table and
one plotly histogram, built from data made in memory (no files, no caches of its own). The
pages are functions here, so the app is one file; its sidebar holds a date and its first page a
filter, so the bench can time the same steps (as-of change, filter change) on both apps.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.express as px
import streamlit as st

ROWS = 2_000
SEGMENTS = ["Enterprise", "Mid-market", "Small business", "Non-profit"]


def frame(seed: int) -> pd.DataFrame:
    """2,000 rows x 14 columns of client-like data, different per page."""
    rng = np.random.default_rng(seed)
    mrr = rng.gamma(2.0, 2_500.0, ROWS).round(2)
    risk = rng.random(ROWS)
    return pd.DataFrame(
        {
            "client": [f"Client {seed}-{n:04d}" for n in range(ROWS)],
            "vcio": rng.choice([f"vCIO {n}" for n in range(12)], ROWS),
            "vitm": rng.choice([f"vITM {n}" for n in range(20)], ROWS),
            "account_admin": rng.choice([f"Admin {n}" for n in range(8)], ROWS),
            "segment": rng.choice(SEGMENTS, ROWS),
            "status": rng.choice(["", "Active", "Recommended", "Closed"], ROWS),
            "flags": rng.choice(["", "tickets", "csat, tickets", "churn"], ROWS),
            "risk": risk.round(3),
            "band": np.where(risk > 0.6, "high", np.where(risk > 0.3, "medium", "low")),
            "mrr": mrr,
            "mrr_at_risk": (mrr * risk).round(2),
            "overdue_actions": rng.integers(0, 5, ROWS),
            "tickets_30d": rng.integers(0, 80, ROWS),
            "last_contact": pd.Timestamp("2026-11-23")
            - pd.to_timedelta(rng.integers(0, 90, ROWS), unit="D"),
        }
    )


def page(seed: int, title: str) -> None:
    st.title(title)
    data = frame(seed)
    segments = st.multiselect("Segment", SEGMENTS, key=f"segment_{seed}", placeholder="All")
    if segments:
        data = data[data["segment"].isin(segments)]
    cells = st.columns(5)
    cells[0].metric("Clients", len(data))
    cells[1].metric("MRR", f"${data['mrr'].sum():,.0f}")
    cells[2].metric("MRR at risk", f"${data['mrr_at_risk'].sum():,.0f}")
    cells[3].metric("High risk", int((data["band"] == "high").sum()))
    cells[4].metric("Overdue actions", int(data["overdue_actions"].sum()))
    st.dataframe(data, hide_index=True, height=420)
    st.plotly_chart(px.histogram(data, x="risk", nbins=20, title="Risk"), width="stretch")


def monday() -> None:
    page(1, "Monday")


def health() -> None:
    page(2, "Client health")


def escalation() -> None:
    page(3, "Escalation")


def main() -> None:
    st.set_page_config(page_title="Bare app", layout="wide")
    with st.sidebar:
        st.date_input("As of", value=date(2026, 11, 23), format="YYYY-MM-DD", key="as_of")
    navigation = st.navigation(
        [
            st.Page(monday, title="Monday", url_path="monday", default=True),
            st.Page(health, title="Client health", url_path="health"),
            st.Page(escalation, title="Escalation", url_path="escalation"),
        ]
    )
    navigation.run()


main()

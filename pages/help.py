"""Help: the README inside the app, one section at a time (?section=<slug>). Every page's "what
am I looking at" introduction links here (ui/intro.py)."""

from __future__ import annotations

import streamlit as st

from pulse.markdown import plain
from ui.context import context
from ui.intro import SECTION_PARAM, Section, page_intro, sections, show_again


def chosen_section(found: list[Section]) -> Section:
    """The section the address names; the first (with a word) when it names none we have."""
    wanted = st.query_params.get(SECTION_PARAM, found[0].slug)
    by_slug = {section.slug: section for section in found}
    if wanted not in by_slug:
        st.warning(f"The README has no section “{plain(wanted)}”; here is the first one.")
    return by_slug.get(wanted, found[0])


def contents(found: list[Section], chosen: Section) -> None:
    """Every section as a link to itself (sub-sections indented)."""
    st.markdown("**Contents**")
    for section in found:
        indent = "" if section.body.startswith("## ") else "\u2003"
        if st.button(
            f"{indent}{section.title}",
            key=f"help_{section.slug}",
            type="primary" if section == chosen else "tertiary",
        ):
            st.query_params[SECTION_PARAM] = section.slug
            st.rerun()


def main() -> None:
    ctx = context()
    st.title("Help")
    page_intro(ctx, __file__)
    found = sections()
    chosen = chosen_section(found)
    left, right = st.columns([1, 3])
    with left:
        contents(found, chosen)
        st.divider()
        st.button(
            "Show the page introductions again",
            key="help_show_intros",
            on_click=show_again,
            args=(ctx.user,),
        )
    right.markdown(chosen.body)


if __name__ == "__main__":
    main()

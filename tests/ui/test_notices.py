"""Messages for the next run (ui/notices.py): shown once, at its top, each at its level."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def notices_script() -> None:
    import streamlit as st

    from ui.notices import notice, show_notices

    show_notices()
    st.write("page")
    if st.button("Save", key="save"):
        notice("success", "Saved 5 change(s).")
        notice("warning", "The ticket export is old.")
        notice("error", "Not saved: locked.")
        notice("info", "Re-applied your changes.")
        st.rerun()


def test_a_notice_shows_once_at_the_top_of_the_next_run() -> None:
    app = AppTest.from_function(notices_script, default_timeout=30).run()
    assert not (app.success or app.warning or app.error or app.info)
    app.button(key="save").click().run()  # the click's run reruns at once
    assert [s.value for s in app.success] == ["Saved 5 change(s)."]
    assert [w.value for w in app.warning] == ["The ticket export is old."]
    assert [e.value for e in app.error] == ["Not saved: locked."]
    assert [i.value for i in app.info] == ["Re-applied your changes."]
    app.run()  # any later run: gone
    assert not (app.success or app.warning or app.error or app.info)

"""Client Pulse: `streamlit run streamlit_app.py`.

Streamlit runs this file for every visitor (as __main__): the shell (ui/shell.py) draws the
sidebar and the chosen page. `streamlit run` first imports it to find `app`, an st.App whose
lifespan runs the first page once before the server accepts anyone (ui/warm.py), so the first
visitor finds the workbook, the tickets and this week's figures already read.
"""

import streamlit as st

if __name__ == "__main__":
    from ui.shell import main

    main()
else:
    from ui.warm import first_run

    app = st.App(__file__, lifespan=first_run)

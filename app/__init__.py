"""The application core: what both shells (streamlit_app.py and pulse/cli.py) call for.

Choosing and reading the workbook source (a local path, an upload, the live SharePoint file and
its cached copy), reading ticket exports and incident events through the ticket cache, computing
the week's picture, holding unsaved changes and replaying them on a newer version, and saving
with the conflict check. No streamlit here: the app wraps these in its caches and widgets, the
CLI in its exit codes.
"""

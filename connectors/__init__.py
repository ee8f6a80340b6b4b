"""The outside world: workbook read/write, ticket exports, SharePoint. No streamlit here."""

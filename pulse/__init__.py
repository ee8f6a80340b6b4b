"""Client Pulse domain: pure functions over DataFrames. No streamlit, no files, no network."""

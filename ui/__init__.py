"""What the page scripts share: the context the shell prepared, the session's pending changes
and saving, the decision forms, sign-in, links and display helpers. Streamlit lives here and in
pages/; the rules stay in pulse/ and the work in app/."""

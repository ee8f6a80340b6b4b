"""Text from outside (a workbook cell, a file name, a URL's query string, a server's message)
shown inside Markdown as the characters it is: the one escaping helper every shell and every
Markdown document (the minutes, the announcements, the post-incident report) uses.

Streamlit renders st.markdown, st.title, st.caption, st.warning, st.info, st.error,
st.success, st.toast and widget labels as GitHub Markdown plus its own directives (`:red[..]`)
and `$LaTeX$`, so a client named `![x](http://attacker/pixel)` would load an image and
`# Big Heading Co` would become a heading. CommonMark lets any ASCII punctuation be escaped with
a backslash, and an escaped character is always literal. Escaped here: every character that
starts inline syntax anywhere (emphasis, code, links and images, HTML, strikethrough, tables,
LaTeX) and a block marker at the start (`#`, `>`, a list's `-`, `+` or `1.`); a bare link
(`http://`, `www.`, an e-mail address), which GFM links even when escaped, gets an invisible
word joiner inside. Nothing else, so documents a person
copies (the minutes) keep dates, hyphens and parentheses as written.
"""

from __future__ import annotations

import re

INLINE = re.compile(r"([\\`*_\[\]<>~$|@])")
# GFM turns bare `http://x`, `www.x` and `a@b.c` into links even when escaped, so an invisible
# WORD JOINER (U+2060) goes inside each: `http:⁠//`, `www⁠.`, `@⁠b`.
WORD_JOINER = "\u2060"
BARE_LINK = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=//)|(?<=@)(?=\w)")
BLOCK_START = re.compile(r"^(\s*)(?:([#>+\-=])|(\d+)([.)]))")
LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def plain(text: object) -> str:
    """`text` (str() of anything) shown literally inside Markdown, on one line."""
    one_line = LINE_BREAKS.sub(" ", str(text))
    escaped = BARE_LINK.sub(WORD_JOINER, INLINE.sub(r"\\\1", one_line))
    return BLOCK_START.sub(_escaped_marker, escaped, count=1)


def _escaped_marker(match: re.Match[str]) -> str:
    """`# `, `> `, `- `... or `1. ` at the start, its marker escaped."""
    space, marker, number, after = match.groups()
    return f"{space}\\{marker}" if marker else f"{space}{number}\\{after}"

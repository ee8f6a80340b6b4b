"""The one Markdown-escaping helper (pulse/markdown.py): outside text stays the characters it
is, whatever Markdown or Streamlit directive it spells. Expectations written by hand."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from pulse.markdown import plain

RENDER = MarkdownIt("commonmark").enable("table").enable("strikethrough")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("first_last@x.example", "first\\_last\\@\u2060x.example"),
        ("**bold** [link](http://x)", "\\*\\*bold\\*\\* \\[link\\](http:\u2060//x)"),
        ("![x](http://a/p.png)", "!\\[x\\](http:\u2060//a/p.png)"),
        ("# Big Heading Co", r"\# Big Heading Co"),
        ("  > quoted", r"  \> quoted"),
        ("- item", r"\- item"),
        ("12. listed", r"12\. listed"),
        (":red[Alert] $x$ ~~no~~ a|b `c`", r":red\[Alert\] \$x\$ \~\~no\~\~ a\|b \`c\`"),
        ("WWW.attacker.example", "WWW\u2060.attacker.example"),
        ("<img src=x>", r"\<img src=x\>"),
        ("a\n\n# b", "a # b"),
        # What a document keeps as written: dates, hyphens, parentheses, full stops.
        (
            "Line-of-business app (2025-03-12, 10:15). Done!",
            "Line-of-business app (2025-03-12, 10:15). Done!",
        ),
        (42, "42"),
    ],
)
def test_plain_escapes_every_markdown_start(text: object, escaped: str) -> None:
    assert plain(text) == escaped


HOSTILE = [
    "[Sign in again](http://attacker.example/phish)",
    "http://attacker.example/bare and www.attacker.example and mail@attacker.example",
    ":red[Pwned] $x^2$",
    "![pixel](http://attacker.example/p.png)",
    "# Big Heading Co",
    "<img src=x onerror=alert(1)>",
    "<http://attacker.example>",
    "1. listed | a | table |",
    "- item `code` ~~struck~~ *em* __strong__",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_rendered_it_is_one_paragraph_of_the_same_text(text: str) -> None:
    html = RENDER.render(plain(text))
    entities = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
    escaped = "".join(entities.get(character, character) for character in text)
    assert html.replace("\u2060", "") == f"<p>{escaped}</p>\n"  # and joiners, invisible

"""Secrets never reach a log: every record of the SharePoint library (and of the product's own
`pulse` loggers) is masked before any handler writes it.

A hostile or misconfigured server can echo the request's `Authorization` header in an error;
the library then logs the exception, token and all, to stderr and the Streamlit server log.
Records of the `office365` and `pulse` loggers go to one handler here, which masks the
configured secrets and anything shaped like a bearer token, a password or a client secret in
the message and the traceback, and writes to stderr; they no longer reach the root logger.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Iterable
from typing import Any

MASK = "***"
LOGGERS = ("office365", "pulse")
SHAPES = re.compile(
    r"(?i)(bearer\s+|(?:authorization|access_token|accesstoken|client_secret|password|"
    r"refresh_token)[\"']?\s*[:=]\s*[\"']?(?:bearer\s+)?)[^\s\"',;}&]+"
)


def mask_secrets(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with each known secret and every token-shaped value replaced by ***."""
    # Longest first: a secret that is part of another (a short test token inside a password)
    # must not leave the rest of the longer one readable.
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, MASK)
    return SHAPES.sub(lambda found: found.group(1) + MASK, text)


class MaskingFilter(logging.Filter):
    """Masks a record's whole text (message, arguments, exception) in place; a traceback is
    shortened to the exception's own line (the CLI and the server log show no tracebacks)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = {secret for secret in secrets if secret}

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:  # its last line, no traceback
            text += ": " + "".join(traceback.format_exception_only(record.exc_info[1])).strip()
        record.msg, record.args = mask_secrets(text, self.secrets), None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def mask_library_logs(secrets: Iterable[str] = ()) -> MaskingFilter:
    """Route the library's and the product's records through one masking handler (idempotent:
    a later call adds its secrets to the same filter)."""
    handler = _masking_handler()
    masking = next(f for f in handler.filters if isinstance(f, MaskingFilter))
    masking.secrets.update(secret for secret in secrets if secret)
    return masking


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at each record (like logging's own last resort), not the
    stream of the moment it was made: a replaced or closed stderr (a test's capture, a shell
    redirecting it) never turns a record into a "--- Logging error ---" traceback."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass  # StreamHandler.__init__ sets it; the current sys.stderr is always used


def _masking_handler() -> logging.Handler:
    first = logging.getLogger(LOGGERS[0])
    found = next((h for h in first.handlers if getattr(h, "masks_secrets", False)), None)
    if found is not None:
        return found
    handler = _StderrHandler()  # stderr, where the library's records went before
    handler.masks_secrets = True  # type: ignore[attr-defined]
    handler.addFilter(MaskingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.propagate = False  # never reaches the root logger's handlers unmasked
    return handler

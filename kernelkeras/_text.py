"""Text from other people, shown safely: in HTML, in plotly labels and in error messages.

Layer and model names, metric names, history fields and builder JSON come from files
that other people wrote. Every place that puts such text into HTML (or into plotly,
which reads a subset of HTML in titles, legends and hover text) goes through
:func:`escape_html`; every error message that quotes a value goes through
:func:`shown`, so that a 50 MB value never fills the screen.

Example:

>>> escape_html("<img src=x onerror=alert(1)>")
'&lt;img src=x onerror=alert(1)&gt;'
>>> shown("x" * 500)[-24:]
"…' (500 characters, cut)"
"""

from __future__ import annotations

import html
from typing import Any

#: At most this many characters of any value are quoted in an error message.
QUOTE_LIMIT = 200


def escape_html(value: Any) -> str:
    """``value`` as text for HTML and plotly labels: ``<``, ``>``, ``&`` and quotes escaped."""
    return html.escape(str(value), quote=True)


def shown(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` for an error message, cut to about ``limit`` characters."""
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not replace the error being reported
        text = f"<{type(value).__name__}>"
    if len(text) <= limit:
        return text
    sized = isinstance(value, (str, bytes, list, tuple, dict))
    size = len(value) if sized else len(text)
    unit = "characters" if isinstance(value, (str, bytes)) else "items"
    if not sized:
        unit = "characters of repr"
    end = text[-1] if isinstance(value, str) else ""
    return f"{text[: limit - 1]}…{end} ({size:,} {unit}, cut)"

"""The browser tests' fixtures: Debian's Chromium, or a failure that says how to install it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._jupyter import CHROMIUM, INSTALL_CHROMIUM


@pytest.fixture
def chromium() -> Path:
    """Debian's Chromium; the test fails (never skips) with the install command without it."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            f"Install it with: {INSTALL_CHROMIUM}",
            pytrace=False,
        )
    return CHROMIUM

"""Chromium from Debian, driven by Playwright: never a browser download.

Without /usr/bin/chromium the browser tests fail with a line saying how to install it
(`bash .ci/browser`): a skipped browser test would let a run pass having tested nothing.
"""

import os
import shutil
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def require_browser() -> None:
    missing = not os.path.exists(CHROMIUM)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = True
    if missing:  # a browser test that cannot run fails: skipped, it would pass CI having tested nothing
        pytest.fail("Chromium and Playwright are needed: bash .ci/browser (Debian's chromium); pip install -e '.[dev]'")


@contextmanager
def browser_page(**context_options):
    """A fresh headless Chromium page; ``context_options`` go to ``new_context`` (viewport, java_script_enabled, ...)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser.new_context(**context_options).new_page()
        finally:
            browser.close()

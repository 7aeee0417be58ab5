"""The board's browser tests' fixtures: headless Chromium and the seeded demo base."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, sync_playwright

from scheduling.demo import demo_start
from scheduling.services.demo import demo_seed
from tests.browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS


@pytest.fixture
def demo_day(transactional_db) -> dt.date:
    """The demo base, seeded; its first day (a Monday after today: the freeze window is past)."""
    start = demo_start()
    demo_seed(start=start)
    return start


@pytest.fixture
def page(live_server, monkeypatch) -> Iterator[Page]:
    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the test are
    # still plain synchronous ones (Playwright's documented setting for Django tests).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 900})
        page.set_default_timeout(WAIT_MS)
        yield page
        browser.close()

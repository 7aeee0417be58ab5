"""Reception's tests read their messages in English (the base's default language is Chinese:
``test_options_api`` checks that rendering once)."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

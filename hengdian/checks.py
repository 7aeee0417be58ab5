"""System checks of the production settings, run by ``manage.py check --deploy``."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def allowed_hosts_from_environment(app_configs, **kwargs) -> list[Error]:
    """Production names its hosts: without DJANGO_ALLOWED_HOSTS every request is refused."""
    if settings.DEBUG or settings.ALLOWED_HOSTS:
        return []
    return [
        Error(
            "DJANGO_ALLOWED_HOSTS is not set: with DEBUG off every request is refused (400).",
            hint="Set DJANGO_ALLOWED_HOSTS to the host names the service answers, comma-separated.",
            id="hengdian.E001",
        )
    ]

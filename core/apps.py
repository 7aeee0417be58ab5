from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The plumbing every app shares (see ``core/__init__.py``)."""

    name = "core"
    verbose_name = "core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from core.sign_in import sign_in_failure_count

        user_login_failed.connect(sign_in_failure_count, dispatch_uid="core.sign_in")

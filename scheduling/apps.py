from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Scheduling")

    def ready(self) -> None:
        # Registers the app's Celery tasks in every process, not only in a worker (which
        # autodiscovers them): services send them by name through core.queue.
        from scheduling.billing import signals

        from . import tasks  # noqa: F401

        signals.connect()  # a change to a billed booking becomes a credit or debit note

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Scheduling")

    def ready(self) -> None:
        from scheduling.billing import signals

        signals.connect()  # a change to a billed booking becomes a credit or debit note

"""Celery tasks of billing: a change to a booking after its period was billed becomes a credit
or debit note (``services.invoices_adjust_for``); the sweep catches every other change."""

from __future__ import annotations

import logging

from celery import shared_task

from core.shooting_day import booking_date
from scheduling.billing import services
from scheduling.models import Booking

logger = logging.getLogger(__name__)


@shared_task(name="scheduling.billing.invoices_adjust_for_booking")
def invoices_adjust_for_booking(booking_id: int) -> list[str]:
    booking = Booking.objects.select_related("scene").filter(pk=booking_id).first()
    if booking is None:
        return []
    notes = services.invoices_adjust_for(
        crew_id=booking.scene.crew_id,
        days={booking_date(booking.starts_at)},
        booking_ids={booking.pk},
    )
    return _logged(notes)


def _logged(notes) -> list[str]:
    for note in notes:
        logger.info("billing: %s issued against %s", note.number, note.original.number)
    return [note.number for note in notes]


@shared_task(name="scheduling.billing.invoices_sweep")
def invoices_sweep() -> list[str]:
    return _logged(services.invoices_sweep())

"""Writes of billing: issuing bills with gapless numbers, their status, and correcting notes.

A bill never changes once issued (``Invoice.save`` refuses): a later change to what it billed
is a credit or debit note against it, with its own number. Numbers run per series and year
without gaps: the counter row is locked (``SELECT ... FOR UPDATE``) and bumped in the same
transaction that inserts the bill, so a bill that fails to insert gives its number back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Call
from core.shooting_day import base_timezone, shooting_days_bounds
from crews.models import Crew
from scheduling.billing.models import Invoice, InvoiceCounter, Tariff
from scheduling.billing.selectors import money, statement_get, statement_totals
from scheduling.models import Booking

SERIES = {
    Invoice.Kind.INVOICE: ("HD", "HD"),
    Invoice.Kind.CREDIT_NOTE: ("CN", "HD-CN"),
    Invoice.Kind.DEBIT_NOTE: ("DN", "HD-DN"),
}
ZERO = Decimal("0.00")


class InvoiceConflict(Exception):
    """The bill cannot be issued or change status as asked; the message says why."""


def invoice_issue(*, crew: Crew, first: dt.date, last: dt.date, user: User | None) -> Invoice:
    """Bill ``crew`` its statement for shooting days ``first`` .. ``last``.

    One invoice per crew and day: a period overlapping a bill not void is a conflict (its
    changes are notes against that bill).
    """
    with transaction.atomic():
        # Two issues for one crew wait for each other here, so neither misses the other's bill.
        Crew.objects.select_for_update().filter(pk=crew.pk).first()
        overlapping = Invoice.objects.filter(
            crew=crew, kind=Invoice.Kind.INVOICE, period_from__lte=last, period_to__gte=first
        ).exclude(status=Invoice.Status.VOID)
        if clash := overlapping.order_by("period_from").first():
            raise InvoiceConflict(
                _("{crew} is already billed for {first}..{last} by {number}.").format(
                    crew=crew.code, first=clash.period_from, last=clash.period_to, number=clash
                )
            )
        statement = statement_get(crew=crew, first=first, last=last)
        if not statement["lines"]:
            raise InvoiceConflict(
                _("{crew} has nothing to bill for {first}..{last}.").format(
                    crew=crew.code, first=first, last=last
                )
            )
        return _issue(
            kind=Invoice.Kind.INVOICE,
            crew=crew,
            first=first,
            last=last,
            lines=statement["lines"],
            rates=statement["rates"],
            user=user,
        )


def invoice_adjust(*, invoice: Invoice, user: User | None = None) -> Invoice | None:
    """Issue a note for what changed since ``invoice`` (and its notes) billed its period.

    None when nothing changed, or the invoice is void. A line whose amount went down is
    credited, one up debited; the note is a credit note when its total is negative.
    """
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().select_related("crew").get(pk=invoice.pk)
        if invoice.kind != Invoice.Kind.INVOICE or invoice.status == Invoice.Status.VOID:
            return None
        # A plain update: bookkeeping of the sweep, neither a change of the bill nor an event
        # of its audit trail.
        Invoice.objects.filter(pk=invoice.pk).update(checked_at=timezone.now())
        billed = _amounts([invoice, *invoice.notes.exclude(status=Invoice.Status.VOID)])
        statement = statement_get(
            crew=invoice.crew, first=invoice.period_from, last=invoice.period_to
        )
        now = {_key(line): line for line in statement["lines"]}
        lines = []
        for key in sorted(set(billed) | set(now), key=str):
            before, line = billed.get(key, (ZERO, None)), now.get(key)
            after = Decimal(line["amount"]) if line else ZERO
            if after != before[0]:
                lines.append(
                    {
                        **(line or before[1]),
                        "amount": money(after - before[0]),
                        "billed": money(before[0]),
                        "now": money(after),
                    }
                )
        if not lines:
            return None
        total = sum((Decimal(line["amount"]) for line in lines), ZERO)
        return _issue(
            kind=Invoice.Kind.CREDIT_NOTE if total < 0 else Invoice.Kind.DEBIT_NOTE,
            crew=invoice.crew,
            first=invoice.period_from,
            last=invoice.period_to,
            lines=lines,
            rates=statement["rates"],
            user=user,
            original=invoice,
        )


def invoice_mark_paid(*, invoice: Invoice, user: User | None) -> Invoice:
    """Record that an issued bill was paid, by whom and when."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status != Invoice.Status.ISSUED:
            raise InvoiceConflict(
                _("{number} is {status}; only an issued bill can be paid.").format(
                    number=invoice, status=invoice.status
                )
            )
        invoice.status = Invoice.Status.PAID
        invoice.paid_at, invoice.paid_by = timezone.now(), user
        invoice._history_user = user
        invoice.save(update_fields=["status", "paid_at", "paid_by"])
        return invoice


def invoice_void(*, invoice: Invoice, user: User | None, reason: str) -> Invoice:
    """Void an issued, unpaid bill (its notes with it); its number stays used, never reissued."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status != Invoice.Status.ISSUED:
            raise InvoiceConflict(
                _("{number} is {status}; only an issued, unpaid bill can be voided.").format(
                    number=invoice, status=invoice.status
                )
            )
        bills = [invoice, *invoice.notes.select_for_update().filter(status=Invoice.Status.ISSUED)]
        for bill in bills:
            bill.status = Invoice.Status.VOID
            bill.voided_at, bill.voided_by, bill.void_reason = timezone.now(), user, reason
            bill._history_user = user
            bill.save(update_fields=["status", "voided_at", "voided_by", "void_reason"])
        return invoice


def invoices_adjust_for(*, crew_id: int, days: set[dt.date], booking_ids: set[int]) -> list:
    """Notes for every bill of a crew that covers one of ``days`` or billed one of the
    bookings (a booking moved out of a billed period is credited there)."""
    notes = []
    bills = Invoice.objects.filter(crew_id=crew_id, kind=Invoice.Kind.INVOICE).exclude(
        status=Invoice.Status.VOID
    )
    for bill in bills.order_by("pk"):
        covers = any(bill.period_from <= day <= bill.period_to for day in days)
        billed = {line.get("booking") for line in bill.lines}
        if (covers or billed & booking_ids) and (note := invoice_adjust(invoice=bill)):
            notes.append(note)
    return notes


def invoices_sweep() -> list[Invoice]:
    """Notes for every open bill whose period changed since it was last checked, whatever
    wrote the change: a re-plan's bulk writes send no signal but leave history rows, and so
    does an edit of the tariff. Run by Celery beat (``BILLING_SWEEP_SECONDS``)."""
    notes = []
    bills = Invoice.objects.filter(kind=Invoice.Kind.INVOICE).exclude(status=Invoice.Status.VOID)
    for bill in bills.order_by("pk"):
        if _changed_since_checked(bill) and (note := invoice_adjust(invoice=bill)):
            notes.append(note)
    return notes


def _changed_since_checked(bill: Invoice) -> bool:
    since = bill.checked_at or bill.issued_at
    begin, end = shooting_days_bounds(bill.period_from, bill.period_to)
    billed = {line.get("booking") for line in bill.lines}
    bookings = Booking.history.filter(history_date__gt=since, scene__crew_id=bill.crew_id).filter(
        Q(starts_at__gte=begin, starts_at__lt=end) | Q(id__in=billed - {None})
    )
    # Any call of the period: a call of another crew can change how a performer's day splits.
    calls = Call.history.filter(
        history_date__gt=since, booking__starts_at__gte=begin, booking__starts_at__lt=end
    )
    rates = Tariff.history.filter(history_date__gt=since, valid_from__lte=bill.period_to)
    return bookings.exists() or calls.exists() or rates.exists()


def _issue(*, kind, crew, first, last, lines, rates, user, original=None) -> Invoice:
    issued_at = timezone.now()
    year = issued_at.astimezone(base_timezone()).year
    series, prefix = SERIES[kind]
    sequence = _next_number(series=series, year=year)
    totals = statement_totals(lines)
    invoice = Invoice(
        number=f"{prefix}-{year}-{sequence:06d}",
        kind=kind,
        series=series,
        year=year,
        sequence=sequence,
        crew=crew,
        period_from=first,
        period_to=last,
        original=original,
        lines=lines,
        totals=totals,
        rates=rates,
        total=Decimal(totals["total"]),
        issued_at=issued_at,
        issued_by=user if user is not None and user.is_authenticated else None,
    )
    invoice._history_user = invoice.issued_by
    invoice.save()
    return invoice


def _next_number(*, series: str, year: int) -> int:
    """The next number of a series and year, under the counter row's lock (gapless: the
    caller's transaction inserts the bill, or rolls the counter back with it)."""
    InvoiceCounter.objects.bulk_create(
        [InvoiceCounter(series=series, year=year)], ignore_conflicts=True
    )
    counter = InvoiceCounter.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _key(line: dict) -> tuple[str, int]:
    return line["kind"], line.get("call") or line["booking"]


def _amounts(bills: list[Invoice]) -> dict[tuple[str, int], tuple[Decimal, dict]]:
    """What the bills charged so far per line: amount and the line last written."""
    amounts: dict[tuple[str, int], tuple[Decimal, dict]] = {}
    for bill in bills:
        for line in bill.lines:
            key = _key(line)
            so_far = amounts.get(key, (ZERO, line))[0]
            amounts[key] = (so_far + Decimal(line["amount"]), line)
    return amounts

"""Bills: issued from a statement with a gapless number per year, never edited afterwards;
later changes become credit or debit notes; paid and void with who and when."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from simple_history.utils import bulk_update_with_history

from core.shooting_day import booking_date
from scheduling.billing.models import Invoice, Tariff
from scheduling.billing.services import (
    InvoiceConflict,
    invoice_adjust,
    invoice_issue,
    invoice_mark_paid,
    invoice_void,
    invoices_sweep,
)
from scheduling.models import Booking
from scheduling.services.bookings import booking_cancel, booking_move
from tests.actors import role_clients
from tests.clock import base_now
from tests.factories import BookingFactory, LocationFactory, PerformerFactory, SceneFactory
from tests.scheduling.billing.world import at, booked, worked

DEC_1, DEC_2, DEC_3 = dt.date(2026, 12, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 3)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
client_as = role_clients.client_as


def test_invoice_issue_numbers_run_per_year_without_gaps(own_crew, other_crew, ops_user):
    booked(own_crew, DEC_1, "08:00", "10:00")
    booked(own_crew, DEC_2, "08:00", "10:00")
    booked(other_crew, DEC_1, "12:00", "14:00")

    first = invoice_issue(crew=own_crew, first=DEC_1, last=DEC_1, user=ops_user)
    second = invoice_issue(crew=own_crew, first=DEC_2, last=DEC_2, user=ops_user)
    third = invoice_issue(crew=other_crew, first=DEC_1, last=DEC_1, user=ops_user)

    assert [first.number, second.number, third.number] == [
        "HD-2026-000001",
        "HD-2026-000002",
        "HD-2026-000003",
    ]
    assert (first.total, first.issued_by, first.status) == (Decimal("1000.00"), ops_user, "issued")


def test_invoice_issue_refuses_an_overlapping_period_and_keeps_the_number(own_crew, ops_user):
    booked(own_crew, DEC_2, "08:00", "10:00")
    invoice_issue(crew=own_crew, first=DEC_1, last=DEC_2, user=ops_user)

    with pytest.raises(InvoiceConflict):
        invoice_issue(crew=own_crew, first=DEC_2, last=DEC_3, user=ops_user)
    with pytest.raises(InvoiceConflict):  # nothing to bill
        invoice_issue(crew=own_crew, first=DEC_3, last=DEC_3, user=ops_user)
    booked(own_crew, DEC_3, "08:00", "09:00")
    third = invoice_issue(crew=own_crew, first=DEC_3, last=DEC_3, user=ops_user)

    assert third.number == "HD-2026-000002"


def test_invoice_never_changes_once_issued(own_crew, ops_user):
    booked(own_crew, DEC_2, "08:00", "10:00")
    invoice = invoice_issue(crew=own_crew, first=DEC_2, last=DEC_2, user=ops_user)

    invoice.total = Decimal("1.00")
    with pytest.raises(ValidationError):
        invoice.save()
    assert Invoice.objects.get().total == Decimal("1000.00")


def test_invoice_adjust_credits_a_dropped_booking_and_a_shortened_one(own_crew, ops_user):
    # Billed: two bookings of 2 h at 500/h on 12-02 = 2000.00. Then one is cancelled by the
    # base (no charge): -1000.00; the other moves from 2 h to 1 h: -500.00. Credit note -1500.00.
    kept = booked(own_crew, DEC_2, "08:00", "10:00")
    dropped = booked(own_crew, DEC_2, "12:00", "14:00")
    invoice = invoice_issue(crew=own_crew, first=DEC_2, last=DEC_2, user=ops_user)
    Booking.objects.filter(pk=dropped.pk).update(status=Booking.Status.CANCELLED)
    Booking.objects.filter(pk=kept.pk).update(ends_at=at(DEC_2, "09:00"))

    note = invoice_adjust(invoice=invoice, user=ops_user)

    assert (note.number, note.kind, note.original, note.total) == (
        "HD-CN-2026-000001",
        "credit_note",
        invoice,
        Decimal("-1500.00"),
    )
    assert sorted(
        (line["booking"], line["billed"], line["now"], line["amount"]) for line in note.lines
    ) == sorted(
        [(kept.pk, "1000.00", "500.00", "-500.00"), (dropped.pk, "1000.00", "0.00", "-1000.00")]
    )
    assert invoice_adjust(invoice=invoice, user=ops_user) is None  # the note settled it
    invoice.refresh_from_db()
    assert invoice.total == Decimal("2000.00")


def test_invoice_adjust_after_a_late_cancellation_credits_half(own_crew, ops_user):
    # 2 h at 500/h starting 23 h from now, billed 1000.00; the crew cancels now: the set hire
    # goes (-1000.00), a cancellation line comes (+500.00): a credit note of -500.00.
    starts_at = base_now() + dt.timedelta(hours=23)
    day = booking_date(starts_at)
    booking = BookingFactory(
        scene=SceneFactory(crew=own_crew, minutes=120),
        location=LocationFactory(cost_per_hour=500),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
    )
    invoice = invoice_issue(crew=own_crew, first=day, last=day, user=ops_user)
    booking_cancel(booking=booking)

    note = invoice_adjust(invoice=invoice, user=ops_user)

    assert (note.kind, note.total) == ("credit_note", Decimal("-500.00"))
    assert sorted((line["kind"], line["amount"]) for line in note.lines) == [
        ("cancellation", "500.00"),
        ("set_hire", "-1000.00"),
    ]
    assert note.totals == {
        "set_hire": "-1000.00",
        "cancellation": "500.00",
        "extras": "0.00",
        "total": "-500.00",
    }


def test_invoice_adjust_debits_an_extras_call_checked_in_later(own_crew, ops_user):
    booking = booked(own_crew, DEC_2, "08:00", "18:00", cost_per_hour=0)
    invoice = invoice_issue(crew=own_crew, first=DEC_2, last=DEC_2, user=ops_user)
    worked(booking, PerformerFactory(), "08:00", "18:00")

    note = invoice_adjust(invoice=invoice, user=ops_user)

    assert (note.number, note.kind, note.total) == (
        "HD-DN-2026-000001",
        "debit_note",
        Decimal("135.00"),
    )


def test_invoice_note_follows_a_booking_change_by_itself(
    own_crew, ops_user, django_capture_on_commit_callbacks, eager_tasks
):
    # Billed 08:00-10:00 at 500/h = 1000.00; moved to 08:00-11:00 through the service: the
    # commit queues the task, which issues a debit note of 500.00.
    booking = booked(own_crew, DEC_2, "08:00", "10:00")
    booking.scene.minutes = 180
    booking.scene.save()
    invoice = invoice_issue(crew=own_crew, first=DEC_2, last=DEC_2, user=ops_user)

    with django_capture_on_commit_callbacks(execute=True):
        booking_move(booking=booking, ends_at=at(DEC_2, "11:00"))

    [note] = invoice.notes.all()
    assert (note.kind, note.total) == ("debit_note", Decimal("500.00"))


def test_invoice_paid_and_void_say_who_and_when(own_crew, ops_user):
    booked(own_crew, DEC_1, "08:00", "10:00")
    booked(own_crew, DEC_2, "08:00", "10:00")
    paid = invoice_issue(crew=own_crew, first=DEC_1, last=DEC_1, user=ops_user)
    voided = invoice_issue(crew=own_crew, first=DEC_2, last=DEC_2, user=ops_user)

    invoice_mark_paid(invoice=paid, user=ops_user)
    invoice_void(invoice=voided, user=ops_user, reason="wrong crew")

    paid.refresh_from_db()
    voided.refresh_from_db()
    assert (paid.status, paid.paid_by) == ("paid", ops_user)
    assert (voided.status, voided.voided_by, voided.void_reason) == ("void", ops_user, "wrong crew")
    with pytest.raises(InvoiceConflict):
        invoice_void(invoice=paid, user=ops_user, reason="too late")
    history = [(h.status, h.history_user) for h in paid.history.order_by("history_id")]
    assert history == [("issued", ops_user), ("paid", ops_user)]


# --- over HTTP ------------------------------------------------------------------------------


def test_invoice_api_issue_read_pay(ops_client, crew_client, own_crew):
    booked(own_crew, DEC_2, "22:00", "26:00", cost_per_hour=500)

    issued = ops_client.post(
        "/api/v1/invoices/",
        {"crew": "C0001", "from": "2026-12-02", "to": "2026-12-02"},
        format="json",
    )
    number = issued.json()["number"]
    seen = crew_client.get(f"/api/v1/invoices/{number}/")
    paid = ops_client.post(f"/api/v1/invoices/{number}/pay")
    pdf = crew_client.get(f"/api/v1/invoices/{number}/", {"format": "pdf"})

    assert issued.status_code == 201
    assert (number, issued.json()["total"], issued.json()["totals"]["set_hire"]) == (
        "HD-2026-000001",
        "2000.00",
        "2000.00",
    )
    assert seen.status_code == 200
    assert seen.json()["lines"] == issued.json()["lines"]
    assert (paid.status_code, paid.json()["status"], paid.json()["paid_by"]) == (200, "paid", "ops")
    assert (pdf.status_code, pdf.content[:5]) == (200, b"%PDF-")


@pytest.mark.parametrize(("role", "status"), [("anon", 401), ("crew", 403), ("guild", 403)])
def test_invoice_api_only_ops_issues(client_as, role, status):
    response = client_as(role).post(
        "/api/v1/invoices/",
        {"crew": "C0001", "from": "2026-12-02", "to": "2026-12-02"},
        format="json",
    )

    assert response.status_code == status
    assert Invoice.objects.count() == 0


def test_invoice_api_another_crews_bill_is_a_404(client_as, own_crew, ops_user):
    booked(own_crew, DEC_2, "08:00", "10:00")
    invoice = invoice_issue(crew=own_crew, first=DEC_2, last=DEC_2, user=ops_user)

    assert client_as("other_crew").get(f"/api/v1/invoices/{invoice.number}/").status_code == 404
    assert client_as("other_crew").get("/api/v1/invoices/").json()["results"] == []
    assert client_as("crew").post(f"/api/v1/invoices/{invoice.number}/pay").status_code == 403


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"crew": "C9999", "from": "2026-12-02", "to": "2026-12-02"}, "crew"),
        ({"crew": "C0001", "from": "2026-12-32", "to": "2026-12-02"}, "from"),
        ({"crew": "C0001", "from": "2026-12-03", "to": "2026-12-02"}, "to"),
    ],
)
def test_invoice_api_bad_input_is_a_400(ops_client, own_crew, payload, field):
    response = ops_client.post("/api/v1/invoices/", payload, format="json", **EN)

    assert response.status_code == 400
    assert response.json()["message"].startswith(f"{field}: ")
    assert Invoice.objects.count() == 0


def test_invoice_api_conflict_and_void_without_reason(ops_client, own_crew, ops_user):
    booked(own_crew, DEC_2, "08:00", "10:00")
    invoice = invoice_issue(crew=own_crew, first=DEC_2, last=DEC_2, user=ops_user)

    again = ops_client.post(
        "/api/v1/invoices/",
        {"crew": "C0001", "from": "2026-12-01", "to": "2026-12-02"},
        format="json",
    )
    void = ops_client.post(f"/api/v1/invoices/{invoice.number}/void", {}, format="json", **EN)

    assert again.status_code == 409
    assert "HD-2026-000001" in again.json()["message"]
    assert (void.status_code, void.json()["message"]) == (400, "reason: This field is required.")


def test_invoice_audit_trail_says_who_issued_and_paid(ops_client, own_crew, ops_user):
    booked(own_crew, DEC_2, "08:00", "10:00")
    invoice = invoice_issue(crew=own_crew, first=DEC_2, last=DEC_2, user=ops_user)
    ops_client.post(f"/api/v1/invoices/{invoice.number}/pay")

    response = ops_client.get("/api/v1/audit/", {"object_type": "invoice"})

    assert response.status_code == 200
    entries = [
        (e["object_id"], e["action"], e["actor"], e["state"]["status"], e["state"]["number"])
        for e in response.json()["results"]
    ]
    assert entries == [
        (invoice.pk, "changed", "ops", "paid", "HD-2026-000001"),
        (invoice.pk, "created", "ops", "issued", "HD-2026-000001"),
    ]


def test_invoice_sweep_catches_a_replans_bulk_write_and_a_tariff_edit(own_crew, ops_user):
    # Billed: 2 h at 500/h (1000.00) and a 10 h extras day (135.00). A re-plan cancels the
    # booking in bulk (history rows, no signal): credit -1000.00. Then a tariff from 12-02
    # raises the day rate to 150: debit +15.00. A sweep with nothing new issues nothing.
    dropped = booked(own_crew, DEC_2, "08:00", "10:00")
    worked(
        booked(own_crew, DEC_2, "11:00", "21:00", cost_per_hour=0),
        PerformerFactory(),
        "11:00",
        "21:00",
    )
    invoice = invoice_issue(crew=own_crew, first=DEC_2, last=DEC_2, user=ops_user)
    dropped.status = Booking.Status.CANCELLED
    bulk_update_with_history([dropped], Booking, ["status"], default_user=ops_user)

    [credit] = invoices_sweep()
    Tariff.objects.create(
        valid_from=DEC_2,
        day_rate="150.00",
        day_hours=10,
        overtime_per_hour="13.50",
        guild_share_percent="10.00",
        cancellation_notice_hours=24,
        cancellation_share_percent="50.00",
    )
    [debit] = invoices_sweep()

    assert (credit.number, credit.total) == ("HD-CN-2026-000001", Decimal("-1000.00"))
    assert (debit.number, debit.total) == ("HD-DN-2026-000001", Decimal("15.00"))
    assert invoices_sweep() == []
    assert [n.number for n in invoice.notes.order_by("pk")] == [credit.number, debit.number]

"""A crew's home page: its week (session sign-in; ``core.home.role_page``).

For each crew of the signed-in member, the shooting week (``?week=`` any day of another): per
day its call sheet and its bookings, planned or confirmed; its scene requests that touch the
week; what it owes the base for the week (its statement); and the calendar feed to subscribe
to, as a link and a QR code a phone's camera reads.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from core.days import current_shooting_day, page_week
from core.home import role_page
from core.policy import CREW
from core.qr import qr_svg
from core.shooting_day import booking_date, call_sheet_time, shooting_days_bounds
from crews.models import Crew
from crews.services import feed_token_get
from scheduling.billing.selectors import statement_get
from scheduling.models import Booking, SceneRequest


def _bookings(crew: Crew, first: dt.date, last: dt.date) -> dict[dt.date, list[dict]]:
    opens, closes = shooting_days_bounds(first, last)
    bookings = (
        Booking.objects.filter(scene__crew=crew, starts_at__gte=opens, starts_at__lt=closes)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("scene", "location__zone")
        .order_by("starts_at", "pk")
    )
    days: dict[dt.date, list[dict]] = {}
    for booking in bookings:
        day = booking_date(booking.starts_at)
        days.setdefault(day, []).append(
            {
                "scene": booking.scene.code,
                "title": booking.scene.title,
                "start": call_sheet_time(booking.starts_at, day),
                "end": call_sheet_time(booking.ends_at, day),
                "place": booking.location.name,
                "status": booking.status,
                "status_label": booking.get_status_display(),
            }
        )
    return days


def _next_busy_day(crew: Crew, after: dt.date) -> dt.date | None:
    closes = shooting_days_bounds(after, after)[1]
    start = (
        Booking.objects.filter(scene__crew=crew, starts_at__gte=closes)
        .exclude(status=Booking.Status.CANCELLED)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return booking_date(start) if start else None


def crew_week(request: HttpRequest, crew: Crew, first: dt.date, last: dt.date, key: str) -> dict:
    """What the crew's home shows of one crew for the week ``first`` .. ``last``."""
    today = current_shooting_day()
    bookings = _bookings(crew, first, last)
    sheet = reverse("call-sheet-document", kwargs={"code": crew.code, "document": "html"})
    pdf = reverse("call-sheet-document", kwargs={"code": crew.code, "document": "pdf"})
    days = []
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        days.append(
            {
                "date": day,
                "today": day == today,
                "call_sheet": f"{sheet}?date={day}",
                "call_sheet_pdf": f"{pdf}?date={day}",
                "bookings": bookings.get(day, []),
            }
        )
    requests = (
        SceneRequest.objects.filter(scene__crew=crew, first_date__lte=last, last_date__gte=first)
        .select_related("scene")
        .order_by("first_date", "pk")
    )
    statement = reverse("statement", kwargs={"code": crew.code})
    feed = request.build_absolute_uri(
        reverse("crew-calendar", kwargs={"code": crew.code}) + f"?token={key}"
    )
    return {
        "crew": crew,
        "days": days,
        "today": next((day for day in days if day["today"]), None),
        "booked": sum(len(rows) for rows in bookings.values()),
        "next_busy_day": None if bookings else _next_busy_day(crew, last),
        "requests": list(requests),
        "owes": statement_get(crew=crew, first=first, last=last)["totals"]["total"],
        "statement": f"{statement}?from={first}&to={last}",
        "feed_url": feed,
        "feed_qr": qr_svg(feed),
    }


@role_page(CREW)
def crew_home(request: HttpRequest) -> HttpResponse:
    """The week of each crew the signed-in member belongs to."""
    first, last = page_week(request)
    key = feed_token_get(user=request.user).key
    crews = [
        crew_week(request, crew, first, last, key)
        for crew in Crew.objects.filter(members=request.user).order_by("code")
    ]
    context = {
        "crews": crews,
        "first": first,
        "last": last,
        "previous_week": first - dt.timedelta(days=7),
        "next_week": first + dt.timedelta(days=7),
    }
    return render(request, "crews/crew_home.html", context)

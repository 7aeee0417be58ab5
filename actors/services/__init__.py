"""Writes of the guild: the roster, availability in bulk, reveals of personal data, and the
guild's own assignments to extras lines (calls pinned for the next re-plan)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

import tablib
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from actors.models import (
    Availability,
    Call,
    Performer,
    PerformerLoginLink,
    PersonalDataAccess,
)
from actors.resources import PerformerResource
from actors.selectors import IDLE_STATES, booking_date, extras_fit_problems
from actors.services.calls import calls_withdrawn_notify
from actors.services.locks import performers_lock
from core.shooting_day import shooting_days_bounds
from crews.models import ExtrasLine
from scheduling.models import Booking

MAX_AVAILABILITY_DAYS = 366
logger = logging.getLogger(__name__)


# --- availability in bulk ---


@dataclass(frozen=True)
class AvailabilitySet:
    """What a bulk availability change did: days written, and calls left on days now off."""

    days: int
    performers: int
    called_on_days_off: list[tuple[str, dt.date]]


@transaction.atomic
def availability_set(
    *,
    performers: list[Performer],
    first: dt.date,
    last: dt.date,
    except_dates: frozenset[dt.date] = frozenset(),
    weekdays: frozenset[int] | None = None,
) -> AvailabilitySet:
    """Make ``performers`` available on exactly the days ``first..last`` less ``except_dates``
    (and, given ``weekdays``, only on those ISO weekdays, Monday 1): days in the range that are
    left out are no longer available; days outside the range are untouched."""
    span = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    days = [
        day
        for day in span
        if day not in except_dates and (weekdays is None or day.isoweekday() in weekdays)
    ]
    Availability.objects.filter(performer__in=performers, date__range=(first, last)).delete()
    Availability.objects.bulk_create(
        [Availability(performer=p, date=day) for p in performers for day in days]
    )
    # Calls already made on a day now off are not undone here: the guild sees them and decides.
    kept = set(days)
    begin, end = shooting_days_bounds(first, last)
    calls = (
        Call.objects.filter(
            performer__in=performers, booking__starts_at__gte=begin, booking__starts_at__lt=end
        )
        .exclude(booking__status=Booking.Status.CANCELLED)
        .exclude(state__in=IDLE_STATES)
        .select_related("booking", "performer")
    )
    called_off = sorted(
        {
            (call.performer.code, booking_date(call.booking))
            for call in calls
            if booking_date(call.booking) not in kept
        }
    )
    return AvailabilitySet(
        days=len(days), performers=len(performers), called_on_days_off=called_off
    )


# --- the roster as a spreadsheet ---


@dataclass
class RosterImport:
    """The outcome of an import: counts when written, row-level errors when refused."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)


def roster_import(*, dataset: tablib.Dataset) -> RosterImport:
    """Create or update performers (by code) from a roster sheet: all rows or none.

    Errors name the row as a spreadsheet does (the header is row 1, the first performer row 2).
    """
    repeated = _repeated_codes(dataset)
    if repeated:
        return RosterImport(errors=repeated)
    resource = PerformerResource()
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=False, raise_errors=False, use_transactions=False
        )
        errors = _import_errors(result)
        if errors:
            transaction.set_rollback(True)
            return RosterImport(errors=errors)
    totals = result.totals
    return RosterImport(
        created=totals.get("new", 0),
        updated=totals.get("update", 0),
        unchanged=totals.get("skip", 0),
    )


def _repeated_codes(dataset: tablib.Dataset) -> list[dict]:
    """A code on two rows would be created by one and silently overwritten by the other."""
    if "code" not in (dataset.headers or []):
        return [{"row": 1, "field": "code", "message": _("the header has no 'code' column")}]
    first_row: dict[str, int] = {}
    errors = []
    for number, code in enumerate(dataset["code"], start=2):
        code = str(code or "").strip()
        if code in first_row:
            errors.append(
                {
                    "row": number,
                    "field": "code",
                    "message": _("{code} is also on row {row}").format(
                        code=code, row=first_row[code]
                    ),
                }
            )
        first_row.setdefault(code, number)
    return errors


def _import_errors(result) -> list[dict]:
    errors = [
        {"row": None, "field": None, "message": str(error.error)} for error in result.base_errors
    ]
    for number, row_errors in result.row_errors():
        for error in row_errors:
            errors.append({"row": number + 1, "field": None, "message": str(error.error)})
    for invalid in result.invalid_rows:
        for name, messages in sorted(invalid.error_dict.items()):
            for message in messages:
                errors.append(
                    {
                        "row": invalid.number + 1,
                        "field": None if name == "__all__" else name,
                        "message": str(message),
                    }
                )
    return sorted(errors, key=lambda e: (e["row"] or 0, e["field"] or "", e["message"]))


# --- personal data ---

PERSONAL_FIELDS = ("phone", "id_number")


@transaction.atomic
def personal_data_reveal(
    *, user: User, performer: Performer, reason: str, fields: tuple[str, ...] = PERSONAL_FIELDS
) -> dict[str, str]:
    """The clear values of a performer's personal data, with one audit record of the reveal."""
    PersonalDataAccess.objects.create(
        user=user, performer=performer, fields=list(fields), reason=reason
    )
    # The log names who and whom, never the values.
    logger.info("personal data of %s (%s) revealed to %s", performer.code, fields, user)
    return {name: getattr(performer, name) for name in fields}


class LoginLinkRefused(Exception):
    """Why a login may not be tied to a performer, as a sentence for the person asking."""


@transaction.atomic
def performer_login_link(
    *, by: User, performer: Performer, login: User | None, reason: str
) -> PerformerLoginLink:
    """Tie ``performer`` to ``login`` (``None``: untie it), with one audit record.

    A performer's login sees their phone and ID number in clear, so it must be nobody else's
    working account: not staff, in no role group, not another performer's.
    """
    if login is not None:
        if login.is_staff or login.is_superuser or login.groups.exists():
            raise LoginLinkRefused(
                _(
                    "{username} is a staff or role account (ops, guild or crew) and cannot be a "
                    "performer's login."
                ).format(username=login.username)
            )
        taken = Performer.objects.filter(user=login).exclude(pk=performer.pk).first()
        if taken is not None:
            raise LoginLinkRefused(
                _("{username} is already the login of performer {code}.").format(
                    username=login.username, code=taken.code
                )
            )
    performer = Performer.objects.select_for_update().get(pk=performer.pk)
    performer.user = login
    performer.save(update_fields=["user"])
    record = PerformerLoginLink.objects.create(
        by=by, performer=performer, login=login, reason=reason
    )
    logger.info("performer %s login set to %s by %s", performer.code, login, by)
    return record


def personal_data_reseal(*, batch_size: int = 500) -> int:
    """Seal every performer's phone and ID number again with the first key of
    PERSONAL_DATA_KEY and the current PERSONAL_DATA_HASH_KEY (after rotating either); any
    configured key opens the old values. Returns the number of performers resealed."""
    done = 0
    performers = Performer.objects.only("pk", "phone", "id_number").order_by("pk")
    last_pk = 0
    while True:
        # Batches by primary key, each in its own transaction: a long roster is not locked whole.
        batch = list(performers.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return done
        with transaction.atomic():
            Performer.objects.bulk_update(batch, ["phone", "id_number"])
        done += len(batch)
        last_pk = batch[-1].pk


# --- the guild's own assignments ---


class ExtrasConflict(Exception):
    """An assignment that breaks the rules: what breaks, per performer code (or "line")."""

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {', '.join(v)}" for k, v in problems.items()))


def _locked_booking(booking: Booking) -> Booking:
    # One assignment at a time per booking: two guild members filling the last place of a
    # line at once would otherwise both pass the count check.
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == Booking.Status.CANCELLED:
        raise ExtrasConflict({"booking": [_("the booking is cancelled")]})
    return booking


def _holding(booking: Booking, line: ExtrasLine):
    return Call.objects.filter(booking=booking, extras_line=line).exclude(state__in=IDLE_STATES)


def _pin_booking(booking: Booking) -> None:
    """The guild acted on this booking's cast: the next re-plan keeps all of it as it is."""
    Call.objects.filter(booking=booking).exclude(state__in=IDLE_STATES).update(pinned=True)


@transaction.atomic
def extras_assign(
    *, booking: Booking, extras_line: ExtrasLine, performers: list[Performer]
) -> list[Call]:
    """Call ``performers`` to places of ``extras_line`` in ``booking``, as the guild's choice."""
    booking = _locked_booking(booking)
    # Then the performers, before any is checked: an assignment of one of them to an
    # overlapping scene at the same moment waits here and is then seen (issue 22).
    performers_lock(p.pk for p in performers)
    holding = _holding(booking, extras_line).count()
    problems: dict[str, list[str]] = {}
    if holding + len(performers) > extras_line.count:
        problems["line"] = [
            _("the line needs {needed}, {called} are called, {more} more would be too many").format(
                needed=extras_line.count, called=holding, more=len(performers)
            )
        ]
    for performer in performers:
        found = extras_fit_problems(booking=booking, extras_line=extras_line, performer=performer)
        if found:
            problems[performer.code] = found
    if problems:
        raise ExtrasConflict(problems)
    calls = [
        Call.objects.create(booking=booking, extras_line=extras_line, performer=p, pinned=True)
        for p in performers
    ]
    _pin_booking(booking)
    return calls


@transaction.atomic
def extras_swap(
    *, booking: Booking, extras_line: ExtrasLine, out: Performer, into: Performer
) -> Call:
    """Give ``out``'s place on ``extras_line`` to ``into``, as the guild's choice.

    ``out``'s call goes (its notices stay on record); one already checked in stays.
    """
    booking = _locked_booking(booking)
    performers_lock([out.pk, into.pk])
    leaving = _holding(booking, extras_line).filter(performer=out).first()
    problems: dict[str, list[str]] = {}
    if leaving is None:
        problems[out.code] = [_("holds no place on this line")]
    elif leaving.state not in (Call.State.CALLED, Call.State.CONFIRMED):
        problems[out.code] = [
            _("is {state}: too late to swap").format(state=leaving.get_state_display())
        ]
    found = extras_fit_problems(booking=booking, extras_line=extras_line, performer=into)
    if found:
        problems[into.code] = found
    if problems:
        raise ExtrasConflict(problems)
    calls_withdrawn_notify(Call.objects.filter(pk=leaving.pk))
    leaving.delete()
    call = Call.objects.create(
        booking=booking, extras_line=extras_line, performer=into, pinned=True
    )
    _pin_booking(booking)
    return call

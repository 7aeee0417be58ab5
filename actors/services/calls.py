"""Moving calls through their states, and the notices each move sends.

called -> confirmed -> checked_in -> released
called | confirmed -> declined | no_show   (the place is offered to the next candidate at once)

Every move locks the call's booking first, so two moves on one scene (two no-shows at once)
queue up and never hand the same place, or the same performer, out twice. The call's change,
the replacement call and their notifications are written in one transaction; the outbox worker
is woken when it commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.models import Call, Notification, Performer
from actors.models.calls import CHECK_IN_ALPHABET
from actors.notice_texts import notice_text
from actors.selectors import ExtrasCandidate, extras_candidates, extras_fit_problems
from actors.services.locks import performers_lock
from core.queue import task_send
from crews.models import ExtrasLine
from scheduling.models import Booking

logger = logging.getLogger(__name__)
State = Call.State
OFFERED = 5  # candidates shown after the replacement, for the guild to pick by hand instead
# Places held: a declined or missed call no longer holds its place.
HOLDING = (State.CALLED, State.CONFIRMED, State.CHECKED_IN, State.RELEASED)
# Crockford's reading of the look-alikes a person may type: I and L for 1, O for 0.
_TYPED = str.maketrans({"I": "1", "L": "1", "O": "0"})
# Each move as a refusal names it ("it cannot be confirmed"): a whole phrase, since a state's
# name alone ("confirmed") is translated as a state, not as what may not be done.
_MOVES = {
    State.CONFIRMED: gettext_lazy("be confirmed"),
    State.DECLINED: gettext_lazy("be declined"),
    State.NO_SHOW: gettext_lazy("be marked a no-show"),
    State.CHECKED_IN: gettext_lazy("be checked in"),
    State.RELEASED: gettext_lazy("be released"),
}


class CallStateError(Exception):
    """The move is not allowed from the call's state (a 409 naming it)."""

    def __init__(self, call: Call, move: str, *, booking_cancelled: bool = False):
        self.call, self.move = call, move
        if booking_cancelled:
            # Translators: {move} is one of "be confirmed", "be declined", "be checked in"...
            refusal = _("Call {call} is {state}: it cannot {move} (its booking is cancelled).")
        else:
            # Translators: {move} is one of "be confirmed", "be declined", "be checked in"...
            refusal = _("Call {call} is {state}: it cannot {move}.")
        super().__init__(refusal.format(call=call.pk, state=call.state, move=_MOVES[move]))


class CheckInCodeUnknown(Exception):
    """No call the user may check in has this code (a 404)."""


class CheckInCodeNotValid(Exception):
    """The code is well formed but not valid now: too early, or expired (a 400)."""


@dataclass
class CallMove:
    """A call after a move, the call that took its place (if any) and the next candidates."""

    call: Call
    replacement: Call | None = None
    candidates: list[ExtrasCandidate] = field(default_factory=list)
    reliability: float | None = None

    @property
    def replaced(self) -> bool:
        return self.replacement is not None


def _locked(call_id: int) -> Call:
    """The call, after locking its booking (the order every move takes: booking, then call)."""
    booking_id = Call.objects.values_list("booking_id", flat=True).get(pk=call_id)
    # No ordering: the booking's default one joins its location, which FOR UPDATE would lock.
    booking = Booking.objects.select_for_update(of=("self",)).filter(pk=booking_id).order_by()
    list(booking.values_list("pk", flat=True))
    # Only the call's own row: locking the joined crew and location rows too would cross the
    # booking service's lock order (locations, then crews).
    return (
        Call.objects.select_for_update(of=("self",))
        .select_related("booking__scene__crew", "booking__location__zone", "extras_line")
        .get(pk=call_id)
    )


def _move(call: Call, *, to: str, allowed: tuple[str, ...], at: dt.datetime) -> None:
    if call.state not in allowed:
        raise CallStateError(call, to)
    if call.booking.status == Booking.Status.CANCELLED:
        raise CallStateError(call, to, booking_cancelled=True)
    call.state = to
    setattr(call, f"{to}_at", at)
    call.save(update_fields=["state", f"{to}_at"])


@transaction.atomic
def call_confirm(*, call_id: int) -> CallMove:
    """The performer (or the guild for them) confirms they will come."""
    call = _locked(call_id)
    _move(call, to=State.CONFIRMED, allowed=(State.CALLED,), at=timezone.now())
    _notice(call, Notification.Kind.CONFIRMED)
    return CallMove(call=call)


@transaction.atomic
def call_decline(*, call_id: int) -> CallMove:
    """The performer (or the guild for them) declines; the place goes to the next candidate."""
    call = _locked(call_id)
    allowed = (State.CALLED, State.CONFIRMED)
    _move(call, to=State.DECLINED, allowed=allowed, at=timezone.now())
    _notice(call, Notification.Kind.DECLINED)
    ranked = _ranked(call)
    performers_lock(c.performer.pk for c in ranked)
    return _replaced(call, ranked)


@transaction.atomic
def call_no_show(*, call_id: int) -> CallMove:
    """The performer did not come: lower their reliability (r := r * GUILD_NO_SHOW_RELIABILITY_
    PERCENT / 100, rounded to 4 places) and give the place to the next candidate."""
    call = _locked(call_id)
    allowed = (State.CALLED, State.CONFIRMED)
    _move(call, to=State.NO_SHOW, allowed=allowed, at=timezone.now())
    # The performer (their reliability changes) and the replacement's candidates are locked
    # together, in the one order every writer takes.
    ranked = _ranked(call)
    performers_lock([call.performer_id, *(c.performer.pk for c in ranked)])
    performer = Performer.objects.get(pk=call.performer_id)
    before = performer.reliability
    factor = Decimal(settings.GUILD_NO_SHOW_RELIABILITY_PERCENT) / 100
    lowered = (Decimal(str(before)) * factor).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    performer.reliability = float(min(lowered, Decimal(1)))
    performer.save(update_fields=["reliability"])
    call.performer = performer
    _notice(call, Notification.Kind.NO_SHOW, before=before, after=performer.reliability)
    move = _replaced(call, ranked)
    move.reliability = performer.reliability
    return move


@transaction.atomic
def call_check_in(*, code: str, calls: QuerySet[Call], at: dt.datetime | None = None) -> Call:
    """Check in the call with this code among ``calls`` (the ones the user may check in)."""
    at = at or timezone.now()
    typed = "".join(code.split()).replace("-", "").upper().translate(_TYPED)
    if not typed or set(typed) - set(CHECK_IN_ALPHABET):
        raise CheckInCodeUnknown(_("No call has the check-in code {code!r}.").format(code=code))
    call_id = calls.filter(check_in_code=typed).values_list("pk", flat=True).first()
    if call_id is None:
        raise CheckInCodeUnknown(_("No call has the check-in code {code!r}.").format(code=code))
    call = _locked(call_id)
    opens = call.booking.starts_at - dt.timedelta(hours=settings.GUILD_CHECK_IN_OPENS_HOURS)
    closes = call.booking.ends_at + dt.timedelta(hours=settings.GUILD_CHECK_IN_CLOSES_HOURS)
    if at < opens:
        raise CheckInCodeNotValid(
            _("The check-in code opens at {opens}, {hours} h before the scene starts.").format(
                opens=f"{_local(opens):%Y-%m-%d %H:%M}", hours=settings.GUILD_CHECK_IN_OPENS_HOURS
            )
        )
    if at > closes:
        raise CheckInCodeNotValid(
            _(
                "The check-in code expired at {closed}, {hours} h after the scene's booking ended."
            ).format(
                closed=f"{_local(closes):%Y-%m-%d %H:%M}",
                hours=settings.GUILD_CHECK_IN_CLOSES_HOURS,
            )
        )
    allowed = (State.CALLED, State.CONFIRMED)
    _move(call, to=State.CHECKED_IN, allowed=allowed, at=at)
    return call


@transaction.atomic
def call_release(*, call_id: int, at: dt.datetime | None = None) -> CallMove:
    """The performer's work on the scene is over: the hours from check-in to now (or ``at``,
    the wrap time the guild records afterwards) are what the pay sheet counts."""
    call = _locked(call_id)
    at = at or timezone.now()
    if call.state == State.CHECKED_IN and not call.checked_in_at < at <= timezone.now():
        raise ValueError(
            _(
                "The release time must be after the check-in ({checked_in}) and not in the future."
            ).format(checked_in=f"{_local(call.checked_in_at):%H:%M}")
        )
    _move(call, to=State.RELEASED, allowed=(State.CHECKED_IN,), at=at)
    _notice(call, Notification.Kind.RELEASED)
    return CallMove(call=call)


def _ranked(call: Call) -> list[ExtrasCandidate]:
    """The candidates for the place ``call`` left, best first (none when the scene is over
    or the guild filled the place already). A read: the caller locks them, then
    ``_replaced`` checks them again."""
    booking, line = call.booking, call.extras_line
    if booking.ends_at <= timezone.now():
        return []
    holding = Call.objects.filter(booking=booking, extras_line=line, state__in=HOLDING).count()
    if holding >= line.count:  # the guild filled the place by hand already
        return []
    # A performer called to this scene before (and who declined) keeps that row: skip them.
    called = set(Call.objects.filter(booking=booking).values_list("performer_id", flat=True))
    ranked = extras_candidates(booking=booking, extras_line=line, limit=OFFERED + 1 + len(called))
    return [c for c in ranked if c.performer.pk not in called]


def _replaced(call: Call, ranked: list[ExtrasCandidate]) -> CallMove:
    """Give the place ``call`` left to the best of ``ranked`` still free (their rows locked
    by the caller), as a new call; and the next few."""
    move = CallMove(call=call)
    booking, line = call.booking, call.extras_line
    chosen = _first_still_free(ranked, booking=booking, extras_line=line)
    if chosen is None:
        return move
    # A place the guild pinned stays pinned (the next re-plan keeps it) with its new holder.
    move.replacement = Call.objects.create(
        booking=booking,
        extras_line=line,
        performer=chosen.performer,
        replaces=call,
        pinned=call.pinned,
    )
    _notice(move.replacement, Notification.Kind.CALLED)
    ranked = [c for c in ranked if c is not chosen]
    move.candidates = ranked[:OFFERED]
    return move


def _first_still_free(
    ranked: list[ExtrasCandidate], *, booking: Booking, extras_line: ExtrasLine
) -> ExtrasCandidate | None:
    """The best candidate still free now that their rows are locked: a replacement on another
    scene at the same time, racing this one, may have taken them since the ranking was read."""
    for candidate in ranked:
        performer = Performer.objects.get(pk=candidate.performer.pk)
        if not extras_fit_problems(booking=booking, extras_line=extras_line, performer=performer):
            return candidate
    return None


def _told(calls: QuerySet[Call]) -> QuerySet[Call]:
    """Of these calls, those whose performer was told to come and still expects to: called or
    confirmed, with a "called" notice, on a scene not over yet."""
    return (
        calls.filter(state__in=(State.CALLED, State.CONFIRMED), booking__ends_at__gt=timezone.now())
        .filter(notifications__kind=Notification.Kind.CALLED)
        .distinct()
        .select_related("booking__scene__crew", "booking__location__zone", "extras_line")
        .order_by("pk")
    )


def calls_withdrawn_notify(calls: QuerySet[Call]) -> int:
    """Tell the performers of these calls, before the calls go or their scene is cancelled,
    that they are not needed after all. Returns how many were told."""
    told = list(_told(calls))
    for call in told:
        _notice(call, Notification.Kind.WITHDRAWN)
    return len(told)


def calls_changed_notify(*, booking: Booking) -> int:
    """Tell the performers called to ``booking`` its new time and place (it was just moved)."""
    told = list(_told(Call.objects.filter(booking=booking)))
    for call in told:
        _notice(call, Notification.Kind.CHANGED)
    return len(told)


def call_notices_missing_create() -> int:
    """Write the "you are called" notice for calls made without one (a published plan writes
    its calls in bulk): calls still called, of bookings in force not yet over."""
    calls = (
        Call.objects.filter(state=State.CALLED, booking__ends_at__gt=timezone.now())
        .exclude(booking__status=Booking.Status.CANCELLED)
        .exclude(notifications__kind=Notification.Kind.CALLED)
        .select_related("booking__scene__crew", "booking__location__zone", "extras_line")
        .order_by("pk")
    )
    made = 0
    with transaction.atomic():
        for call in calls[:5000]:
            _notice(call, Notification.Kind.CALLED, wake=False)  # the caller sends next
            made += 1
    return made


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def _notice(call: Call, kind: str, *, wake: bool = True, **extra) -> Notification:
    """The message to the call's performer about this move, in the same transaction."""
    booking = call.booking
    notification = Notification.objects.create(
        performer_id=call.performer_id,
        call=call,
        kind=kind,
        text=notice_text(call, kind, **extra),
        payload={
            "call": call.pk,
            "state": call.state,
            "booking": booking.pk,
            "scene": booking.scene.code,
            "starts_at": booking.starts_at.isoformat(),
            "ends_at": booking.ends_at.isoformat(),
            "location": booking.location.code,
        },
    )
    if wake:
        _wake_on_commit()
    return notification


def _wake_on_commit() -> None:
    """Wake the outbox worker once when this transaction commits, however many notices."""
    connection = transaction.get_connection()
    if not any(func is outbox_wake for _, func, _ in connection.run_on_commit):
        transaction.on_commit(outbox_wake)


def outbox_wake() -> None:
    """Ask a worker to send the outbox now; with no broker the task runs here (eager). A broker
    that is down only delays the messages: the beat sends them within a minute."""
    try:
        task_send("actors.tasks.outbox_send")
    except Exception:  # noqa: BLE001 - the message is stored; the beat picks it up
        logger.warning("could not wake the outbox worker; the beat will send", exc_info=True)

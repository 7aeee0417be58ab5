"""The notification outbox: written with the call change, kept when the sender fails."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from actors.models import Call, Notification
from actors.notify import notifications_send
from actors.services.calls import CallStateError, call_confirm, call_notices_missing_create
from actors.tasks import outbox_send
from tests.actors.guild_world import SHANGHAI, published_call

API = "/api/v1/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


class GatewaySender:
    """A stand-in SMS gateway (an outside service, not part of the product): records what it
    was given, and raises while ``down``."""

    down = False
    sent: list[str] = []

    def send(self, notification: Notification) -> None:
        if GatewaySender.down:
            raise ConnectionError("gateway down")
        GatewaySender.sent.append(notification.text)


@pytest.fixture
def gateway(settings):
    settings.GUILD_NOTIFICATION_SENDER = "tests.actors.test_outbox.GatewaySender"
    GatewaySender.down, GatewaySender.sent = False, []
    yield GatewaySender
    GatewaySender.down, GatewaySender.sent = False, []


def test_outbox_keeps_notification_pending_when_sender_fails_then_sends_it(gateway, own_crew):
    world = published_call(own_crew)
    call_confirm(call_id=world.call.pk)
    gateway.down = True

    failed = notifications_send()
    notice = Notification.objects.get()

    assert failed == {"sent": 0, "retry": 1, "failed": 0}
    assert (notice.status, notice.attempts) == ("pending", 1)
    assert notice.last_error == "ConnectionError: gateway down"
    assert notice.sent_at is None

    gateway.down = False
    sent = notifications_send()
    notice.refresh_from_db()

    assert sent == {"sent": 1, "retry": 0, "failed": 0}
    assert (notice.status, notice.attempts, notice.last_error) == ("sent", 2, "")
    assert notice.sent_at is not None
    assert gateway.sent == [notice.text]
    assert notifications_send() == {"sent": 0, "retry": 0, "failed": 0}  # sent once only


def test_outbox_marks_failed_after_max_attempts(gateway, settings, own_crew):
    settings.GUILD_NOTIFICATION_MAX_ATTEMPTS = 2
    world = published_call(own_crew)
    call_confirm(call_id=world.call.pk)
    gateway.down = True

    counts = [notifications_send(), notifications_send(), notifications_send()]

    assert counts == [
        {"sent": 0, "retry": 1, "failed": 0},
        {"sent": 0, "retry": 0, "failed": 1},
        {"sent": 0, "retry": 0, "failed": 0},
    ]
    assert Notification.objects.values_list("status", "attempts").get() == ("failed", 2)


@pytest.fixture
def eager_tasks():
    """Tasks run in-process, as in the embedded default, even when a broker is configured
    (the services tier): this test is about the wake-up on commit, not the broker."""
    conf = outbox_send.app.conf
    before = conf.task_always_eager
    conf.task_always_eager = True
    yield
    conf.task_always_eager = before


def test_outbox_task_runs_on_commit_of_the_call_change(
    gateway, own_crew, eager_tasks, django_capture_on_commit_callbacks
):
    world = published_call(own_crew)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_confirm(call_id=world.call.pk)

    assert len(callbacks) == 1  # one wake-up per transaction
    assert Notification.objects.values_list("status", flat=True).get() == "sent"
    assert gateway.sent == [Notification.objects.get().text]


def test_outbox_notice_in_chinese_says_when_where_crew_and_look(gateway, own_crew):
    world = published_call(own_crew)

    call_notices_missing_create()

    notice = Notification.objects.get()
    booking = world.booking
    starts = booking.starts_at.astimezone(SHANGHAI)
    assert notice.kind == "called"
    assert notice.text == (
        f"【横店演员公会】通告：{starts:%m月%d日 %H:%M}-"
        f"{booking.ends_at.astimezone(SHANGHAI):%H:%M}，明清宫苑·太和殿，"
        f"剧组《龙王赘婿》场次 {booking.scene.code}。女，18-30岁；造型：ancient。"
        f"签到码 {world.call.check_in_code}，请提前确认或婉拒。"
    )
    assert notice.payload["call"] == world.call.pk


def test_outbox_nothing_written_when_the_call_change_fails(own_crew):
    world = published_call(own_crew)
    Call.objects.filter(pk=world.call.pk).update(state="declined")

    with pytest.raises(CallStateError):
        call_confirm(call_id=world.call.pk)

    assert Notification.objects.count() == 0


def test_outbox_published_calls_get_their_notice_once(own_crew):
    published_call(own_crew)

    assert call_notices_missing_create() == 1
    assert call_notices_missing_create() == 0
    assert Notification.objects.values_list("performer__code", "kind").get() == (
        "P80001",
        "called",
    )


def test_outbox_task_notifies_published_calls_and_sends(gateway, own_crew):
    published_call(own_crew)

    assert outbox_send() == {"noticed": 1, "sent": 1, "retry": 0, "failed": 0}
    assert Notification.objects.values_list("performer__code", "status").get() == (
        "P80001",
        "sent",
    )


def test_outbox_beat_sends_every_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["guild-outbox-send"]

    assert entry == {"task": "actors.tasks.outbox_send", "schedule": 60.0}
    assert django_settings.GUILD_NOTIFICATION_SENDER == "actors.notify.LogSender"


def test_outbox_api_guild_lists_failed_and_puts_one_back_in_line(
    guild_client, gateway, settings, own_crew
):
    settings.GUILD_NOTIFICATION_MAX_ATTEMPTS = 1
    world = published_call(own_crew)
    call_confirm(call_id=world.call.pk)
    gateway.down = True
    notifications_send()
    notice = Notification.objects.get()

    listed = guild_client.get(f"{API}notifications/?status=failed").json()["results"]
    retried = guild_client.post(f"{API}notifications/{notice.pk}/retry")

    assert [(n["id"], n["performer"], n["kind"], n["attempts"]) for n in listed] == [
        (notice.pk, "P80001", "confirmed", 1)
    ]
    assert listed[0]["last_error"] == "ConnectionError: gateway down"
    assert (retried.status_code, retried.json()["status"], retried.json()["attempts"]) == (
        200,
        "pending",
        0,
    )
    gateway.down = False
    assert notifications_send() == {"sent": 1, "retry": 0, "failed": 0}
    again = guild_client.post(f"{API}notifications/{notice.pk}/retry", **EN)
    assert again.status_code == 409
    assert again.json()["message"] == f"Notification {notice.pk} was sent already."


ROLES = ["anon", "ops", "guild", "crew", "other_crew", "performer"]
API_MATRIX = {  # (anon, ops, guild, crew, other crew, performer)
    ("get", "notifications/"): (401, 403, 200, 403, 403, 403),
    ("get", "notifications/{pk}/"): (401, 403, 200, 403, 403, 403),
    ("post", "notifications/{pk}/retry"): (401, 403, 200, 403, 403, 403),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(API_MATRIX))
def test_outbox_api_permissions(
    api_client_for, ops_user, guild_user, crew_user, other_crew, performer_user, endpoint, role
):
    world = published_call(other_crew, performer=performer_user.performer)
    call_confirm(call_id=world.call.pk)  # a notification to performer_user, still pending
    users = [None, ops_user, guild_user, crew_user, other_crew.members.get(), performer_user]
    client = api_client_for(dict(zip(ROLES, users, strict=True))[role])
    method, path = endpoint

    response = getattr(client, method)(API + path.format(pk=Notification.objects.get().pk))

    assert response.status_code == API_MATRIX[endpoint][ROLES.index(role)]

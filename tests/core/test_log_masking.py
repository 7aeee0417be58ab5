"""Secrets stay out of log lines: query secrets masked, check-in codes not logged (19, 4)."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import pytest
from django.conf import settings

from actors.models import Notification
from actors.notify import LogSender
from core.log_masking import MaskSecretsFilter, mask_secrets
from tests.factories import CallFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (
            'GET /api/v1/crews/C0001/calendar.ics?token=s3cr3t-Feed HTTP/1.1" 200',
            'GET /api/v1/crews/C0001/calendar.ics?token=*** HTTP/1.1" 200',
        ),
        (
            "/api/v1/performers/?tier=extra&phone=13812345678",
            "/api/v1/performers/?tier=extra&phone=***",
        ),
        ("/x?PHONE=138&page=2", "/x?PHONE=***&page=2"),
        ("/api/v1/bookings/?date=2026-12-05", "/api/v1/bookings/?date=2026-12-05"),
        ("no query here: token is a word", "no query here: token is a word"),
    ],
)
def test_mask_secrets_masks_only_secret_query_values(line, masked):
    assert mask_secrets(line) == masked


def test_filter_masks_the_finished_message_of_a_record_with_arguments():
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '"%(r)s" %(s)s',
        ({"r": "GET /a.ics?token=abc HTTP/1.1", "s": "200"},),
        None,
    )
    assert MaskSecretsFilter().filter(record) is True
    assert record.getMessage() == '"GET /a.ics?token=*** HTTP/1.1" 200'


def test_every_log_handler_of_django_and_gunicorn_masks_secrets():
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request_id", "mask_secrets"]
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    handlers = conf.logconfig_dict["handlers"].values()
    assert [handler["filters"] for handler in handlers] == [["mask_secrets"]]


@pytest.mark.django_db
def test_log_sender_writes_a_notice_without_its_check_in_code(caplog):
    call = CallFactory()
    notice = Notification.objects.create(
        performer=call.performer,
        call=call,
        kind="called",
        text=f"明日 08:00 报到，签到码 {call.check_in_code}，请提前确认。",
    )
    with caplog.at_level(logging.INFO, logger="actors.notify"):
        LogSender().send(notice)
    assert call.check_in_code not in caplog.text
    assert "签到码 ********，请提前确认。" in caplog.text

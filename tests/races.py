"""Racing requests: each from its own thread on its own database connection, started together.

Used by the race tests of bookings, holds and invoices. Anything other than a response (an
exception escaping the view, which the test client re-raises instead of answering 500) is
recorded as its repr, so it fails the test's equality on the status codes.
"""

from __future__ import annotations

import threading

from django.db import connection
from rest_framework.test import APIClient

from core import roles
from tests.factories import UserFactory


def guild_racer():
    """A guild user whose role is read before the threads share it."""
    user = UserFactory()
    user.groups.add(roles.role_groups_ensure()[roles.GUILD])
    roles.is_guild(user)
    return user


def ops_racer():
    """An operations user whose role is read before the threads share it."""
    user = UserFactory()
    user.groups.add(roles.role_groups_ensure()[roles.OPS])
    roles.is_ops(user)  # fill the role cache before the threads share this user
    return user


def race(calls: list[tuple[str, str, dict]], *, user=None) -> list[object]:
    """Send every ``(method, url, payload)`` at once, as ``user`` (a new ops user by default);
    the status codes, in order."""
    return [
        answer[0] if isinstance(answer, tuple) else answer
        for answer in race_answers(calls, user=user)
    ]


def race_answers(calls: list[tuple], *, user=None) -> list[object]:
    """As ``race``, each answer as (status code, JSON body or None); a call may name its own
    user as a fourth item (the guild assigns while operations move a booking)."""
    user = user or ops_racer()
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def racer(index: int) -> None:
        method, url, payload, *own = calls[index]
        try:
            client = APIClient()
            client.force_authenticate(own[0] if own else user)
            barrier.wait()
            response = getattr(client, method)(url, payload, format="json")
            body = response.json() if response.content else None
            results[index] = (response.status_code, body)
        except Exception as exc:  # reported through the results, so the test fails on it
            results[index] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results

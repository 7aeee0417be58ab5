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


def ops_racer():
    """An operations user whose role is read before the threads share it."""
    user = UserFactory()
    user.groups.add(roles.role_groups_ensure()[roles.OPS])
    roles.is_ops(user)  # fill the role cache before the threads share this user
    return user


def race(calls: list[tuple[str, str, dict]], *, user=None) -> list[object]:
    """Send every ``(method, url, payload)`` at once, as ``user`` (a new ops user by default);
    the status codes, in order."""
    user = user or ops_racer()
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def racer(index: int) -> None:
        method, url, payload = calls[index]
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait()
            results[index] = getattr(client, method)(url, payload, format="json").status_code
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

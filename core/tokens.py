"""API tokens with a lifetime, a list of one's own, and revocation (issue 19, finding 10).

DRF's own token never expired and could not be revoked but by deleting it in the admin. Here
each sign-in issues a new token (one per device or script), valid ``API_TOKEN_LIFETIME_HOURS``;
its user lists and revokes their tokens, operations staff anyone's, and a revoked or expired
token answers 401 at its next request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from core.models import ApiToken

# How often a token's last use is written down: once a minute is enough to see it is in use,
# and spares the database a write on every request.
LAST_USE_RESOLUTION = dt.timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_issue(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for the user, and its key (shown once: only its digest is kept)."""
    key = secrets.token_hex(20)
    now = timezone.now()
    token = ApiToken.objects.create(
        key_digest=_digest(key),
        prefix=key[:8],
        user=user,
        name=name[:200],
        created_at=now,
        expires_at=now + dt.timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS),
    )
    return token, key


def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Ends a token at once; revoking one already revoked changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_list(*, user: User, everyone: bool = False) -> QuerySet[ApiToken]:
    """The user's tokens, newest first; every user's when ``everyone`` (operations staff)."""
    tokens = ApiToken.objects.select_related("user", "revoked_by")
    return tokens if everyone else tokens.filter(user=user)


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>`` against ``ApiToken``: unknown, revoked or expired is 401."""

    def authenticate_credentials(self, key: str):
        token = ApiToken.objects.select_related("user").filter(key_digest=_digest(key)).first()
        if token is None or token.revoked_at is not None:
            raise AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if token.expires_at <= now:
            raise AuthenticationFailed(_("Token expired: sign in again for a new one."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

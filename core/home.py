"""``/``: where each role lands after signing in, and what every page of a role shares.

Each role's home is a page of its own app (the guild's queue and a performer's calls in
``actors.pages``, a crew's week in ``crews.pages``, the board in ``scheduling.board``); ``/``
only sends each role there by URL name, so the plumbing imports no app. ``role_page`` is the
door of those pages: sign in first, the roles let in, the page's language; a page refused or
not found is a page in the user's language (``page_forbidden``, ``page_not_found``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from core.policy import CREW, GUILD, OPS, PERFORMER, role_of

# The URL name of each role's home page (declared by the app that owns the page).
HOMES = {OPS: "board:page", GUILD: "guild-home", CREW: "crew-home", PERFORMER: "performer-home"}


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's home: the page of their role."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    name = HOMES.get(role_of(request.user))
    if name is None:
        page_language(request)
        return page_forbidden(request, _("Your login has no role on the base yet: ask operations."))
    return redirect(name)


def page_language(request: HttpRequest) -> str:
    """``?lang=`` when it names a language of the site (then active for this request and
    remembered in the language cookie), else what LocaleMiddleware chose: the cookie, the
    browser's Accept-Language, Chinese by default."""
    lang = request.GET.get("lang")
    if lang in {code for code, _name in settings.LANGUAGES}:
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        return lang
    return translation.get_language()


def _remember_language(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    lang = request.GET.get("lang")
    if lang == getattr(request, "LANGUAGE_CODE", None) and (
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != lang
    ):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, samesite="Lax")
    return response


def role_page(*allowed: str, methods: tuple[str, ...] = ("GET", "HEAD")) -> Callable:
    """Decorates the view of a page for the roles ``allowed``: anyone not signed in is sent to
    sign in, another role gets the 403 page, another method than ``methods`` the 405 page; the
    page speaks the user's language."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            page_language(request)
            if role_of(request.user) not in allowed:
                response = page_forbidden(request, _("This page is not for your role."))
            elif request.method not in methods:
                response = render(
                    request,
                    "403.html",
                    {
                        "message": _("This address is not for a {method} request.").format(
                            method=request.method
                        )
                    },
                    status=405,
                )
                response["Allow"] = ", ".join(methods)
            else:
                response = view(request, *args, **kwargs)
            return _remember_language(request, response)

        return wrapped

    return decorate


def page_forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """A 403 as a page in the user's language (not plain text a browser may misread)."""
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, message: str = "") -> HttpResponse:
    """A 404 as a page in the user's language."""
    page_language(request)
    message = message or _("There is no page at this address.")
    return render(request, "404.html", {"message": message}, status=404)

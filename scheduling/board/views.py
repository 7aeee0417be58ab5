"""The board page and its JSON documents: session login, operations staff only.

Anyone not logged in is sent to the login page (the page) or gets a 403 (the JSON);
a logged-in user outside ``ops`` gets a 403. The page is Chinese by default; ``?lang=en`` (or
``?lang=zh-hans``) switches and is remembered in Django's language cookie, which
LocaleMiddleware reads on every later request (so the API answers the page in its language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from core import roles
from core.days import current_shooting_day, day_out_of_range
from core.home import page_forbidden
from core.shooting_day import working_day
from scheduling.billing.board import board_revenue
from scheduling.board.selectors import board_day, board_unplaced
from scheduling.board.selectors_booking import board_crews, board_scenes
from scheduling.board.selectors_demand import board_demand
from scheduling.selectors.bookings import base_timezone

LANGS = {code for code, _ in settings.LANGUAGES}
MAX_DAYS = 14
UTF8 = {"ensure_ascii": False}  # names and titles are Chinese: 3 bytes each, not 6 as \uXXXX


def ops_only(*, page: bool) -> Callable:
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated and page:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not roles.is_ops(request.user):
                message = _("The board is for the operations centre (ops) only.")
                if page:
                    return page_forbidden(request, message)
                return JsonResponse({"message": message}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def _day(request: HttpRequest) -> dt.date | None:
    raw = request.GET.get("date")
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    # The board falls back to its default day for a day it cannot show, as for a malformed one.
    return None if day_out_of_range(day) else day


def _days(request: HttpRequest) -> int:
    try:
        return max(1, min(MAX_DAYS, int(request.GET.get("days", 7))))
    except ValueError:
        return 7


def _bad_date() -> JsonResponse:
    return JsonResponse({"message": _("Give ?date=YYYY-MM-DD.")}, status=400)


def board_language(request: HttpRequest) -> str:
    """``?lang=``, else the language cookie, else the project's default (Chinese): the board
    does not follow the browser's Accept-Language, so an operator's page is Chinese unless
    they switch it."""
    for lang in (request.GET.get("lang"), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
        if lang in LANGS:
            return lang
    return settings.LANGUAGE_CODE


@require_GET
@ops_only(page=True)
def board_page(request: HttpRequest) -> HttpResponse:
    lang = board_language(request)
    translation.activate(lang)
    request.LANGUAGE_CODE = lang
    # Today first (at 02:00 the night of yesterday's shooting day is still being shot); an
    # empty day says so and offers the next busy one (the day's JSON carries it).
    today = current_shooting_day()
    day = _day(request) or today
    day_start, day_end = working_day()
    english = lang == "en"
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=base_timezone())
    context = {
        "day": day.isoformat(),
        "today": today.isoformat(),
        "utc_offset": midnight.isoformat()[-6:],  # "+08:00": the page writes times with it
        "lang": "en" if english else "zh",
        "html_lang": "en" if english else "zh-Hans",
        "user_name": request.user.get_username(),
        "max_run_seconds": settings.PLANNING_RUN_MAX_SECONDS,
        "day_start": day_start,
        "day_end": day_end,
    }
    response = render(request, "board/board.html", context)
    # The API's messages (a 409's conflicts) then come in the page's language too.
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != lang:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, samesite="Lax")
    return response


@require_GET
@ops_only(page=False)
@gzip_page
def board_day_data(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    if day is None:
        return _bad_date()
    return JsonResponse(board_day(day=day), json_dumps_params=UTF8)


@require_GET
@ops_only(page=False)
@gzip_page
def board_unplaced_data(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    if day is None:
        return _bad_date()
    return JsonResponse(board_unplaced(first=day, days=_days(request)), json_dumps_params=UTF8)


@require_GET
@ops_only(page=False)
@gzip_page
def board_demand_data(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    if day is None:
        return _bad_date()
    return JsonResponse(board_demand(first=day, days=_days(request)), json_dumps_params=UTF8)


@require_GET
@ops_only(page=False)
@gzip_page
def board_revenue_data(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    if day is None:
        return _bad_date()
    return JsonResponse(board_revenue(first=day, days=_days(request)), json_dumps_params=UTF8)


@require_GET
@ops_only(page=False)
def board_crews_data(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"crews": board_crews()}, json_dumps_params=UTF8)


@require_GET
@ops_only(page=False)
@gzip_page
def board_scenes_data(request: HttpRequest) -> HttpResponse:
    """``?crew=C001``: the crew's scenes still to book; ``?code=C001-S003``: that scene."""
    crew, code = request.GET.get("crew"), request.GET.get("code")
    if not crew and not code:
        return JsonResponse({"message": _("Give ?crew= or ?code=.")}, status=400)
    day = _day(request) or current_shooting_day()
    scenes = board_scenes(day=day, crew=crew, code=code or None)
    if code and not scenes:
        message = _("There is no scene {code}: check the code (crew code, then -S and the number).")
        return JsonResponse({"message": message.format(code=code)}, status=404)
    return JsonResponse({"scenes": scenes}, json_dumps_params=UTF8)

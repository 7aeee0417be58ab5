"""``/``: where each role lands after signing in, and the pages' own error page.

Operations staff go to the board. The guild, a crew and a performer get a page of their own
with the links of their daily work (a crew's call sheets and calendar, a performer's calls and
pay). Anyone not signed in is sent to sign in first. Built from the user's own relations
(``user.crews``, ``user.performer``), so the plumbing imports no app.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.policy import CREW, GUILD, OPS, PERFORMER, role_of


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's home: the board for ops, a page of links for everyone else."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    role = role_of(request.user)
    if role == OPS:
        return redirect("board:page")
    context = {"role": role, "crews": [], "performer": None}
    if role == CREW:
        context["crews"] = list(request.user.crews.order_by("code"))
    elif role == PERFORMER:
        context["performer"] = request.user.performer
    elif role != GUILD:
        return page_forbidden(request, _("Your login has no role on the base yet: ask operations."))
    return render(request, "home.html", context)


def page_forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """A 403 as a page in the user's language (not plain text a browser may misread)."""
    return render(request, "403.html", {"message": message}, status=403)

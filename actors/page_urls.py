"""The guild's and a performer's pages (``actors.pages``), mounted at the site's root."""

from django.urls import path

from actors import pages

urlpatterns = [
    path("guild/", pages.guild_home, name="guild-home"),
    path(
        "guild/lines/<int:booking_id>/<int:line_position>/assign",
        pages.guild_assign,
        name="guild-assign",
    ),
    path("me/", pages.performer_home, name="performer-home"),
]

"""A crew's pages (``crews.pages``), mounted at the site's root."""

from django.urls import path

from crews import pages

urlpatterns = [
    path("crew/", pages.crew_home, name="crew-home"),
]

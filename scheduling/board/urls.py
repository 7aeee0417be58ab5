"""The board's routes, mounted at ``/board/`` by hengdian/urls.py."""

from django.urls import path

from scheduling.board import views

app_name = "board"

urlpatterns = [
    path("", views.board_page, name="page"),
    path("data/day", views.board_day_data, name="day"),
    path("data/unplaced", views.board_unplaced_data, name="unplaced"),
    path("data/demand", views.board_demand_data, name="demand"),
    path("data/crews", views.board_crews_data, name="crews"),
    path("data/scenes", views.board_scenes_data, name="scenes"),
    path("data/revenue", views.board_revenue_data, name="revenue"),
]

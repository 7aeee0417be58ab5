"""The Hengdian production-scheduling service: the project package that wires the apps together."""

from hengdian.celery import app as celery_app

__all__ = ("celery_app",)

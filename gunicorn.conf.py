"""gunicorn's settings: the embedded demo (``make run``) and a plain deployment alike.

A real WSGI server instead of Django's development one: a listen queue of 2,048 rather than 10,
so a burst of requests waits for a thread instead of being reset, and several processes with
threads each, so a slow request (a PDF, a plan run in-process in the demo) holds up nobody else.
Every value can be changed through the environment.
"""

import os

bind = os.environ.get("HENGDIAN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
backlog = int(os.environ.get("WEB_BACKLOG", "2048"))
# gthread workers keep beating while their threads work; this only ends a worker that hangs.
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
wsgi_app = "hengdian.wsgi:application"

# Log lines as Django's (time, level, logger, then the request id in brackets): the access log
# takes the id from the response's X-Request-ID, so a request's line and its app lines match.
accesslog = "-"
access_log_format = '[%({x-request-id}o)s] %(h)s "%(r)s" %(s)s %(b)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Calendar feed secrets travel in the address (calendar apps send no headers): masked.
    "filters": {"mask_secrets": {"()": "core.log_masking.MaskSecretsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["mask_secrets"],
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

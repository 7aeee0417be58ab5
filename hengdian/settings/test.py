"""Settings for the test suite: the same as production-shaped settings, with fast hashing."""

from hengdian.settings import *  # noqa: F403

# Tests never collect static files; look them up on request instead of scanning STATIC_ROOT.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# SQLite's in-memory test database runs in shared-cache mode, where a second connection gets
# "database table is locked" at once instead of waiting: that breaks the racing-booking tests,
# which use real threads. A file (one per test process, removed after the run) behaves like the
# embedded default, db.sqlite3.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"hengdian-test-{os.getpid()}.sqlite3")
    }

"""Static files under content-hashed names, whatever DEBUG says."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed manifest storage, hashed in DEBUG too.

    Django's manifest storage hands out the unhashed name when DEBUG is on; the embedded demo
    runs with DEBUG on but is served like production (gunicorn, collected files, no finders), so
    its pages should ask for what ``collectstatic`` wrote.
    """

    def url(self, name, force=False):
        return super().url(name, force=True)

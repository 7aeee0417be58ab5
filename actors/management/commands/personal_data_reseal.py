"""``manage.py personal_data_reseal``: seal performers' personal data again after a key rotation.

Rotation: put the new Fernet key first in PERSONAL_DATA_KEY, keep the old one after it, run this
command, then drop the old key. A new PERSONAL_DATA_HASH_KEY takes effect the same way.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from actors.services import personal_data_reseal


class Command(BaseCommand):
    help = "Seal every performer's phone and ID number again with the current keys."

    def handle(self, *args, **options) -> None:
        count = personal_data_reseal()
        self.stdout.write(f"resealed the personal data of {count} performers")

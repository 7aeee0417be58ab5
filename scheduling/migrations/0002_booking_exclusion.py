"""On PostgreSQL, forbid overlapping active bookings at single-crew locations in the database.

An exclusion constraint is PostgreSQL's own guard against two racing transactions booking the
same set; SQLite has none, and there the booking service's write lock does the same job
(transactions are IMMEDIATE, so one writer at a time).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE scheduling_booking ADD CONSTRAINT booking_no_overlap_exclusive
    EXCLUDE USING gist (location_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (status <> 'cancelled' AND exclusive);
"""
DROP = "ALTER TABLE scheduling_booking DROP CONSTRAINT IF EXISTS booking_no_overlap_exclusive;"


def _run(sql: str):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]

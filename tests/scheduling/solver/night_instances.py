"""Hand-made instances of a base whose shooting day runs 06:00-30:00 (06:00 next morning)."""

from scheduling.solver.instance import parse_instance

H = 60


def night_doc(**parts) -> dict:
    """Two days 06:00-30:00, night from 18:00; zones east and west an hour apart.

    L1 (east, palace) and L2 (west, street), capacity 1 each; crews C1 and C2 without rest
    rules; performer P1 (F, 25) free both days. ``parts`` replace or extend the lists.
    """
    doc = {
        "format": "hengdian-instance/1",
        "horizon": {
            "start": "2025-08-04",
            "days": 2,
            "day_start": "06:00",
            "day_end": "30:00",
            "night_from": "18:00",
        },
        "zones": [{"id": "east", "name": "East"}, {"id": "west", "name": "West"}],
        "travel_minutes": [{"from": "east", "to": "west", "minutes": 60}],
        "locations": [
            {"id": "L1", "name": "palace hall", "zone": "east", "tags": ["palace"]},
            {"id": "L2", "name": "old street", "zone": "west", "tags": ["street"]},
        ],
        "crews": [{"id": "C1", "name": "night drama"}, {"id": "C2", "name": "day drama"}],
        "scenes": [],
        "performers": [{"id": "P1", "gender": "F", "age": 25}],
    }
    doc.update(parts)
    return doc


def night_instance(**parts):
    return parse_instance(night_doc(**parts))


def scene(ident: str, minutes: int, **more) -> dict:
    """A scene of crew C1 at L1 unless ``more`` says otherwise."""
    return {"id": ident, "crew": "C1", "minutes": minutes, "locations": ["L1"], **more}


def closed(location: str, *windows: tuple[int, str, str], **more) -> dict:
    """Location ``location`` (as in ``night_doc``) with closures (day, start, end)."""
    base = {
        "L1": {"id": "L1", "name": "palace hall", "zone": "east", "tags": ["palace"]},
        "L2": {"id": "L2", "name": "old street", "zone": "west", "tags": ["street"]},
    }[location]
    return {
        **base,
        **more,
        "closures": [{"day": d, "start": a, "end": b} for d, a, b in windows],
    }

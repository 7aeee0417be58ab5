"""Hand-made tiny instances and plans whose outcomes are worked out by hand in the tests."""

import datetime as dt

from scheduling.solver.model import (
    Assignment,
    Closure,
    Crew,
    ExtrasLine,
    Horizon,
    Instance,
    Location,
    Performer,
    Plan,
    Scene,
    TravelTime,
    Zone,
)

H = 60  # minutes in an hour, to write times as 8 * H


def hall_instance() -> Instance:
    """Two zones 30 minutes apart; three sets; two crews; five scenes; three performers.

    L1 (zone A, hall, closed day 0 12:00-13:00), L2 (zone A, hall + garden, capacity 2),
    L3 (zone B, street). C1 (priority 2, days 0-1, 660-minute day) shoots S1 (hall, one F
    extra in costume), S2 (street, night) and S5 (hall, day 1, one F extra). C2 (day 0)
    shoots S3 (hall, one extra of any kind) and S4 (only at L3).
    """
    costume = ExtrasLine(count=1, gender="F", min_age=18, max_age=30, tags=("costume",))
    return Instance(
        horizon=Horizon(start=dt.date(2025, 8, 4), days=2),
        zones=(Zone("A", "秦王宫"), Zone("B", "横店老街")),
        travel_minutes=(TravelTime("A", "B", 30),),
        locations=(
            Location("L1", "大殿", "A", ("hall",), 1, (Closure(0, 12 * H, 13 * H),)),
            Location("L2", "偏殿", "A", ("hall", "garden"), 2),
            Location("L3", "老街", "B", ("street",), 1),
        ),
        crews=(
            Crew("C1", "palace", priority=2, first_day=0, last_day=1, max_span_minutes=660),
            Crew("C2", "urban", priority=1, first_day=0, last_day=0),
        ),
        scenes=(
            Scene("S1", "C1", 60, ("hall",), last_day=1, extras=(costume,), cast=("A1",)),
            Scene("S2", "C1", 60, ("street",), time_of_day="night", last_day=1, cast=("A1",)),
            Scene("S3", "C2", 30, ("hall",), priority=3, extras=(ExtrasLine(count=1),)),
            Scene("S4", "C2", 30, (), locations=("L3",)),
            Scene("S5", "C1", 60, ("hall",), first_day=1, last_day=1, extras=(costume,)),
        ),
        performers=(
            Performer("P1", "F", 25, ("costume",), (), (0, 1), max_minutes_per_day=60),
            Performer("P2", "M", 40, (), (), (0,)),
            Performer("P3", "F", 20, ("costume",), (), (1,)),
        ),
    )


def hall_plan(**changes: Assignment) -> Plan:
    """A correct plan of ``hall_instance``; ``changes`` replace assignments by scene id."""
    assignments = {
        "S1": Assignment("S1", "L1", 0, 8 * H, 9 * H, (("P1",),)),
        "S2": Assignment("S2", "L3", 0, 18 * H, 19 * H, ()),
        "S3": Assignment("S3", "L2", 0, 8 * H, 8 * H + 30, (("P2",),)),
        "S4": Assignment("S4", "L3", 0, 9 * H, 9 * H + 30, ()),
        "S5": Assignment("S5", "L2", 1, 10 * H, 11 * H, (("P3",),)),
    }
    assignments.update(changes)
    return Plan(assignments=tuple(assignments.values()))

"""The tables behind the instance generator: the base's zones, its sets, short-drama genres.

Zone names are the real outdoor bases and studio parks of Hengdian (field notes, NOTES.md);
set types, genres and extras profiles are typical of the vertical short dramas shot there.
"""

from __future__ import annotations

# id, name, (x, y) position in km on a rough map of the base, set types it holds.
ZONES = (
    ("qwg", "秦王宫", (0.0, 0.0), ("palace-hall", "throne-room", "city-wall", "square")),
    ("mqgy", "明清宫苑", (2.0, 1.0), ("palace-hall", "throne-room", "bedchamber", "garden")),
    ("qmsht", "清明上河图", (1.0, 2.5), ("ancient-street", "market", "inn", "river-bank")),
    ("gzj", "广州街·香港街", (-1.5, 1.5), ("republic-street", "teahouse", "old-house")),
    ("mwt", "梦外滩", (-3.0, 0.5), ("bund", "ballroom", "bank-hall", "republic-street")),
    ("jnsx", "江南水乡", (3.5, 3.0), ("water-town", "river-bank", "courtyard", "old-house")),
    ("hxwhy", "华夏文化园", (-2.0, -2.5), ("immortal-hall", "temple", "courtyard")),
    ("mqmj", "明清民居博览城", (4.5, -1.0), ("old-house", "village", "courtyard", "inn")),
    ("pydf", "屏岩洞府", (6.0, -3.0), ("cave", "cliff", "bamboo-forest", "immortal-hall")),
    ("dzcs", "大智禅寺", (5.5, 1.5), ("temple", "bamboo-forest")),
    ("sp1", "竖屏基地一区", (0.5, -1.5), ("ceo-office", "office", "mansion", "apartment", "bar")),
    (
        "sp2",
        "竖屏基地二区",
        (1.0, -2.0),
        ("hospital-ward", "police-station", "apartment", "hotel-room", "car-interior"),
    ),
    (
        "sp3",
        "竖屏基地三区",
        (1.5, -1.5),
        ("wedding-hall", "restaurant", "cafe", "classroom", "dormitory"),
    ),
    ("lj", "横店老街", (-0.5, -0.5), ("modern-street", "cafe", "restaurant", "playground")),
)

ERA = {
    **dict.fromkeys(
        (
            "palace-hall",
            "throne-room",
            "city-wall",
            "square",
            "bedchamber",
            "garden",
            "ancient-street",
            "market",
            "inn",
            "river-bank",
            "water-town",
            "courtyard",
            "immortal-hall",
            "temple",
            "village",
            "cave",
            "cliff",
            "bamboo-forest",
        ),
        "ancient",
    ),
    **dict.fromkeys(
        ("republic-street", "teahouse", "bund", "ballroom", "bank-hall", "old-house"), "republic"
    ),
}  # everything else: "modern"

# Sets outdoors hold two or three crews at once; studio sets one.
OUTDOOR = frozenset(
    (
        "city-wall",
        "square",
        "ancient-street",
        "market",
        "river-bank",
        "water-town",
        "republic-street",
        "bund",
        "village",
        "bamboo-forest",
        "cliff",
        "modern-street",
        "playground",
        "garden",
    )
)

# Popular sets are scarce: fewer of them than demand alone would give.
SCARCE = {"throne-room": 0.4, "wedding-hall": 0.5, "bund": 0.5, "hospital-ward": 0.6, "cave": 0.6}

# genre: (share of crews, {set type: weight}, [(costume tag, weight)], skills a line may ask for)
GENRES = {
    "urban-ceo": (
        0.24,
        {
            "ceo-office": 3,
            "office": 2,
            "mansion": 2,
            "apartment": 2,
            "cafe": 1,
            "restaurant": 1,
            "hotel-room": 1,
            "car-interior": 1,
            "bar": 1,
            "wedding-hall": 0.5,
            "modern-street": 1,
        },
        [("modern-business", 3), ("modern-casual", 2)],
        ("driving", "dance"),
    ),
    "revenge": (
        0.14,
        {
            "mansion": 2,
            "apartment": 2,
            "hospital-ward": 1,
            "bar": 1,
            "office": 1,
            "car-interior": 1,
            "modern-street": 1,
            "wedding-hall": 1,
            "police-station": 0.5,
        },
        [("modern-casual", 2), ("modern-business", 2), ("uniform", 1)],
        ("driving",),
    ),
    "urban-family": (
        0.12,
        {
            "apartment": 3,
            "cafe": 1,
            "restaurant": 1,
            "hospital-ward": 1,
            "classroom": 0.5,
            "modern-street": 1,
            "mansion": 1,
        },
        [("modern-casual", 3), ("uniform", 1)],
        (),
    ),
    "campus": (
        0.05,
        {"classroom": 3, "dormitory": 2, "playground": 1, "cafe": 1, "modern-street": 1},
        [("student", 3), ("modern-casual", 1)],
        ("dance",),
    ),
    "palace": (
        0.13,
        {
            "throne-room": 1,
            "palace-hall": 2,
            "bedchamber": 2,
            "garden": 1,
            "courtyard": 1,
            "square": 1,
            "city-wall": 0.5,
        },
        [("ancient-costume", 4), ("armour", 1)],
        ("dance", "horse-riding"),
    ),
    "wuxia": (
        0.06,
        {
            "ancient-street": 2,
            "inn": 2,
            "bamboo-forest": 1,
            "market": 1,
            "city-wall": 1,
            "temple": 1,
            "river-bank": 1,
        },
        [("ancient-costume", 3), ("armour", 1)],
        ("martial-arts", "horse-riding", "wire-work"),
    ),
    "xianxia": (
        0.10,
        {
            "immortal-hall": 2,
            "cave": 2,
            "cliff": 1,
            "temple": 1,
            "bamboo-forest": 1,
            "courtyard": 1,
        },
        [("ancient-costume", 3), ("armour", 1)],
        ("martial-arts", "wire-work"),
    ),
    "republic": (
        0.10,
        {
            "republic-street": 3,
            "bund": 1,
            "ballroom": 1,
            "bank-hall": 1,
            "teahouse": 1,
            "old-house": 1,
        },
        [("republic-costume", 3), ("uniform", 1)],
        ("dance", "driving"),
    ),
    "period-farming": (
        0.06,
        {"village": 2, "old-house": 2, "water-town": 1, "market": 1, "river-bank": 1},
        [("ancient-costume", 3)],
        (),
    ),
}

# Ages a line may ask for, by costume.
AGES = {
    "student": ((18, 22), (18, 25)),
    "modern-business": ((22, 35), (25, 45), (35, 55)),
    "modern-casual": ((18, 30), (18, 45), (25, 60), (50, 70)),
    "uniform": ((20, 40), (25, 50)),
    "ancient-costume": ((18, 25), (18, 35), (18, 60), (40, 70)),
    "armour": ((18, 35), (20, 40)),
    "republic-costume": ((18, 30), (20, 45), (30, 60)),
}

COSTUMES = tuple(AGES)
SKILLS = (
    ("martial-arts", 0.08),
    ("horse-riding", 0.05),
    ("dance", 0.07),
    ("wire-work", 0.03),
    ("driving", 0.10),
)
# A set type no location on the base has: some scenes ask for it (snow has to be shot up north).
MISSING_TYPE = "snowfield"

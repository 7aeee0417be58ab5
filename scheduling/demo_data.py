"""The tables behind the demo base: Hengdian's real set names, short-drama genres and titles.

Outdoor bases are the real ones of Hengdian World Studios (field notes); the three vertical-drama
studio blocks hold the small indoor sets short dramas live on. Tags are the contract's tags:
one era tag (ancient, republic, modern) and one or two set types per location.
"""

from __future__ import annotations

# Set types shot in the open air: their sets also carry the tag "outdoor", which heavy rain
# closes (a disruption by tag, or the weather feed).
OUTDOOR_SET_TYPES = frozenset(
    {
        "city-wall",
        "square",
        "ancient-street",
        "garden",
        "market",
        "river-bank",
        "republic-street",
        "village",
        "bund",
        "water-town",
        "bamboo-forest",
        "cliff",
    }
)

# code, name, (x, y) km on a rough map of the base, [(set name, tags, capacity, copies)]
ZONES = (
    (
        "qwg",
        "秦王宫",
        (0.0, 0.0),
        [
            ("大殿", ("ancient", "palace-hall"), 1, 3),
            ("城墙", ("ancient", "city-wall"), 3, 1),
            ("九龙广场", ("ancient", "square"), 3, 1),
            ("偏殿", ("ancient", "throne-room"), 1, 1),
        ],
    ),
    (
        "mqgy",
        "明清宫苑",
        (2.0, 1.0),
        [
            ("太和殿", ("ancient", "palace-hall", "throne-room"), 1, 1),
            ("寝宫", ("ancient", "bedchamber"), 1, 4),
            ("御花园", ("ancient", "garden"), 2, 2),
            ("长街", ("ancient", "ancient-street"), 2, 1),
        ],
    ),
    (
        "qmsht",
        "清明上河图",
        (1.0, 2.5),
        [
            ("汴河街市", ("ancient", "ancient-street", "market"), 3, 2),
            ("客栈", ("ancient", "inn"), 1, 2),
            ("虹桥河岸", ("ancient", "river-bank"), 2, 1),
        ],
    ),
    (
        "gzj",
        "广州街·香港街",
        (-1.5, 1.5),
        [
            ("骑楼街", ("republic", "republic-street"), 3, 2),
            ("茶楼", ("republic", "teahouse"), 1, 2),
            ("洋行老宅", ("republic", "old-house"), 1, 2),
        ],
    ),
    (
        "mqmj",
        "明清民居博览城",
        (4.5, -1.0),
        [
            ("徽派老宅", ("ancient", "old-house", "courtyard"), 1, 3),
            ("古村落", ("ancient", "village"), 3, 1),
            ("驿站客栈", ("ancient", "inn"), 1, 1),
        ],
    ),
    (
        "mwt",
        "梦外滩",
        (-3.0, 0.5),
        [
            ("外滩街景", ("republic", "bund", "republic-street"), 2, 2),
            ("百乐门舞厅", ("republic", "ballroom"), 1, 1),
            ("银行大厅", ("republic", "bank-hall"), 1, 1),
            ("石库门弄堂", ("republic", "old-house"), 2, 1),
        ],
    ),
    (
        "jnsx",
        "江南水乡",
        (3.5, 3.0),
        [
            ("水乡河道", ("ancient", "water-town", "river-bank"), 2, 1),
            ("乌篷船码头", ("ancient", "water-town"), 2, 1),
            ("江南庭院", ("ancient", "courtyard"), 1, 2),
        ],
    ),
    (
        "hxwhy",
        "华夏文化园",
        (-2.0, -2.5),
        [
            ("仙宫大殿", ("ancient", "immortal-hall"), 1, 3),
            ("神庙", ("ancient", "temple"), 1, 1),
            ("祭坛广场", ("ancient", "square"), 2, 1),
        ],
    ),
    (
        "dzcs",
        "大智禅寺",
        (5.5, 1.5),
        [
            ("大雄宝殿", ("ancient", "temple"), 1, 1),
            ("禅院竹林", ("ancient", "bamboo-forest"), 2, 1),
        ],
    ),
    (
        "pydf",
        "屏岩洞府",
        (6.0, -3.0),
        [
            ("洞府", ("ancient", "cave"), 1, 3),
            ("悬崖栈道", ("ancient", "cliff"), 2, 1),
            ("竹海", ("ancient", "bamboo-forest"), 2, 1),
        ],
    ),
    (
        "sp1",
        "竖屏基地一区",
        (0.5, -1.5),
        [
            ("总裁办公室", ("modern", "ceo-office", "office"), 1, 5),
            ("开放办公区", ("modern", "office"), 1, 4),
            ("别墅客厅", ("modern", "villa"), 1, 5),
            ("别墅卧室", ("modern", "villa", "bedroom"), 1, 3),
            ("酒吧", ("modern", "bar"), 1, 4),
            ("会议室", ("modern", "office", "meeting-room"), 1, 2),
        ],
    ),
    (
        "sp2",
        "竖屏基地二区",
        (1.0, -2.0),
        [
            ("医院病房", ("modern", "hospital-ward"), 1, 5),
            ("医院走廊", ("modern", "hospital"), 1, 2),
            ("法庭", ("modern", "courtroom"), 1, 4),
            ("警察局", ("modern", "police-station"), 1, 2),
            ("公寓", ("modern", "apartment", "bedroom"), 1, 5),
            ("酒店套房", ("modern", "hotel-room", "bedroom"), 1, 4),
        ],
    ),
    (
        "sp3",
        "竖屏基地三区",
        (1.5, -1.5),
        [
            ("婚礼礼堂", ("modern", "wedding-hall"), 1, 4),
            ("西餐厅", ("modern", "restaurant"), 1, 4),
            ("咖啡厅", ("modern", "cafe"), 1, 5),
            ("教室", ("modern", "classroom"), 1, 2),
            ("学生宿舍", ("modern", "dormitory", "bedroom"), 1, 2),
            ("车内景", ("modern", "car-interior"), 1, 4),
            ("街角", ("modern", "modern-street"), 2, 2),
        ],
    ),
)

# genre: (Chinese label, set types with weights, looks of its extras, skills lines may ask for)
GENRES = {
    "urban-ceo": (
        "霸总",
        {
            "ceo-office": 4,
            "office": 2,
            "villa": 3,
            "bar": 2,
            "cafe": 2,
            "restaurant": 1,
            "wedding-hall": 1,
            "hotel-room": 1,
            "car-interior": 1,
            "meeting-room": 1,
        },
        ("modern-business", "modern-casual"),
        ("driving", "dance"),
    ),
    "revenge": (
        "复仇",
        {
            "villa": 3,
            "courtroom": 2,
            "hospital-ward": 3,
            "police-station": 1,
            "bar": 1,
            "wedding-hall": 2,
            "office": 1,
            "apartment": 1,
        },
        ("modern-business", "modern-casual", "medical"),
        ("driving",),
    ),
    "palace": (
        "宫斗",
        {"palace-hall": 3, "throne-room": 2, "bedchamber": 3, "garden": 2, "ancient-street": 1},
        ("palace-costume", "ancient-costume"),
        ("dance",),
    ),
    "xianxia": (
        "仙侠",
        {"immortal-hall": 3, "cave": 2, "cliff": 2, "bamboo-forest": 2, "temple": 1},
        ("xianxia-costume", "ancient-costume"),
        ("martial-arts", "wire-work"),
    ),
    "republic": (
        "民国",
        {
            "republic-street": 3,
            "bund": 2,
            "ballroom": 2,
            "teahouse": 2,
            "bank-hall": 1,
            "old-house": 2,
        },
        ("republic-costume",),
        ("driving", "dance"),
    ),
    "rural": (
        "乡村",
        {"village": 3, "old-house": 2, "courtyard": 2, "water-town": 1, "inn": 1},
        ("rural", "ancient-costume"),
        ("farm-work",),
    ),
    "son-in-law": (
        "赘婿战神",
        {
            "villa": 3,
            "restaurant": 2,
            "hotel-room": 1,
            "ceo-office": 2,
            "modern-street": 2,
            "wedding-hall": 1,
        },
        ("modern-business", "modern-casual"),
        ("martial-arts", "driving"),
    ),
    "campus": (
        "甜宠校园",
        {"classroom": 3, "dormitory": 2, "cafe": 2, "modern-street": 2, "apartment": 1},
        ("modern-casual", "student"),
        ("dance",),
    ),
}

# Forty fictional titles in the manner of the short dramas shot on the base, by genre.
TITLES = (
    ("urban-ceo", "闪婚后霸总每天都在宠我"),
    ("palace", "凤唳九天"),
    ("revenge", "重生之她杀疯了"),
    ("xianxia", "九霄仙途"),
    ("republic", "上海滩往事"),
    ("son-in-law", "龙王赘婿"),
    ("urban-ceo", "总裁夫人她又跑了"),
    ("rural", "桃花村的春天"),
    ("palace", "嫡女归来"),
    ("campus", "偏偏喜欢你"),
    ("revenge", "离婚后前夫追悔莫及"),
    ("xianxia", "万古神帝"),
    ("urban-ceo", "千亿萌宝：爹地快追妻"),
    ("republic", "烽火佳人"),
    ("son-in-law", "战神归来"),
    ("palace", "冷宫弃妃要翻身"),
    ("revenge", "真千金她是大佬"),
    ("urban-ceo", "隐婚甜妻"),
    ("xianxia", "师尊在上"),
    ("rural", "乡村小神医"),
    ("campus", "学霸的小甜心"),
    ("republic", "民国大少的替嫁新娘"),
    ("palace", "摄政王的掌心宠"),
    ("urban-ceo", "首富千金驾到"),
    ("revenge", "豪门弃妇逆袭记"),
    ("son-in-law", "上门女婿是首富"),
    ("xianxia", "逆天魔妃"),
    ("urban-ceo", "霸总的契约娇妻"),
    ("palace", "锦绣宫阙"),
    ("republic", "督军的小娇妻"),
    ("rural", "山村致富记"),
    ("revenge", "归来之时"),
    ("campus", "青春不散场"),
    ("urban-ceo", "顶流夫妇"),
    ("xianxia", "仙尊归来"),
    ("son-in-law", "神医赘婿"),
    ("palace", "皇后她不想宫斗"),
    ("revenge", "我在豪门当保姆"),
    ("urban-ceo", "傅总，太太又上热搜了"),
    ("republic", "金陵风月"),
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
    "玉兰萍红亮建国晨曦雨轩子涵梓萱浩然欣怡宇航佳琪俊杰思远婉清"
)

LOOKS = (
    "ancient-costume",
    "palace-costume",
    "xianxia-costume",
    "republic-costume",
    "modern-business",
    "modern-casual",
    "medical",
    "student",
    "rural",
)
SKILLS = ("horse-riding", "martial-arts", "dance", "driving", "swimming", "wire-work", "farm-work")

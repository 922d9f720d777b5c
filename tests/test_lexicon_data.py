"""The lexicon data (kg/data/bodies.yaml, kg/data/collectives.yaml): schema, uniqueness,
regular expressions, and coverage of well-known bodies and collective phrases.

The files are data the extractor trusts blindly, so every rule the loader relies on
is checked here: one entry per name, abbreviations that are real list stems,
patterns that compile on the half-width text the matcher sees and stay linear-time,
and no collective or person phrase that stops inside a body's name (the matcher
tries collectives and persons before bodies).
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from kg.extract.structure import normalize

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "kg" / "data"
CORPUS = ROOT / "corpus"

CATEGORIES = {"government", "party", "people_congress", "cppcc", "judicial", "mass_org",
              "public_institution", "enterprise", "township", "military", "other"}
LEVELS = {"national", "province", "city", "district", "township", "village"}
ENTRY_KEYS = {"id", "display", "forms", "abbr", "category", "levels"}
REQUIRED_KEYS = {"id", "display", "forms", "category"}
COLLECTIVE_KEYS = {"collectives", "collective_patterns", "persons", "person_patterns", "not_actors"}
# Single texts beside the lists: the surnames the person patterns share ({surname}), and the pattern of a
# person's name after a title.
COLLECTIVE_TEXTS = ("surnames", "person_name_after_title")
# kg.lexicon.Lexicon.abbr_at looks at most this many characters ahead.
MAX_ABBR = 10  # regulation stems such as 人力资源和社会保障 (the loader reads abbreviations of any length)
# Words that occur on their own far too often to be read as a body, even inside a list.
ORDINARY_WORDS = {"经济", "发展", "服务", "建设", "安全", "管理", "项目", "工作", "改革", "创新",
                  "社会", "民生", "产业", "企业", "市场", "环境", "城市", "农村", "资源", "招商",
                  "政务服务", "组织", "宣传", "保密", "征收", "征迁", "防汛", "扫黑除恶", "党史",
                  "社区", "街道", "公路", "铁路", "机场", "公交", "地铁", "编制", "就业", "人事"}
# Administrative-level prefixes the extractor parses before a body name, and the level they mean.
LEVEL_PREFIX = {"省": "province", "市": "city", "区": "district", "县": "district",
                "镇": "township", "街道": "township"}


def _load(name: str):
    with (DATA / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


BODIES: list[dict] = _load("bodies.yaml")
COLL: dict = _load("collectives.yaml")


def _names(entry: dict) -> list[str]:
    return list(entry["forms"]) + list(entry.get("abbr") or [])


def _owner() -> dict[str, str]:
    """Every form and abbreviation, half-width normalised, to the id of its entry."""
    return {normalize(n): e["id"] for e in BODIES for n in _names(e)}


def _compiled(key: str) -> list[re.Pattern[str]]:
    return [re.compile(normalize(p.replace("{surname}", COLL["surnames"]))) for p in COLL[key]]


def _phrase_end(text: str, phrases: set[str], patterns: list[re.Pattern[str]]) -> int | None:
    """End of the longest listed phrase or pattern match at the start of text (as the matcher reads it)."""
    ends = [len(p) for p in phrases if text.startswith(p)]
    ends += [m.end() for m in (r.match(text) for r in patterns) if m and m.end() > 0]
    return max(ends) if ends else None


def _is_collective(phrase: str) -> bool:
    text = normalize(phrase)
    return _phrase_end(text, {normalize(c) for c in COLL["collectives"]}, _compiled("collective_patterns")) == len(text)


def _is_person(phrase: str) -> bool:
    text = normalize(phrase)
    return _phrase_end(text, {normalize(p) for p in COLL["persons"]}, _compiled("person_patterns")) == len(text)


# ─── bodies.yaml ──────────────────────────────────────────────────────────────

def test_bodies_is_a_broad_list():
    assert isinstance(BODIES, list)
    assert len(BODIES) >= 300
    categories = {e["category"] for e in BODIES}
    assert categories >= {"government", "party", "people_congress", "cppcc", "judicial", "mass_org",
                          "public_institution", "enterprise", "township", "military"}


@pytest.mark.parametrize("entry", BODIES, ids=lambda e: str(e.get("id")))
def test_body_entry_schema(entry):
    assert isinstance(entry, dict)
    assert REQUIRED_KEYS <= set(entry) <= ENTRY_KEYS
    assert isinstance(entry["id"], str) and entry["id"]
    assert isinstance(entry["display"], str)
    assert isinstance(entry["forms"], list) and entry["forms"]
    assert isinstance(entry.get("abbr") or [], list)
    assert entry["category"] in CATEGORIES
    levels = entry.get("levels")
    assert levels is None or (isinstance(levels, list) and levels and set(levels) <= LEVELS)
    assert entry["display"] in entry["forms"], "display must be one of the forms"
    names = _names(entry)
    assert all(isinstance(n, str) for n in names)
    assert len(names) == len(set(names)), "a name is listed twice in the entry"
    for n in names:
        assert len(n) >= 2 and n == n.strip() and not re.search(r"[\s,，、;；。]", n), n


def test_ids_are_unique():
    seen: dict[str, int] = defaultdict(int)
    for e in BODIES:
        seen[e["id"]] += 1
    assert [i for i, n in seen.items() if n > 1] == []


def test_no_name_belongs_to_two_bodies():
    """A form or abbreviation (as written, or half-width normalised) names exactly one entry."""
    owners: dict[str, set[str]] = defaultdict(set)
    for e in BODIES:
        for n in _names(e):
            owners[n].add(e["id"])
            owners[normalize(n)].add(e["id"])
    shared = {n: sorted(ids) for n, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_abbreviations_are_list_stems():
    for e in BODIES:
        for a in e.get("abbr") or []:
            assert 2 <= len(a) <= MAX_ABBR, (e["id"], a)
            assert a not in ORDINARY_WORDS, (e["id"], a)
            assert a not in e["forms"], (e["id"], a)


def test_old_names_keep_their_own_entries():
    """Pre-2018 names still written in documents are bodies of their own, not aliases of today's."""
    owner = _owner()
    old_and_new = [("工商局", "市场监管局"), ("质监局", "市场监管局"), ("食药监局", "市场监管局"),
                   ("安监局", "应急管理局"), ("国土资源局", "自然资源局"), ("环保局", "生态环境局"),
                   ("规划局", "自然资源局"), ("旅游局", "文旅局"), ("文体局", "文旅局"),
                   ("卫生局", "卫健委"), ("计生委", "卫健委"), ("物价局", "发改委"), ("粮食局", "粮食和物资储备局")]
    for old, new in old_and_new:
        assert old in owner and new in owner
        assert owner[old] != owner[new], (old, new)


# Well-known bodies from every level and kind: (name as offices write it, entry id).
KNOWN_BODIES = [
    ("发改委", "发展改革"), ("国家发展改革委", "发展改革"), ("发改局", "发展改革"), ("发改", "发展改革"),
    ("工业和信息化部", "工业信息化"), ("工信部", "工业信息化"), ("工信", "工业信息化"),
    ("财政厅", "财政"), ("财政部", "财政"), ("财政", "财政"),
    ("市场监督管理总局", "市场监管"), ("国家市场监管总局", "市场监管"), ("市场监管", "市场监管"),
    ("人社局", "人力社保"), ("人力社保", "人力社保"), ("住建局", "住房城乡建设"), ("住建", "住房城乡建设"),
    ("卫健委", "卫生健康"), ("卫健局", "卫生健康"), ("教体局", "教育"), ("文旅局", "文化旅游"),
    ("自然资源分局", "自然资源"), ("规划分局", "规划"), ("生态环境分局", "生态环境"), ("公安分局", "公安"),
    ("税务分局", "税务"), ("应急管理局", "应急管理"), ("退役军人事务局", "退役军人事务"),
    ("医保局", "医疗保障"), ("行政审批局", "行政审批"), ("大数据局", "数据局"), ("审计署", "审计"),
    ("海关", "海关"), ("人民银行", "人民银行"), ("统计调查队", "统计调查队"), ("烟草专卖局", "烟草"),
    ("纪委监委", "纪委监委"), ("组织部", "组织部"), ("统战部", "统战部"), ("政法委", "政法委"),
    ("编办", "编办"), ("网信办", "网信办"), ("党校", "党校"), ("两办督查室", "两办督查室"),
    ("人大常委会", "人大"), ("政协", "政协"), ("法院", "法院"), ("检察院", "检察院"),
    ("总工会", "工会"), ("团委", "共青团"), ("妇联", "妇联"), ("残联", "残联"), ("工商联", "工商联"),
    ("科协", "科协"), ("红十字会", "红十字会"), ("关工委", "关工委"),
    ("政务服务中心", "政务服务中心"), ("公共资源交易中心", "公共资源交易中心"), ("融媒体中心", "融媒体中心"),
    ("投促中心", "投资促进"), ("疾控中心", "疾控中心"), ("旧改办", "旧改办"), ("征收办", "房屋征收"),
    ("城投公司", "城投"), ("供电公司", "供电"), ("街道办事处", "街道办事处"), ("镇人民政府", "镇政府"),
    ("村委会", "村委会"), ("社区居委会", "社区居委会"), ("开发区管委会", "开发区管委会"),
    ("高新区管委会", "高新区管委会"), ("防汛抗旱指挥部", "防汛抗旱指挥部"), ("安委办", "安委办"),
    ("食安办", "食安办"), ("创文办", "创文办"), ("河长办", "河长办"), ("乡村振兴局", "乡村振兴"),
    ("扶贫办", "扶贫办"), ("人武部", "人武部"), ("政府办", "政府办"), ("两办", "两办"),
]


@pytest.mark.parametrize("name,body_id", KNOWN_BODIES, ids=[n for n, _ in KNOWN_BODIES])
def test_well_known_body_is_named(name, body_id):
    assert _owner().get(normalize(name)) == body_id


def test_packaged_loader_resolves_every_name_to_its_entry():
    """kg.lexicon.load() reads these files and maps each form/abbr back to the entry that lists it."""
    from kg.lexicon import load

    load.cache_clear()
    lex = load()
    for e in BODIES:
        for f in e["forms"]:
            assert lex.forms[normalize(f)].id == e["id"], f
        for a in e.get("abbr") or []:
            assert lex.abbrs[normalize(a)].id == e["id"], a


# Coordinated lists and named bodies exactly as the corpus speeches write them.
CORPUS_LISTS = [
    ("区发改、科技、工信、商务、服务业、文体、民政、旧改等相关部门", "区", "等相关部门"),
    ("发改、财政、税务、金融等重点行业部门", "", "等重点行业部门"),
    ("民政、人社、残联等部门", "", "等部门"),
    ("发改委、工信局、服务业局等职能部门", "", "等职能部门"),
    ("发改、工信、科技部门", "", "部门"),
    ("环保、工信、安监等", "", "等"),
]


@pytest.mark.parametrize("phrase,level,tail", CORPUS_LISTS, ids=[p for p, _, _ in CORPUS_LISTS])
def test_corpus_list_items_are_all_known(phrase, level, tail):
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    assert phrase in text
    owner = _owner()
    items = phrase[len(level):len(phrase) - len(tail)].split("、")
    assert [i for i in items if normalize(i) not in owner] == []


@pytest.mark.parametrize("name", ["商务局", "工商联", "工信局", "科技局", "发改委", "投促中心", "旧改办",
                                  "规划分局", "服务业发展局", "综合行政审批局", "大数据中心"])
def test_bodies_of_the_corpus_are_forms(name):
    assert name in {f for e in BODIES for f in e["forms"]}


# ─── collectives.yaml ─────────────────────────────────────────────────────────

def test_collectives_schema():
    assert set(COLL) == COLLECTIVE_KEYS | set(COLLECTIVE_TEXTS)
    for key in COLLECTIVE_TEXTS:
        assert isinstance(COLL[key], str) and COLL[key].strip() == COLL[key] and COLL[key], key
    assert len(COLL["surnames"]) == len(set(COLL["surnames"])), "duplicate surname"
    for key in COLLECTIVE_KEYS:
        items = COLL[key]
        assert isinstance(items, list) and items, key
        assert all(isinstance(x, str) and x.strip() == x and x for x in items), key
        assert len(items) == len(set(items)), f"duplicate in {key}"


@pytest.mark.parametrize("key", ["collective_patterns", "person_patterns"])
def test_patterns_compile_on_normalised_text(key):
    for p in COLL[key]:
        p = p.replace("{surname}", COLL["surnames"])
        re.compile(p)
        re.compile(normalize(p))
        # The matcher normalises patterns: a full-width bracket would turn into a grouping paren.
        assert "（" not in p and "）" not in p, p


def _repeats(tree, inside: int = 0):
    """(max, depth of enclosing unbounded-or-multiple repeats) for every repeat in a parsed pattern."""
    from re import _constants as c  # noqa: F401  (the stdlib's own pattern parser)
    from re import _parser

    for op, av in tree:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            yield hi, inside
            yield from _repeats(sub, inside + (1 if hi > 1 else 0))
        elif op in (c.SUBPATTERN,):
            yield from _repeats(av[-1], inside)
        elif op in (c.BRANCH,):
            for alt in av[1]:
                yield from _repeats(alt, inside)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            yield from _repeats(av[1], inside)


@pytest.mark.parametrize("key", ["collective_patterns", "person_patterns"])
def test_patterns_are_linear_time(key):
    """Bounded repeats only, never one repeat inside another: no catastrophic backtracking."""
    from re import _constants as c
    from re import _parser

    for p in COLL[key]:
        for hi, depth in _repeats(_parser.parse(normalize(p))):
            assert hi != c.MAXREPEAT, f"unbounded repeat in {p}"
            assert depth == 0 or hi <= 1, f"nested repeat in {p}"


def test_no_phrase_stops_inside_a_body_name():
    """Collectives and persons are tried before bodies, so none may match a proper prefix of a
    body's name, with or without a level prefix (区政府|办, 园区|管委会, 河长|办)."""
    phrases = {normalize(x) for x in COLL["collectives"] + COLL["persons"]}
    patterns = _compiled("collective_patterns") + _compiled("person_patterns")
    bad = []
    for e in BODIES:
        prefixes = [""] + [p for p, lv in LEVEL_PREFIX.items() if lv in (e.get("levels") or [])]
        for f in e["forms"]:
            for pre in prefixes:
                if pre == "镇" and f.startswith("街"):
                    continue
                text = normalize(pre + f)
                end = _phrase_end(text, phrases, patterns)
                if end is not None and len(pre) < end < len(text):
                    bad.append((text, text[:end]))
    assert bad == []


def test_collectives_are_not_body_names():
    owner = _owner()
    assert [c for c in COLL["collectives"] + COLL["persons"] if normalize(c) in owner] == []


COLLECTIVES = [
    "各办事处", "各镇街", "各乡镇", "各街道", "各镇（街道）", "各县（市、区）", "各地", "各部门", "各单位",
    "各地各部门", "各单位各部门", "区直各部门", "区直相关部门", "区直各职能部门", "区直相关职能部门",
    "市直各部门", "县直有关单位", "有关部门", "相关部门", "有关单位", "相关单位", "各有关部门", "各相关部门",
    "各职能部门", "各行业主管部门", "行业主管部门", "主管部门", "主责部门", "经济部门", "主要经济部门",
    "非经济部门", "职能部门", "承担任务的各级各部门", "承担审批事项的职能部门", "各成员单位", "成员单位",
    "责任单位", "牵头单位", "配合单位", "各级政府", "各级党委和政府", "区政府", "市政府", "项目指挥部",
    "各专案组", "园区", "各园区", "政府各位领导", "区领导", "市领导", "县领导", "各级领导干部",
    "部门主要领导", "各单位主要负责人", "各级各部门", "县级领导干部", "省直有关部门", "区委区政府",
    "各乡镇（街道）", "村（社区）", "村“两委”", "上级有关部门", "承担监管职能的相关部门", "各区", "相关区政府", "有关县人民政府",
    "相关县（市、区）政府", "县（市、区）", "市（州）", "乡镇（街道）", "县（市）人民政府",
]


@pytest.mark.parametrize("phrase", COLLECTIVES)
def test_collective_phrase_is_recognised(phrase):
    assert _is_collective(phrase)


@pytest.mark.parametrize("phrase", ["各区域", "各市场主体", "各地块", "园区管委会", "区直机关工委",
                                    "区政府办", "社会组织服务中心", "区领导小组", "市委常委会", "相关区政府办"])
def test_look_alike_is_not_a_collective(phrase):
    assert not _is_collective(phrase)


PERSONS = ["分管副区长", "分管副县长", "分管副市长", "分管领导", "常务副区长", "各位副区长", "区长", "县长",
           "市长", "书记", "主任", "X同志", "XX同志", "Ｘ同志", "张三同志", "王小明同志", "XX书记", "X副区长",
           "某局长", "区委书记", "河长", "各级河长", "人大代表", "网格员"]


@pytest.mark.parametrize("phrase", PERSONS)
def test_person_is_recognised(phrase):
    assert _is_person(phrase)


@pytest.mark.parametrize("phrase", ["负责同志", "党员同志", "广大同志", "任何同志", "年轻同志", "河长办",
                                    "人大代表联络站", "政协委员会"])
def test_look_alike_is_not_a_person(phrase):
    assert not _is_person(phrase) or phrase in COLL["not_actors"]


@pytest.mark.parametrize("phrase", ["企业负责人", "负责同志", "全区上下", "我们", "同志们"])
def test_not_actors_listed(phrase):
    assert phrase in COLL["not_actors"]


def test_not_actors_are_in_no_other_list():
    others = set(COLL["collectives"]) | set(COLL["persons"]) | {f for e in BODIES for f in _names(e)}
    assert [x for x in COLL["not_actors"] if x in others] == []

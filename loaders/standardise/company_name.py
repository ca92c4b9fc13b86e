"""Company names: region + trade name (字号) + industry + legal form, and a branch suffix.

'上海宏达电子科技有限公司浦东分公司' reads as region 上海市, trade name 宏达, industry 电子科技,
legal form 有限公司 (family 'limited'), branch 浦东分公司. The core (trade name + industry, as a
simplified key) is a blocking key, not proof: the same shop name exists in two cities, and a
branch never merges with its head office.

Steps: NFKC, brackets unified to '()', simplified copy; split off the branch (after the last legal
form word, else before a region name that leads into the branch word); strip the legal form; take
a bracketed region '(上海)' and a leading region name (province/city full or short names,
district full names) out; peel industry words off the end. '中国' is never stripped. A part is
only stripped when something is left as the trade name.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from loaders.standardise.divisions import (
    CITY,
    DISTRICT,
    PROVINCE,
    PrefixMemo,
    division_index,
    division_trie,
    walk,
)
from loaders.standardise.text import (
    has_han,
    normalize_many,
    normalize_text,
    to_simplified,
    to_simplified_many,
)

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")",
                           "[": "(", "]": ")", "［": "(", "］": ")", "〈": "(", "〉": ")",
                           "《": "(", "》": ")", "{": "(", "}": ")"})
_ODD_BRACKET = re.compile("[" + re.escape("".join(k for k in map(chr, _BRACKETS) if k not in "()")) + "]")
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")
_BRACKETED = re.compile(r"\(([^()]{2,12})\)")

# Words ending a branch's name. (经营部 and 门市部 usually name a sole trader's shop, not a
# branch: they are legal-form words below.)
BRANCH_WORDS = ("分公司", "分行", "支行", "分理处", "办事处", "分店", "营业部", "分厂", "分部",
                "分所", "分中心", "营业厅", "分社", "分院", "代表处")
_NUMBERED_BRANCH = re.compile(r"第[一二三四五六七八九十百\d]+(?:" + "|".join(BRANCH_WORDS) + ")$")

# (suffix, family), longest first when matching. Families: limited, joint_stock, partnership,
# sole, other.
LEGAL_FORMS: tuple[tuple[str, str], ...] = tuple(sorted((
    ("有限责任公司", "limited"), ("有限公司", "limited"), ("(集团)有限公司", "limited"),
    ("集团有限公司", "limited"), ("集团有限责任公司", "limited"), ("(集团)有限责任公司", "limited"),
    ("股份有限公司", "joint_stock"), ("集团股份有限公司", "joint_stock"),
    ("(集团)股份有限公司", "joint_stock"), ("股份公司", "joint_stock"),
    ("合伙企业(有限合伙)", "partnership"), ("合伙企业(普通合伙)", "partnership"),
    ("合伙企业(特殊普通合伙)", "partnership"), ("(有限合伙)", "partnership"),
    ("(普通合伙)", "partnership"), ("(特殊普通合伙)", "partnership"), ("合伙企业", "partnership"),
    ("个体工商户", "sole"), ("(个体工商户)", "sole"), ("个人独资企业", "sole"),
    ("(个人独资)", "sole"), ("(个体)", "sole"),
    ("股份合作公司", "other"), ("集团公司", "other"), ("总公司", "other"), ("公司", "other"),
    ("集团", "other"), ("厂", "other"), ("店", "other"), ("商行", "other"), ("工作室", "other"),
    ("专业合作社", "other"), ("合作社", "other"), ("事务所", "other"), ("经营部", "other"),
    ("门市部", "other"),
), key=lambda f: -len(f[0])))

# Industry words peeled off the end of the name, longest first.
INDUSTRY_WORDS: tuple[str, ...] = tuple(sorted(set("""
电子科技 网络科技 信息科技 信息技术 科技发展 智能科技 生物科技 环保科技 教育科技 农业科技 医疗科技
新能源科技 能源科技 材料科技 数字科技 软件科技 网络技术 软件技术 生物技术 科技 技术 电子 电子商务
国际贸易 进出口 贸易 商贸 工贸 经贸 实业发展 实业 发展 投资控股 投资管理 投资咨询 投资发展 投资
控股 资产管理 企业管理 管理咨询 商务咨询 信息咨询 咨询服务 咨询 商务服务 商务 餐饮管理 餐饮服务
餐饮 酒店管理 建筑工程 建设工程 装饰工程 装饰设计 装饰 建筑 建设 工程 市政工程 园林绿化 园林
房地产开发 房地产经纪 房地产 置业 物业管理 物业服务 物业 物流 供应链管理 供应链 运输 货运 仓储
快递 网络 软件 文化传播 文化传媒 文化发展 文化 传媒 广告 影视 教育咨询 教育 培训 医疗器械 医药
药业 医疗 健康管理 健康 生物 环保 新能源 能源 机械设备 机械制造 机械 设备 汽车销售 汽车服务 汽车
服饰 服装 食品 农业 农产品 化工 新材料 材料 制造 电器 电气 通信 通讯 智能 数据 大数据 金融服务
金融 保险 银行 证券 基金 酒店 饭店 商店 超市 便利店 药店 书店 花店 家具 建材 五金 纺织 印刷 包装
人力资源 劳务派遣 劳务 安防 旅游 旅行社 美容 健身 体育 娱乐 计算机 系统集成 自动化 机电 交通
航空 船舶 航运 家政服务 家政 保洁 保安服务 人才 会计 税务 法律 知识产权 检测 认证 设计 规划 测绘
勘察 拍卖 典当 担保 融资租赁 租赁 小额贷款 矿业 钢铁 石油 光电 精密 仪器 照明 塑料 橡胶 陶瓷
玻璃 家居 水利 电力 热力 燃气 物资 粮油 水产 畜牧 养殖 种植 茶业 酒业 服务 销售 开发 管理
信息 企业 国际 商业 工业 产业 环境 资源 品牌 营销 策划 会展 展览 互联网 物联网 云计算 人工智能
""".split()), key=lambda w: (-len(w), w)))

_MIN_TRADE_NAME = 2
_FORM_FAMILY = dict(LEGAL_FORMS)


def _reversed_words(words) -> re.Pattern:
    """Match any of ``words`` at the start of a reversed text, longest first."""
    ordered = sorted({w[::-1] for w in words}, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in ordered))


_FORM_REVERSED = _reversed_words(_FORM_FAMILY)
_INDUSTRY_REVERSED = _reversed_words(INDUSTRY_WORDS)


def _suffix_length(reversed_text: str, pos: int, words: re.Pattern, keep: int) -> int:
    """Length of the longest word ending the text (read reversed from ``pos``) that still leaves
    ``keep`` characters before it; 0 if none."""
    m = words.match(reversed_text, pos)
    if m is None:
        return 0
    length = m.end() - pos
    if len(reversed_text) - pos - length >= keep:
        return length
    for shorter in range(length - 1, 0, -1):  # rare: the longest word would eat the trade name
        if len(reversed_text) - pos - shorter >= keep and words.fullmatch(reversed_text, pos, pos + shorter):
            return shorter
    return 0


class CompanyName(NamedTuple):
    """A standardised company name.

    Attributes:
        display: NFKC, brackets unified to '()', spaces removed from Chinese names; characters
            as written.
        key: simplified, lower-case, without punctuation: the whole name as a comparison key.
        region: the region named in the name as a full name: the city when known ('上海' and
            '上海市浦东新区' → '上海市'), else the province ('浙江' → '浙江省'), else a district
            name that fits several cities ('鼓楼区'); None if none.
        trade_name: the 字号 ('宏达'); at least two characters unless the name is that short.
        industry: the industry words ('电子科技'), None if none were found.
        legal_form: the legal-form words ('有限公司', '股份有限公司', '合伙企业(有限合伙)').
        form_family: 'limited', 'joint_stock', 'partnership', 'sole', 'other' or None.
        branch: the branch part ('浦东分公司', '北京分行'), None for a head office.
        core: simplified key of trade name + industry: the blocking key.
    """

    display: str
    key: str
    region: str | None
    trade_name: str | None
    industry: str | None
    legal_form: str | None
    form_family: str | None
    branch: str | None
    core: str | None


@cache
def _region_names() -> dict[str, str]:
    """Province and city names (full and short, ≥ 2 characters) → full name."""
    index, _ = division_index()
    names = {}
    for name, divisions in index.items():
        tops = {d for d in divisions if d.level in (PROVINCE, CITY)}
        if len(name) < 2 or not tops:
            continue
        full = {d.province if d.level == PROVINCE else d.city for d in tops}
        if len(full) == 1:
            names[name] = full.pop()
    return names


def _key(text: str) -> str:
    return _NON_WORD.sub("", text.lower())


def _split_branch(work: str) -> tuple[str, str | None]:
    """Split '…有限公司浦东分公司' into head and branch; (work, None) for a head office.

    The branch starts after the last legal-form word; without one, at a division name right
    before the branch word ('…杨浦分公司', '…北京市分行'), else at a region name further left
    ('…南京路分店', '…驻京办事处'), else at a numbering ('第一分店'), else it is the word itself.
    """
    if not work.endswith(BRANCH_WORDS):
        return work, None
    word = next(w for w in BRANCH_WORDS if work.endswith(w))
    for form, _ in LEGAL_FORMS:
        if form in ("店", "厂", "集团"):
            continue
        i = work.rfind(form)
        if i > 0 and i + len(form) < len(work):
            end = i + len(form)
            return work[:end], work[end:]
    prefix = work[: -len(word)]
    index, _ = division_index()
    for length in range(min(8, len(prefix) - _MIN_TRADE_NAME), 1, -1):
        if prefix[-length:] in index:
            return prefix[:-length], prefix[-length:] + word
    regions = _region_names()
    for i in range(_MIN_TRADE_NAME, len(work) - 2):
        for length in (5, 4, 3, 2):
            if work[i:i + length] in regions or work[i:i + length].startswith("驻"):
                return work[:i], work[i:]
    m = _NUMBERED_BRANCH.search(work)  # '宏达超市第一分店'
    if m and m.start() > 0:
        return work[: m.start()], m.group(0)
    if len(work) > len(word):
        return prefix, word
    return work, None


def _leading_region_scan(work: str) -> tuple[tuple[int, str | None], int]:
    """Length and full name of the region names at the start of a company name; and how many
    characters that looked at (for :class:`PrefixMemo`).

    Province and city names count in full or short form, districts only in full ('朝阳区', not
    '朝阳': short district names are too often trade names, e.g. 长安汽车, 浦东发展银行).
    The name returned is the city when known, else the province, else the district.
    """
    trie = division_trie()
    pos = seen = 0
    province = city = district = None
    level = -1
    n = len(work)
    while True:
        if pos >= n:
            seen = n + 1
            break
        step = None
        matches, touched = walk(trie, work, pos)
        seen = max(seen, touched)
        for end, divisions in matches:
            if end - pos < 2:
                continue
            fitting = [d for d in divisions if d.level > level and (d.level < DISTRICT or not d.short)
                       and (province is None or d.province == province)
                       and (city is None or d.level < DISTRICT or d.city == city)]
            if fitting:
                step = end, fitting
                break
        if step is None:
            break
        pos, fitting = step
        top = min(d.level for d in fitting)
        fitting = [d for d in fitting if d.level == top]
        level = top
        places = {(d.province, d.city) for d in fitting}
        if top == PROVINCE:
            province = fitting[0].province
        elif len(places) == 1:
            province, city = places.pop()
            if top >= DISTRICT:
                district = fitting[0].district
        elif top >= DISTRICT:
            district = fitting[0].district
        else:
            break
        if top >= DISTRICT:
            break
    return (pos, city or province or district), seen


_leading_region = PrefixMemo(_leading_region_scan)


def _strip_bracketed_region(work: str) -> tuple[str, str | None]:
    """Take a bracketed region '(上海)' out of the name."""
    m = _BRACKETED.search(work)
    if m:
        end, found = _leading_region(m.group(1))
        if found and end == len(m.group(1)):
            return work[: m.start()] + work[m.end():], found
    return work, None


def _peel_industry(head: str) -> tuple[str, str | None]:
    """Split trailing industry words off, leaving at least two characters of trade name."""
    reversed_head, pos = head[::-1], 0
    while (length := _suffix_length(reversed_head, pos, _INDUSTRY_REVERSED, _MIN_TRADE_NAME)):
        pos += length
    return head[: len(head) - pos], head[len(head) - pos:] or None


def parse_company_name(raw: object) -> CompanyName | None:
    """Standardise a company name.

    Args:
        raw: e.g. '上海宏达电子科技有限公司浦东分公司', '宏達電子科技（上海）有限公司'.

    Returns:
        A :class:`CompanyName`, or None when the value is empty.
    """
    text = normalize_text(raw)
    if text is None:
        return None
    display = _display(text)
    return _parse(display, to_simplified(display))


def parse_company_names(values) -> list[CompanyName | None]:
    """:func:`parse_company_name` over many values, simplifying them in one OpenCC call.

    Args:
        values: raw company names.

    Returns:
        One :class:`CompanyName` (or None for an empty value) per input, in order.
    """
    displays = [None if t is None else _display(t) for t in normalize_many(values)]
    simplified = to_simplified_many(displays)
    return [None if d is None else _parse(d, w) for d, w in zip(displays, simplified)]


def _display(text: str) -> str:
    if _ODD_BRACKET.search(text):
        text = text.translate(_BRACKETS)
    if " " in text and has_han(text):  # spaces inside a Chinese name are noise; in Latin, words
        text = _SPACES.sub("", text)
    return text


def _parse(display: str, work: str) -> CompanyName | None:
    key = _key(work)
    if not key:
        return None
    head, branch = _split_branch(work)

    legal_form = family = None
    length = _suffix_length(head[::-1], 0, _FORM_REVERSED, 1)
    if length:
        legal_form = head[-length:]
        family = _FORM_FAMILY[legal_form]
        head = head[:-length]
    if legal_form in ("店", "厂") and head.endswith(("饭", "酒", "药", "书", "花", "商", "便利", "加工", "工")):
        head, legal_form, family = head + legal_form, None, None

    head, region = _strip_bracketed_region(head)
    end, found = _leading_region(head)
    rest, industry = _peel_industry(head[end:].strip("()") if found else head.strip("()"))
    if found and (len(rest) < _MIN_TRADE_NAME or _INDUSTRY_REVERSED.fullmatch(rest[::-1])):
        # '普洱茶业': without its region nothing but industry words would be left.
        found = None
        rest, industry = _peel_industry(head.strip("()"))
    region = region or found
    trade_name = rest.replace("()", "") or None
    core = _key((trade_name or "") + (industry or "")) or None
    return CompanyName(display, key, region, trade_name, industry, legal_form, family, branch, core)

"""Throughput of loaders.standardise.standardise on synthetic but realistic frames.

Usage: PYTHONPATH=. python bench/standardise.py [rows]

Person rows: ~60% distinct names, ~95% distinct ID numbers, ~50% distinct addresses, messy
variants (full-width, traditional, 15-digit IDs, spaced phones). Organisation and place rows
alike. Prints rows/s per kind and the time of each parser stage.
"""

from __future__ import annotations

import random
import sys
import time

import pandas as pd

from loaders.standardise import standardise
from loaders.standardise.check_chars import USCC_ALPHABET, id_check_char, org_code_check_char, uscc_check_char

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单欧阳司马诸葛"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红梅鹏飞玉兰辉斌宇浩凯丹晨阳婷雪琳欣怡子轩梓涵一诺浩然思远嘉豪"
CITIES = [("上海市", "上海市", ["浦东新区", "徐汇区", "黄浦区", "静安区", "闵行区"]),
          ("北京市", "北京市", ["朝阳区", "海淀区", "东城区", "西城区", "丰台区"]),
          ("浙江省", "杭州市", ["西湖区", "上城区", "拱墅区", "余杭区", "滨江区"]),
          ("江苏省", "南京市", ["鼓楼区", "玄武区", "秦淮区", "建邺区"]),
          ("广东省", "深圳市", ["南山区", "福田区", "罗湖区", "宝安区"])]
ROADS = [a + b for a in "中山人民解放建设文化和平新华胜利青年长江黄河张江南京北京延安淮海" for b in ("路", "东路", "西路", "大道", "街")]
ESTATES = [a + b for a in ("阳光", "金色", "翠湖", "锦绣", "碧桂", "世纪", "万科", "绿地", "华府") for b in ("花园", "小区", "家园", "新村", "公寓")]
INDUSTRIES = ["电子科技", "贸易", "商贸", "餐饮管理", "建筑工程", "网络科技", "信息技术", "物流", "咨询", "投资管理"]
FORMS = ["有限公司", "有限责任公司", "股份有限公司", "合伙企业(有限合伙)"]
TRADE = [a + b for a in "宏达鑫源恒泰华盛金鼎博远中天天成永兴瑞丰" for b in "达源泰盛鼎远天成兴丰"]


def _id(rng: random.Random) -> str:
    region = rng.choice(["110105", "310115", "330106", "320106", "440305"])
    body = f"{region}{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + id_check_char(body)


def _uscc(rng: random.Random) -> str:
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org += org_code_check_char(org)
    body = "91" + rng.choice(["310115", "110105", "330106"]) + org
    return body + uscc_check_char(body)


def _address(rng: random.Random) -> str:
    prov, city, districts = rng.choice(CITIES)
    district = rng.choice(districts)
    head = rng.choice([prov + city + district, city + district, city[:-1] + district, district])
    if prov == city and head.startswith(prov + city):
        head = prov + district
    tail = f"{rng.choice(ROADS)}{rng.randint(1, 2000)}号"
    if rng.random() < 0.6:
        tail += f"{rng.choice(ESTATES)}{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 30)}{rng.randint(1, 4):02d}室"
    text = head + tail
    if rng.random() < 0.1:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return text


def _company(rng: random.Random) -> str:
    prov, city, _ = rng.choice(CITIES)
    name = rng.choice(TRADE) + rng.choice(INDUSTRIES)
    name = rng.choice([city[:-1] + name, name + f"({city[:-1]})", name]) + rng.choice(FORMS)
    return name + ("浦东分公司" if rng.random() < 0.05 else "")


def _pool(make, size: int, rng: random.Random) -> list[str]:
    return [make(rng) for _ in range(size)]


def _draw(pool: list[str], n: int, distinct: float, rng: random.Random) -> list[str]:
    """n values with about ``distinct`` × n different ones."""
    k = max(1, int(n * distinct))
    return [pool[i % len(pool)] if i < k else pool[rng.randrange(k) % len(pool)] for i in range(n)]


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _gender(id_number: str, rng: random.Random) -> str | None:
    """Mostly the ID number's gender in one of the sources' codes; sometimes wrong or missing."""
    male = int(id_number[16]) % 2 == 1 if len(id_number) == 18 else rng.random() < 0.5
    if rng.random() < 0.03:
        male = not male
    return rng.choice([("男", "女"), ("1", "2"), ("M", "F")])[0 if male else 1] if rng.random() < 0.9 else None


def _birth_date(id_number: str, rng: random.Random) -> str | None:
    """Mostly the ID number's birth date in one of the sources' formats; sometimes other."""
    if rng.random() < 0.3 or len(id_number) != 18:
        return None
    y, m, d = id_number[6:10], id_number[10:12], id_number[12:14]
    if rng.random() < 0.03:
        d = f"{(int(d) % 28) + 1:02d}"
    return rng.choice([f"{y}-{m}-{d}", f"{y}{m}{d}", f"{y}年{int(m)}月{int(d)}日", f"{y}/{int(m)}/{int(d)}"])


def person_frame(n: int, seed: int = 1) -> pd.DataFrame:
    rng = random.Random(seed)
    names = _draw(_pool(_person_name, n, rng), n, 0.6, rng)
    ids = _draw(_pool(_id, n, rng), n, 0.95, rng)
    phones = _draw(_pool(lambda r: f"1{r.choice('3578')}{r.randint(0, 999999999):09d}", n, rng), n, 0.9, rng)
    phones = [p[:3] + " " + p[3:7] + " " + p[7:] if rng.random() < 0.1 else p for p in phones]
    addresses = _draw(_pool(_address, n, rng), n, 0.5, rng)
    companies = _pool(_company, 5000, rng)
    genders = [_gender(i, rng) for i in ids]
    births = [_birth_date(i, rng) for i in ids]
    ids = [i[:6] + i[8:17] if rng.random() < 0.02 else i for i in ids]  # some legacy 15-digit
    return pd.DataFrame({
        "name": names, "id_number": ids, "gender": genders, "birth_date": births,
        "phone": phones, "address": addresses,
        "employer_name": [rng.choice(companies) for _ in range(n)],
        "employer_uscc": _draw(_pool(_uscc, 5000, rng), n, 0.025, rng),
    })


def organization_frame(n: int, seed: int = 2) -> pd.DataFrame:
    rng = random.Random(seed)
    usccs = _pool(_uscc, n, rng)
    return pd.DataFrame({
        "name": _draw(_pool(_company, n, rng), n, 0.8, rng),
        "uscc": usccs,
        "org_code": [u[8:16] + "-" + u[16] if rng.random() < 0.5 else None for u in usccs],
        "reg_no": [None] * n,
        "legal_rep_name": _draw(_pool(lambda r: r.choice(SURNAMES) + r.choice(GIVEN) + r.choice(GIVEN), n, rng), n, 0.7, rng),
        "legal_rep_id_number": _pool(_id, n, rng),
        "established": [f"{rng.randint(1990, 2024)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日" for _ in range(n)],
        "address": _draw(_pool(_address, n, rng), n, 0.6, rng),
    })


def place_frame(n: int, seed: int = 3) -> pd.DataFrame:
    rng = random.Random(seed)
    return pd.DataFrame({
        "address": _draw(_pool(_address, n, rng), n, 0.5, rng),
        "lng": [f"{rng.uniform(100, 122):.6f}" for _ in range(n)],
        "lat": [f"{rng.uniform(22, 40):.6f}" for _ in range(n)],
        "crs": [rng.choice(["wgs84", "gcj02", "bd09", "GCJ-02"]) for _ in range(n)],
    })


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    standardise("person", person_frame(10))  # warm the caches of tables, not of values
    for kind, make in (("person", person_frame), ("organization", organization_frame), ("place", place_frame)):
        frame = make(n)
        start, cpu = time.perf_counter(), time.process_time()
        result = standardise(kind, frame)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        flagged = sum(1 for f in result["flags"] if f)
        print(f"{kind:13s} {n:>8,d} rows  wall {seconds:6.2f} s  {n / seconds:>9,.0f} rows/s  "
              f"cpu {cpu:6.2f} s  {n / cpu:>9,.0f} rows/s  (flagged {flagged:,d})")


if __name__ == "__main__":
    main()

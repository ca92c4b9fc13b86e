"""Load one source file into the store: read → map → standardise → validate → write.

Every input row ends as exactly one source record or one quarantine entry with a reason, and the
counts are stored on the Batch node. A file-level problem raises before anything is written; the
batch itself is written in one transaction, so a crash leaves it wholly in or wholly out.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import gc
import hashlib
import json
import pickle
import time
import unicodedata
import multiprocessing as mp
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from graph import Batch, BatchWrite, GraphStore
from graph.model import coded
from loaders.mapping import Mapping, load_mapping
from loaders.readers import ROW_NO, SourceRows, read_source
from loaders.standardise import standardise

Progress = Callable[[str, int], None]

#: Identifier columns that become Key nodes, by kind: (canonical column, key type).
KEY_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (("id_number", "id_number"), ("phone", "phone"), ("name_key", "name"),
               ("addr_key", "address")),
    "organization": (("uscc", "uscc"), ("org_code", "org_code"), ("reg_no", "reg_no"),
                     ("name_key", "org_name"), ("addr_key", "address")),
    "place": (("addr_key", "address"),),
}
#: Properties every record carries whatever its kind, plus ``raw_fields``, which a record read
#: from the store carries (derived from ``raw``); the rest are canonical values.
BASE_COLUMNS = ("rid", "source", "key", "kind", "version", "batch_id", "loaded_at", "row_no",
                "row_hash", "raw", "raw_fields")


@dataclass
class LoadReport:
    """What a load did. ``rows_in == rows_loaded + rows_quarantined`` always holds."""

    batch: Batch
    already_loaded: bool = False
    reasons: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        total = sum(self.seconds.values())
        return self.batch.rows_in / total if total else 0.0


@dataclass
class PreparedFile:
    """A file read, screened and standardised, not yet compared with the store or written."""

    mapping: Mapping
    file: str
    sha256: str
    rows_in: int
    records: pd.DataFrame
    keys: pd.DataFrame
    quarantine: list[dict]
    seconds: dict[str, float]
    folder: str = ""  # where a worker left the frames as Parquet (load_files)


def prepare_file(mapping: Mapping | str | Path, file: str | Path) -> PreparedFile:
    """Read, screen and standardise ``file``; touches no store, so it can run in a worker.

    Raises:
        MappingError, SourceFileError: a file-level problem.
    """
    if not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    rows, sha256, clock = _read(mapping, file)
    return _prepare_rows(mapping, Path(file), rows, sha256, clock)


def _read(mapping: Mapping, file: str | Path) -> tuple[SourceRows, str, _Clock]:
    """The file's rows and sha256, with a clock that has timed the read.

    Raises:
        MappingError, SourceFileError: a file-level problem.
    """
    clock = _Clock()
    path = Path(file)
    data = path.read_bytes() if path.is_file() else None
    rows = read_source(path, mapping, data)
    clock.lap("read")
    return rows, hashlib.sha256(data or b"").hexdigest(), clock


def _prepare_rows(mapping: Mapping, path: Path, rows: SourceRows, sha256: str,
                  clock: _Clock) -> PreparedFile:
    """:func:`prepare_file` once the file is read: screen and standardise."""
    good, quarantine = _screen(rows, mapping)
    fields = _fields(good, mapping)
    canonical = standardise(mapping.kind, fields)
    clock.lap("standardise")
    records = _records(good, canonical, mapping)
    return PreparedFile(mapping=mapping, file=str(path), sha256=sha256, rows_in=rows.rows_in,
                        records=records, keys=_keys(records, mapping.kind), quarantine=quarantine,
                        seconds=clock.laps)


def commit_file(store: GraphStore, prepared: PreparedFile, *,
                progress: Progress | None = None) -> LoadReport:
    """Compare a prepared file with what the store holds and write the difference as one batch."""
    say = progress or (lambda stage, rows: None)
    clock = _Clock()
    mapping, records = prepared.mapping, prepared.records
    now = dt.datetime.now(dt.timezone.utc)
    batch_id = f"{mapping.source}-{now:%Y%m%dT%H%M%S%f}-{prepared.sha256[:8]}"
    loaded_at = now.isoformat(timespec="microseconds")
    records["batch_id"], records["loaded_at"] = batch_id, loaded_at

    states = store.record_states(mapping.source)
    known = records["key"].map(states.get)
    is_new = known.isna()
    old_hash = known.map(lambda s: s.row_hash if s else None)
    is_changed = ~is_new & (old_hash != records["row_hash"])
    if is_changed.any():
        records.loc[is_changed, "version"] = known[is_changed].map(lambda s: s.version + 1).astype("int64")
    new, changed = records[is_new], records[is_changed]
    unchanged = int((~is_new & ~is_changed).sum())

    previous = store.find_batch(mapping.source, prepared.sha256)
    if previous is not None and not len(new) and not len(changed):
        clock.lap("diff")
        return LoadReport(batch=previous, already_loaded=True,
                          seconds={**prepared.seconds, **clock.laps})

    superseded = _superseded(store, changed, batch_id, loaded_at)
    keys = prepared.keys[prepared.keys["rid"].isin(pd.concat([new["rid"], changed["rid"]]))]
    qframe = pd.DataFrame(
        [{"qid": f"{batch_id}:{q['row_no']}", "batch_id": batch_id, "source": mapping.source,
          "file": prepared.file, **q} for q in prepared.quarantine],
        columns=["qid", "batch_id", "source", "file", "row_no", "raw", "reason"])
    clock.lap("diff")
    quarantined = len(prepared.quarantine)
    batch = Batch(
        batch_id=batch_id, source=mapping.source, kind=mapping.kind, file=prepared.file,
        sha256=prepared.sha256, mapping=mapping.to_json(), loaded_at=loaded_at,
        rows_in=prepared.rows_in, rows_loaded=len(records), rows_quarantined=quarantined,
        rows_new=len(new), rows_changed=len(changed), rows_unchanged=unchanged,
        duration_s=round(sum(prepared.seconds.values()) + sum(clock.laps.values()), 3))
    if batch.rows_in != batch.rows_loaded + batch.rows_quarantined:  # a bug, never bad input
        raise AssertionError(f"{prepared.file}: {batch.rows_in} rows in, {batch.rows_loaded} "
                             f"loaded, {batch.rows_quarantined} quarantined")
    say(f"{mapping.source}: writing", len(new) + len(changed))
    store.write_batch(BatchWrite(batch=batch, new_records=new, changed_records=changed,
                                 superseded=superseded, keys=keys, quarantine=qframe))
    clock.lap("write")
    reasons: dict[str, int] = {}
    for q in prepared.quarantine:
        label = q["reason"].split(":")[0].split(" (")[0]
        reasons[label] = reasons.get(label, 0) + 1
    return LoadReport(batch=batch, reasons=reasons, seconds={**prepared.seconds, **clock.laps})


def load_file(store: GraphStore, mapping: Mapping | str | Path, file: str | Path, *,
              progress: Progress | None = None) -> LoadReport:
    """Load ``file`` as ``mapping`` describes: :func:`prepare_file`, then :func:`commit_file`.

    Args:
        store: an open graph store.
        mapping: a validated Mapping or the path of its YAML.
        file: the source file.
        progress: called with (stage, rows) as the load moves on.

    Raises:
        MappingError, SourceFileError: a file-level problem; nothing was written.
    """
    say = progress or (lambda stage, rows: None)
    say("read", 0)
    prepared = prepare_file(mapping, file)
    say("standardise", len(prepared.records))
    return commit_file(store, prepared, progress=progress)


def mapping_jobs(paths: Iterable[str | Path]) -> list[tuple[Mapping, Path | None]]:
    """(mapping, the file it names with ``file:``) for each mapping YAML in ``paths``: the jobs
    :func:`load_files` takes for mappings that carry their file, as the sample city's do."""
    return [(m, m.source_file()) for m in map(load_mapping, paths)]


def load_files(store: GraphStore, jobs: list[tuple[Mapping | str | Path, str | Path]], *,
               workers: int = 2, progress: Progress | None = None) -> Iterator[LoadReport]:
    """Load several files, preparing the next ones in worker processes while one is written.

    Every mapping and file is read and checked first, so a file-level problem in any job stops
    the call before anything is written. A source's files are committed in the order given;
    sources are committed smallest first (:func:`_commit_order`).

    Yields:
        one LoadReport per job, as each batch is committed.
    """
    mappings = [m if isinstance(m, Mapping) else load_mapping(m) for m, _ in jobs]
    checked = _commit_order(list(zip(mappings, (f for _, f in jobs))))
    if not checked:
        return
    if len(checked) == 1:
        [(m, f)] = checked
        yield commit_file(store, prepare_file(m, f), progress=progress)
        return
    with tempfile.TemporaryDirectory(prefix="yidang-load-") as tmp:
        # Every file is read and checked before the writer starts, leaving what was read in a
        # folder per file, and prepared from it into Parquet files: nothing parses a file twice,
        # and the main process, which writes, holds no more than the file it is writing
        # (results waiting in memory were most of the old 6 GB peak).
        placed = [(job, str(Path(tmp) / str(i))) for i, job in enumerate(checked)]
        if workers <= 1:
            for (m, f), d in placed:
                _read_to_folder(m, f, d)  # raises on a file-level problem
            for (m, f), d in placed:
                yield commit_file(store, _read_prepared(_prepare_to_folder(m, f, d)),
                                  progress=progress)
            return
        yield from _load_in_workers(store, placed, workers, progress)


def _load_in_workers(store: GraphStore, placed: list[tuple[tuple[Mapping, str | Path], str]],
                     workers: int, progress: Progress | None) -> Iterator[LoadReport]:
    """:func:`load_files` with the files read and prepared in worker processes while the main
    process writes the ones ready."""
    ctx = mp.get_context("spawn")  # no fork: the store's threads must not be copied
    # The writer is the critical path (its COPYs and checkpoints run on one thread), so the
    # workers run at a lower priority: they take what CPU the writer leaves. On two cores three
    # equal processes slowed the writer by a sixth while the workers finished early and idled.
    with ProcessPoolExecutor(max_workers=min(workers, len(placed)), mp_context=ctx,
                             initializer=os.nice, initargs=(_WORKER_NICENESS,)) as pool:
        # The first file is prepared at once (preparing reads it, which checks it), so the other
        # worker checks the rest meanwhile (the queue is FIFO) and the writer starts as soon as
        # both are done.
        futures = [pool.submit(_prepare_to_folder, m, f, d) for (m, f), d in placed[:1]]
        checks = futures + [pool.submit(_read_to_folder, m, f, d) for (m, f), d in placed[1:]]
        futures += [pool.submit(_prepare_to_folder, m, f, d) for (m, f), d in placed[1:]]
        try:
            for c in checks:
                c.result()  # raises on a file-level problem, before anything is written
            for future in futures:
                yield commit_file(store, _read_prepared(future.result()), progress=progress)
        finally:
            for future in futures:
                future.cancel()


#: How much lower the preparing workers' CPU priority is than the writer's (``os.nice``).
_WORKER_NICENESS = 10


def _commit_order(jobs: list[tuple[Mapping, str | Path]]) -> list[tuple[Mapping, str | Path]]:
    """``jobs`` with the sources in ascending order of their files' total size, each source's
    files kept in the order given (a later file of a source may change its records, so their
    order is the user's; different sources never touch each other's records).

    Small files first start the writer early, and while it writes them the workers prepare the
    large ones (loading the 200k-person city by file name, the writer waited 6 s for the
    first file and 5.5 s more for the second, a large one)."""
    def size(file: str | Path) -> int:
        try:
            return Path(file).stat().st_size
        except OSError:  # not a file: read_source reports it
            return 0
    total: dict[str, int] = {}
    for mapping, file in jobs:
        total[mapping.source] = total.get(mapping.source, 0) + size(file)
    return sorted(jobs, key=lambda job: total[job[0].source])  # stable: a source keeps its order


def _read_to_folder(mapping: Mapping, file: str | Path, folder: str) -> None:
    """Read ``file`` (raising on a file-level problem) and leave the rows and the file's hash in
    ``folder`` for :func:`_prepare_to_folder`; written whole or not at all."""
    rows, sha256, clock = _read(mapping, file)
    out = Path(folder)
    out.mkdir(exist_ok=True)
    # pickle, as the process pool itself uses for what it passes between our own processes: a
    # temp file in this load's private folder, read back by the same load and never kept.
    partial = out / "read.pickle.partial"
    with partial.open("wb") as f:
        pickle.dump((rows, sha256, clock.laps), f, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(out / "read.pickle")
    del rows
    _give_back_memory()


def _prepare_to_folder(mapping: Mapping, file: str | Path, folder: str) -> PreparedFile:
    """:func:`prepare_file` in a worker, from the rows :func:`_read_to_folder` left (or from
    the file, if that check is still running in the other worker): the frames go to Parquet
    files in ``folder`` and the PreparedFile returned carries empty frames (the main process
    reads them back when it writes)."""
    out = Path(folder)
    read = out / "read.pickle"
    if read.is_file():
        clock = _Clock()
        with read.open("rb") as f:
            rows, sha256, laps = pickle.load(f)
        read.unlink()
        clock.lap("read")
        clock.laps["read"] += laps["read"]
        prepared = _prepare_rows(mapping, Path(file), rows, sha256, clock)
    else:
        prepared = prepare_file(mapping, file)
    out.mkdir(exist_ok=True)
    for name in ("records", "keys"):
        frame = getattr(prepared, name)
        frame.to_parquet(out / f"{name}.parquet", index=False, compression=None)
        # head(0).copy(), not iloc[:0]: a slice is a view that keeps the whole frame alive.
        setattr(prepared, name, frame.head(0).copy())
    del frame
    prepared.folder = folder
    _give_back_memory()
    return prepared


def _give_back_memory() -> None:
    """Hand a finished job's freed memory back to the system: glibc and Arrow's allocator keep
    it for the process's next allocations, and an idle worker's memory counts in the load's
    peak while the writer grows (idle workers held 400-600 MB at the end of a 200k-person load
    before, ~400 MB with this alone). Elsewhere than glibc, ``malloc_trim`` is skipped."""
    gc.collect()
    pa.default_memory_pool().release_unused()  # Arrow's own allocator keeps freed blocks too
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _read_prepared(prepared: PreparedFile) -> PreparedFile:
    # Arrow-backed columns: a third of the memory of Python strings, read without creating one
    # object per value, and the engine hands them to COPY as Arrow.
    # A copy: the worker's PreparedFile stays with its future until load_files ends, and frames
    # set on it stayed in memory with it (every file's, ~0.7 GB more writer peak at 200k persons).
    folder = Path(prepared.folder)
    return dataclasses.replace(prepared, **{
        name: pd.read_parquet(folder / f"{name}.parquet", dtype_backend="pyarrow")
        for name in ("records", "keys")})


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(self.laps.get(name, 0.0) + now - self._t, 4)
        self._t = now


def _screen(rows: SourceRows, mapping: Mapping) -> tuple[pd.DataFrame, list[dict]]:
    """Split readable rows into good ones and quarantine entries (no key, duplicate key, empty)."""
    quarantine = [{"row_no": b.row_no, "raw": b.raw, "reason": b.reason} for b in rows.bad]
    frame = rows.frame
    raw_json = _row_json(frame.drop(columns=[ROW_NO]))
    keys = frame[mapping.key].map(_clean_key)
    mapped = list(dict.fromkeys(mapping.fields.values()))
    empty = frame[mapped].isna().all(axis=1) if mapped else pd.Series(False, index=frame.index)
    no_key = keys.isna()
    dup = keys.duplicated(keep="first") & ~no_key
    first_row = frame[ROW_NO].groupby(keys).transform("first") if len(frame) else keys
    for i in frame.index[no_key | dup | empty]:
        if no_key[i]:
            reason = f"no key: column {mapping.key!r} is empty"
        elif dup[i]:
            reason = (f"duplicate key {keys[i]!r} inside the file "
                      f"(first at row {int(first_row[i])})")
        else:
            reason = f"no values: every mapped column ({', '.join(mapped)}) is empty"
        quarantine.append({"row_no": int(frame.at[i, ROW_NO]), "raw": raw_json[i], "reason": reason})
    good = frame[~(no_key | dup | empty)].copy()
    good["_key"] = keys[good.index]
    good["_raw"] = raw_json[good.index]
    return good, sorted(quarantine, key=lambda q: q["row_no"])


def _clean_key(value: str | None) -> str | None:
    if value is None:
        return None
    key = unicodedata.normalize("NFKC", str(value)).strip()
    return key or None


def _row_json(frame: pd.DataFrame) -> pd.Series:
    """Each row as JSON text of its columns (empty ones as null), in one C-speed pass."""
    if not len(frame):
        return pd.Series([], dtype=object, index=frame.index)
    lines = frame.to_json(orient="records", lines=True, force_ascii=False).splitlines()
    return pd.Series(lines, index=frame.index)


def _fields(good: pd.DataFrame, mapping: Mapping) -> pd.DataFrame:
    """Canonical field → raw values, with the mapping's code tables applied."""
    out = pd.DataFrame(index=good.index)
    for canon, column in mapping.fields.items():
        values = good[column]
        table = mapping.values.get(canon)
        if table:
            values = values.map(lambda v, t=table: coded(v, t))
        out[canon] = values
    return out


def _records(good: pd.DataFrame, canonical: pd.DataFrame, mapping: Mapping) -> pd.DataFrame:
    """SourceRecord rows; ``batch_id`` and ``loaded_at`` are filled when the batch is written."""
    frame = canonical.copy()
    frame.insert(0, "rid", mapping.source + ":" + good["_key"])
    frame.insert(1, "source", mapping.source)
    frame.insert(2, "key", good["_key"])
    frame.insert(3, "kind", mapping.kind)
    frame.insert(4, "version", 1)
    frame.insert(5, "batch_id", None)
    frame.insert(6, "loaded_at", None)
    frame.insert(7, "row_no", good[ROW_NO].astype("int64"))
    salt = hashlib.sha256(mapping.to_json().encode()).hexdigest()[:16]
    frame.insert(8, "row_hash", good["_raw"].map(
        lambda r: hashlib.sha1((salt + r).encode()).hexdigest()))
    frame.insert(9, "raw", good["_raw"])
    return frame.reset_index(drop=True)


def _superseded(store: GraphStore, changed: pd.DataFrame, batch_id: str,
                loaded_at: str) -> pd.DataFrame:
    """RecordVersion rows keeping the current state of every record about to change."""
    columns = ["vid", "rid", "version", "batch_id", "loaded_at", "superseded_at", "superseded_by",
               "row_no", "row_hash", "raw", "canonical"]
    if not len(changed):
        return pd.DataFrame(columns=columns)
    rows = []
    for old in store.current_records(changed["rid"].tolist()):
        canon = {k: v for k, v in old.items() if k not in BASE_COLUMNS and v not in (None, [])}
        rows.append({
            "vid": f"{old['rid']}#{old['version']}", "rid": old["rid"], "version": old["version"],
            "batch_id": old["batch_id"], "loaded_at": old["loaded_at"],
            "superseded_at": loaded_at, "superseded_by": batch_id, "row_no": old.get("row_no"),
            "row_hash": old["row_hash"], "raw": json.dumps(old.get("raw", {}), ensure_ascii=False),
            "canonical": json.dumps(canon, ensure_ascii=False, sort_keys=True)})
    return pd.DataFrame(rows, columns=columns)


def _keys(records: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Identifier rows (rid, k, type, value) for the Key nodes of ``records``."""
    parts = []
    for column, key_type in KEY_COLUMNS[kind]:
        if column not in records:
            continue
        sub = records.loc[records[column].notna(), ["rid", column]]
        sub = sub[sub[column].astype(str).str.len() > 0]
        parts.append(pd.DataFrame({"rid": sub["rid"], "k": key_type + ":" + sub[column].astype(str),
                                   "type": key_type, "value": sub[column].astype(str)}))
    if not parts:
        return pd.DataFrame(columns=["rid", "k", "type", "value"])
    return pd.concat(parts, ignore_index=True).drop_duplicates(["rid", "k"])

"""``generate_city``: the whole sample city — world, sources, mappings, ground truth, manifest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from loaders.sample import organisation_sources, person_sources, place_sources
from loaders.sample.corruption import Corruptor
from loaders.sample.organisation_sources import org_entity
from loaders.sample.organisations import ORGS_PER_PERSON, generate_organisations
from loaders.sample.person_sources import person_entity
from loaders.sample.place_sources import place_entity
from loaders.sample.places import PlaceBook
from loaders.sample.population import generate_population
from loaders.sample.regions import districts
from loaders.sample.sources import SourceOutput, write_source

TRUTH_FILE = "truth.csv"
MANIFEST_FILE = "manifest.json"
MIN_PERSONS = 50
PERSONS_PER_HOME = 2.4
# rows that must be quarantined, not loaded: (source, kind of fault)
BAD_ROWS = {
    "household": ("empty_key",),
    "social_security": ("duplicate_key",),
    "market_registration": ("empty_key",),
}


@dataclass(frozen=True)
class SampleCity:
    """What ``generate_city`` wrote.

    Attributes:
        outdir: the folder holding everything.
        persons, seed: the arguments it was made with.
        files: source name -> data file.
        mappings: the mapping YAML of each source (each names its data file with ``file:``).
        truth: ``truth.csv`` (``source,key,kind,entity`` for every row that should load).
        manifest: ``manifest.json``.
        rows: source name -> data rows in the file (bad rows included).
        loadable_rows: source name -> rows that should load (the rows in ``truth``).
        bad_rows: rows planted to be quarantined (source, 1-based data row, key, reason).
        entities: kind -> number of true entities.
    """

    outdir: Path
    persons: int
    seed: int
    files: dict[str, Path]
    mappings: list[Path]
    truth: Path
    manifest: Path
    rows: dict[str, int]
    loadable_rows: dict[str, int]
    bad_rows: list[dict]
    entities: dict[str, int]


def generate_city(outdir: Path, persons: int, seed: int) -> SampleCity:
    """Write a multi-source sample city with its mappings, ground truth and manifest.

    The same ``persons`` and ``seed`` give byte-identical files.

    Args:
        outdir: folder to write into (created if missing); existing files of the same names are
            replaced.
        persons: number of people in the city (at least 50); about one organisation per ten people.
        seed: seed of the random generator.

    Returns:
        Where everything went and how many rows each source holds.

    Raises:
        ValueError: if ``persons`` is below 50.
    """
    if persons < MIN_PERSONS:
        raise ValueError(f"a sample city needs at least {MIN_PERSONS} persons, got {persons}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    streams = np.random.SeedSequence(seed).spawn(5)
    world_rng, org_rng, source_rng, error_rng, write_rng = (np.random.default_rng(s) for s in streams)

    d = districts()
    book = PlaceBook(world_rng, d, d.weight * persons / PERSONS_PER_HOME, d.weight * persons * ORGS_PER_PERSON)
    pop = generate_population(world_rng, persons, d, book)
    orgs, emp = generate_organisations(org_rng, d, pop, book)
    places = book.freeze(np.concatenate([pop.home, pop.old_home[pop.old_home >= 0], orgs.address]))
    width = max(6, len(str(max(len(pop), len(orgs), len(places)))))

    cor = Corruptor(error_rng)
    tables = [
        person_sources.household(pop, places, d, source_rng, cor, width),
        person_sources.social_security(pop, orgs, emp, places, d, source_rng, cor, width),
        person_sources.health(pop, places, d, source_rng, cor, width),
        organisation_sources.market_registration(orgs, pop, places, d, source_rng, cor, width),
        organisation_sources.tax(orgs, pop, places, d, source_rng, cor, width),
        place_sources.address_register(places, d, source_rng, cor, width),
    ]
    outputs = [write_source(t, outdir, write_rng, BAD_ROWS.get(t.name, ())) for t in tables]

    truth_path = outdir / TRUTH_FILE
    _truth_frame(outputs).to_csv(truth_path, index=False, encoding="utf-8")
    bad_rows = [b for o in outputs for b in o.bad_rows]
    entities = {"person": len(pop), "organization": len(orgs), "place": len(places)}
    manifest = {
        "seed": seed,
        "persons": persons,
        "entities": entities,
        "truth": TRUTH_FILE,
        "sources": {
            o.table.name: {
                "file": o.path.name, "mapping": o.mapping_path.name, "kind": o.table.kind,
                "format": o.table.format, "encoding": o.table.encoding, "key": o.table.key,
                "rows": o.rows, "loadable_rows": len(o.keys),
            } for o in outputs
        },
        "bad_rows": bad_rows,
        "bad_rows_note": "rows count data rows from 1 (header not counted); they are not in the truth "
                         "file; for a duplicate key the first occurrence (first_row) is the loadable one",
        "error_rates": {**person_sources.ERROR_RATES, **organisation_sources.ERROR_RATES,
                        **place_sources.ERROR_RATES},
        "errors_applied": {s: dict(sorted(c.items())) for s, c in cor.counts.items()},
        "hard_negatives": _hard_negatives(pop, orgs, width),
    }
    manifest_path = outdir / MANIFEST_FILE
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return SampleCity(
        outdir=outdir, persons=persons, seed=seed,
        files={o.table.name: o.path for o in outputs},
        mappings=[o.mapping_path for o in outputs],
        truth=truth_path, manifest=manifest_path,
        rows={o.table.name: o.rows for o in outputs},
        loadable_rows={o.table.name: len(o.keys) for o in outputs},
        bad_rows=bad_rows, entities=entities,
    )


def _truth_frame(outputs: list[SourceOutput]) -> pd.DataFrame:
    return pd.concat([
        pd.DataFrame({"source": o.table.name, "key": o.keys, "kind": o.table.kind, "entity": o.entities})
        for o in outputs
    ], ignore_index=True)


def _hard_negatives(pop, orgs, width: int) -> dict[str, list]:
    """Pairs of true entities that look alike but are different, by kind of trap."""
    branches = np.flatnonzero(orgs.branch_of >= 0)
    cross = np.flatnonzero(orgs.same_trade_as >= 0)
    cross = cross[cross < orgs.same_trade_as[cross]]
    return {
        "twins": person_entity(pop.twins, width).tolist(),
        "namesakes_same_birth_date": person_entity(pop.namesakes, width).tolist(),
        "branch_and_head_office": np.stack([org_entity(branches, width),
                                            org_entity(orgs.branch_of[branches], width)], axis=1).tolist(),
        "same_trade_name_other_city": np.stack([org_entity(cross, width),
                                                org_entity(orgs.same_trade_as[cross], width)], axis=1).tolist(),
    }

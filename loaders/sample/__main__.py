"""``python -m loaders.sample OUTDIR --persons N --seed S``: write a sample city."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from loaders.sample.city import generate_city


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m loaders.sample", description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    city = generate_city(args.outdir, args.persons, args.seed)
    for name, rows in city.rows.items():
        print(f"{name:20s} {rows:>9,d} rows  {city.files[name].name}")
    print(f"entities: {city.entities}; {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()

"""The sample city: a realistic multi-source test bed with ground truth.

``generate_city(outdir, persons, seed)`` writes household registration, social security, health,
market registration, tax and address-register files, each with its own headers, codes, date
formats, encoding, format and errors, plus one mapping YAML per source, ``truth.csv`` and
``manifest.json``.
"""

from loaders.sample.city import SampleCity, generate_city

__all__ = ["SampleCity", "generate_city"]

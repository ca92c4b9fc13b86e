"""Linkage settings: one declarative, JSON-serialisable description per entity kind.

A settings file says everything resolution does for a kind, so it can be saved, diffed, edited
and handed to ``yidang resolve --settings FILE``::

    {
      "kind": "person", "id_prefix": "P",
      "blocking": [{"name": "id_number", "keys": ["id_number"]}, ...],
      "comparisons": [{"name": "name", "kernel": "person_name"}, ...],
      "model": {"tf": {"name": "name_key"}, "u_pairs": 2000000, "prior_keys": ["id_number"]},
      "thresholds": {"match": 0.95, "review": 0.5},
      "clustering": {"hard_keys": {"id_number": "id_valid"}, "bridge_ratio": 0.5},
      "survivorship": [{"field": "name"}, {"field": "id_number", "valid": "id_valid"}, ...]
    }

The defaults for person, organization and place live in ``linkage/defaults/<kind>.json``.
Thresholds are match probabilities; :attr:`Thresholds.match_weight` gives the clustering cut in
log2 odds. A trained model may be saved in ``model.trained`` (the JSON of the scoring model); a
settings file with one skips training.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from linkage.blocking import BlockingRule
from linkage.compare import Comparison
from linkage.estimation import rule_parts
from linkage.survivorship import FieldRule

KINDS = ("person", "organization", "place")
_TOP = {"kind", "id_prefix", "blocking", "comparisons", "model", "thresholds", "clustering",
        "survivorship", "description"}
_MODEL = {"tf", "u_pairs", "prior_keys", "prior_recall", "max_iter", "seed", "trained",
          "tf_weight", "em_blocking"}
_CLUSTERING = {"hard_keys", "bridge_ratio", "bridge_min_size", "bridge_min_density",
               "company_conflicts", "one_per_group"}


class SettingsError(ValueError):
    """A settings file or dict that cannot be used; the message names the key and the fix."""


def _check_keys(where: str, d: Mapping[str, Any], allowed: set[str]) -> None:
    if not isinstance(d, Mapping):
        raise SettingsError(f"{where} must be an object, got {type(d).__name__}")
    unknown = sorted(set(d) - allowed)
    if unknown:
        raise SettingsError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")


def _prior_parts(rule: Any) -> tuple[list[str], dict[str, int]]:
    """A prior rule's keys and max_edits (:func:`linkage.estimation.rule_parts`)."""
    try:
        return rule_parts(rule)
    except ValueError as exc:
        raise SettingsError(f"model.prior_keys: {exc}") from None


def _prior_rule(rule: Any) -> tuple[str, ...] | dict[str, Any]:
    """A prior rule from JSON: a tuple of columns, or keys plus columns within edits."""
    keys, edits = _prior_parts(rule)
    return {"keys": tuple(keys), "max_edits": edits} if edits else tuple(keys)


def _prior_rule_json(rule: tuple[str, ...] | Mapping[str, Any]) -> list | dict:
    keys, edits = _prior_parts(rule)
    return {"keys": keys, "max_edits": edits} if edits else keys


@dataclass(frozen=True)
class ModelSettings:
    """How the Fellegi–Sunter model is trained.

    Attributes:
        tf: comparison name -> record column whose term frequencies adjust its top level.
        u_pairs: random pairs drawn to estimate u (non-match level frequencies).
        prior_keys: rules (a column, a list of columns that must all agree, or
            ``{"keys": [...], "max_edits": {column: k}}`` — the keys agree and each such column
            is at most k edits off) whose agreement is taken as a near-certain match, to estimate
            how many true matches exist (the prior λ, see ``linkage.scoring.estimate_prior``).
        prior_recall: the share of all true matches those rules catch.
        max_iter: EM iterations at most.
        seed: random seed for the u sample.
        trained: a trained model (JSON of ``linkage.scoring.FellegiSunter``) to use as is.
        tf_weight: how much of the term-frequency adjustment to apply (0–1).
        em_blocking: optional blocking rules for Splink-style EM sessions: m is learnt on each
            rule's pairs for the comparisons not reading its keys, then averaged over sessions.
            Empty: one EM over all candidate pairs. Use it when a blocking rule brings in many
            non-matches agreeing on its keys (households sharing surname and ZIP), which one EM
            over every candidate would take for the matches.
    """

    tf: Mapping[str, str] = field(default_factory=dict)
    u_pairs: int = 2_000_000
    prior_keys: tuple[tuple[str, ...] | Mapping[str, Any], ...] = ()
    prior_recall: float = 1.0
    max_iter: int = 30
    seed: int = 0
    trained: Mapping[str, Any] | None = None
    tf_weight: float = 1.0
    em_blocking: tuple[BlockingRule, ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ModelSettings:
        _check_keys("model", d, _MODEL)
        return cls(tf=dict(d.get("tf") or {}), u_pairs=int(d.get("u_pairs", 2_000_000)),
                   prior_keys=tuple(_prior_rule(r) for r in d.get("prior_keys") or ()),
                   prior_recall=float(d.get("prior_recall", 1.0)),
                   max_iter=int(d.get("max_iter", 30)),
                   seed=int(d.get("seed", 0)), trained=d.get("trained"),
                   tf_weight=float(d.get("tf_weight", 1.0)),
                   em_blocking=tuple(BlockingRule.from_dict(r)
                                     for r in d.get("em_blocking") or ()))

    def to_dict(self) -> dict[str, Any]:
        out = {"tf": dict(self.tf), "u_pairs": self.u_pairs,
               "prior_keys": [_prior_rule_json(r) for r in self.prior_keys],
               "prior_recall": self.prior_recall,
               "max_iter": self.max_iter, "seed": self.seed, "tf_weight": self.tf_weight}
        if self.em_blocking:
            out["em_blocking"] = [r.to_dict() for r in self.em_blocking]
        if self.trained is not None:
            out["trained"] = self.trained
        return out


@dataclass(frozen=True)
class Thresholds:
    """Match probabilities: at or above ``match`` records merge; from ``review`` up to ``match``
    a pair goes to the review queue and is kept as evidence; below ``review`` it is a non-match."""

    match: float = 0.95
    review: float = 0.5

    def __post_init__(self) -> None:
        if not 0 < self.review <= self.match < 1:
            raise SettingsError(f"thresholds need 0 < review <= match < 1, got review="
                                f"{self.review}, match={self.match}")

    @staticmethod
    def weight(p: float) -> float:
        """A probability as log2 odds."""
        return math.log2(p / (1 - p))

    @property
    def match_weight(self) -> float:
        return self.weight(self.match)

    @property
    def review_weight(self) -> float:
        return self.weight(self.review)


@dataclass(frozen=True)
class ClusteringSettings:
    """Constraints and bridge cutting (see ``linkage.clustering.cluster``).

    ``company_conflicts`` refuses pairs that cannot be one organisation (branch vs head office,
    incompatible regions or legal-form families) as cannot-links. ``one_per_group``, for
    link-only runs between sources that each hold an entity at most once (a deduplicated
    register per party), lets no entity take two records of one source: the stronger link wins.
    """

    hard_keys: Mapping[str, str | None] = field(default_factory=dict)
    bridge_ratio: float = 0.5
    bridge_min_size: int = 4
    bridge_min_density: float = 0.5
    company_conflicts: bool = False
    one_per_group: bool = False

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ClusteringSettings:
        _check_keys("clustering", d, _CLUSTERING)
        return cls(hard_keys=dict(d.get("hard_keys") or {}),
                   bridge_ratio=float(d.get("bridge_ratio", 0.5)),
                   bridge_min_size=int(d.get("bridge_min_size", 4)),
                   bridge_min_density=float(d.get("bridge_min_density", 0.5)),
                   company_conflicts=bool(d.get("company_conflicts", False)),
                   one_per_group=bool(d.get("one_per_group", False)))

    def to_dict(self) -> dict[str, Any]:
        return {"hard_keys": dict(self.hard_keys), "bridge_ratio": self.bridge_ratio,
                "bridge_min_size": self.bridge_min_size,
                "bridge_min_density": self.bridge_min_density,
                "company_conflicts": self.company_conflicts,
                "one_per_group": self.one_per_group}


@dataclass(frozen=True)
class LinkageSettings:
    """Everything resolution does for one kind of entity."""

    kind: str
    id_prefix: str
    blocking: tuple[BlockingRule, ...]
    comparisons: tuple[Comparison, ...]
    model: ModelSettings = field(default_factory=ModelSettings)
    thresholds: Thresholds = field(default_factory=Thresholds)
    clustering: ClusteringSettings = field(default_factory=ClusteringSettings)
    survivorship: tuple[FieldRule, ...] = ()
    description: str = ""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LinkageSettings:
        """Read settings from their JSON form.

        Raises:
            SettingsError: naming the key that is wrong and what it should be.
        """
        _check_keys("settings", d, _TOP)
        for key in ("kind", "blocking", "comparisons"):
            if key not in d:
                raise SettingsError(f"settings need {key!r} (see linkage/defaults/person.json)")
        if d["kind"] not in KINDS:
            raise SettingsError(f"settings kind {d['kind']!r} is not one of {', '.join(KINDS)}")
        try:
            blocking = tuple(BlockingRule.from_dict(r) for r in d["blocking"])
            comparisons = tuple(Comparison.from_dict(c) for c in d["comparisons"])
            survivorship = tuple(FieldRule.from_dict(r) for r in d.get("survivorship") or ())
            thresholds = Thresholds(**d.get("thresholds", {}))
        except SettingsError:
            raise
        except (ValueError, TypeError) as exc:
            raise SettingsError(f"settings for {d['kind']}: {exc}") from exc
        if not blocking:
            raise SettingsError("settings need at least one blocking rule")
        if not comparisons:
            raise SettingsError("settings need at least one comparison")
        names = [c.name for c in comparisons]
        if len(set(names)) != len(names):
            raise SettingsError(f"comparison names must be unique, got {names}")
        model = ModelSettings.from_dict(d.get("model") or {})
        for comp in model.tf:
            if comp not in names:
                raise SettingsError(f"model.tf names comparison {comp!r}, which is not one of "
                                    f"{names}")
        return cls(kind=d["kind"], id_prefix=str(d.get("id_prefix") or d["kind"][0].upper()),
                   blocking=blocking, comparisons=comparisons, model=model,
                   thresholds=thresholds,
                   clustering=ClusteringSettings.from_dict(d.get("clustering") or {}),
                   survivorship=survivorship, description=str(d.get("description", "")))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``from_dict(s.to_dict()) == s``."""
        return {
            "kind": self.kind, "id_prefix": self.id_prefix, "description": self.description,
            "blocking": [r.to_dict() for r in self.blocking],
            "comparisons": [c.to_dict() for c in self.comparisons],
            "model": self.model.to_dict(),
            "thresholds": {"match": self.thresholds.match, "review": self.thresholds.review},
            "clustering": self.clustering.to_dict(),
            "survivorship": [r.to_dict() for r in self.survivorship],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def without_model(self) -> dict[str, Any]:
        """The JSON form minus any trained model: what decides whether a model can be reused."""
        d = self.to_dict()
        d["model"].pop("trained", None)
        return d

    def with_model(self, trained: Mapping[str, Any]) -> LinkageSettings:
        """These settings with ``trained`` as the model to use."""
        d = self.to_dict()
        d["model"]["trained"] = dict(trained)
        return LinkageSettings.from_dict(d)


def default_settings(kind: str) -> LinkageSettings:
    """The shipped settings of ``kind`` (``linkage/defaults/<kind>.json``)."""
    if kind not in KINDS:
        raise SettingsError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    text = resources.files("linkage").joinpath("defaults", f"{kind}.json").read_text("utf-8")
    return LinkageSettings.from_dict(json.loads(text))


def read_settings(path: str | Path) -> LinkageSettings:
    """Settings from a JSON file.

    Raises:
        SettingsError: the file is missing, not JSON, or wrong; the message names the file.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"settings file {path} does not exist; write one with "
                            "`yidang settings KIND > FILE` and edit it") from None
    except json.JSONDecodeError as exc:
        raise SettingsError(f"settings file {path} is not valid JSON: {exc}") from None
    try:
        return LinkageSettings.from_dict(data)
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc}") from None

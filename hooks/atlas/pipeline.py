"""Load, validate and catalogue in one call: what the hook and every script share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .catalogue import Catalogue, build_catalogue
from .facets import FACETS, facet_problems
from .gitdates import committed_files
from .load import AtlasData, RawPractice, display_path, load_atlas_data, load_practices
from .model import Problem
from .slugs import check_addresses, read_published
from .validate import validate_practices


@dataclass(frozen=True)
class AtlasPaths:
    root: Path
    practices: Path
    data: Path
    benchmarks: Path

    @classmethod
    def under(
        cls, root: Path, practices: str = "practices", data: str = "data", benchmarks: str | None = None
    ) -> AtlasPaths:
        root = root.resolve()
        data_dir = (root / data).resolve()
        return cls(
            root,
            (root / practices).resolve(),
            data_dir,
            (root / benchmarks).resolve() if benchmarks else data_dir / "benchmarks",
        )

    @classmethod
    def from_mkdocs_yml(cls, config_file: Path) -> AtlasPaths:
        """The same folders the hook uses: mkdocs.yml's `extra.atlas`, else the defaults."""
        config = read_mkdocs_yml(config_file) if config_file.exists() else {}
        options = dict((config.get("extra") or {}).get("atlas") or {})
        return cls.under(config_file.parent, **options)


def read_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, without MkDocs (its `!ENV`-style tags read as None)."""
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506 (a SafeLoader)
    return data if isinstance(data, dict) else {}


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name` tags we do not need."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass
class AtlasResult:
    data: AtlasData
    catalogue: Catalogue | None
    problems: list[Problem]  # errors: any one of them stops the build
    warnings: list[Problem] = field(default_factory=list)  # e.g. files left unread; reported, not fatal


def load_atlas(paths: AtlasPaths, today: date | None = None) -> AtlasResult:
    """Everything the site and the scripts need; `catalogue` is None when any problem was found."""
    data = load_atlas_data(paths.data, paths.benchmarks, paths.root)
    records, read_problems = load_practices(paths.practices, paths.root)
    committed = committed_files(paths.practices) if records else set()
    established = {r.display_path for r in records if r.path.resolve() in committed}
    practices, problems = validate_practices(records, data, today, established)
    published, list_problems = read_published(paths.practices, paths.root)
    problems += list_problems + list(check_addresses(records, published, paths.root))
    if data.vocabularies:  # without them (no schema) the data problem is already reported
        problems += facet_problems(FACETS, data.vocabularies)
    found = data.problems + read_problems + problems + _no_practices(paths, records, read_problems)
    errors = sorted((p for p in found if not p.warning), key=Problem.sort_key)
    warnings = sorted((p for p in found if p.warning), key=Problem.sort_key)
    catalogue = None if errors else build_catalogue(practices, data)
    return AtlasResult(data, catalogue, errors, warnings)


def _no_practices(paths: AtlasPaths, records: list[RawPractice], read_problems: list[Problem]) -> list[Problem]:
    """An atlas without a single practice file is a mistake (a wrong folder setting, a bad checkout)."""
    if records or any(not p.warning for p in read_problems):
        return []
    shown = display_path(paths.practices, paths.root)
    if not paths.practices.is_dir():
        return [
            Problem(
                shown,
                None,
                None,
                "the practices folder is missing",
                "create it and add a practice with `make practice`, or check extra.atlas.practices in mkdocs.yml",
            )
        ]
    return [
        Problem(
            shown,
            None,
            None,
            "no practice files: the atlas needs at least one practices/<slug>.md",
            "add one with `make practice`",
        )
    ]

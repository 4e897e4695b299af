"""MkDocs glue for the atlas: the only module that imports MkDocs.

Loads and validates once per build (on_config), fails the build with every
problem listed, and adds the generated pages as virtual files (on_files), so
nothing is ever written into docs/ or practices/.
"""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from atlas.catalogue import Catalogue
from atlas.gitdates import last_changed
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.reference import SCHEMA_URI, contribute_pages, editor_schema_text, load_example
from atlas.render import render_site_pages
from atlas.validate import format_report
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel

log = logging.getLogger("mkdocs.plugins.atlas")

_state: dict[str, object] = {}


def atlas_paths(config: MkDocsConfig) -> AtlasPaths:
    """Input folders, relative to mkdocs.yml; `extra.atlas` may move them (the test site does)."""
    options = dict((config.extra or {}).get("atlas") or {})
    return AtlasPaths.under(Path(config.config_file_path).parent, **options)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    paths = atlas_paths(config)
    result = load_atlas(paths)
    if result.problems:
        raise PluginError("The practice files have problems:\n" + format_report(result.problems))
    _state["catalogue"] = result.catalogue
    _state["data"] = result.data
    _state["paths"] = paths
    log.info("atlas: %d practices, %d benchmarks", len(result.catalogue.practices), len(result.catalogue.benchmarks))
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    catalogue: Catalogue = _state["catalogue"]  # type: ignore[assignment]
    paths: AtlasPaths = _state["paths"]  # type: ignore[assignment]
    git_dates = last_changed(paths.practices)
    example, _ = load_example(paths.data)
    contribute = contribute_pages(catalogue, _state["data"], example, date.today(), git_dates)  # type: ignore[arg-type]
    in_config_nav = set(_nav_uris(config.nav or []))
    for page in render_site_pages(catalogue, git_dates) + contribute:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} clashes with a generated page; remove or rename it")
        # Contributor pages join the nav only where mkdocs.yml lists them (a site may leave them out).
        shown = page.in_nav and (page not in contribute or page.src_uri in in_config_nav)
        inclusion = InclusionLevel.UNDEFINED if shown else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content=page.content, inclusion=inclusion))
    files.append(File.generated(config, SCHEMA_URI, content=editor_schema_text(_state["data"])))  # type: ignore[arg-type]
    return files


def _nav_uris(nav: object) -> list[str]:
    """Every page path named in mkdocs.yml's nav, however deeply nested."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [uri for value in nav.values() for uri in _nav_uris(value)]
    if isinstance(nav, list):
        return [uri for item in nav for uri in _nav_uris(item)]
    return []


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    paths: AtlasPaths = _state["paths"]  # type: ignore[assignment]
    for folder in (paths.practices, paths.data, paths.benchmarks, Path(__file__).parent / "atlas"):
        server.watch(str(folder))
    return server

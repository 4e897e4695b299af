"""MkDocs glue for the atlas: the only module that imports MkDocs.

Loads and validates once per build (on_config), fails the build with every
problem listed, and adds the generated pages as virtual files (on_files), so
nothing is ever written into docs/ or practices/.
"""
from __future__ import annotations

import logging
from pathlib import Path

from atlas.catalogue import Catalogue
from atlas.explorer import DATA_URI, explorer_script, practice_href
from atlas.pipeline import AtlasPaths, load_atlas
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


def edit_base(config: MkDocsConfig) -> str | None:
    """`extra.atlas_repo` + `extra.atlas_edit_uri`: where "suggest a correction" points (not Material's repo_url,
    whose JavaScript would call a third-party API)."""
    repo = str((config.extra or {}).get("atlas_repo") or "").strip()
    if not repo:
        return None
    return repo.rstrip("/") + "/" + str((config.extra or {}).get("atlas_edit_uri") or "edit/main/").strip("/")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    paths = atlas_paths(config)
    result = load_atlas(paths)
    if result.problems:
        raise PluginError("The practice files have problems:\n" + format_report(result.problems))
    _state["catalogue"] = result.catalogue
    _state["paths"] = paths
    log.info("atlas: %d practices, %d benchmarks", len(result.catalogue.practices), len(result.catalogue.benchmarks))
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    catalogue: Catalogue = _state["catalogue"]  # type: ignore[assignment]
    for page in render_site_pages(catalogue, edit_base(config)):
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} clashes with a generated page; remove or rename it")
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content=page.content, inclusion=inclusion))
    if files.get_file_from_path(DATA_URI) is not None:
        raise PluginError(f"docs/{DATA_URI} clashes with the explorer's generated data; remove it")
    files.append(File.generated(config, DATA_URI, content=explorer_script(catalogue, practice_href(config.use_directory_urls))))
    return files


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    paths: AtlasPaths = _state["paths"]  # type: ignore[assignment]
    for folder in (paths.practices, paths.data, paths.benchmarks, Path(__file__).parent / "atlas"):
        server.watch(str(folder))
    return server

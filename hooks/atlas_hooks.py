"""MkDocs glue for the atlas: the only module that imports MkDocs.

Loads and validates once per build (on_config), fails the build with every
problem listed, adds the generated files as virtual files (on_files), so
nothing is ever written into docs/ or practices/, gives every page its
Content Security Policy and marks practice pages for the search index
(on_post_page), and builds that index once the site is written (on_post_build).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from atlas.catalogue import Catalogue
from atlas.csp import InlineScriptError, add_policy
from atlas.downloads import OnDemandDownloads, wsgi_app
from atlas.europemap import MapDataError
from atlas.jsonld import add_to_head
from atlas.pipeline import AtlasPaths, AtlasResult, load_atlas
from atlas.search import SearchIndexError, build_search_index, mark_practice_page, metadata_by_page
from atlas.site import GitHistory, RepositorySettingError, edit_base, feed_links, generated_files, head_blocks
from atlas.validate import format_report

log = logging.getLogger("mkdocs.plugins.atlas")


@dataclass
class BuildState:
    """What one build carries from event to event; MkDocs keeps the hook module between rebuilds."""

    command: str | None = None  # "build", "serve" or "gh-deploy", from on_startup
    result: AtlasResult | None = None  # set by on_config, which fails the build on any problem
    paths: AtlasPaths | None = None
    search_pages: dict[str, dict[str, str]] = field(default_factory=dict)  # practice page -> search metadata
    head: dict[str, str] = field(default_factory=dict)  # page source path -> end of its <head> (JSON-LD)
    downloads: OnDemandDownloads | None = None  # under `mkdocs serve`: the PDFs, made when asked for

    def loaded(self) -> tuple[AtlasResult, Catalogue, AtlasPaths]:
        """The checked atlas; on_config runs before every event that asks for it."""
        if self.result is None or self.result.catalogue is None or self.paths is None:
            raise PluginError("atlas: the practices were not loaded (on_config did not run)")
        return self.result, self.result.catalogue, self.paths


_state = BuildState()


def atlas_paths(config: MkDocsConfig) -> AtlasPaths:
    """Input folders, relative to mkdocs.yml; `extra.atlas` may move them (the test sites do)."""
    extra: dict[str, Any] = dict(config.extra or {})
    options = dict(extra.get("atlas") or {})
    return AtlasPaths.under(Path(config.config_file_path).parent, **options)


def on_startup(*, command: str, dirty: bool) -> None:
    _state.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    paths = atlas_paths(config)
    result = load_atlas(paths)
    for warning in result.warnings:
        log.warning("%s", warning)
    if result.problems:
        raise PluginError("The practice files have problems:\n" + format_report(result.problems + result.warnings))
    try:
        edit_base(config.extra or {})  # a wrong ATLAS_REPO_URL stops the build here, with what to set
    except RepositorySettingError as error:
        raise PluginError(str(error)) from None
    _state.result, _state.paths = result, paths
    _, catalogue, _ = _state.loaded()
    _state.search_pages = metadata_by_page(catalogue)
    log.info("atlas: %d practices, %d benchmarks", len(catalogue.practices), len(catalogue.benchmarks))
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    result, catalogue, paths = _state.loaded()
    # A generated section page joins the nav only where mkdocs.yml lists it, so
    # a site (or a test site) may leave sections out without strict-mode warnings.
    listed = set(_nav_uris(config.nav)) if config.nav else None
    history = GitHistory.read(paths.practices)
    site_url = config.site_url or None
    _state.head = head_blocks(catalogue, site_url=site_url, directory_urls=config.use_directory_urls, history=history)
    try:
        generated = generated_files(
            catalogue,
            result.data,
            paths,
            directory_urls=config.use_directory_urls,
            extra=config.extra,
            site_url=site_url,
            history=history,
        )
    except MapDataError as error:
        raise PluginError(f"atlas map: {error}") from None
    for item in generated:
        if files.get_file_from_path(item.src_uri) is not None:
            if item.replaceable:
                continue  # the site's own page wins (a test site's docs/index.md over the generated home)
            raise PluginError(f"docs/{item.src_uri} clashes with a generated page; remove or rename it")
        shown = item.in_nav and (listed is None or item.src_uri in listed)
        inclusion = InclusionLevel.UNDEFINED if shown else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, item.src_uri, content=item.content, inclusion=inclusion))
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


def _with_policy(html: str, where: str) -> str:
    """Add the page's policy; under `mkdocs serve` only check it, since the dev server
    injects an inline live-reload script that the policy would block."""
    try:
        with_policy = add_policy(html)
    except InlineScriptError as error:
        raise PluginError(f"{where}: {error}") from None
    return html if _state.command == "serve" else with_policy


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Every page links the feeds, a practice page carries its structured data (atlas.jsonld)
    and is marked for the search index (atlas.search), and every page its Content Security
    Policy (see atlas.csp), checked last."""
    output = add_to_head(output, feed_links(page.url) + _state.head.get(page.file.src_uri, ""))
    metadata = _state.search_pages.get(page.file.src_uri)
    if metadata is not None:
        output = mark_practice_page(output, metadata)
    return _with_policy(output, page.file.src_uri)


def on_post_build(*, config: MkDocsConfig) -> None:
    """The search index (Pagefind), from the pages just written; `mkdocs serve` gets one too,
    and its PDF downloads are made from this build's catalogue when asked for (atlas.downloads)."""
    if _state.command == "serve":
        _, catalogue, paths = _state.loaded()
        previous = _state.downloads
        _state.downloads = OnDemandDownloads(
            catalogue, paths.root, Path(tempfile.mkdtemp(prefix="atlas-downloads-")), logger=log
        )
        if previous is not None:
            previous.discard()
    if "material/search" in config.plugins:
        return  # a site built with Material's own search (the bench's "before") needs no second index
    if not _state.search_pages:
        log.info("atlas: no practice pages, so no search index")
        return
    try:
        report = build_search_index(Path(config.site_dir))
    except SearchIndexError as error:
        raise PluginError(f"search index: {error}") from None
    log.info("atlas: search index of %d pages in %.1f s", report.pages, report.seconds)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """Static templates (404.html) get the same policy as pages."""
    return _with_policy(output_content, template_name) if template_name.endswith(".html") else output_content


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Rebuild on a change to the practices, the data or the domain code; answer the PDF links
    (written only by `make build`) by making the file on demand."""
    _, _, paths = _state.loaded()
    for folder in (paths.practices, paths.data, paths.benchmarks, Path(__file__).parent / "atlas"):
        server.watch(str(folder))
    server.set_app(wsgi_app(server.serve_request, lambda: _state.downloads, server.mount_path, logger=log))
    return server


def on_shutdown() -> None:
    if _state.downloads is not None:
        _state.downloads.discard()
        _state.downloads = None

"""Every file the build generates, in one list: pages, data scripts, the schema.

The MkDocs hook only turns this list into virtual files; any other generator
could do the same with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from markupsafe import Markup

from .assessment import DATA_URI as ASSESSMENT_DATA_URI
from .assessment import data_script as assessment_data_script
from .assessment import render_assessment_pages
from .catalogue import Catalogue
from .datapackage import FOLDER as DATA_FOLDER
from .datapackage import LICENSE, DataPackageBuilder, Table
from .explorer import DATA_URI as EXPLORER_DATA_URI
from .explorer import explorer_script, practice_href
from .feeds import ATOM_URI, JSON_URI, MAX_ENTRIES, autodiscovery_links, feed_files
from .gitdates import first_added, last_changed
from .home import render_home_page
from .jsonld import practice_document, script_block
from .load import AtlasData
from .pipeline import AtlasPaths
from .reference import SCHEMA_URI, code_span, contribute_pages, editor_schema_text, load_example
from .render import render_site_pages
from .slugs import Redirect, render_redirect
from .templating import GeneratedPage, markdown_environment
from .urls import page_file, practice_uri

USE_DATA_URI = f"{DATA_FOLDER}/index.md"
CITATION_FILE = "CITATION.cff"


@dataclass(frozen=True)
class GitHistory:
    """What git says about the practice files; both None outside a full clone."""

    changed: dict[str, date] | None
    added: dict[str, date] | None

    @classmethod
    def read(cls, practices_dir: Path) -> GitHistory:
        return cls(last_changed(practices_dir), first_added(practices_dir))


class RepositorySettingError(ValueError):
    """`extra.atlas_repo` (ATLAS_REPO_URL) is set but is not a repository address."""


REPOSITORY_SETTING = "ATLAS_REPO_URL"  # mkdocs.yml: extra.atlas_repo: !ENV ATLAS_REPO_URL
# Owners that only ever stand in for a real one (the old default was github.com/OWNER/...).
PLACEHOLDER_OWNERS = frozenset({"OWNER", "YOUR-NAME", "<OWNER>", "<PROJECT>"})


def edit_base(extra: Mapping[str, Any]) -> str | None:
    """`extra.atlas_repo` + `extra.atlas_edit_uri`: where "suggest a correction" points.

    The one setting behind every edit link: unset or empty, no page shows such a
    link (rather than a placeholder owner). Not Material's `repo_url`, whose
    JavaScript would call a third-party API.
    """
    repo = str(extra.get("atlas_repo") or "").strip()
    if not repo:
        return None
    parts = urlsplit(repo)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path.strip("/") == "":
        raise RepositorySettingError(
            f"extra.atlas_repo ({REPOSITORY_SETTING}) is {repo!r}: expected the repository's web address, "
            f"such as https://github.com/<owner>/<name>; leave {REPOSITORY_SETTING} unset to show no edit links"
        )
    if any(part.upper() in PLACEHOLDER_OWNERS for part in parts.path.split("/")):
        raise RepositorySettingError(
            f"extra.atlas_repo ({REPOSITORY_SETTING}) is {repo!r}, a placeholder: set it to the real repository "
            f"or leave it unset to show no edit links"
        )
    return repo.rstrip("/") + "/" + str(extra.get("atlas_edit_uri") or "edit/main/").strip("/")


def generated_files(
    catalogue: Catalogue,
    data: AtlasData,
    paths: AtlasPaths,
    *,
    directory_urls: bool,
    extra: Mapping[str, Any] | None = None,
    today: date | None = None,
    site_url: str | None = None,
    history: GitHistory | None = None,
) -> list[GeneratedPage]:
    today = today or date.today()
    history = history or GitHistory.read(paths.practices)
    git_dates = history.changed
    example, _ = load_example(paths.data)
    return [
        render_home_page(catalogue, directory_urls, history.changed, history.added),
        *render_site_pages(catalogue, git_dates, edit_base(extra or {})),
        *render_assessment_pages(catalogue, directory_urls),
        *contribute_pages(catalogue, data, example, today, git_dates),
        GeneratedPage(EXPLORER_DATA_URI, explorer_script(catalogue, practice_href(directory_urls))),
        GeneratedPage(ASSESSMENT_DATA_URI, assessment_data_script(catalogue, directory_urls)),
        GeneratedPage(SCHEMA_URI, editor_schema_text(data)),
        *open_data_files(catalogue, data, paths, directory_urls=directory_urls, site_url=site_url, history=history),
        *redirect_pages(catalogue, directory_urls),
    ]


def open_data_files(
    catalogue: Catalogue,
    data: AtlasData,
    paths: AtlasPaths,
    *,
    directory_urls: bool,
    site_url: str | None,
    history: GitHistory,
) -> list[GeneratedPage]:
    """The data package, its "Use the data" page, the citation file and the feeds."""
    package = DataPackageBuilder(catalogue, data, directory_urls)
    tables = package.tables()
    files = package.files()
    citation_path = paths.root / CITATION_FILE
    citation = citation_path.read_text(encoding="utf-8") if citation_path.is_file() else None
    if citation is not None:
        files[f"{DATA_FOLDER}/{CITATION_FILE}"] = citation
    rows = {f"{DATA_FOLDER}/{t.path}": len(t.rows) for t in tables}
    rows[f"{DATA_FOLDER}/practices.json"] = len(catalogue.practices)
    descriptions = {f"{DATA_FOLDER}/{t.path}": t.description for t in tables}
    descriptions[f"{DATA_FOLDER}/practices.json"] = "The rows of practices.csv as JSON objects; list fields are arrays."
    descriptions[f"{DATA_FOLDER}/datapackage.json"] = (
        "The description of every table and field (Frictionless Data Package)."
    )
    descriptions[f"{DATA_FOLDER}/{CITATION_FILE}"] = "How to cite the atlas (Citation File Format)."
    listing = [
        DataFile(
            uri.removeprefix(DATA_FOLDER + "/"),
            descriptions.get(uri, ""),
            rows.get(uri),
            human_size(len(text.encode("utf-8"))),
        )
        for uri, text in files.items()
    ]
    page = _render_use_data(
        package, tables, listing, citation_text(citation, site_url), CITATION_FILE if citation is not None else None
    )
    out = [GeneratedPage(uri, text) for uri, text in files.items()]
    out.append(GeneratedPage(USE_DATA_URI, page, in_nav=True))
    feeds = feed_files(catalogue, history.changed, history.added, site_url=site_url, directory_urls=directory_urls)
    out += [GeneratedPage(uri, text) for uri, text in feeds.items()]
    return out


@dataclass(frozen=True)
class DataFile:
    name: str
    description: str
    rows: int | None
    size: str


def human_size(size: int) -> str:
    return (
        f"{size} bytes"
        if size < 1024
        else f"{size / 1024:.0f} KB"
        if size < 1024 * 1024
        else f"{size / 1048576:.1f} MB"
    )


def citation_text(cff_text: str | None, site_url: str | None) -> str:
    """A reference in prose, from CITATION.cff so the two never disagree."""
    cff: dict[str, Any] = {}
    if cff_text:
        loaded = yaml.safe_load(cff_text)
        cff = loaded if isinstance(loaded, dict) else {}
    authors = ", ".join(
        str(a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names")))))
        for a in cff.get("authors") or []
        if isinstance(a, dict)
    )
    title = str(cff.get("title") or "Local Integration Practice Atlas")
    parts = [
        f"{authors}." if authors else "",
        f"{title} [data set].",
        f"Licence {cff.get('license', LICENSE['name'])}.",
    ]
    if site_url:
        parts.append(site_url)
    return " ".join(p for p in parts if p)


def _render_use_data(
    package: DataPackageBuilder, tables: list[Table], listing: list[DataFile], citation: str, citation_file: str | None
) -> str:
    env = markdown_environment()
    env.filters["code_span"] = code_span
    env.filters["breakable_code"] = breakable_code

    def fields(table: Any) -> list[dict[str, Any]]:
        out = []
        for column in table.columns:
            descriptor = package.field(column)
            out.append(
                {
                    "name": descriptor["name"],
                    "type": _type_name(descriptor),
                    "required": descriptor.get("constraints", {}).get("required", False),
                    "description": descriptor.get("description", ""),
                    "vocabulary": descriptor.get("x-vocabulary"),
                }
            )
        return out

    return env.get_template("use_data.md.j2").render(
        page_uri=USE_DATA_URI,
        files=listing,
        practice_fields=fields(tables[0]),
        other_tables=[(table, fields(table)) for table in tables[1:]],
        license_url=LICENSE["path"],
        citation=citation,
        citation_file=citation_file,
        feed_limit=MAX_ENTRIES,
        atom_uri=ATOM_URI,
        json_feed_uri=JSON_URI,
    )


def breakable_code(name: str) -> Markup:
    """A field or file name as code that a narrow table may wrap after `_` (title_original), never mid-word."""
    return Markup(str(Markup("<code>{}</code>").format(name)).replace("_", "_<wbr>"))


def _type_name(descriptor: dict[str, Any]) -> str:
    if descriptor["type"] == "list":
        return f"list of {descriptor.get('itemType', 'string')}"
    return str(descriptor["type"])


def redirect_pages(catalogue: Catalogue, directory_urls: bool) -> list[GeneratedPage]:
    """One page at each renamed practice's old address, leading to its new one."""
    return [
        GeneratedPage(
            page_file(practice_uri(alias), directory_urls),
            render_redirect(Redirect(alias, p.slug, p.title), directory_urls),
        )
        for p in catalogue.practices
        for alias in p.aliases
    ]


def head_blocks(
    catalogue: Catalogue, *, site_url: str | None, directory_urls: bool, history: GitHistory
) -> dict[str, str]:
    """Page source path -> what goes at the end of its <head>: each practice's structured data."""
    blocks = {}
    for practice in catalogue.practices:
        changed = history.changed.get(practice.slug) if history.changed else None
        modified = max(practice.last_reviewed, changed) if changed else practice.last_reviewed
        document = practice_document(
            practice, catalogue, modified=modified, site_url=site_url, directory_urls=directory_urls
        )
        blocks[practice_uri(practice)] = script_block(document)
    return blocks


def feed_links(page_url: str) -> str:
    """Feed autodiscovery for every page's head."""
    return autodiscovery_links(page_url)

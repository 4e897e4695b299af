"""Every file the build generates, in one list: pages, data scripts, the schema.

The MkDocs hook only turns this list into virtual files; any other generator
could do the same with it.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .assessment import DATA_URI as ASSESSMENT_DATA_URI
from .assessment import data_script as assessment_data_script
from .assessment import render_assessment_pages
from .catalogue import Catalogue
from .explorer import DATA_URI as EXPLORER_DATA_URI
from .explorer import explorer_script, practice_href
from .gitdates import last_changed
from .load import AtlasData
from .pipeline import AtlasPaths
from .reference import SCHEMA_URI, contribute_pages, editor_schema_text, load_example
from .render import render_site_pages
from .templating import GeneratedPage


def edit_base(extra: Mapping[str, Any]) -> str | None:
    """`extra.atlas_repo` + `extra.atlas_edit_uri`: where "suggest a correction" points.

    Not Material's `repo_url`, whose JavaScript would call a third-party API.
    """
    repo = str(extra.get("atlas_repo") or "").strip()
    if not repo:
        return None
    return repo.rstrip("/") + "/" + str(extra.get("atlas_edit_uri") or "edit/main/").strip("/")


def generated_files(catalogue: Catalogue, data: AtlasData, paths: AtlasPaths, *, directory_urls: bool,
                    extra: Mapping[str, Any] | None = None, today: date | None = None) -> list[GeneratedPage]:
    today = today or date.today()
    git_dates = last_changed(paths.practices)
    example, _ = load_example(paths.data)
    return [
        *render_site_pages(catalogue, git_dates, edit_base(extra or {})),
        *render_assessment_pages(catalogue, directory_urls),
        *contribute_pages(catalogue, data, example, today, git_dates),
        GeneratedPage(EXPLORER_DATA_URI, explorer_script(catalogue, practice_href(directory_urls))),
        GeneratedPage(ASSESSMENT_DATA_URI, assessment_data_script(catalogue, directory_urls)),
        GeneratedPage(SCHEMA_URI, editor_schema_text(data)),
    ]

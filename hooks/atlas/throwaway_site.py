"""The mkdocs.yml of a throwaway atlas (benchmarks, tests), rendered like the real one.

Theme, Markdown extensions, URL style and link validation come from the
project's own mkdocs.yml, so a synthetic atlas renders what the published site
renders and cannot drift from it. No plugin by default: the site's search is
the hook's (Pagefind); pass Material's ("search", "offline") for a baseline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .pipeline import read_mkdocs_yml
from .project import PROJECT_ROOT as ROOT


def throwaway_config(
    site_name: str,
    *,
    hooks: bool = True,
    data: Path = ROOT / "data",
    plugins: tuple[str, ...] = (),
    nav: list[Any] | None = None,
    extra_css: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A config for a folder holding docs/ (and practices/ when `hooks`); paths to the project are absolute."""
    real = read_mkdocs_yml(ROOT / "mkdocs.yml")
    config: dict[str, Any] = {
        "site_name": site_name,
        "docs_dir": "docs",
        "theme": dict(real["theme"], custom_dir=str(ROOT / "overrides")),
        "plugins": list(plugins),
        "use_directory_urls": real.get("use_directory_urls", True),
        "markdown_extensions": real["markdown_extensions"],
        "validation": real.get("validation", {}),
    }
    if hooks:
        config["hooks"] = [str(ROOT / "hooks" / "atlas_hooks.py")]
        config["extra"] = {"atlas": {"practices": "practices", "data": str(data)}}
    if nav is not None:
        config["nav"] = nav
    if extra_css:
        config["extra_css"] = list(extra_css)
    return config

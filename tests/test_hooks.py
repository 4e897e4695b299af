"""hooks/atlas_hooks.py: the MkDocs glue keeps its build state in one typed object."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.exceptions import PluginError

from helpers import ROOT


def _hook_module() -> ModuleType:
    """The hook as MkDocs loads it: a module read from its file."""
    spec = importlib.util.spec_from_file_location("atlas_hooks_under_test", ROOT / "hooks" / "atlas_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as MkDocs does: the dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_an_event_before_on_config_is_a_clear_error() -> None:
    hooks = _hook_module()
    with pytest.raises(PluginError, match="on_config did not run"):
        hooks.BuildState().loaded()


def test_on_config_loads_once_and_later_events_read_the_typed_state(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "tests" / "fixtures" / "site" / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    hooks = _hook_module()
    hooks.on_startup(command="build", dirty=False)
    hooks.on_config(config)
    result, catalogue, paths = hooks._state.loaded()
    assert hooks._state.command == "build"
    assert paths.practices == (ROOT / "tests" / "fixtures" / "site" / "practices").resolve()
    assert result.problems == [] and catalogue.practices

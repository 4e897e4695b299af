"""Third-party browser files the site serves itself, from the pinned npm packages.

Material's offline plugin would load the iframe-worker shim (which lets the
search worker run from file://) from a CDN. We serve the copy that `npm ci`
put in node_modules instead, so the site requests nothing from another host.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .project import PROJECT_ROOT

# Where the shim lands in the built site. The offline plugin skips its CDN copy
# when a polyfill URL contains "iframe-worker", so the name must keep that word.
IFRAME_WORKER_SHIM_URI = "assets/javascripts/iframe-worker/shim.js"
IFRAME_WORKER_SHIM_SOURCE = Path("node_modules") / "iframe-worker" / "shim" / "index.js"


class VendorAssetMissing(Exception):
    """A pinned npm file is not installed; the message says how to install it."""


@dataclass(frozen=True)
class VendorAsset:
    site_uri: str
    source: Path

    def read(self) -> str:
        try:
            return self.source.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise VendorAssetMissing(
                f"{self.source} is missing: run `make setup` (it runs `npm ci` from package-lock.json)"
            ) from None


def iframe_worker_shim(root: Path = PROJECT_ROOT) -> VendorAsset:
    return VendorAsset(IFRAME_WORKER_SHIM_URI, root / IFRAME_WORKER_SHIM_SOURCE)


def with_local_polyfill(polyfills: list[str] | None, site_uri: str, package: str = "iframe-worker") -> list[str]:
    """The polyfill list naming our local copy, with any remote copy of the same package dropped.

    Works whichever runs first: the offline plugin adds its CDN URL only when no
    entry names the package, and we drop that URL if it was added before us.
    """
    kept = [url for url in (polyfills or []) if not (package in url and "://" in url)]
    return kept if site_uri in kept else kept + [site_uri]

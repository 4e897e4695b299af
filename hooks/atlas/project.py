"""Where this checkout's own files are (data/, mkdocs.yml, node_modules/).

The one place that knows the package sits at hooks/atlas/ in the project:
`make setup` installs it editable, so `__file__` is inside the checkout.
Everything else takes its folders as arguments and defaults to these.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent

"""The atlas domain package: load, validate, catalogue and render practices.

Nothing here imports MkDocs, so another site generator (or a script) can reuse
it; `hooks/atlas_hooks.py` is the only glue to MkDocs.
"""

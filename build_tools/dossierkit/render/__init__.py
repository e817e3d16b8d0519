"""Renderers: the model turned into Markdown pages (and HTML fragments).

Pure Python, no MkDocs import: the MkDocs plugin serves these pages from
memory, and ``dossier export --format markdown`` writes the same pages to
disk for any other Markdown engine.
"""

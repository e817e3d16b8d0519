"""The MkDocs adapter: a thin plugin over the dossier core."""

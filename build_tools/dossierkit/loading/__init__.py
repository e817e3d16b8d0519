"""Loading: dossier files -> checked entries (strict YAML with positions, schema checks, references)."""

"""The published JSON Schema files agree with the code."""

from __future__ import annotations

import json

import jsonschema
import pytest

from sitebuild import ROOT
from dossierkit import load_dossier
from dossierkit.outputs.dataset import entry_fields
from dossierkit.schema.jsonschema import kind_schema, render_schema
from dossierkit.schema.kinds import KINDS, KINDS_BY_NAME
from dossierkit.schema.vocabulary_file import read_vocabulary

PUBLISHED = ROOT / "docs" / "schema"


VOCABULARY = read_vocabulary(ROOT / "dossier" / "vocabulary.yml", "dossier/vocabulary.yml")[0]  # the dossier's words


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_published_schema_matches_code(kind):
    path = PUBLISHED / f"{kind.name}.json"
    assert path.read_text(encoding="utf-8") == render_schema(kind, VOCABULARY), (
        f"{path} is out of date: run `make schema` (dossier schema) and commit the result")


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_schema_is_valid_json_schema(kind):
    jsonschema.Draft202012Validator.check_schema(kind_schema(kind))


def test_every_valid_entry_satisfies_its_published_schema(starter):
    dossier = load_dossier(starter / "dossier", root=starter)
    for entry in dossier:
        schema = json.loads((PUBLISHED / f"{entry.kind.name}.json").read_text(encoding="utf-8"))
        jsonschema.validate(entry_fields(entry), schema)


@pytest.mark.parametrize("kind, data", [
    ("actor", {"id": "x", "name": "X", "type": "nation", "summary": "s", "sources": ["a"]}),
    ("actor", {"id": "X!", "name": "X", "type": "state", "summary": "s", "sources": ["a"]}),
    ("actor", {"id": "x", "name": "X", "type": "state", "summary": "s", "sources": ["a"], "nmae": "typo"}),
    ("actor", {"id": "x", "name": "X", "type": "state", "summary": "s", "sources": []}),
    ("event", {"id": "e", "title": "T", "date": "2025/09/17", "summary": "s", "confidence": "reported", "sources": ["a"]}),
    ("source", {"id": "s", "title": "T", "publisher": "P", "kind": "other", "language": "en", "url": "javascript:x"}),
])
def test_schema_rejects_what_the_validator_rejects(kind, data):
    schema = kind_schema(KINDS_BY_NAME[kind], VOCABULARY)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)

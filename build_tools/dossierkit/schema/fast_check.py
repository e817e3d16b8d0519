"""Check an entry against its kind's schema: in C where every value is ordinary, else by the field types.

The field types (:mod:`dossierkit.schema.types` and the kinds' own) are the
reference: :func:`check_entry_data` gives exactly what
``schema.check(data, (), ck)`` gives, with the same problems and references in
the same order.  Where the compiled module ``_fast_check`` is installed
(``_fast_check.c``; optional, like the entry reader's C part), a kind's
schema is compiled once per vocabulary into a *plan*, a tuple per field
type, and the document is walked along it in C.  A node there accepts only
values the reference accepts, and hands every other value to its field type's
own ``check``: a problem is always found and worded in Python.  Field types
without a node (an address, a language code, a number, any subclass, a kind
of a later version) are always checked in Python.

Without the compiled module, every document is checked by the field types.
"""

from __future__ import annotations

from typing import Any

from dossierkit.dates import DateError, parse_date
from dossierkit.schema.citation import CITE_FIELDS, SOURCE_KIND, Cite, Citation, finish_cite
from dossierkit.schema.position_fields import PositionObj
from dossierkit.schema.types import (
    INVALID, MAX_SLUG, Bool, Checker, Date, Enum, FieldType, ListOf, Obj, Reference, Ref, Slug, Text, VocabEnum,
    listed_twice,
)

try:
    from dossierkit.schema import _fast_check
except ImportError:  # pragma: no cover - an install without a C compiler
    _fast_check = None
else:
    _fast_check.configure(INVALID, Reference, Cite, DateError, listed_twice, finish_cite)

# One plan per schema, for the vocabulary it was compiled with (a load has one vocabulary).
_PLANS: dict[int, tuple[FieldType, object, tuple]] = {}


def compile_plan(field_type: FieldType, vocab: Any) -> tuple:
    """The plan of ``field_type`` for ``_fast_check`` (see ``_fast_check.c``).

    Types are matched exactly, never by ``isinstance``: a subclass may check
    differently, so it is a ``PY`` node (its own ``check``).
    """
    c = _fast_check
    cls = type(field_type)
    if cls is Text:
        return (c.TEXT, field_type, field_type.max_length, field_type.single_line)
    if cls is Slug:
        return (c.SLUG, field_type, MAX_SLUG)
    if cls is Ref:
        return (c.REF, field_type, MAX_SLUG, field_type.kinds)
    if cls is Bool:
        return (c.BOOL, field_type)
    if cls is Enum:
        return (c.ENUM, field_type, field_type.values)
    if cls is VocabEnum and vocab is not None:
        return (c.ENUM, field_type, vocab.values(field_type.list_name))
    if cls is Date:
        return (c.DATE, field_type, parse_date)
    if cls is ListOf:
        return (c.LIST, field_type, compile_plan(field_type.item, vocab), field_type.min_items, field_type.max_items,
                field_type.unique)
    if cls is Obj:
        return _obj_plan(field_type, vocab)
    if cls is PositionObj:
        # An item with sources and a speaker is checked as its fields (PositionObj.check hands it
        # to the same fields with 'sources' optional, which it has).  Any other item, and one with an
        # unknown or a missing required field, goes to PositionObj.check itself.
        return (c.POSITION, field_type, _obj_plan(field_type, vocab))
    if cls is Citation:
        return (c.CITATION, field_type, MAX_SLUG, (SOURCE_KIND,), compile_plan(CITE_FIELDS, vocab))
    return (c.PY, field_type)


def _obj_plan(obj: Obj, vocab: Any) -> tuple:
    """An ``OBJ`` node: the names of ``obj``'s fields, and each field's name, whether it is required, and its plan."""
    return (_fast_check.OBJ, obj, obj.names, tuple((f.name, f.required, compile_plan(f.type, vocab)) for f in obj.fields))


def check_entry_data(schema: Obj, data: Any, ck: Checker) -> Any:
    """``schema.check(data, (), ck)``, in C where it can be (see the module docstring)."""
    if _fast_check is None:
        return schema.check(data, (), ck)
    found = _PLANS.get(id(schema))
    if found is None or found[0] is not schema or found[1] is not ck.vocab:
        found = _PLANS[id(schema)] = (schema, ck.vocab, compile_plan(schema, ck.vocab))
    return _fast_check.check(found[2], data, ck)

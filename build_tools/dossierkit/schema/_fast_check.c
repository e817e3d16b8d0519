/* The fast path of dossierkit.schema.fast_check: an entry's values checked
 * against its kind's schema in C, wherever every value is ordinary.
 *
 * The schema's field types (schema/types.py, citation.py, position_fields.py)
 * are the reference: they check every value and word every problem.  In a
 * 10,000-entry dossier their Python calls (about 240 an entry) were two
 * fifths of `dossier validate`.  fast_check.py compiles a kind's schema into
 * a plan of nested tuples, one node per field type:
 *
 *     (tag, field_type, ...what the tag needs)
 *
 * and this module walks a document along it.  A node accepts only values
 * that the reference accepts too (plain ASCII text without a placeholder or
 * "[[", an id, a value of the list, a list within its bounds, a mapping with
 * no unknown field and every required one), and gives the value the
 * reference gives.  For anything else it is NOT_SURE, before it has done
 * anything a caller could see, and the node's own field type checks the
 * value in Python: so a problem is always found, located and worded by the
 * reference, and this module can only cost time, never change a result.
 * Tests compare both on the hostile corpus, the shipped dossier, generated
 * dossiers and generated documents (tests/test_fast_check.py).
 *
 * Dates, citations' cross-field rules and the types without a node here (an
 * address, a language code, a number, any subclass) are checked by calling
 * Python, as the reference does.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

enum { TEXT = 1, SLUG, REF, BOOL, ENUM, DATE, LIST, OBJ, POSITION, CITATION, PY };

/* Set by configure(): the objects of the Python side this module calls or returns. */
static PyObject *INVALID, *Reference, *Cite, *DateError, *listed_twice, *finish_cite;
static PyObject *str_check, *str_references, *str_sources, *str_by, *str_office;
static PyObject *str_lang, *str_translation, *str_translated_by;

/* Returned by fast(): the node's field type decides (a sentinel, never counted). */
static PyObject NOT_SURE_OBJECT;
#define NOT_SURE (&NOT_SURE_OBJECT)

typedef struct {
    PyObject *ck;         /* the Checker */
    PyObject *references; /* ck.references */
} Doc;

static PyObject *check(Doc *d, PyObject *plan, PyObject *value, PyObject *path);

#define ARG(plan, i) PyTuple_GET_ITEM(plan, i)

static PyObject *child_path(PyObject *path, PyObject *member)
{
    Py_ssize_t n = PyTuple_GET_SIZE(path);
    PyObject *child = PyTuple_New(n + 1);
    if (child == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++)
        PyTuple_SET_ITEM(child, i, Py_NewRef(PyTuple_GET_ITEM(path, i)));
    PyTuple_SET_ITEM(child, n, Py_NewRef(member));
    return child;
}

/* (TEXT, type, max_length, single_line): Text.check's value when ``value`` is
 * ASCII of printable characters (and, in multi-line text, line feeds and tabs)
 * with something besides white space, no longer than the limit, without the
 * placeholder and, in single-line text, without "[[". */
static PyObject *fast_text(PyObject *plan, PyObject *value)
{
    if (!PyUnicode_CheckExact(value) || !PyUnicode_IS_ASCII(value))
        return NOT_SURE;
    Py_ssize_t n = PyUnicode_GET_LENGTH(value);
    Py_ssize_t limit = PyLong_AsSsize_t(ARG(plan, 2));
    int single = ARG(plan, 3) == Py_True;
    if (limit == -1 && PyErr_Occurred())
        return NULL;
    if (n > limit)
        return NOT_SURE;
    const unsigned char *s = PyUnicode_1BYTE_DATA(value);
    Py_ssize_t first = -1, last = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c >= 0x20 && c <= 0x7e) {
            if (c != ' ') {
                if (first < 0)
                    first = i;
                last = i;
            }
            if (single && c == '[' && i + 1 < n && s[i + 1] == '[')
                return NOT_SURE;
        } else if (single || (c != '\n' && c != '\t')) {
            return NOT_SURE;
        }
    }
    if (first < 0 || (n >= 7 && memmem(s, (size_t)n, "FILL-ME", 7) != NULL))
        return NOT_SURE;
    if (single)
        return PyUnicode_Substring(value, first, last + 1);
    return Py_NewRef(value);
}

/* An id as Slug.check accepts it: [a-z0-9] words joined by single hyphens, 1 to ``limit`` characters. */
static int is_slug(PyObject *value, PyObject *limit)
{
    if (!PyUnicode_CheckExact(value) || !PyUnicode_IS_ASCII(value))
        return 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(value);
    if (n < 1 || n > PyLong_AsSsize_t(limit)) /* (the limit is MAX_SLUG: it converts) */
        return 0;
    const unsigned char *s = PyUnicode_1BYTE_DATA(value);
    int after_hyphen = 1; /* the start, like a hyphen, wants a letter or digit next */
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            after_hyphen = 0;
        else if (c == '-' && !after_hyphen)
            after_hyphen = 1;
        else
            return 0;
    }
    return !after_hyphen;
}

/* Ref.check's side effect: the id is remembered, to be resolved once every entry is loaded. */
static int add_reference(Doc *d, PyObject *value, PyObject *kinds, PyObject *path)
{
    PyObject *ref = PyObject_CallFunctionObjArgs(Reference, value, kinds, path, NULL);
    if (ref == NULL)
        return -1;
    int failed = PyList_Append(d->references, ref);
    Py_DECREF(ref);
    return failed;
}

/* (LIST, type, item plan, min_items, max_items, unique) */
static PyObject *fast_list(Doc *d, PyObject *plan, PyObject *value, PyObject *path)
{
    if (!PyList_CheckExact(value))
        return NOT_SURE;
    Py_ssize_t n = PyList_GET_SIZE(value);
    if (n < PyLong_AsSsize_t(ARG(plan, 3)) || n > PyLong_AsSsize_t(ARG(plan, 4)))
        return NOT_SURE;
    PyObject *item_plan = ARG(plan, 2);
    int unique = ARG(plan, 5) == Py_True;
    PyObject *out = PyList_New(0);
    PyObject *seen = unique ? PySet_New(NULL) : NULL;
    if (out == NULL || (unique && seen == NULL))
        goto error;
    int ok = 1;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(value); i++) {
        PyObject *item = Py_NewRef(PyList_GET_ITEM(value, i));
        PyObject *index = PyLong_FromSsize_t(i);
        PyObject *item_path = index != NULL ? child_path(path, index) : NULL;
        Py_XDECREF(index);
        PyObject *checked = item_path != NULL ? check(d, item_plan, item, item_path) : NULL;
        Py_DECREF(item);
        if (checked == NULL) {
            Py_XDECREF(item_path);
            goto error;
        }
        if (checked == INVALID) {
            ok = 0;
            Py_DECREF(checked);
            Py_DECREF(item_path);
            continue;
        }
        if (unique && !PyDict_Check(checked) && !PyList_Check(checked)) {
            /* One hash of the item (a citation's is computed in Python): added, and found
             * to be there already when the set did not grow. */
            Py_ssize_t before = PySet_GET_SIZE(seen);
            int found = PySet_Add(seen, checked) < 0 ? -1 : PySet_GET_SIZE(seen) == before;
            if (found > 0) {
                PyObject *said = PyObject_CallFunctionObjArgs(listed_twice, d->ck, item_path, checked, NULL);
                Py_XDECREF(said);
                found = said == NULL ? -1 : 0;
                ok = 0;
            }
            if (found < 0) {
                Py_DECREF(checked);
                Py_DECREF(item_path);
                goto error;
            }
        }
        Py_DECREF(item_path);
        int failed = PyList_Append(out, checked);
        Py_DECREF(checked);
        if (failed)
            goto error;
    }
    Py_XDECREF(seen);
    if (ok)
        return out;
    Py_DECREF(out);
    return Py_NewRef(INVALID);
error:
    Py_XDECREF(out);
    Py_XDECREF(seen);
    return NULL;
}

/* (OBJ, type, names, ((name, required, plan), ...)): NOT_SURE for an unknown
 * or a missing required field (the reference reports them), else each field
 * present is checked, in the schema's order. */
static PyObject *fast_obj(Doc *d, PyObject *plan, PyObject *value, PyObject *path)
{
    if (!PyDict_CheckExact(value))
        return NOT_SURE;
    PyObject *names = ARG(plan, 2), *fields = ARG(plan, 3);
    Py_ssize_t pos = 0;
    PyObject *key, *raw;
    while (PyDict_Next(value, &pos, &key, &raw)) {
        int known = PySet_Contains(names, key);
        if (known <= 0)
            return known < 0 ? NULL : NOT_SURE;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(fields);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *field = PyTuple_GET_ITEM(fields, i);
        if (PyTuple_GET_ITEM(field, 1) != Py_True)
            continue;
        raw = PyDict_GetItemWithError(value, PyTuple_GET_ITEM(field, 0));
        if (raw == NULL && PyErr_Occurred())
            return NULL;
        if (raw == NULL || raw == Py_None)
            return NOT_SURE;
    }
    PyObject *out = PyDict_New();
    if (out == NULL)
        return NULL;
    int ok = 1;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *field = PyTuple_GET_ITEM(fields, i);
        PyObject *name = PyTuple_GET_ITEM(field, 0);
        raw = PyDict_GetItemWithError(value, name);
        if (raw == NULL && PyErr_Occurred())
            goto error;
        if (raw == NULL || raw == Py_None)
            continue;
        Py_INCREF(raw);
        PyObject *field_path = child_path(path, name);
        PyObject *checked = field_path != NULL ? check(d, PyTuple_GET_ITEM(field, 2), raw, field_path) : NULL;
        Py_DECREF(raw);
        Py_XDECREF(field_path);
        if (checked == NULL)
            goto error;
        if (checked == INVALID) {
            ok = 0;
        } else if (PyDict_SetItem(out, name, checked) < 0) {
            Py_DECREF(checked);
            goto error;
        }
        Py_DECREF(checked);
    }
    if (ok)
        return out;
    Py_DECREF(out);
    return Py_NewRef(INVALID);
error:
    Py_DECREF(out);
    return NULL;
}

/* Whether a mapping member is there and not null (``value.get(name) is not None``). */
static int given(PyObject *mapping, PyObject *name)
{
    PyObject *found = PyDict_GetItemWithError(mapping, name);
    return found != NULL && found != Py_None;
}

/* (POSITION, type, plan of its fields): PositionObj.check of an item that has
 * a non-empty list of sources and a speaker (``by`` or ``office``), which is
 * its fields' check; the reference decides every other item. */
static PyObject *fast_position(Doc *d, PyObject *plan, PyObject *value, PyObject *path)
{
    if (!PyDict_CheckExact(value))
        return NOT_SURE;
    PyObject *sources = PyDict_GetItemWithError(value, str_sources);
    if (sources == NULL || !PyList_CheckExact(sources) || PyList_GET_SIZE(sources) == 0)
        return PyErr_Occurred() ? NULL : NOT_SURE;
    if (!given(value, str_by) && !given(value, str_office))
        return PyErr_Occurred() ? NULL : NOT_SURE;
    return fast_obj(d, ARG(plan, 2), value, path);
}

/* (CITATION, type, id length limit, kinds, plan of the evidence's fields) */
static PyObject *fast_citation(Doc *d, PyObject *plan, PyObject *value, PyObject *path)
{
    if (PyUnicode_CheckExact(value)) {
        if (!is_slug(value, ARG(plan, 2)))
            return NOT_SURE;
        if (add_reference(d, value, ARG(plan, 3), path) < 0)
            return NULL;
        return PyObject_CallOneArg(Cite, value);
    }
    if (!PyDict_CheckExact(value))
        return NOT_SURE;
    /* From here on as Citation.check: the fields (or their reference check), then the rules across them. */
    PyObject *data = check(d, ARG(plan, 4), value, path);
    if (data == NULL || data == INVALID)
        return data;
    /* finish_cite's rules are about a language, a translation and its translator: without
     * them it makes Cite(**data), as here. */
    PyObject *cite;
    if (!PyDict_Contains(data, str_lang) && !PyDict_Contains(data, str_translation) &&
            !PyDict_Contains(data, str_translated_by)) {
        PyObject *no_args = PyTuple_New(0);
        cite = no_args != NULL ? PyObject_Call(Cite, no_args, data) : NULL;
        Py_XDECREF(no_args);
    } else {
        cite = PyObject_CallFunctionObjArgs(finish_cite, data, path, d->ck, NULL);
    }
    Py_DECREF(data);
    return cite;
}

/* A new reference, NULL with an exception, or NOT_SURE (nothing done yet: the node's type decides). */
static PyObject *fast(Doc *d, PyObject *plan, PyObject *value, PyObject *path)
{
    switch (PyLong_AsLong(ARG(plan, 0))) {
    case TEXT:
        return fast_text(plan, value);
    case SLUG:
        return is_slug(value, ARG(plan, 2)) ? Py_NewRef(value) : NOT_SURE;
    case REF:
        if (!is_slug(value, ARG(plan, 2)))
            return NOT_SURE;
        return add_reference(d, value, ARG(plan, 3), path) < 0 ? NULL : Py_NewRef(value);
    case BOOL:
        return PyBool_Check(value) ? Py_NewRef(value) : NOT_SURE;
    case ENUM: {
        if (!PyUnicode_CheckExact(value))
            return NOT_SURE;
        int found = PySequence_Contains(ARG(plan, 2), value);
        return found < 0 ? NULL : found ? Py_NewRef(value) : NOT_SURE;
    }
    case DATE: {
        if (!PyUnicode_CheckExact(value) || !PyUnicode_IS_ASCII(value))
            return NOT_SURE;
        PyObject *date = PyObject_CallOneArg(ARG(plan, 2), value);
        if (date == NULL && PyErr_ExceptionMatches(DateError)) {
            PyErr_Clear(); /* the reference words it */
            return NOT_SURE;
        }
        return date;
    }
    case LIST:
        return fast_list(d, plan, value, path);
    case OBJ:
        return fast_obj(d, plan, value, path);
    case POSITION:
        return fast_position(d, plan, value, path);
    case CITATION:
        return fast_citation(d, plan, value, path);
    default: /* PY, and any tag this file does not know */
        return PyErr_Occurred() ? NULL : NOT_SURE;
    }
}

/* The node's result: the fast path's, or its field type's ``check(value, path, ck)``. */
static PyObject *check(Doc *d, PyObject *plan, PyObject *value, PyObject *path)
{
    PyObject *found = fast(d, plan, value, path);
    if (found != NOT_SURE)
        return found;
    return PyObject_CallMethodObjArgs(ARG(plan, 1), str_check, value, path, d->ck, NULL);
}

PyDoc_STRVAR(check_doc,
"check(plan, value, ck) -> object\n\n"
"What ``plan``'s field type gives for ``value`` at the top of a document\n"
"(``type.check(value, (), ck)``): the checked value, or INVALID with the\n"
"problems recorded on ``ck``.  ``plan`` comes from fast_check.compile_plan.");

static PyObject *check_document(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *plan, *value, *ck;
    if (!PyArg_ParseTuple(args, "O!OO:check", &PyTuple_Type, &plan, &value, &ck))
        return NULL;
    if (INVALID == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_fast_check.configure() has not been called");
        return NULL;
    }
    Doc d = {ck, PyObject_GetAttr(ck, str_references)};
    if (d.references == NULL)
        return NULL;
    if (!PyList_CheckExact(d.references)) {
        Py_DECREF(d.references);
        PyErr_SetString(PyExc_TypeError, "ck.references is not a list");
        return NULL;
    }
    PyObject *root = PyTuple_New(0);
    PyObject *result = root != NULL ? check(&d, plan, value, root) : NULL;
    Py_XDECREF(root);
    Py_DECREF(d.references);
    return result;
}

PyDoc_STRVAR(configure_doc,
"configure(invalid, reference, cite, date_error, listed_twice, finish_cite) -> None\n\n"
"The Python side's objects: the INVALID marker, the Reference and Cite classes,\n"
"DateError, and the functions that word a duplicate and finish a citation.");

static PyObject *configure(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *given_objects[6];
    if (!PyArg_ParseTuple(args, "OOOOOO:configure", &given_objects[0], &given_objects[1], &given_objects[2],
                          &given_objects[3], &given_objects[4], &given_objects[5]))
        return NULL;
    PyObject **slots[6] = {&INVALID, &Reference, &Cite, &DateError, &listed_twice, &finish_cite};
    for (int i = 0; i < 6; i++)
        Py_XSETREF(*slots[i], Py_NewRef(given_objects[i]));
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"check", check_document, METH_VARARGS, check_doc},
    {"configure", configure, METH_VARARGS, configure_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_fast_check",
    .m_doc = "An entry checked against its kind's schema in C where every value is ordinary (see fast_check.py).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__fast_check(void)
{
    str_check = PyUnicode_InternFromString("check");
    str_references = PyUnicode_InternFromString("references");
    str_sources = PyUnicode_InternFromString("sources");
    str_by = PyUnicode_InternFromString("by");
    str_office = PyUnicode_InternFromString("office");
    str_lang = PyUnicode_InternFromString("lang");
    str_translation = PyUnicode_InternFromString("translation");
    str_translated_by = PyUnicode_InternFromString("translated_by");
    if (!str_check || !str_references || !str_sources || !str_by || !str_office || !str_lang || !str_translation ||
            !str_translated_by)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "TEXT", TEXT) < 0 || PyModule_AddIntConstant(m, "SLUG", SLUG) < 0 ||
        PyModule_AddIntConstant(m, "REF", REF) < 0 || PyModule_AddIntConstant(m, "BOOL", BOOL) < 0 ||
        PyModule_AddIntConstant(m, "ENUM", ENUM) < 0 || PyModule_AddIntConstant(m, "DATE", DATE) < 0 ||
        PyModule_AddIntConstant(m, "LIST", LIST) < 0 || PyModule_AddIntConstant(m, "OBJ", OBJ) < 0 ||
        PyModule_AddIntConstant(m, "POSITION", POSITION) < 0 || PyModule_AddIntConstant(m, "CITATION", CITATION) < 0 ||
        PyModule_AddIntConstant(m, "PY", PY) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

/* The fast path of dossierkit.loading.yaml_loader: libyaml's events made into
 * plain values in C, with the same positions and text lines as _Builder.
 *
 * PyYAML's C parser makes a Python object of every event and of both its
 * marks, and _Builder walks them in Python: at 10,000 entries (600,000
 * events) that was half the time of checking an entry.  Here the events
 * never become objects.
 *
 * This module decides nothing: it builds the values of a document that the
 * reference reader (_Builder, in Python) accepts, and returns None for
 * anything else - a syntax or reader error, an anchor, an alias, a tag, a key
 * that is not a plain scalar, a duplicate key, nesting deeper than MAX_DEPTH,
 * a top level that is not a mapping, an empty stream, several documents.
 * The caller then parses the text again with the reference reader, which
 * reports the problem in its own words.  So a refusal here can only cost
 * time, never change a message; tests compare both readers on the hostile
 * corpus, on every entry of the shipped dossier and on generated documents.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlfcn.h>
#include <string.h>
#include <yaml.h>

/* The parser is PyYAML's own: the libyaml inside PyYAML's C module, whose
 * functions this module looks up when it is imported, not a system libyaml
 * (which can be another version: Debian's 0.2.5 accepts `a: [ ? ] ]`, which
 * the libyaml of PyYAML's wheel refuses).  Only libyaml's headers are needed
 * to build it; they declare the same structures for every 0.2 release. */
static int (*parser_initialize)(yaml_parser_t *);
static void (*parser_set_input_string)(yaml_parser_t *, const unsigned char *, size_t);
static int (*parser_parse)(yaml_parser_t *, yaml_event_t *);
static void (*event_delete)(yaml_event_t *);
static void (*parser_delete)(yaml_parser_t *);
static const char *(*get_version_string)(void);
static void (*get_version)(int *, int *, int *);

#define MAX_DEPTH 12 /* yaml_loader.MAX_DEPTH */

typedef struct {
    yaml_parser_t parser;
    PyObject *positions;  /* key path -> (line, column), 1-based */
    PyObject *text_lines; /* key path of a string -> the line its text starts on */
} Reader;

/* The next event, or 0 when libyaml reports an error (the reference reader words it). */
static int next_event(Reader *r, yaml_event_t *event)
{
    return parser_parse(&r->parser, event);
}

/* Shared across documents: every key path and every (line, column) pair is
 * one object however many documents hold it.  Entries of a kind have the same
 * paths at the same places, so a dossier's 600,000 positions hold a few
 * thousand distinct objects: less memory, and a document sent to the parent
 * process (loading/load.py) pickles its positions as references to objects
 * already sent.  Bounded, whatever the input: past MAX_SHARED, new paths and
 * pairs are made but not kept. */
#define MAX_SHARED 65536
#define MAX_SHARED_KEY 64 /* characters: longer keys' paths are not shared */
static PyObject *shared_paths; /* path -> the same path */
static PyObject *shared_pairs; /* (line, column) -> the same pair */

/* ``made`` (a new reference), or the equal object kept before it (``made`` is released). */
static PyObject *shared(PyObject *kept, PyObject *made)
{
    if (made == NULL)
        return NULL;
    PyObject *found = PyDict_GetItemWithError(kept, made);
    if (found != NULL) {
        Py_INCREF(found);
        Py_DECREF(made);
        return found;
    }
    if (PyErr_Occurred()) {
        Py_DECREF(made);
        return NULL;
    }
    if (PyDict_GET_SIZE(kept) < MAX_SHARED && PyDict_SetItem(kept, made, made) < 0) {
        Py_DECREF(made);
        return NULL;
    }
    return made;
}

static PyObject *position(yaml_mark_t mark)
{
    PyObject *line = PyLong_FromSize_t(mark.line + 1);
    PyObject *column = PyLong_FromSize_t(mark.column + 1);
    if (line == NULL || column == NULL) {
        Py_XDECREF(line);
        Py_XDECREF(column);
        return NULL;
    }
    PyObject *pair = PyTuple_New(2);
    if (pair == NULL) {
        Py_DECREF(line);
        Py_DECREF(column);
        return NULL;
    }
    PyTuple_SET_ITEM(pair, 0, line);
    PyTuple_SET_ITEM(pair, 1, column);
    return shared(shared_pairs, pair);
}

/* path + (member,); steals nothing. */
static PyObject *child_path(PyObject *path, PyObject *member)
{
    Py_ssize_t n = PyTuple_GET_SIZE(path);
    PyObject *out = PyTuple_New(n + 1);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(path, i);
        Py_INCREF(item);
        PyTuple_SET_ITEM(out, i, item);
    }
    Py_INCREF(member);
    PyTuple_SET_ITEM(out, n, member);
    /* A long key (written with `? `, it has no length limit) is not kept for the process's life. */
    if (PyUnicode_Check(member) && PyUnicode_GET_LENGTH(member) > MAX_SHARED_KEY)
        return out;
    return shared(shared_paths, out);
}

/* path + (index,), for the item of a list at ``index``. */
static PyObject *index_path(PyObject *path, Py_ssize_t index)
{
    PyObject *number = PyLong_FromSsize_t(index);
    if (number == NULL)
        return NULL;
    PyObject *out = child_path(path, number);
    Py_DECREF(number);
    return out;
}

static int set_item(PyObject *dict, PyObject *key, PyObject *value)
{
    if (value == NULL)
        return -1;
    int status = PyDict_SetItem(dict, key, value);
    Py_DECREF(value);
    return status;
}

static int is_one_of(const char *value, size_t length, const char *const *words)
{
    for (; *words != NULL; words++)
        if (strlen(*words) == length && memcmp(*words, value, length) == 0)
            return 1;
    return 0;
}

static const char *const NULLS[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const TRUES[] = {"true", "True", "TRUE", NULL};
static const char *const FALSES[] = {"false", "False", "FALSE", NULL};

/* Results of node(): a new reference, NULL with an exception set, or REFUSED
 * (borrowed, never returned to Python) when the reference reader must decide. */
static PyObject REFUSED_OBJECT;
#define REFUSED (&REFUSED_OBJECT)

static PyObject *node(Reader *r, yaml_event_t *event, PyObject *path, int depth);

static PyObject *scalar(Reader *r, yaml_event_t *event, PyObject *path)
{
    const char *value = (const char *)event->data.scalar.value;
    size_t length = event->data.scalar.length;
    yaml_scalar_style_t style = event->data.scalar.style;
    if (style == YAML_PLAIN_SCALAR_STYLE || style == YAML_ANY_SCALAR_STYLE) {
        if (is_one_of(value, length, NULLS))
            Py_RETURN_NONE;
        if (is_one_of(value, length, TRUES))
            Py_RETURN_TRUE;
        if (is_one_of(value, length, FALSES))
            Py_RETURN_FALSE;
    }
    PyObject *text = PyUnicode_DecodeUTF8(value, (Py_ssize_t)length, "strict");
    if (text == NULL)
        return NULL;
    size_t line = event->start_mark.line + 1;
    if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE)
        line += 1;
    if (set_item(r->text_lines, path, PyLong_FromSize_t(line)) < 0) {
        Py_DECREF(text);
        return NULL;
    }
    return text;
}

static PyObject *sequence(Reader *r, PyObject *path, int depth)
{
    PyObject *items = PyList_New(0);
    if (items == NULL)
        return NULL;
    for (;;) {
        yaml_event_t event;
        if (!next_event(r, &event)) {
            Py_DECREF(items);
            return REFUSED;
        }
        if (event.type == YAML_SEQUENCE_END_EVENT) {
            event_delete(&event);
            return items;
        }
        PyObject *item_path = index_path(path, PyList_GET_SIZE(items));
        PyObject *value = NULL;
        if (item_path != NULL && set_item(r->positions, item_path, position(event.start_mark)) == 0)
            value = node(r, &event, item_path, depth + 1);
        event_delete(&event);
        Py_XDECREF(item_path);
        if (value == NULL || value == REFUSED) {
            Py_DECREF(items);
            return value;
        }
        int status = PyList_Append(items, value);
        Py_DECREF(value);
        if (status < 0) {
            Py_DECREF(items);
            return NULL;
        }
    }
}

static PyObject *mapping(Reader *r, PyObject *path, int depth)
{
    PyObject *members = PyDict_New();
    if (members == NULL)
        return NULL;
    for (;;) {
        yaml_event_t key_event, value_event;
        if (!next_event(r, &key_event)) {
            Py_DECREF(members);
            return REFUSED;
        }
        if (key_event.type == YAML_MAPPING_END_EVENT) {
            event_delete(&key_event);
            return members;
        }
        if (key_event.type != YAML_SCALAR_EVENT || key_event.data.scalar.anchor != NULL ||
            key_event.data.scalar.tag != NULL) {
            event_delete(&key_event);
            Py_DECREF(members);
            return REFUSED;
        }
        PyObject *key = PyUnicode_DecodeUTF8((const char *)key_event.data.scalar.value,
                                             (Py_ssize_t)key_event.data.scalar.length, "strict");
        yaml_mark_t key_mark = key_event.start_mark;
        event_delete(&key_event);
        if (key == NULL) {
            Py_DECREF(members);
            return NULL;
        }
        int seen = PyDict_Contains(members, key);
        PyObject *key_path = seen == 0 ? child_path(path, key) : NULL;
        if (key_path != NULL) { /* the key as the shared path holds it: one string for every document */
            PyObject *same = PyTuple_GET_ITEM(key_path, PyTuple_GET_SIZE(key_path) - 1);
            Py_INCREF(same);
            Py_SETREF(key, same);
        }
        PyObject *value = seen == 1 ? REFUSED : NULL;
        if (key_path != NULL && set_item(r->positions, key_path, position(key_mark)) == 0) {
            if (!next_event(r, &value_event)) {
                value = REFUSED;
            } else {
                value = node(r, &value_event, key_path, depth + 1);
                event_delete(&value_event);
            }
        }
        Py_XDECREF(key_path);
        if (value == NULL || value == REFUSED) {
            Py_DECREF(key);
            Py_DECREF(members);
            return value;
        }
        int status = PyDict_SetItem(members, key, value);
        Py_DECREF(key);
        Py_DECREF(value);
        if (status < 0) {
            Py_DECREF(members);
            return NULL;
        }
    }
}

/* The value that starts with ``event`` (which the caller deletes). */
static PyObject *node(Reader *r, yaml_event_t *event, PyObject *path, int depth)
{
    if (depth > MAX_DEPTH)
        return REFUSED;
    switch (event->type) {
    case YAML_SCALAR_EVENT:
        if (event->data.scalar.anchor != NULL || event->data.scalar.tag != NULL)
            return REFUSED;
        return scalar(r, event, path);
    case YAML_SEQUENCE_START_EVENT:
        if (event->data.sequence_start.anchor != NULL || event->data.sequence_start.tag != NULL)
            return REFUSED;
        return sequence(r, path, depth);
    case YAML_MAPPING_START_EVENT:
        if (event->data.mapping_start.anchor != NULL || event->data.mapping_start.tag != NULL)
            return REFUSED;
        return mapping(r, path, depth);
    default: /* an alias, or anything else the reference reader refuses */
        return REFUSED;
    }
}

/* Pull one event and say whether it is of ``type`` (0 on an error too). */
static int expect(Reader *r, yaml_event_type_t type)
{
    yaml_event_t event;
    if (!next_event(r, &event))
        return 0;
    int found = event.type == type;
    event_delete(&event);
    return found;
}

static PyObject *document(Reader *r)
{
    yaml_event_t root;
    if (!expect(r, YAML_STREAM_START_EVENT) || !expect(r, YAML_DOCUMENT_START_EVENT))
        return REFUSED; /* an empty stream, or an error */
    if (!next_event(r, &root))
        return REFUSED;
    PyObject *data = REFUSED;
    PyObject *top = PyTuple_New(0);
    if (top == NULL)
        data = NULL;
    else if (root.type == YAML_MAPPING_START_EVENT)
        data = node(r, &root, top, 0);
    event_delete(&root);
    Py_XDECREF(top);
    if (data == NULL || data == REFUSED)
        return data;
    if (!expect(r, YAML_DOCUMENT_END_EVENT) || !expect(r, YAML_STREAM_END_EVENT)) {
        Py_DECREF(data);
        return REFUSED; /* several documents, or an error after the first */
    }
    return data;
}

#include "_yaml_lines.c"

PyDoc_STRVAR(parse_doc,
"parse(text: bytes) -> tuple[dict, dict, dict] | None\n\n"
"The values, positions and text lines of a UTF-8 YAML document that the\n"
"reference reader accepts, as ``_Builder`` makes them; None when the\n"
"reference reader must decide (it reports every refusal).");

/* The document read by libyaml's events, into ``positions`` and ``text_lines``. */
static PyObject *read_events(PyObject *arg, PyObject *positions, PyObject *text_lines)
{
    Reader r;
    if (!parser_initialize(&r.parser))
        return PyErr_NoMemory();
    parser_set_input_string(&r.parser, (const unsigned char *)PyBytes_AS_STRING(arg),
                                 (size_t)PyBytes_GET_SIZE(arg));
    r.positions = positions;
    r.text_lines = text_lines;
    PyObject *data = document(&r);
    parser_delete(&r.parser);
    return data;
}

/* parse() and read_lines(): the values, positions and text lines of ``arg``, read line by line
 * and, with ``events``, by libyaml where that reader refuses it; None where neither reads it. */
static PyObject *read_document(PyObject *arg, const char *name, int events)
{
    if (!PyBytes_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s() takes bytes", name);
        return NULL;
    }
    PyObject *positions = PyDict_New();
    PyObject *text_lines = PyDict_New();
    PyObject *result = NULL;
    if (positions != NULL && text_lines != NULL) {
        PyObject *data = lines_document((const unsigned char *)PyBytes_AS_STRING(arg), PyBytes_GET_SIZE(arg),
                                        positions, text_lines);
        if (data == REFUSED && events) {
            PyDict_Clear(positions);
            PyDict_Clear(text_lines);
            data = read_events(arg, positions, text_lines);
        }
        if (data == REFUSED) {
            result = Py_NewRef(Py_None);
        } else if (data != NULL) {
            result = PyTuple_Pack(3, data, positions, text_lines);
            Py_DECREF(data);
        }
    }
    Py_XDECREF(positions);
    Py_XDECREF(text_lines);
    return result;
}

static PyObject *parse(PyObject *module, PyObject *arg)
{
    (void)module;
    /* Most entries are read line by line (_yaml_lines.c); the rest, and anything it refuses, by libyaml. */
    return read_document(arg, "parse", 1);
}

PyDoc_STRVAR(read_lines_doc,
"read_lines(text: bytes) -> tuple[dict, dict, dict] | None\n\n"
"What parse() gives when the document is read line by line, without libyaml;\n"
"None where that reader leaves it to libyaml (for tests).");

static PyObject *read_lines(PyObject *module, PyObject *arg)
{
    (void)module;
    return read_document(arg, "read_lines", 0);
}

PyDoc_STRVAR(libyaml_version_doc,
"libyaml_version() -> str\n\nThe version of the libyaml this module parses with (PyYAML's own).");

static PyObject *libyaml_version(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    return PyUnicode_FromString(get_version_string());
}

static PyMethodDef methods[] = {
    {"parse", parse, METH_O, parse_doc},
    {"read_lines", read_lines, METH_O, read_lines_doc},
    {"libyaml_version", libyaml_version, METH_NOARGS, libyaml_version_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_yaml_builder",
    .m_doc = "libyaml's events made into plain values in C (the fast path of yaml_loader).",
    .m_size = -1,
    .m_methods = methods,
};

/* Find libyaml's functions in PyYAML's C module (yaml._yaml), already loaded by importing it. */
static int find_libyaml(void)
{
    PyObject *pyyaml = PyImport_ImportModule("yaml._yaml");
    if (pyyaml == NULL)
        return -1;
    PyObject *file = PyObject_GetAttrString(pyyaml, "__file__");
    Py_DECREF(pyyaml);
    const char *path = file != NULL ? PyUnicode_AsUTF8(file) : NULL;
    void *library = path != NULL ? dlopen(path, RTLD_NOW | RTLD_NOLOAD) : NULL;
    Py_XDECREF(file);
    if (library == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ImportError, "PyYAML's C module (yaml._yaml) could not be opened");
        return -1;
    }
    *(void **)&parser_initialize = dlsym(library, "yaml_parser_initialize");
    *(void **)&parser_set_input_string = dlsym(library, "yaml_parser_set_input_string");
    *(void **)&parser_parse = dlsym(library, "yaml_parser_parse");
    *(void **)&event_delete = dlsym(library, "yaml_event_delete");
    *(void **)&parser_delete = dlsym(library, "yaml_parser_delete");
    *(void **)&get_version_string = dlsym(library, "yaml_get_version_string");
    *(void **)&get_version = dlsym(library, "yaml_get_version");
    /* The library stays loaded (PyYAML's module holds it): the handle is not closed. */
    if (!parser_initialize || !parser_set_input_string || !parser_parse || !event_delete || !parser_delete ||
        !get_version_string || !get_version) {
        PyErr_SetString(PyExc_ImportError, "PyYAML's C module does not export libyaml's parser");
        return -1;
    }
    int major, minor, patch;
    get_version(&major, &minor, &patch);
    if (major != 0 || minor != 2) { /* the structures of yaml.h are those of every 0.2 release */
        PyErr_Format(PyExc_ImportError, "PyYAML's libyaml is %d.%d, not 0.2", major, minor);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC PyInit__yaml_builder(void)
{
    if (find_libyaml() < 0)
        return NULL;
    shared_paths = PyDict_New();
    shared_pairs = PyDict_New();
    if (shared_paths == NULL || shared_pairs == NULL)
        return NULL;
    return PyModule_Create(&module);
}

/* The common case of an entry file, read line by line without libyaml.
 * Included by _yaml_builder.c, whose helpers it uses (child_path, index_path,
 * position, set_item, is_one_of, REFUSED, MAX_DEPTH).
 *
 * libyaml's scanner was half the time of reading an entry (10,000 entries:
 * 0.17 of 0.33 s).  Entries are written in a small part of YAML: block
 * mappings of plain keys, block sequences, plain, quoted and literal (|)
 * scalars on their own lines, flow lists of plain words.  lines_document()
 * reads a document made only of those, giving what the event builder gives
 * (values, positions and text lines, in the same order), and REFUSED at the
 * first thing outside them - a tab outside a literal scalar, a carriage
 * return, a line that does not end in a line feed, a comment after a value,
 * '#' or ": " in a plain scalar, an escape, a folded or kept scalar, a
 * character that libyaml reads as a line break or refuses, anything that is
 * not valid UTF-8.  The caller then gives the whole document to libyaml, so
 * a refusal here only costs time.  Tests compare this reader, the event
 * builder and the reference reader in Python on the hostile corpus, the
 * shipped project and generated documents (tests/test_yaml_builder.py).
 */

typedef struct {
    Py_ssize_t start, end; /* the line's bytes, without its line feed */
    Py_ssize_t indent;     /* leading spaces */
    char kind;             /* 'b' blank (spaces only), 'c' comment, 't' text */
    char tab;              /* it holds a tab */
} Line;

typedef struct {
    const unsigned char *s;
    Line *lines;
    Py_ssize_t count, at; /* lines, and the next one to read */
    PyObject *positions, *text_lines;
} Lines;

static PyObject *lines_pair(Py_ssize_t line, Py_ssize_t column)
{
    yaml_mark_t mark = {0, (size_t)line, (size_t)column};
    return position(mark);
}

/* Whether the bytes are UTF-8 that libyaml reads as this reader does: printable, no tab or
 * carriage return (checked per line), no NEL, LS or PS (line breaks to YAML), no BOM. */
static int lines_characters_ok(const unsigned char *s, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
                return 0;
            i++;
            continue;
        }
        unsigned int cp;
        int more;
        if (c >= 0xc2 && c <= 0xdf) { cp = c & 0x1f; more = 1; }
        else if (c >= 0xe0 && c <= 0xef) { cp = c & 0x0f; more = 2; }
        else if (c >= 0xf0 && c <= 0xf4) { cp = c & 0x07; more = 3; }
        else return 0;
        for (int k = 1; k <= more; k++) {
            if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((more == 2 && cp < 0x800) || (more == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0; /* overlong */
        if (cp < 0xa0 || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff ||
            cp == 0xfffe || cp == 0xffff)
            return 0;
        i += more + 1;
    }
    return 1;
}

/* Cut the document into lines; 0 when it is not for this reader. */
static int lines_split(Lines *p, const unsigned char *s, Py_ssize_t n)
{
    if (n == 0 || s[n - 1] != '\n' || !lines_characters_ok(s, n))
        return 0;
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        count += s[i] == '\n';
    p->lines = PyMem_New(Line, count);
    if (p->lines == NULL)
        return 0;
    p->s = s;
    p->count = count;
    p->at = 0;
    Py_ssize_t start = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        Line *l = &p->lines[k];
        Py_ssize_t end = start;
        l->tab = 0;
        while (s[end] != '\n') {
            l->tab |= s[end] == '\t';
            end++;
        }
        l->start = start;
        l->end = end;
        Py_ssize_t i = start;
        while (i < end && s[i] == ' ')
            i++;
        l->indent = i - start;
        l->kind = i == end ? 'b' : s[i] == '#' ? 'c' : 't';
        if (l->indent == 0 && end - start >= 1 && (s[start] == '%' ||
            (end - start >= 3 && (memcmp(s + start, "---", 3) == 0 || memcmp(s + start, "...", 3) == 0))))
            return 0; /* a directive or a document marker */
        start = end + 1;
    }
    return 1;
}

/* The next line with text (blank and comment lines are skipped), or NULL at the end. */
static Line *lines_next(Lines *p)
{
    while (p->at < p->count && p->lines[p->at].kind != 't')
        p->at++;
    return p->at < p->count ? &p->lines[p->at] : NULL;
}

static int is_key_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* libyaml gives up on a key longer than 1,024 characters (a syntax error): such keys go to it. */
#define MAX_KEY 1000

/* The length of a plain key at ``i`` followed by ':' and a space or the end of the line; 0 if there is none. */
static Py_ssize_t key_length(const unsigned char *s, Py_ssize_t i, Py_ssize_t end)
{
    Py_ssize_t k = i;
    if (k < end && s[k] == '-')
        return 0;
    while (k < end && is_key_char(s[k]))
        k++;
    if (k == i || k >= end || s[k] != ':' || (k + 1 < end && s[k + 1] != ' ') || k - i > MAX_KEY)
        return 0;
    return k - i;
}

/* A scalar's value from its text (plain ones resolved as the builder resolves them). */
static PyObject *lines_text(Lines *p, const unsigned char *text, Py_ssize_t length, int plain,
                            PyObject *path, Py_ssize_t text_line)
{
    if (plain) {
        if (is_one_of((const char *)text, (size_t)length, NULLS))
            Py_RETURN_NONE;
        if (is_one_of((const char *)text, (size_t)length, TRUES))
            Py_RETURN_TRUE;
        if (is_one_of((const char *)text, (size_t)length, FALSES))
            Py_RETURN_FALSE;
    }
    PyObject *value = PyUnicode_DecodeUTF8((const char *)text, length, "strict");
    if (value == NULL)
        return NULL;
    if (set_item(p->text_lines, path, PyLong_FromSsize_t(text_line)) < 0) {
        Py_DECREF(value);
        return NULL;
    }
    return value;
}

static PyObject *lines_mapping(Lines *p, Py_ssize_t indent, Py_ssize_t first_column, PyObject *path, int depth);
static PyObject *lines_sequence(Lines *p, Py_ssize_t indent, PyObject *path, int depth);

/* A flow list of plain words, "[a, b c]", from ``i`` (its '[') to the end of the line. */
static PyObject *lines_flow(Lines *p, Line *l, Py_ssize_t i, PyObject *path, int depth)
{
    const unsigned char *s = p->s;
    Py_ssize_t close = l->end;
    while (close > i && s[close - 1] == ' ')
        close--;
    if (s[close - 1] != ']' || depth + 1 > MAX_DEPTH)
        return REFUSED;
    close--;
    PyObject *items = PyList_New(0);
    if (items == NULL)
        return NULL;
    Py_ssize_t k = i + 1;
    if (k == close)
        return items; /* [] */
    for (;;) {
        while (k < close && s[k] == ' ')
            k++;
        Py_ssize_t start = k, last = k;
        while (k < close && s[k] != ',') {
            unsigned char c = s[k];
            if (!(is_key_char(c) || c == ' ' || c == '.' || c == '/') || (k == start && (c == '-' || c == ' ')))
                goto refused;
            if (c != ' ')
                last = k + 1;
            k++;
        }
        if (last == start)
            goto refused; /* an empty item, or a comma at the end */
        PyObject *item_path = index_path(path, PyList_GET_SIZE(items));
        Py_ssize_t line = p->at + 1;
        PyObject *value = NULL;
        if (item_path != NULL && set_item(p->positions, item_path, lines_pair(line - 1, start - l->start)) == 0)
            value = lines_text(p, s + start, last - start, 1, item_path, line);
        Py_XDECREF(item_path);
        if (value == NULL || PyList_Append(items, value) < 0) {
            Py_XDECREF(value);
            Py_DECREF(items);
            return NULL;
        }
        Py_DECREF(value);
        if (k == close)
            return items;
        k++; /* the comma */
    }
refused:
    Py_DECREF(items);
    return REFUSED;
}

/* A literal block scalar ("|" or "|-" at ``i``) whose lines are more indented than ``parent``. */
static PyObject *lines_literal(Lines *p, Line *l, Py_ssize_t i, Py_ssize_t parent, PyObject *path)
{
    const unsigned char *s = p->s;
    int strip = i + 1 < l->end && s[i + 1] == '-';
    for (Py_ssize_t k = i + 1 + strip; k < l->end; k++)
        if (s[k] != ' ')
            return REFUSED; /* keep (+), an indentation digit, a comment */
    Py_ssize_t header = p->at, first = header + 1, block = -1;
    for (Py_ssize_t k = first; k < p->count; k++) {
        Line *c = &p->lines[k];
        if (c->end > c->start && c->indent == c->end - c->start)
            return REFUSED; /* a line of spaces before the text: libyaml's rules there are subtle */
        if (c->end > c->start) {
            block = c->indent;
            break;
        }
    }
    if (block <= parent)
        return REFUSED; /* empty, or not indented */
    Py_ssize_t k = first, last_text = -1;
    for (; k < p->count; k++) {
        Line *c = &p->lines[k];
        if (c->end == c->start)
            continue;
        if (c->indent == c->end - c->start || s[c->start + c->indent] == '\t')
            return REFUSED; /* spaces only; a tab after the indentation (libyaml refuses it on the first line) */
        if (c->indent < block)
            break;
        last_text = k;
    }
    PyObject *text = NULL;
    /* The text: each line from the block's indentation on, a line feed after each but the last
     * unless clipped (one line feed at the end); empty lines at the end are not part of it. */
    Py_ssize_t size = 0;
    for (Py_ssize_t j = first; j <= last_text; j++) {
        Line *c = &p->lines[j];
        size += (c->end > c->start ? c->end - c->start - block : 0) + 1;
    }
    char *buffer = PyMem_Malloc(size > 0 ? (size_t)size : 1);
    if (buffer == NULL)
        return PyErr_NoMemory();
    Py_ssize_t w = 0;
    for (Py_ssize_t j = first; j <= last_text; j++) {
        Line *c = &p->lines[j];
        if (c->end > c->start) {
            memcpy(buffer + w, s + c->start + block, (size_t)(c->end - c->start - block));
            w += c->end - c->start - block;
        }
        buffer[w++] = '\n';
    }
    if (strip)
        w--;
    text = lines_text(p, (const unsigned char *)buffer, w, 0, path, header + 2);
    PyMem_Free(buffer);
    p->at = last_text + 1;
    return text;
}

/* The scalar or flow list that starts at ``i`` of line ``l`` and ends with it (the line is consumed). */
static PyObject *lines_inline(Lines *p, Line *l, Py_ssize_t i, Py_ssize_t parent, PyObject *path, int depth)
{
    const unsigned char *s = p->s;
    Py_ssize_t end = l->end, line = p->at + 1;
    if (depth > MAX_DEPTH || l->tab)
        return REFUSED;
    while (end > i && s[end - 1] == ' ')
        end--;
    unsigned char c = s[i];
    PyObject *value;
    if (c == '"' || c == '\'') {
        Py_ssize_t k = i + 1;
        while (k < end && s[k] != c && s[k] != '\\')
            k++;
        if (k != end - 1 || s[k] != c)
            return REFUSED; /* an escape, a quote inside, or text after the closing one */
        value = lines_text(p, s + i + 1, k - i - 1, 0, path, line);
    } else if (c == '[') {
        value = lines_flow(p, l, i, path, depth);
    } else if (c == '|') {
        return lines_literal(p, l, i, parent, path);
    } else {
        if (strchr("-?:,[]{}#&*!|>'\"%@`", c) != NULL)
            return REFUSED;
        for (Py_ssize_t k = i; k < end; k++)
            if (s[k] == '#' || (s[k] == ':' && (k + 1 == end || s[k + 1] == ' ')))
                return REFUSED;
        value = lines_text(p, s + i, end - i, 1, path, line);
    }
    if (value != NULL && value != REFUSED)
        p->at++;
    return value;
}

/* The value of a key whose line ends after its ':' (``indent``: the key's): a list, a mapping, or nothing. */
static PyObject *lines_block(Lines *p, Py_ssize_t indent, PyObject *path, int depth)
{
    p->at++;
    if (depth > MAX_DEPTH)
        return REFUSED; /* the event builder refuses any node that deep, nothing included */
    Line *l = lines_next(p);
    if (l == NULL || l->indent < indent || (l->indent == indent && p->s[l->start + l->indent] != '-'))
        Py_RETURN_NONE;
    if (p->s[l->start + l->indent] == '-')
        return lines_sequence(p, l->indent, path, depth);
    return lines_mapping(p, l->indent, l->indent, path, depth);
}

/* A block mapping whose keys are at ``indent``; its first key at ``first_column`` of the current line. */
static PyObject *lines_mapping(Lines *p, Py_ssize_t indent, Py_ssize_t first_column, PyObject *path, int depth)
{
    const unsigned char *s = p->s;
    PyObject *members = PyDict_New();
    if (members == NULL)
        return NULL;
    Py_ssize_t column = first_column;
    for (;;) {
        Line *l = lines_next(p);
        if (l == NULL || (column < 0 && l->indent < indent))
            return members;
        if (l->tab || (column < 0 && l->indent != indent))
            goto refused;
        Py_ssize_t i = l->start + (column < 0 ? indent : column);
        column = -1;
        Py_ssize_t length = key_length(s, i, l->end);
        if (length == 0)
            goto refused;
        PyObject *key = PyUnicode_DecodeUTF8((const char *)s + i, length, "strict");
        if (key == NULL)
            goto error;
        int seen = PyDict_Contains(members, key);
        PyObject *key_path = seen == 0 ? child_path(path, key) : NULL;
        Py_DECREF(key);
        if (key_path == NULL) {
            if (seen == 1 && !PyErr_Occurred())
                goto refused;
            goto error;
        }
        key = PyTuple_GET_ITEM(key_path, PyTuple_GET_SIZE(key_path) - 1); /* the shared key */
        PyObject *value = NULL;
        if (set_item(p->positions, key_path, lines_pair(p->at, i - l->start)) == 0) {
            Py_ssize_t k = i + length + 1;
            while (k < l->end && s[k] == ' ')
                k++;
            value = k == l->end ? lines_block(p, indent, key_path, depth + 1)
                                : lines_inline(p, l, k, indent, key_path, depth + 1);
        }
        if (value == NULL || value == REFUSED) {
            Py_DECREF(key_path);
            Py_DECREF(members);
            return value;
        }
        int status = PyDict_SetItem(members, key, value);
        Py_DECREF(key_path);
        Py_DECREF(value);
        if (status < 0)
            goto error;
    }
refused:
    Py_DECREF(members);
    return REFUSED;
error:
    Py_DECREF(members);
    return NULL;
}

/* A block sequence whose "- " are at ``indent``: items are scalars or mappings on the dash's line. */
static PyObject *lines_sequence(Lines *p, Py_ssize_t indent, PyObject *path, int depth)
{
    const unsigned char *s = p->s;
    PyObject *items = PyList_New(0);
    if (items == NULL)
        return NULL;
    for (;;) {
        Line *l = lines_next(p);
        if (l == NULL || l->indent < indent)
            return items;
        Py_ssize_t dash = l->start + l->indent;
        if (l->indent == indent && s[dash] != '-')
            return items; /* the next key of the mapping this list is the value of */
        if (l->indent != indent || l->tab || dash + 1 >= l->end || s[dash + 1] != ' ' || depth + 1 > MAX_DEPTH)
            goto refused;
        Py_ssize_t i = dash + 1;
        while (i < l->end && s[i] == ' ')
            i++;
        if (i == l->end || s[i] == '-' || s[i] == '|')
            goto refused; /* an item on the next line, a list in a list, a literal item */
        PyObject *item_path = index_path(path, PyList_GET_SIZE(items));
        PyObject *value = NULL;
        if (item_path != NULL && set_item(p->positions, item_path, lines_pair(p->at, i - l->start)) == 0) {
            if (key_length(s, i, l->end) > 0)
                value = lines_mapping(p, i - l->start, i - l->start, item_path, depth + 1);
            else
                value = lines_inline(p, l, i, indent, item_path, depth + 1);
        }
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
refused:
    Py_DECREF(items);
    return REFUSED;
}

/* The document's values, read line by line into ``positions`` and ``text_lines``; REFUSED when libyaml must read it. */
static PyObject *lines_document(const unsigned char *s, Py_ssize_t n, PyObject *positions, PyObject *text_lines)
{
    Lines p = {NULL, NULL, 0, 0, positions, text_lines};
    if (!lines_split(&p, s, n)) {
        PyMem_Free(p.lines);
        return PyErr_Occurred() ? NULL : REFUSED;
    }
    PyObject *data = REFUSED;
    Line *first = lines_next(&p);
    if (first != NULL && first->indent == 0) {
        PyObject *top = PyTuple_New(0);
        data = top != NULL ? lines_mapping(&p, 0, 0, top, 0) : NULL;
        Py_XDECREF(top);
        if (data != NULL && data != REFUSED && lines_next(&p) != NULL) {
            Py_DECREF(data);
            data = REFUSED; /* text after the top mapping */
        }
    }
    PyMem_Free(p.lines);
    return data;
}

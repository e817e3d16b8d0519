"""What changed: entry diffs in a reader's words, git history, the updates page and feed.

- ``snapshot``: an entry's fields as written, from a loaded dossier or a git blob;
- ``entry_diff`` and ``facts``: what changed in one entry, field by field, with
  the flags a reviewer must look at;
- ``dossier_diff``: two whole dossiers: added, removed, renamed and changed entries;
- ``words``: facts in the words a reader uses ("status Proposed → Signed");
- ``git``, ``checkout`` and ``history``: reading a repository (with a cache by commit);
- ``site_history`` and ``updates``: the History list on entry pages, the
  Updates page and its Atom feed.

``dossier diff`` (``cli/diff_command.py``, ``cli/diff_report.py``) and the
plugin (``plugin/history.py``) are the adapters.

Nothing here imports MkDocs.
"""

"""``dossier check-sources``: are the cited pages still there, and do they say what is quoted?

The modules, in the order data flows through them:

- :mod:`~dossierkit.sourcecheck.check`: what to check (all sources, or what a
  change touches) and what to conclude about each source and quote;
- :mod:`~dossierkit.sourcecheck.changes`: the changed files, from git;
- :mod:`~dossierkit.sourcecheck.pages`: pages by address: the on-disk cache,
  one fetch per address, one request at a time per host, the overall deadline;
- :mod:`~dossierkit.sourcecheck.http_fetch`: one GET with its redirects,
  retries, time and size limits;
- :mod:`~dossierkit.sourcecheck.addresses`: the network boundary (which
  addresses may be reached);
- :mod:`~dossierkit.sourcecheck.extract`: the text of HTML, plain text and
  PDF pages (PDFs in a child process);
- :mod:`~dossierkit.sourcecheck.match`: normalised quote matching;
- :mod:`~dossierkit.sourcecheck.report`: findings, results and the JSON report.

The command itself is ``cli/check_sources.py``.
"""

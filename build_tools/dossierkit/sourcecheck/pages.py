"""Pages by address: the on-disk cache and the fetcher the worker threads share.

The cache is a folder with one JSON file per address (``<sha256 of the
url>.json``): the outcome, the HTTP status, the final address, the reason,
when it was fetched and the page's extracted text.  Only lasting answers are
kept (a page whose text was read, a page that is gone); a timeout, a refusal
or a page without readable text is asked again next time.  An entry is fresh
for :data:`TTL` (7 days); ``--offline`` uses entries of any age.  The cache
is the checker's own local state: keep it outside the checked-out repository
in CI (a pull request could otherwise commit a forged one).  A file that is
unreadable, too large or not what this module wrote is ignored.

:class:`Fetcher` fetches each address at most once per run (a second source
with the same address waits for the first answer), one request at a time
per host (:class:`HostGates`), nothing new after the overall deadline, and
nothing at all with ``--offline``: what is not in the cache is "not checked".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from dossierkit.sourcecheck.addresses import Policy
from dossierkit.sourcecheck.extract import page_text
from dossierkit.sourcecheck.http_fetch import FAILED, GONE, NOT_CHECKED, OK, Fetched, Limits, fetch

TTL = timedelta(days=7)
FORMAT = 1
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Page:
    """What the checker knows about one address: the outcome of fetching it and its text."""

    url: str
    outcome: str                 # ok, gone, refused, failed, not-checked (http_fetch)
    final_url: str | None = None
    status: int | None = None
    reason: str = ""
    text: str | None = None      # the page's text; None when it has none that could be read
    fetched: str | None = None   # ISO 8601 time, UTC, to the second

    def fetched_at(self) -> datetime | None:
        """:attr:`fetched` as a datetime."""
        try:
            return datetime.fromisoformat(self.fetched) if self.fetched else None
        except ValueError:
            return None


def now_utc() -> str:
    """The current time as stored in the cache."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Cache:
    """A folder of cached :class:`Page` records keyed by address."""

    def __init__(self, folder: Path, ttl: timedelta = TTL):
        self.folder = Path(folder)
        self.ttl = ttl

    def _path(self, url: str) -> Path:
        return self.folder / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")

    def get(self, url: str) -> Page | None:
        """The cached page for ``url`` (of any age), or None."""
        path = self._path(url)
        try:
            if path.is_symlink() or path.stat().st_size > MAX_FILE_BYTES:
                return None
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.pop("format", None) != FORMAT or data.get("url") != url:
                return None
            page = Page(**data)
        except (OSError, ValueError, TypeError):
            return None
        if not isinstance(page.outcome, str) or not (page.text is None or isinstance(page.text, str)):
            return None
        return page

    def is_fresh(self, page: Page, now: datetime | None = None) -> bool:
        """True when ``page`` was fetched less than the TTL ago."""
        fetched = page.fetched_at()
        now = now or datetime.now(timezone.utc)
        return fetched is not None and fetched.tzinfo is not None and timedelta(0) <= now - fetched < self.ttl

    def put(self, page: Page) -> None:
        """Store ``page`` (written to a temporary file and renamed: never half-written)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {"format": FORMAT, **asdict(page)}
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".partial-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(record, out, ensure_ascii=False, sort_keys=True)
            os.replace(temporary, self._path(page.url))
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)


class HostGates:
    """One lock per host name: at most one request at a time to any host."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gates: dict[str, threading.Lock] = defaultdict(threading.Lock)

    @contextlib.contextmanager
    def hold(self, host: str) -> Iterator[None]:
        """Wait until no other request to ``host`` is under way, then hold it."""
        with self._lock:
            gate = self._gates[host]
        with gate:
            yield


def to_page(fetched: Fetched, parse_timeout: float) -> Page:
    """The :class:`Page` for a fetch: its text extracted when the fetch succeeded."""
    text, reason = None, fetched.reason
    if fetched.outcome == OK:
        try:
            text = page_text(fetched.body, fetched.content_type, parse_timeout)
        except ValueError as exc:
            reason = str(exc)
        except OSError as exc:  # the child process that reads the page could not start
            reason = f"the page's text could not be read ({exc.strerror or exc})"
    return Page(fetched.url, fetched.outcome, fetched.final_url, fetched.status, reason, text, now_utc())


class Fetcher:
    """Gives the :class:`Page` of an address, from the cache or the network."""

    def __init__(self, policy: Policy, limits: Limits, cache: Cache | None = None, offline: bool = False,
                 deadline: float | None = None):
        self.policy = policy
        self.limits = limits
        self.cache = cache
        self.offline = offline
        self.deadline = deadline            # time.monotonic() after which nothing new is fetched
        self.gates = HostGates()
        self._lock = threading.Lock()
        self._pages: dict[str, Page] = {}
        self._url_locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self.fetches = 0                    # requests made this run (for the summary and tests)

    def page(self, url: str) -> Page:
        """The page at ``url``; fetched at most once per run."""
        with self._lock:
            url_lock = self._url_locks[url]
        with url_lock:
            if url not in self._pages:
                self._pages[url] = self._load(url)
            return self._pages[url]

    def _load(self, url: str) -> Page:
        cached = self.cache.get(url) if self.cache else None
        if self.offline:
            return cached or Page(url, NOT_CHECKED, reason="not in the cache, and --offline fetches nothing")
        if cached is not None and self.cache is not None and self.cache.is_fresh(cached):
            return cached
        if self.deadline is not None and time.monotonic() > self.deadline:
            return Page(url, NOT_CHECKED, reason="the overall time limit was reached first")
        with self._lock:
            self.fetches += 1
        try:
            page = to_page(fetch(url, self.policy, self.limits, self.gates.hold), self.limits.timeout)
        except Exception as exc:  # noqa: BLE001 - one hostile page must not stop the check of all the others
            page = Page(url, FAILED, reason=f"the checker failed on this page ({type(exc).__name__}: {exc})"[:300])
        if self.cache is not None and (page.outcome == GONE or (page.outcome == OK and page.text is not None)):
            self.cache.put(page)
        return page

"""Each feed item's rendered bytes, kept between builds (``.spotlight-cache/feed.items``).

An item's ``<item>`` element, cut out of a feedgen render (:mod:`.feedgen`: the bytes
are the same whether the item is rendered alone or with others), depends only on

* its values, the :class:`.values.ItemData` (frozen; :func:`item_key` digests its
  ``repr``, which spells every field of it and of the values nested in it: see
  :func:`item_key` and tests/test_feed_items.py, which checks the whole type tree);
* the ``<rss ...>`` start tag of the feed, whose namespace declarations decide the
  prefixes written inside the item;
* the code that renders it: spotlight-feed's own files, feedgen's and lxml's versions
  and the build's output options, all in the build's environment key (*code*:
  ``release/keys.py`` ``env_key``, the same key the search cache uses).

So an item whose key (a SHA-256 of all three) is in the last build's file is written
from there instead of through feedgen again: a one-episode change of a 1,000-episode
show renders one item, not 1,000.

Its values need not even be decided (:func:`.values.item_data`, a third of the feed's
time) when the item comes as a :class:`.values.ItemSource`: its *inputs key*, a SHA-256
of the same code and start tag and of :meth:`.values.ItemSource.inputs` (the episode's
config, outputs and plan and the show config: everything ``item_data`` reads), names
the item in the file too.

Trust: the file is used only when it is *sealed* (:mod:`..sealed`): the very file this
tool wrote, unchanged since; any other file (copied, restored, crafted, damaged, of
another format or another tool's code) is a miss for every item, which are then
rendered and written to a new file. Nothing in it is executed or decoded into objects:
it is bytes copied into ``feed.xml``. The new file holds this build's items (hits and
misses) and is written to a temporary name, renamed into place and sealed only when the
whole feed was written. A feed that fails drops the new file and removes the old seal,
so no seal survives it and the next build renders every item again. (The old seal stays
until then: removing it earlier would free space on a full disk before the build's own
writes, which tests/test_faults.py expects to fail there.)

Format: the line :data:`FORMAT`, then per item its 32-byte inputs key (zeros for an
item given as values), its 32-byte key, the length of its bytes (8 bytes, big-endian)
and the bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import re
from datetime import timezone
from pathlib import Path
from typing import BinaryIO

from ...plan.layout import CACHE_DIR
from ..sealed import open_sealed, put_sealed, unseal
from .values import ItemData, ItemSource

FORMAT = b"spotlight-feed-items/2\n"
"""The first line of the file; any other is a miss (an older or newer format)."""

COMBINED = "feed.items"
SEAL = "feed.items.seal"

_RSS = re.compile(rb"<rss\b[^>]*>")
_NONE = bytes(32)
"""The inputs key of an item given as values (never looked up)."""
_RECORD = 72
"""Inputs key, key and length: the bytes before each item's."""
_TZ = (timezone,)
"""The ``tzinfo`` types whose ``repr`` spells their offset (``datetime.timezone``); an
item published in any other is rendered, not cached."""


def _tz_types() -> tuple[type, ...]:
    """:data:`_TZ` and pydantic-core's ``TzInfo``, whose ``repr`` is its offset in seconds."""
    try:
        from pydantic_core import TzInfo
    except ImportError:  # pragma: no cover - pydantic is a dependency
        return _TZ
    return (*_TZ, TzInfo)


def rss_start(head: bytes) -> bytes:
    """The ``<rss ...>`` start tag of a rendered feed's *head* (its namespace declarations)."""
    m = _RSS.search(head)
    return m.group() if m else head


class ItemCache:
    """The rendered items of the last build, and the file of this build's (module docstring)."""

    def __init__(self, root: Path, code: str) -> None:
        """*root* is the project folder; *code* the build's environment key (its code)."""
        folder = root / CACHE_DIR
        self.path = folder / COMBINED
        self.seal = folder / SEAL
        self.code = code
        self._base = b""
        self._map: mmap.mmap | None = None
        self._spans: dict[bytes, tuple[int, int]] = {}
        self._inputs: dict[bytes, bytes] = {}
        self._tmp = folder / f".{COMBINED}.{os.getpid()}.tmp"
        self._out: BinaryIO | None = None
        self._tz = _tz_types()

    def start(self, rss: bytes) -> None:
        """Map the last build's file if it is sealed, and begin this build's file.

        *rss* is the feed's ``<rss ...>`` start tag (:func:`rss_start`).
        """
        self._close_map()
        self._drop_out()
        self._base = hashlib.sha256(f"{self.code}\0".encode() + rss + b"\0").digest()
        self._map = open_sealed(self.path, self.seal, self.code)
        self._spans, self._inputs = _index(self._map) if self._map is not None else ({}, {})
        try:
            self._tmp.parent.mkdir(parents=True, exist_ok=True)
            self._out = self._tmp.open("wb")
            self._out.write(FORMAT)
        except OSError:
            self._drop_out()

    def key(self, item: ItemData) -> bytes | None:
        """The digest of everything *item*'s bytes depend on; ``None``: do not cache it.

        The ``repr`` of the frozen dataclass spells every field (strings and numbers as
        their ``repr``, which reads back as the same value; nested dataclasses and
        pydantic models field by field); only a ``tzinfo`` whose ``repr`` might not give
        its offset is not trusted to spell its value.
        """
        if not isinstance(item.published.tzinfo, self._tz):
            return None
        text = repr(item).encode("utf-8", "backslashreplace")
        return hashlib.sha256(self._base + text).digest()

    def inputs_key(self, source: ItemSource) -> bytes:
        """The digest of what *source*'s values are decided from (the module docstring)."""
        return hashlib.sha256(self._base + source.inputs()).digest()

    def by_inputs(self, ikey: bytes) -> tuple[bytes, bytes] | None:
        """The key and bytes the last build kept for inputs key *ikey*, if sealed."""
        key = self._inputs.get(ikey)
        found = self.get(key) if key is not None else None
        return (key, found) if key is not None and found is not None else None

    def get(self, key: bytes | None) -> bytes | None:
        """The bytes kept for *key* by the last build, if its file was sealed."""
        span = self._spans.get(key) if key is not None else None
        if span is None or self._map is None:
            return None
        return self._map[span[0] : span[1]]

    def keep(self, ikey: bytes | None, key: bytes | None, data: bytes) -> None:
        """Add an item's bytes to this build's file (nothing for an item without a key)."""
        if self._out is None or key is None:
            return
        try:
            self._out.write((ikey or _NONE) + key + len(data).to_bytes(8, "big") + data)
        except OSError:
            self._drop_out()

    def commit(self) -> None:
        """The whole feed was written: put this build's file in place and seal it."""
        self._close_map()
        if self._out is None:
            return
        try:
            self._out.close()
        except OSError:
            self._drop_out()
            return
        self._out = None
        put_sealed(self._tmp, self.path, self.seal, self.code)

    def abandon(self) -> None:
        """The feed failed: drop this build's file and unseal the old one (module docstring)."""
        self._close_map()
        self._drop_out()
        unseal(self.seal)

    def _close_map(self) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None
        self._spans, self._inputs = {}, {}

    def _drop_out(self) -> None:
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
            self._out = None
            with contextlib.suppress(OSError):
                self._tmp.unlink(missing_ok=True)


def _index(mm: mmap.mmap) -> tuple[dict[bytes, tuple[int, int]], dict[bytes, bytes]]:
    """Where each key's bytes are in a mapped file, and each inputs key's key.

    Empty if the file is not of :data:`FORMAT`. A sealed file is one this tool wrote,
    but its records are still read with bounds checks: a short or overlong record ends
    the index (what came before is kept).
    """
    spans: dict[bytes, tuple[int, int]] = {}
    inputs: dict[bytes, bytes] = {}
    if mm[: len(FORMAT)] != FORMAT:
        return spans, inputs
    pos, end = len(FORMAT), len(mm)
    while pos + _RECORD <= end:
        ikey, key = mm[pos : pos + 32], mm[pos + 32 : pos + 64]
        start = pos + _RECORD
        stop = start + int.from_bytes(mm[pos + 64 : start], "big")
        if stop > end:
            break
        spans[key] = (start, stop)
        if ikey != _NONE:
            inputs[ikey] = key
        pos = stop
    return spans, inputs

"""Prefix analytics (OP3, Podtrac, ...): a measuring redirect in front of the enclosure URL.

A prefix service logs the download and redirects to the file: ``https://op3.dev/e/``
+ ``cdn.example/ep.mp3`` (https://op3.dev "Set up"; the wrapped URL without its
scheme, which OP3 and Podtrac both accept; Castopod's "op3: remove scheme when
wrapping"). Several prefixes chain: the first wraps the file's URL, the next wraps
that. Only the URLs written into the feed's ``enclosure`` (and ``podcast:trailer``)
carry them: ``spotlight.lock``, the GUIDs, the manifest and the pages keep the plain
URL, so switching a service on or off never changes an episode's identity.
"""

from __future__ import annotations

from collections.abc import Iterable

from ....config.apps import Analytics


def prefixed(url: str, analytics: Iterable[Analytics]) -> str:
    """*url* wrapped by each prefix in turn (the plain *url* without any)."""
    for a in analytics:
        inner = url if a.keep_scheme else url.removeprefix("https://").removeprefix("http://")
        url = a.prefix + inner
    return url


def unprefixed(url: str, analytics: Iterable[Analytics]) -> str:
    """The plain URL behind *url* (for ``check``, which looks the file up in dist/)."""
    for a in reversed(list(analytics)):
        if url.startswith(a.prefix):
            inner = url[len(a.prefix) :]
            url = inner if a.keep_scheme or "://" in inner else "https://" + inner
    return url

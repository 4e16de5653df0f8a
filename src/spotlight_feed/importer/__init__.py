"""Import an existing show from its published feed into a show folder ``build`` accepts.

Stages, each a small module (I/O only in :mod:`.fetch` and :mod:`.write`):

* :mod:`.fetch`: read the feed (http(s) or a file) and download what it names;
* :mod:`.parse`: stream-parse RSS with lxml ``iterparse`` (memory stays flat),
  recover from feeds that are not well-formed and say where they broke, follow
  RFC 5005 ``rel="next"`` pages;
* :mod:`.prefixes`: strip tracking prefixes (podtrac, chartable, pdst, op3, Blubrry);
* :mod:`.htmlnotes`: HTML show notes to the show-notes format of ``episode.yaml``;
* :mod:`.mapping`: feed values to ``podcast.yaml`` / ``episode.yaml`` values;
* :mod:`.write`: the show folder and a ``spotlight.lock`` seeded with every GUID;
* :mod:`.report`: the migration report (what was carried, changed, lost, and why).

Rules followed: docs/sources.md §9 (item ``<guid>`` verbatim,
``podcast:guid`` copied or computed from the *old* feed URL, Podcasting 2.0
``docs/tags/guid.md``), Apple "A Podcaster's Guide to RSS".
"""

"""Reaching every app: the feed features of issue #14, one module per tag group.

* :mod:`.config`: the podcast.yaml/episode.yaml fields (pydantic models).
* :mod:`.chapters`: ``psc:chapters`` (Podlove Simple Chapters, what Spotify reads) and
  the timestamp list appended to descriptions (Spotify, Apple, YouTube).
* :mod:`.values`: every new channel and item value, decided once (pure).
* :mod:`.tags`: writes those values into the feed's channel and item elements.
* :mod:`.schedule`: drafts, scheduled episodes and an honest ``lastBuildDate``.
* :mod:`.prefix`: prefix analytics (OP3, Podtrac) on enclosure URLs only.
* :mod:`.paging`: RFC 5005 paged feeds and the complete archive.
"""

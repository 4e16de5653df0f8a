"""Reaching every app: the feed features of issue #14, one module per tag group.

* :mod:`.chapters`: ``psc:chapters`` (Podlove Simple Chapters, what Spotify reads) and
  the timestamp list appended to descriptions (Spotify, Apple, YouTube).
* :mod:`.values`: every new channel and item value, decided once (pure).
* :mod:`.tags`: writes those values into the feed's channel and item elements.
* :mod:`.prefix`: prefix analytics (OP3, Podtrac) on enclosure URLs only.
* :mod:`..paging` (beside this package): RFC 5005 paged feeds and the complete archive.
* :mod:`.size`: the feed-size warnings ``check`` gives.

Elsewhere, by stage: the podcast.yaml/episode.yaml fields (pydantic models) are
:mod:`spotlight_feed.config.apps`; drafts, scheduled episodes and an honest
``lastBuildDate`` are decided in :mod:`spotlight_feed.plan.schedule`; alternate files
are published by :mod:`spotlight_feed.write.alternates`.
"""

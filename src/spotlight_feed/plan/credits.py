"""Who is credited on an episode: one typed model, decided once from the config (pure).

``podcast.yaml`` ``people`` are the show's hosts and regulars; an episode lists those who are
not in it under ``absent:``; its ``voices:`` say who speaks each transcript label (a credited
person, a quoted one, or an uncredited voice with a description); its ``credits:`` name the
writers, producers and other credits. :func:`episode_credits` turns all of that, with every
name cleaned for output once (:func:`.text.clean`), into :class:`Credits`. Every consumer
reads this model and none reads the config's people itself:

* the feed's ``podcast:person`` list (Podcasting 2.0 ``docs/tags/person.md``, docs/sources.md
  §1.1: item persons replace the channel's, so the show's people present come first);
* the ID3 ``TPE1``/``TEXT``/``IPLS``/``TIPL`` frames (id3.org ID3v2.3.0 §4.2.1, §4.4;
  ID3v2.4.0-frames §4.2.2);
* the page's credit groups and its schema.org JSON-LD (https://schema.org/PodcastEpisode:
  ``actor``, ``creator``, ``producer``, ``mentions``), which go by :attr:`Credit.kind`, never
  by a heading's text.

Taxonomy roles and groups are those of the Podcasting 2.0 person taxonomy
(https://podcastindex.org/namespace/1.0#person, ``taxonomy.json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..config import EpisodeConfig, ShowConfig, Voice
from ..text import clean

CreditKind = Literal["show", "voice", "quoted", "uncredited", "writer", "producer", "other"]
"""Where a credit comes from: a show person present in the episode (``show``), a named voice
who speaks (``voice``), a person quoted but voiced by someone else (``quoted``), a voice with
only a description (``uncredited``), or the episode's ``credits:`` lists."""

HOST_ROLES = frozenset({"host", "co-host", "guest host"})
"""Taxonomy roles (lower case) shown among the hosts."""


@dataclass(frozen=True, slots=True)
class Credit:
    """One credited person (or uncredited voice); every text cleaned for output."""

    name: str
    """The name shown; for an uncredited voice its description (else its speaker label)."""
    role: str
    """Taxonomy role as given (``writer`` and ``producer`` for those lists)."""
    group: str
    """Taxonomy group as given (``writing``, ``creative direction`` for those lists)."""
    kind: CreditKind
    href: str | None = None
    img: str | None = None
    note: str = ""
    """A named voice's description."""
    source: str = ""
    """Where a quotation comes from (``quoted`` only)."""

    @property
    def is_host(self) -> bool:
        """Shown among the hosts (:data:`HOST_ROLES`)."""
        return self.role.lower() in HOST_ROLES

    @property
    def is_producer(self) -> bool:
        """Produced the episode (JSON-LD ``producer``): the producers list or the role."""
        return self.kind == "producer" or (
            self.kind in ("show", "other") and self.role.lower() == "producer"
        )

    @property
    def speaks(self) -> bool:
        """A person present in the episode's audio (``Voice.credited``)."""
        return self.kind == "voice"


@dataclass(frozen=True, slots=True)
class Credits:
    """Everyone credited on one episode, in config order within each list."""

    show: tuple[Credit, ...]
    """The show's people (podcast.yaml ``people``) present in this episode."""
    voices: tuple[Credit, ...]
    """Every transcript voice (``voice``, ``quoted`` or ``uncredited``)."""
    writers: tuple[Credit, ...]
    producers: tuple[Credit, ...]
    others: tuple[Credit, ...]

    def persons(self) -> tuple[Credit, ...]:
        """The ``podcast:person`` list, each (name, role, group) once.

        Show people, voices who speak, writers, producers, other credits; roles and groups
        are compared in any case.
        """
        out: list[Credit] = []
        seen: set[tuple[str, str, str]] = set()
        speaking = [v for v in self.voices if v.speaks]
        for c in [*self.show, *speaking, *self.writers, *self.producers, *self.others]:
            key = (c.name, c.role.lower(), c.group.lower())
            if key not in seen:
                seen.add(key)
                out.append(c)
        return tuple(out)

    def performers(self) -> tuple[str, ...]:
        """ID3 ``TPE1``: the voices who speak, else the show's people present (each once).

        Empty when there are neither (the tag then names the show's author).
        """
        names = [v.name for v in self.voices if v.speaks] or [p.name for p in self.show]
        return tuple(dict.fromkeys(names))

    def involved(self) -> tuple[tuple[str, str], ...]:
        """ID3 ``IPLS``/``TIPL`` (function, name) pairs: producers, then other credits."""
        return tuple(("producer", c.name) for c in self.producers) + tuple(
            (c.role, c.name) for c in self.others
        )


def show_people(show: ShowConfig) -> tuple[Credit, ...]:
    """The show's people (the channel's ``podcast:person`` list), cleaned."""
    return tuple(Credit(p.name, p.role, p.group, "show", p.href, p.img) for p in show.people)


def episode_credits(
    show: ShowConfig, episode: EpisodeConfig, people: tuple[Credit, ...] | None = None
) -> Credits:
    """The :class:`Credits` of one episode.

    *people* is :func:`show_people` (computed once per build by a caller with many
    episodes). ``absent:`` names are matched to the show's people after cleaning, in any case.
    """
    people = show_people(show) if people is None else people
    absent = {name.casefold() for name in episode.absent}
    cr = episode.credits
    return Credits(
        show=tuple(p for p in people if p.name.casefold() not in absent),
        voices=tuple(_voice(label, v) for label, v in episode.voices.items()),
        writers=tuple(
            Credit(c.name, "writer", "writing", "writer", c.href, c.img) for c in cr.writers
        ),
        producers=tuple(
            Credit(c.name, "producer", "creative direction", "producer", c.href, c.img)
            for c in cr.producers
        ),
        others=tuple(Credit(o.name, o.role, o.group, "other", o.href, o.img) for o in cr.others),
    )


def _voice(label: str, voice: Voice) -> Credit:
    note = voice.description or ""
    if not voice.name:
        return Credit(
            clean(voice.description or label), voice.role, voice.group, "uncredited",
            voice.href, voice.img,
        )  # fmt: skip
    kind: CreditKind = "quoted" if voice.quoted else "voice"
    return Credit(
        voice.name, voice.role, voice.group, kind, voice.href, voice.img, note,
        voice.source or "",
    )  # fmt: skip

"""The show's regular people who are in one episode.

``podcast.yaml`` ``people`` are the show's hosts and regulars; an episode lists
those who are not in it under ``absent:``. Everyone else is credited on the
episode: its page's credits and JSON-LD, its ``podcast:person`` list (item persons
replace the channel's, Podcasting 2.0 ``docs/tags/person.md``) and the ID3 TPE1
fallback.
"""

from __future__ import annotations

from ..config import Person
from ..model import Episode, Project


def present_people(project: Project, episode: Episode) -> list[Person]:
    """The show's ``people`` minus those the episode marks ``absent``."""
    absent = {name.casefold() for name in episode.config.absent}
    return [p for p in project.show.people if p.name.casefold() not in absent]

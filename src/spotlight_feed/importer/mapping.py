"""Feed values to ``podcast.yaml`` and ``episode.yaml`` values (pure: no I/O).

Every rule is the one in docs/sources.md §9 and the project's
config schema (:mod:`spotlight_feed.config`):

* item ``<guid>`` verbatim (trimmed); without one, the enclosure URL as published,
  which is what Apple and podcast apps derive (§5 table);
* ``podcast:guid`` copied; without one, computed by :func:`spotlight_feed.guid.podcast_guid`
  from the *old* feed URL (Podcasting 2.0 ``docs/tags/guid.md``: the show's identity
  does not change when it moves);
* ``itunes:explicit`` ``yes``/``true``/``explicit`` -> true, ``no``/``false``/``clean`` -> false
  (Apple now wants true/false; docs-api#138);
* dates (RFC 822/2822 ``pubDate``, or ISO 8601 ``dc:date``) keep their own time zone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from ..config import vocab as apple
from ..guid import GUID_RE, podcast_guid
from ..load.checks import SLUG_RE
from .htmlnotes import html_to_notes, looks_like_html
from .model import Channel, Feed, Item, Person, ValueBlock
from .prefixes import Stripped, strip_prefixes
from .report import Report
from .urls import url_problem

_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_EMAIL_RE = re.compile(r"[^@\s<>()]+@[^@\s<>()]+\.[^@\s<>()]+")
_LANG_RE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
PLACEHOLDER_EMAIL = "owner@example.invalid"
_IGNORED = {"itunes:author", "itunes:keywords", "itunes:title", "author", "category", "comments"}
"""Item elements whose loss is not worth a line: the show's values or page-only data."""
_COUNTERS = ("guid", "derived", "dates", "permalink", "prefixed", "html", "no_enclosure")
AUDIO_SUFFIXES = (
    "mp3",
    "m4a",
    "m4b",
    "mp4",
    "aac",
    "wav",
    "flac",
    "aif",
    "aiff",
    "ogg",
    "oga",
    "opus",
)
"""Source types ``build`` takes (README "Audio sources"); others than MP3 are encoded."""
_AUDIO_MIME = {
    "audio/mpeg": "mp3",
    "audio/mp3": "mp3",
    "audio/x-mp3": "mp3",
    "x-audio/mp3": "mp3",
    "audio/mpeg3": "mp3",
    "audio/x-m4a": "m4a",
    "audio/m4a": "m4a",
    "audio/mp4": "m4a",
    "audio/aac": "aac",
    "audio/x-wav": "wav",
    "audio/wav": "wav",
    "audio/flac": "flac",
    "audio/x-flac": "flac",
    "audio/ogg": "ogg",
    "audio/opus": "opus",
    "audio/x-aiff": "aiff",
}


def audio_suffix(url: str, mime: str | None) -> str:
    """The file name ending of an enclosure: its URL's if it is an audio type, else its MIME's."""
    ext = _ext(url, "")
    if ext in AUDIO_SUFFIXES:
        return ext
    return _AUDIO_MIME.get((mime or "").split(";")[0].strip().lower(), "mp3")


class MappingError(Exception):
    """An item cannot be imported (the message names it by title and position)."""


@dataclass
class Options:
    """What the user said on the command line."""

    old_feed_url: str | None = None
    """The feed's published address (``--redirect-from``, else the URL it was read from)."""
    redirect_from: bool = False
    """Migration mode: the user named the old feed URL with ``--redirect-from``."""
    base_url: str | None = None
    owner_email: str | None = None
    keep_partial: bool = False
    now: datetime = datetime(1970, 1, 1, tzinfo=UTC)
    """The time of the import (the date of an item that has none)."""


@dataclass
class MediaPlan:
    """A file the episode needs, where it comes from and where it goes."""

    url: str
    """The URL to download (tracking prefixes removed)."""
    original: str
    """The URL as the feed published it."""
    dest: str
    """Path in the project."""
    declared_length: int | None = None
    services: tuple[str, ...] = ()


@dataclass
class EpisodePlan:
    """One episode to write: its slug, its episode.yaml values and its files."""

    item: Item
    slug: str
    data: dict[str, Any]
    audio: MediaPlan | None
    image: MediaPlan | None = None
    transcripts: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(url, MIME type, language) of every ``podcast:transcript``."""
    chapters_url: str | None = None
    alternates: list[MediaPlan] = field(default_factory=list)
    """The ``podcast:alternateEnclosure`` files, in the order of ``alternates:``."""
    integrity: dict[str, tuple[str, str]] = field(default_factory=dict)
    """dest -> the published ``podcast:integrity`` (type, value), checked once fetched."""


@dataclass
class ShowPlan:
    """The whole import: podcast.yaml values, the cover, the episodes, the report."""

    show: dict[str, Any]
    cover: MediaPlan | None
    episodes: list[EpisodePlan]
    report: Report
    old_feed_url: str


def plain_text(source: str | None) -> str:
    """Text without markup, white space normalised (for ``summary`` and ``description``)."""
    if not source:
        return ""
    if looks_like_html(source):
        return " ".join(html_to_notes(source).text.split())
    return " ".join(source.split())


def explicit_value(raw: str | None) -> bool | None:
    """``itunes:explicit`` in any spelling real feeds use, as true/false."""
    if raw is None:
        return None
    v = raw.strip().lower()
    if v in ("yes", "true", "explicit", "1"):
        return True
    if v in ("no", "false", "clean", "0", ""):
        return False
    return None


def parse_date(raw: str) -> tuple[datetime, str | None]:
    """A publication date with its own time zone, and a note when one was assumed."""
    text = raw.strip()
    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(f"unreadable date '{raw}'") from exc
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC), f"date '{raw}' has no time zone; read as UTC"
    return dt, None


def slugify(title: str, taken: set[str], fallback: str) -> str:
    """An ASCII folder name for *title*, unique among *taken* (it becomes a URL)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    if len(base) < 3:
        base = fallback
    slug, n = base, 2
    while slug in taken or not SLUG_RE.match(slug):
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def _url(value: str | None) -> str | None:
    return value.strip() if value and _URL_RE.match(value.strip()) else None


def _ext(url: str, default: str) -> str:
    path = urlsplit(url).path
    m = re.search(r"\.([A-Za-z0-9]{2,4})$", path)
    ext = m.group(1).lower() if m else default
    return "jpg" if ext == "jpeg" else ext  # the build names JPEG art .jpg (feedgen's rule)


def person_values(p: Person, where: str, report: Report) -> dict[str, Any] | None:
    """A ``podcast:person`` as config values (Person/Voice), its taxonomy checked."""
    if not p.name:
        return None
    role = (p.role or "host").lower()
    group = (p.group or "cast").lower()
    if apple.role_problem(role, group):
        report.changed.append(
            f"{where}: person '{p.name}' role '{role}'/group '{group}' is not in the "
            "Podcasting 2.0 taxonomy; imported as guest/cast"
        )
        role, group = "guest", "cast"
    out: dict[str, Any] = {"name": p.name, "role": role, "group": group}
    if _url(p.href):
        out["href"] = p.href
    if _url(p.img):
        out["img"] = p.img
    return out


def map_show(
    feed: Feed, options: Options, report: Report
) -> tuple[dict[str, Any], MediaPlan | None, str]:
    """podcast.yaml values, the cover to fetch, and the old feed URL."""
    c = feed.channel
    old = options.old_feed_url or c.self_url
    if not old:
        raise MappingError(
            'the feed does not name its own address (no atom:link rel="self"); give the '
            "address it is published at with --redirect-from URL, so podcast:guid and the "
            "redirect plan use the old feed URL"
        )
    show: dict[str, Any] = {}
    show["title"] = c.title or "Untitled show"
    if not c.title:
        report.todo.append("title: the feed has no <title>; set one")
    desc = plain_text(c.description) or plain_text(c.itunes_summary) or plain_text(c.subtitle)
    if not desc:
        desc = show["title"]
        report.todo.append("description: the feed has none; the title was used")
    show["description"] = desc
    link = _url(c.link)
    if link is None:
        parts = urlsplit(old)
        link = (
            f"{parts.scheme or 'https'}://{parts.netloc}/"
            if parts.netloc
            else "https://example.invalid/"
        )
        report.todo.append(f"link: the feed has no web site <link>; {link} was used")
    show["link"] = link
    base = options.base_url or old.rsplit("/", 1)[0] + "/"
    if not _url(base):
        base = "https://example.invalid/"
    show["base_url"] = base
    if not options.base_url:
        report.todo.append(
            f"base_url: set to {base} (beside the old feed); set it to where dist/ will be "
            "served (import --base-url URL)"
        )
    lang = (c.language or "").strip().replace("_", "-")
    if not _LANG_RE.match(lang):
        report.todo.append(f"language: '{c.language or ''}' is not an ISO 639 code; 'en' was used")
        lang = "en"
    show["language"] = lang
    author = c.author or c.owner_name or _name_of(c.managing_editor) or show["title"]
    show["author"] = author
    email = c.owner_email if c.owner_email and _EMAIL_RE.fullmatch(c.owner_email) else None
    if email is None and c.managing_editor:
        m = _EMAIL_RE.search(c.managing_editor)
        email = m.group(0) if m else None
        if email:
            report.changed.append(f"owner.email: taken from <managingEditor> ({email})")
    if email is None and options.owner_email:
        email = options.owner_email
    if email is None:
        email = PLACEHOLDER_EMAIL
        report.todo.append(
            f"owner.email: the feed has no itunes:owner e-mail; {PLACEHOLDER_EMAIL} is a "
            "placeholder (Apple sends ownership codes there)"
        )
    show["owner"] = {"name": c.owner_name or author, "email": email}
    show["category"] = _category(c, report)
    explicit = explicit_value(c.explicit)
    if explicit is None and c.explicit is None:
        report.todo.append("explicit: the feed has no itunes:explicit; false was used")
        explicit = False
    elif explicit is None:
        report.todo.append(f"explicit: '{c.explicit}' is not a known value; false was used")
        explicit = False
    elif (c.explicit or "").strip().lower() not in ("true", "false"):
        report.changed.append(
            f"explicit: '{c.explicit}' is written as {str(explicit).lower()} "
            "(Apple's current values are true/false)"
        )
    show["explicit"] = explicit
    show["type"] = "serial" if (c.type or "").strip().lower() == "serial" else "episodic"
    cover_url = _url(c.image) or _url(c.rss_image)
    cover = None
    if cover_url:
        s = strip_prefixes(cover_url)
        cover = MediaPlan(s.url, cover_url, f"media/cover.{_ext(s.url, 'jpg')}")
        show["image"] = cover.dest
    else:
        show["image"] = "media/cover.jpg"
        report.todo.append(
            "image: the feed names no cover art; put a 1400-3000 px square JPEG at media/cover.jpg"
        )
    if c.copyright:
        show["copyright"] = c.copyright
    if c.license and c.license[0]:
        ident, url = c.license
        known = {x.lower() for x in apple.LICENSES}
        if ident.lower() in known or _url(url):
            show["license"] = {"identifier": ident, **({"url": url} if _url(url) else {})}
        else:
            report.lost.append(
                f"podcast:license '{ident}' has no URL and is not on the Podcasting 2.0 list"
            )
    show["podcast_guid"] = _show_guid(c, old, report)
    if c.locked:
        locked = c.locked.strip().lower() == "yes"
        show["locked"] = {"locked": locked, **({"owner": c.locked_owner} if c.locked_owner else {})}
    if c.medium:
        if c.medium.strip().lower() in apple.MEDIUMS:
            show["medium"] = c.medium.strip().lower()
        else:
            report.lost.append(f"podcast:medium '{c.medium}' is not on the Podcasting 2.0 list")
    people = [x for p in c.persons if (x := person_values(p, "channel", report))]
    if people:
        show["people"] = people
    funding = []
    for url, label in c.funding:
        if _url(url):
            funding.append({"url": url, "label": (label or url)[:128]})
    if funding:
        show["funding"] = funding
    locations = _locations(c.locations, "channel", report)
    if locations:
        show["locations"] = locations
    values = value_blocks(c.values, "channel", report)
    if values:
        show["value"] = values
    if c.keywords:
        show["keywords"] = [k.strip() for k in c.keywords.split(",") if k.strip()]
    # Apple's RSS guide: itunes:block / itunes:complete take "Yes"; anything else is no.
    if c.block is not None and c.block.strip().lower() == "yes":
        show["itunes_block"] = True
        report.carried.append("itunes:block Yes: the show stays out of Apple Podcasts")
    if c.complete is not None and c.complete.strip().lower() == "yes":
        show["complete"] = True
        report.carried.append("itunes:complete Yes: the show is marked finished")
    if c.new_feed_url:
        report.changed.append(
            f"itunes:new-feed-url: the old feed already points at {c.new_feed_url}; the new "
            "feed is served at base_url + feed.xml"
        )
    for name in sorted(set(c.other)):
        if name == "category" and show["category"].get("from_rss"):
            continue
        report.lost.append(f"channel <{name}>: no podcast.yaml field for it")
    show["category"].pop("from_rss", None)
    return show, cover, old


def _locations(raw: list[dict[str, str]], where: str, report: Report) -> list[dict[str, str]]:
    """``podcast:location`` entries the config's Location model accepts; others reported."""
    from pydantic import ValidationError

    from ..config.apps import Location

    out = []
    for loc in raw:
        try:
            Location.model_validate(loc)
        except ValidationError as exc:
            why = "; ".join(str(e["msg"]) for e in exc.errors())
            report.lost.append(f"{where}: podcast:location '{loc.get('name', '')}' ({why})")
            continue
        out.append(loc)
    return out


_RECIPIENT_KEYS = {
    "name": "name",
    "type": "type",
    "address": "address",
    "split": "split",
    "customKey": "custom_key",
    "customValue": "custom_value",
    "fee": "fee",
}


def value_blocks(blocks: list[ValueBlock], where: str, report: Report) -> list[dict[str, Any]]:
    """``podcast:value`` blocks as ``value:`` entries (``docs/tags/value.md``).

    A block is carried whole or not at all: dropping one recipient would send that
    recipient's share to the others. ``podcast:valueTimeSplit`` is not carried (reported).
    """
    from pydantic import ValidationError

    from ..config.apps import Value

    out: list[dict[str, Any]] = []
    for n, b in enumerate(blocks, 1):
        what = (
            f"{where}: podcast:value {n} ({b.attrs.get('type', '?')}/{b.attrs.get('method', '?')})"
        )
        entry: dict[str, Any] = {k: b.attrs[k].strip() for k in ("type", "method") if k in b.attrs}
        if b.attrs.get("suggested"):
            entry["suggested"] = b.attrs["suggested"].strip()
        recipients = []
        for r in b.recipients:
            rec: dict[str, Any] = {
                _RECIPIENT_KEYS[k]: v.strip() for k, v in r.items() if k in _RECIPIENT_KEYS
            }
            if "split" in rec:
                rec["split"] = int(rec["split"]) if rec["split"].isdigit() else rec["split"]
            if "fee" in rec:
                rec["fee"] = rec["fee"].lower() == "true"
            recipients.append(rec)
        entry["recipients"] = recipients
        try:
            Value.model_validate(entry)
        except ValidationError as exc:
            why = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            report.lost.append(f"{what}: not carried, every recipient kept or none ({why})")
            continue
        for other in sorted(set(b.other)):
            report.lost.append(f"{what}: podcast:{other} (no field for it)")
        out.append(entry)
    if out:
        report.carried.append(
            f"{where}: {len(out)} podcast:value block(s) with "
            f"{sum(len(e['recipients']) for e in out)} recipient(s), splits as published"
        )
    return out


def _name_of(managing_editor: str | None) -> str | None:
    if not managing_editor:
        return None
    m = re.search(r"\(([^)]+)\)", managing_editor)
    return m.group(1).strip() if m and "@" not in m.group(1) else None


def _category(c: Channel, report: Report) -> dict[str, Any]:
    for top, sub in c.categories:
        if not apple.category_problem(top, sub):
            return {"category": top, **({"subcategory": sub} if sub else {})}
        if not apple.category_problem(top, None):
            report.changed.append(
                f"category: subcategory '{sub}' is not Apple's; kept '{top}' only"
            )
            return {"category": top}
    if not c.categories:
        # RSS 2.0 <category> (rssboard.org/rss-specification#ltcategorygtSubelementOfLtchannelgt):
        # older feeds name their Apple category only there
        for text in c.rss_categories:
            top, _, sub = (p.strip() for p in text.partition("/"))
            if top and not apple.category_problem(top, sub or None):
                report.changed.append(
                    f"category: the feed has no itunes:category; its RSS <category> '{text}' "
                    "is on Apple's list and was used"
                )
                return {"category": top, **({"subcategory": sub} if sub else {}), "from_rss": True}
    shown = ", ".join(t for t, _ in c.categories) or "none"
    report.todo.append(
        f"category: the feed's ({shown}) is not on Apple's list; 'Society & Culture' was used"
    )
    return {"category": "Society & Culture"}


def _show_guid(c: Channel, old: str, report: Report) -> str:
    if c.podcast_guid:
        value = c.podcast_guid.strip()
        if GUID_RE.match(value):
            report.carried.append(f"podcast:guid {value}")
            return value
        if GUID_RE.match(value.lower()):
            report.changed.append(f"podcast:guid '{value}' written in lower case (the spec's form)")
            return value.lower()
        report.changed.append(
            f"podcast:guid '{value}' is not a UUID; computed from the old feed URL instead"
        )
    computed = podcast_guid(old)
    report.changed.append(
        f"podcast:guid: the feed has none; computed {computed} from the old feed URL {old} "
        "(Podcasting 2.0 guid.md), so the show keeps one identity after the move"
    )
    return computed


def map_feed(feed: Feed, options: Options, taken: dict[str, str] | None = None) -> ShowPlan:
    """The whole import plan for *feed*.

    *taken* maps guids already in the folder (a re-import) to their slugs, so
    known episodes keep their folder. Item problems are collected in the report's
    errors (the caller refuses to write unless partial results were asked for).
    """
    report = Report()
    show, cover, old = map_show(feed, options, report)
    slugs: set[str] = set((taken or {}).values())
    seen: dict[str, Item] = {}
    episodes: list[EpisodePlan] = []
    show_explicit = bool(show["explicit"])
    counts = dict.fromkeys(_COUNTERS, 0)
    for item in feed.items:
        try:
            plan = map_item(item, show_explicit, slugs, taken or {}, report, counts, options.now)
        except MappingError as exc:
            report.errors.append(str(exc))
            continue
        if plan is None:
            continue
        guid = plan.data["guid"]
        if guid in seen:
            first = seen[guid]
            report.errors.append(
                f"{item.label} (line {item.line}): guid '{guid}' duplicates {first.label} "
                f"(line {first.line}); apps would show only one of them. Give one of them "
                "its own guid in the old host first, or import with --keep-partial to skip it"
            )
            continue
        seen[guid] = item
        episodes.append(plan)
    names: dict[int, str] = {}
    for e in episodes:
        name = e.data.pop("_season_name", None)
        if name:
            names.setdefault(int(e.data["season"]), name)
    if names:
        show["season_names"] = dict(sorted(names.items()))
    show["moved_from"] = old
    report.changed.append(
        f"moved_from: {old} (the old feed URL). While it is set, the new feed names itself in "
        "itunes:new-feed-url and every build lists the old host's 301s in dist/moved.tsv "
        "(the feed and each episode's published enclosure URL, recorded as moved_from in "
        "its episode.yaml); remove it four weeks or more after the move"
    )
    if show["type"] == "serial" and any("number" not in e.data for e in episodes):
        show["type"] = "episodic"
        report.changed.append(
            "type: serial needs a number on every episode; some have none, so episodic"
        )
    if counts["html"]:
        report.changed.append(
            f"{counts['html']} episode(s): HTML show notes converted to the notes format "
            "(paragraphs, lists and links kept; the build writes them back as HTML, so markup "
            "and white space differ from the old feed's)"
        )
    report.changed.append(
        "every enclosure: new URL on the new host, and the length and duration of the tagged "
        "copy the build writes (the same audio with a new ID3 tag); differences from the "
        "old feed's values are listed per item below"
    )
    if counts["permalink"]:
        report.changed.append(
            f"{counts['permalink']} item guid(s) were permalinks by RSS's default or by "
            'isPermaLink="true" but are not URLs; written isPermaLink="false". The guid '
            "text, which apps compare, is unchanged"
        )
    chains = {k: v for k, v in counts.items() if k not in _COUNTERS and ":" not in k}
    for key, n in sorted(counts.items()):
        if key.startswith("other:"):
            report.lost.append(f"<{key[6:]}> on {n} item(s): no episode.yaml field for it")
    if chains:
        shown = ", ".join(f"{k} on {v}" for k, v in sorted(chains.items()))
        report.changed.append(
            f"tracking prefixes removed from {counts['prefixed']} enclosure URL(s) ({shown}); "
            "the real file URLs were fetched; dist/moved.tsv maps each published URL to the "
            "new file"
        )
    if feed.items and counts["no_enclosure"] == len(feed.items):
        report.errors.append(
            f"none of the feed's {len(feed.items)} item(s) has an <enclosure>: this is not "
            "a podcast feed (a blog's or a news site's?)"
        )
    if feed.problems:
        report.changed.extend(f"feed: {p}" for p in feed.problems)
    report.carried.insert(
        0,
        f"{counts['guid']} item guid(s) exactly as published"
        + (f", {counts['derived']} derived from the enclosure URL" if counts["derived"] else ""),
    )
    report.carried.insert(1, f"{counts['dates']} publication date(s) with their time zones")
    return ShowPlan(show, cover, episodes, report, old)


def map_item(
    item: Item,
    show_explicit: bool,
    slugs: set[str],
    taken: dict[str, str],
    report: Report,
    counts: dict[str, int],
    now: datetime,
) -> EpisodePlan | None:
    """One episode's values; raises :class:`MappingError` naming the item."""
    where = f"{item.label} (line {item.line})"
    audio_enc = next((e for e in item.enclosures if e.url), None)
    if audio_enc is None:
        # Apple's RSS guide: an episode is an item with an enclosure; apps list no episode
        # for a text-only item, so no subscriber knows its guid as one
        counts["no_enclosure"] += 1
        report.lost.append(
            f"{where}: no <enclosure>: a text-only item, not an episode podcast apps list; "
            "not imported"
        )
        return None
    enc_type = (audio_enc.type or "").lower()
    if enc_type.split("/")[0] in ("image", "video", "text") or "html" in enc_type:
        raise MappingError(
            f"{where}: the enclosure is {audio_enc.type} ({audio_enc.url}), not audio"
        )
    if len(item.enclosures) > 1:
        report.lost.append(
            f"{where}: {len(item.enclosures) - 1} extra enclosure(s) ignored (RSS allows one)"
        )
    guid = item.guid
    if guid:
        counts["guid"] += 1
    else:
        guid = audio_enc.url.strip()
        counts["derived"] += 1
        report.changed.append(
            f"{where}: no <guid>; its enclosure URL as published is used, which is the "
            "value podcast apps and Apple already derived for it"
        )
    # RSS 2.0 <guid>: isPermaLink defaults to true; kept as published (as true only
    # where the guid is a URL, which a permalink must be: the W3C feed validator's InvalidPermalink)
    permalink = item.guid_is_permalink
    is_permalink = bool(
        item.guid
        and (permalink is None or permalink.strip().lower() == "true")
        and _URL_RE.match(guid)
    )
    if item.guid and not is_permalink and (permalink or "true").strip().lower() != "false":
        counts["permalink"] += 1
    title = item.title.strip()
    if not title:
        title = f"Episode {item.position}"
        report.todo.append(f"{where}: no title; '{title}' was used")
    data: dict[str, Any] = {"title": title, "guid": guid}
    if is_permalink:
        data["guid_is_permalink"] = True
    for key, raw in (("number", item.episode), ("season", item.season)):
        if raw:
            try:
                n = int(raw.strip())
            except ValueError:
                n = 0
            if n >= 1:
                data[key] = n
            else:
                report.lost.append(f"{where}: {key} '{raw}' is not a whole number of 1 or more")
    if item.season_name and "season" in data:
        data["_season_name"] = item.season_name[:128]
    try:
        if not item.pub_date:
            raise ValueError("no <pubDate>")
        published, note = parse_date(item.pub_date)
        counts["dates"] += 1  # (carried: a date read from the feed, not the import time)
    except ValueError as exc:
        published, note = now, None
        report.todo.append(
            f"{where}: {exc}; published: set to the time of the import, {now.isoformat()}: "
            "put the real date in episode.yaml"
        )
    if note:
        report.changed.append(f"{where}: {note}")
    data["published"] = published.isoformat()
    summary = (
        plain_text(item.itunes_summary)
        or plain_text(item.description)
        or plain_text(item.subtitle)
        or plain_text(item.content_encoded)
        or title
    )
    data["summary"] = summary
    rich = item.content_encoded or item.description or ""
    if not item.content_encoded and len(plain_text(item.itunes_summary)) > len(plain_text(rich)):
        # the long text is in itunes:summary only (Chaosradio's feed: a one-line
        # description, the show notes with their links in itunes:summary)
        rich = item.itunes_summary or ""
        summary = plain_text(item.description) or plain_text(item.subtitle) or summary
        data["summary"] = summary
    if rich:
        converted = html_to_notes(rich)
        if looks_like_html(rich):
            counts["html"] += 1
        if converted.text and " ".join(converted.text.split()) != summary:
            data["notes"] = converted.text
        for lost in converted.lost:
            report.lost.append(f"{where}: show notes {lost}")
    fallback = f"episode-{data.get('number', item.position)}"
    slug = taken.get(guid) or slugify(title, slugs, fallback)
    slugs.add(slug)
    stripped: Stripped = strip_prefixes(audio_enc.url)
    if stripped.services:
        counts["prefixed"] += 1
        counts.setdefault(" + ".join(stripped.services), 0)
        counts[" + ".join(stripped.services)] += 1
        if counts["prefixed"] == 1:
            report.changed.append(
                f"{where}: e.g. tracking prefix(es) {' + '.join(stripped.services)} removed: "
                f"{stripped.url} is fetched (published as {stripped.original})"
            )
    length = None
    if audio_enc.length and audio_enc.length.strip().isdigit():
        length = int(audio_enc.length.strip()) or None
    audio = MediaPlan(
        stripped.url,
        stripped.original,
        f"media/{slug}.{audio_suffix(stripped.url, audio_enc.type)}",
        length,
        stripped.services,
    )
    data["audio"] = audio.dest
    declared = (audio_enc.type or "").split(";")[0].strip().lower()
    if declared not in _AUDIO_MIME:
        # RSS 2.0 <enclosure>: type says what the file is; an old or generic one
        # (binary/octet-stream, none) is not one, so the file is taken by its name and the
        # media check reads it as audio when it is fetched; the build writes its real type
        report.changed.append(
            f"{where}: enclosure type {audio_enc.type or 'missing'!r} is no audio type; "
            f"the file is taken as .{audio.dest.rsplit('.', 1)[-1]} by its name, checked "
            "as audio when fetched, and the new feed gives its real type"
        )
    if _url(stripped.original) and not url_problem(stripped.original.strip()):
        data["moved_from"] = stripped.original.strip()
    explicit = explicit_value(item.explicit)
    if explicit is not None and explicit != show_explicit:
        data["explicit"] = explicit
    etype = (item.episode_type or "full").strip().lower()
    if etype not in ("full", "trailer", "bonus"):
        report.changed.append(
            f"{where}: episode type '{item.episode_type}' is not full/trailer/bonus; full"
        )
        etype = "full"
    if etype != "full":
        data["episode_type"] = etype
    if item.language and _LANG_RE.match(item.language.strip()):
        data["language"] = item.language.strip()
    image = None
    if _url(item.image):
        s = strip_prefixes(item.image or "")
        image = MediaPlan(s.url, item.image or "", f"episodes/{slug}/art.{_ext(s.url, 'jpg')}")
    credits = _credits(item, where, report)
    if credits:
        data["credits"] = credits
    chapters = _inline_chapters(item, where, report)
    if chapters:
        data["chapters"] = chapters
    locations = _locations(item.locations, where, report)
    if locations:
        data["locations"] = locations
    bites = []
    for start, duration, bite_title in item.soundbites:
        try:
            s0, d0 = float(start), float(duration)
        except ValueError:
            s0, d0 = -1.0, 0.0
        if s0 >= 0 and 15 <= d0 <= 120:
            bite: dict[str, Any] = {"start": s0, "duration": d0}
            if bite_title:
                bite["title"] = bite_title[:128]
            bites.append(bite)
        else:
            report.lost.append(
                f"{where}: podcast:soundbite at {start} for {duration} s (a soundbite is 15-120 s)"
            )
    if bites:
        data["soundbites"] = bites
    for name in set(item.other) - _IGNORED:
        counts.setdefault(f"other:{name}", 0)
        counts[f"other:{name}"] += 1
    if item.block is not None and item.block.strip().lower() == "yes":
        data["itunes_block"] = True
    values = value_blocks(item.values, where, report)
    if values:
        data["value"] = values
    if image is None and (best := _largest_image(item.images_srcset)):
        s = strip_prefixes(best)
        image = MediaPlan(s.url, best, f"episodes/{slug}/art.{_ext(s.url, 'jpg')}")
        report.changed.append(
            f"{where}: podcast:images {best} (the largest) is the episode art; the build "
            "writes it as itunes:image"
        )
    elif item.images_srcset:
        counts.setdefault("other:podcast:images", 0)
        counts["other:podcast:images"] += 1
    data["transcript"] = False  # set to the fetched file by the media step
    plan = EpisodePlan(item, slug, data, audio, image)
    _alternates(plan, where, report)
    for t in item.transcripts:
        u = t.url.strip()
        is_http = u.lower().startswith(("http://", "https://"))
        problem = url_problem(u) if is_http else "not an http(s) URL"
        if problem:
            report.lost.append(f"{where}: transcript {t.url!r}: {problem}")
        else:
            plan.transcripts.append((t.url.strip(), t.type, t.language))
    plan.chapters_url = _url(item.chapters_url)
    if item.chapters_url and (not plan.chapters_url or url_problem(plan.chapters_url)):
        report.lost.append(f"{where}: chapters {item.chapters_url!r}: not a valid URL")
        plan.chapters_url = None
    return plan


def _largest_image(srcset: str | None) -> str | None:
    """The widest candidate of a ``podcast:images srcset`` (HTML srcset: ``url 1500w``)."""
    best: tuple[int, str] | None = None
    for candidate in (srcset or "").split(","):
        parts = candidate.split()
        if not parts or not _url(parts[0]):
            continue
        width = int(parts[1][:-1]) if len(parts) > 1 and re.fullmatch(r"\d+w", parts[1]) else 0
        if best is None or width > best[0]:
            best = (width, parts[0])
    return best[1] if best else None


_MIME_RE = re.compile(r"^[a-z]+/[A-Za-z0-9.+-]+$")


def _alternates(plan: EpisodePlan, where: str, report: Report) -> None:
    """``podcast:alternateEnclosure`` -> ``alternates:`` entries and the files to fetch.

    Podcasting 2.0 ``docs/tags/alternateEnclosure.md``: ``type`` is required, at least one
    ``podcast:source`` names the file; the first http(s) source is fetched (others, such
    as a torrent or IPFS, are reported). The build publishes the same bytes beside the
    MP3, so length and ``podcast:integrity`` come back identical; the URL is the new
    host's.
    """
    out: list[dict[str, Any]] = []
    for n, alt in enumerate(plan.item.alternates, 1):
        a = alt.attrs
        mime = (a.get("type") or "").strip()
        what = f"{where}: podcast:alternateEnclosure {n} ({mime or 'no type'})"
        http = [u for u in alt.sources if _url(u) and not url_problem(u)]
        for other in (u for u in alt.sources if u not in http):
            report.lost.append(f"{what}: source {other} (only http(s) files are imported)")
        if not _MIME_RE.match(mime) or not http:
            why = "no http(s) source" if not http else f"type {mime!r} is not a MIME type"
            report.lost.append(f"{what}: {why}")
            continue
        s = strip_prefixes(http[0])
        dest = f"media/{plan.slug}.alt{len(out) + 1}.{_ext(s.url, 'bin')}"
        plan.alternates.append(MediaPlan(s.url, http[0], dest))
        entry: dict[str, Any] = {"file": dest, "type": mime}
        title = (a.get("title") or "").strip()
        if title:
            entry["title"] = title[:32]
            if len(title) > 32:
                report.changed.append(f"{what}: title cut to 32 characters (the tag's limit)")
        for key in ("lang", "codecs", "rel"):
            if (value := (a.get(key) or "").strip()) and len(value) <= 32:
                entry[key] = value
        bitrate = (a.get("bitrate") or "").strip()
        try:
            if float(bitrate) > 0:
                entry["bitrate"] = float(bitrate)
        except ValueError:
            pass
        if (a.get("default") or "").strip().lower() == "true":
            entry["default"] = True
        if alt.integrity and alt.integrity[0].lower() == "sri":
            plan.integrity[dest] = alt.integrity
        elif alt.integrity:
            report.lost.append(
                f"{what}: podcast:integrity type {alt.integrity[0]!r} (the build writes sri)"
            )
        out.append(entry)
    if out:
        plan.data["alternates"] = out
        report.carried.append(
            f"{where}: {len(out)} podcast:alternateEnclosure file(s) (type, title, language, "
            "codecs, bitrate, rel, default; the same bytes, so the same length and integrity)"
        )


def _credits(item: Item, where: str, report: Report) -> dict[str, Any]:
    writers: list[dict[str, Any]] = []
    producers: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for p in item.persons:
        d = person_values(p, where, report)
        if d is None:
            continue
        role = d.pop("role")
        group = d.pop("group")
        if role == "writer":
            writers.append(d)
        elif role == "producer":
            producers.append(d)
        else:
            others.append({**d, "role": role, "group": group})
    out: dict[str, Any] = {}
    if writers:
        out["writers"] = writers
    if producers:
        out["producers"] = producers
    if others:
        out["others"] = others
    return out


_NPT = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d{1,3}))?$")


def npt_seconds(value: str) -> float | None:
    """A Podlove Simple Chapters start (Normal Play Time, RFC 2326 §3.6) in seconds."""
    v = value.strip()
    m = _NPT.match(v)
    if m:
        h, mi, s, frac = m.groups()
        return int(h or 0) * 3600 + int(mi) * 60 + int(s) + int((frac or "0").ljust(3, "0")) / 1000
    try:
        return float(v)
    except ValueError:
        return None


def chapter_entries(
    raw: list[tuple[float, str, str | None, str | None]], where: str, report: Report
) -> list[dict[str, Any]]:
    """Chapters as episode.yaml values, in order, each starting after the one before."""
    out: list[dict[str, Any]] = []
    last = -1.0
    for start, title, url, img in sorted(raw, key=lambda r: r[0]):
        if start <= last:
            report.lost.append(
                f"{where}: chapter '{title}' at {start:g} s starts with another; dropped"
            )
            continue
        last = start
        entry: dict[str, Any] = {
            "start": round(start, 3),
            "title": (title or f"Chapter {len(out) + 1}")[:128],
        }
        if _url(url):
            entry["url"] = url
        if _url(img):
            entry["img"] = img
        out.append(entry)
    return out


def _inline_chapters(item: Item, where: str, report: Report) -> list[dict[str, Any]]:
    raw: list[tuple[float, str, str | None, str | None]] = []
    for ch in item.inline_chapters:
        start = npt_seconds(ch.start)
        if start is None:
            report.lost.append(
                f"{where}: psc:chapter '{ch.title}' has an unreadable start '{ch.start}'"
            )
            continue
        raw.append((start, ch.title, ch.href, ch.image))
    return chapter_entries(raw, where, report)

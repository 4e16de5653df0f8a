"""Stream-parse an RSS podcast feed with lxml ``iterparse``: memory stays flat.

Each ``<item>`` is read when its end tag arrives and then removed from the tree,
so a feed of any size needs memory only for one item (plus the values kept).
Namespaces are recognised by their URI (itunes, Podcasting 2.0, content, Atom,
Podlove Simple Chapters), also in the mis-cased spellings real feeds use
(``http://www.itunes.com/DTDs/Podcast-1.0.dtd``), and by prefix where a feed uses
a prefix it never declared.

Feeds that are not well-formed XML (XML 1.0 §2.1) are recovered where possible:
white space before the XML declaration is skipped, a wrong declared encoding is
detected and re-decoded, and lxml's recovering parser reads past undeclared
prefixes and broken markup. What broke is reported with line and column.
Not a feed at all (an HTML page, an Atom feed, RSS 1.0) is a clear
:class:`FeedError`.
"""

from __future__ import annotations

import io
import re
from typing import IO, Any

from lxml import etree

from ..errors import SpotlightError
from .model import (
    AltEnclosure,
    Channel,
    Enclosure,
    Feed,
    InlineChapter,
    Item,
    Person,
    Transcript,
    ValueBlock,
)


class FeedError(SpotlightError):
    """The input is not an RSS feed that can be imported."""


_NS_FAMILIES = {
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "https://podcastindex.org/namespace/1.0": "podcast",
    "https://github.com/podcastindex-org/podcast-namespace/blob/main/docs/1.0.md": "podcast",
    "http://podcastindex.org/namespace/1.0": "podcast",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/rss/1.0/modules/content": "content",
    "http://www.w3.org/2005/atom": "atom",
    "http://www.w3.org/2005/atom/": "atom",  # (with a stray slash, as real feeds have it)
    "http://podlove.org/simple-chapters": "psc",
    "http://podlove.org/simple-chapters/": "psc",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/elements/1.1": "dc",
    "http://www.google.com/schemas/play-podcasts/1.0": "googleplay",
    "http://search.yahoo.com/mrss/": "media",
    "http://backend.userland.com/rss2": "",
    "http://www.w3.org/1999/xhtml": "xhtml",
}


def _name(tag: Any) -> tuple[str, str]:
    """(namespace family, local name) of an element tag."""
    if not isinstance(tag, str):
        return ("#", "")
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return (_NS_FAMILIES.get(uri.lower(), uri), local)
    if ":" in tag:  # an undeclared prefix, read by the recovering parser
        prefix, _, local = tag.partition(":")
        return (prefix.lower(), local)
    return ("", tag)


def _text(el: Any) -> str:
    return "".join(el.itertext()).strip()


def _xhtml_body(el: Any) -> str:
    """An ``<xhtml:body>`` as an HTML fragment, its namespaces removed.

    The RSS XHTML body extension (http://www.w3.org/1999/xhtml in an item) carries the
    show notes as markup in some feeds (Chaosradio's); read like content:encoded.
    """
    import copy

    body = copy.deepcopy(el)
    for node in body.iter():
        if isinstance(node.tag, str) and node.tag.startswith("{"):
            node.tag = node.tag.split("}", 1)[1]
    etree.cleanup_namespaces(body)
    parts = [body.text or ""]
    parts += [etree.tostring(child, encoding="unicode", method="html") for child in body]
    return "".join(parts).strip()


def _sniff(head: bytes) -> tuple[int, str | None]:
    """Bytes to skip before the document, and a problem to report about them."""
    i = 0
    if head.startswith(b"\xef\xbb\xbf"):
        i = 3
    j = i
    while j < len(head) and head[j : j + 1] in b" \t\r\n":
        j += 1
    if j > i and head[j : j + 5] == b"<?xml":
        lines = head[i:j].count(b"\n")
        return j, (
            f"line 1: {j - i} byte(s) of white space ({lines} line(s)) before the XML "
            "declaration, which must come first (XML 1.0 §2.8); skipped"
        )
    lowered = head[j : j + 512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:200]:
        raise FeedError(
            "not a feed: the address returned an HTML page; give the RSS feed's address "
            '(look for <link rel="alternate" type="application/rss+xml"> in the page, '
            "or the 'RSS feed' link of the host)"
        )
    return i, None


def _declared_encoding(head: bytes) -> str | None:
    m = re.match(rb"\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']", head)
    return m.group(1).decode("ascii") if m else None


def _redecode(data: bytes) -> tuple[bytes, str | None]:
    """UTF-8 bytes of *data*, whatever encoding it really is in, and what was done."""
    declared = _declared_encoding(data[:200]) or "utf-8"
    try:
        text = data.decode(declared)
        return _as_utf8(text), None
    except (UnicodeDecodeError, LookupError):
        pass
    for enc in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return _as_utf8(text), (
            f"the feed declares encoding '{declared}' but is not valid {declared}; read it as {enc}"
        )
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _as_utf8(text: str) -> bytes:
    text = re.sub(r"^(\s*<\?xml[^>]*?)\s+encoding=[\"'][^\"']*[\"']", r"\1", text, count=1)
    return text.encode("utf-8")


def parse_feed(stream: IO[bytes], *, recover: bool = True) -> Feed:
    """Parse one feed document from *stream* (one page; see :func:`.command.read_feed`).

    With ``recover=False`` a feed that is not well-formed is refused with the
    line and column where it broke; otherwise what can be read is kept and the
    break is listed in :attr:`Feed.problems`.
    """
    head = stream.read(4096)
    skip, note = _sniff(head)
    if note and not recover:
        raise FeedError(f"the feed is not well-formed XML at {note.removesuffix('; skipped')}")
    problems = [note] if note else []
    stream.seek(skip)
    try:
        return _parse(stream, problems, recovering=False)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        where = f"line {line}, column {col}" if line else "somewhere"
        if not recover:
            raise FeedError(
                f"the feed is not well-formed XML at {where}: {exc.msg}; "
                "run import without --strict to recover what can be read"
            ) from exc
        problems.append(f"{where}: not well-formed XML ({exc.msg}); recovered what could be read")
    # The recovering pass: the (rare) broken feed is read again as a whole.
    stream.seek(0)
    data = stream.read()
    skip, _ = _sniff(data[:4096])
    data, enc_note = _redecode(data[skip:])
    if enc_note:
        problems.append(enc_note)
    return _parse(io.BytesIO(data), problems, recovering=True)


def _parse(stream: IO[bytes], problems: list[str], *, recovering: bool) -> Feed:
    channel = Channel()
    items: list[Item] = []
    root_seen = False
    in_channel = False
    depth = 0
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        recover=recovering,
        huge_tree=True,
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
    )
    for event, el in events:
        ns, local = _name(el.tag)
        if event == "start":
            depth += 1
            if not root_seen:
                root_seen = True
                _check_root(ns, local)
            if local == "channel" and ns == "" and depth == 2:
                in_channel = True
            continue
        depth -= 1
        if local == "item" and ns == "" and in_channel:
            items.append(_item(el, len(items) + 1))
            el.clear()
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
        elif depth == 2 and in_channel:
            _channel_child(channel, ns, local, el)
    if recovering and events.error_log:
        for entry in list(events.error_log)[:5]:
            problems.append(f"line {entry.line}, column {entry.column}: {entry.message}")
    if not root_seen:
        raise FeedError("not a feed: the document is empty")
    if not in_channel:
        broke = f" (the XML is not well-formed at {problems[0]})" if problems else ""
        raise FeedError(f"not an RSS feed: no <channel> element under <rss>{broke}")
    return Feed(channel, items, problems)


def _check_root(ns: str, local: str) -> None:
    if local == "feed" and ns == "atom":
        raise FeedError(
            "an Atom feed, not RSS: podcast directories (Apple, Spotify, Podcast Index) "
            "read RSS 2.0 podcast feeds; give the show's RSS feed address instead"
        )
    if local == "RDF":
        raise FeedError("an RSS 1.0 (RDF) feed, not an RSS 2.0 podcast feed")
    if local == "html":
        raise FeedError("not a feed: the address returned an HTML page")
    if local != "rss":
        raise FeedError(f"not an RSS feed: the document's root element is <{local}>, not <rss>")


def _channel_child(c: Channel, ns: str, local: str, el: Any) -> None:
    key = (ns, local)
    text = _text(el)
    simple = {
        ("", "title"): "title",
        ("", "link"): "link",
        ("", "description"): "description",
        ("itunes", "summary"): "itunes_summary",
        ("itunes", "subtitle"): "subtitle",
        ("", "language"): "language",
        ("", "copyright"): "copyright",
        ("itunes", "author"): "author",
        ("", "managingEditor"): "managing_editor",
        ("itunes", "explicit"): "explicit",
        ("itunes", "type"): "type",
        ("podcast", "guid"): "podcast_guid",
        ("itunes", "new-feed-url"): "new_feed_url",
        ("podcast", "medium"): "medium",
        ("itunes", "keywords"): "keywords",
        ("", "generator"): "generator",
        ("itunes", "block"): "block",
        ("itunes", "complete"): "complete",
    }
    if key == ("itunes", "keywords") and el.get("text"):
        # one keyword per element in its text= attribute (SWR's feeds, among others)
        c.keywords = ", ".join(k for k in (c.keywords, el.get("text").strip()) if k)
    elif key in simple:
        if getattr(c, simple[key]) is None or simple[key] == "title":
            setattr(c, simple[key], text)
    elif key == ("itunes", "owner"):
        for child in el:
            _, n = _name(child.tag)
            if n == "name":
                c.owner_name = _text(child)
            elif n == "email":
                c.owner_email = _text(child)
    elif key == ("itunes", "category"):
        top = el.get("text")
        if top:
            sub = next((s.get("text") for s in el if _name(s.tag)[1] == "category"), None)
            c.categories.append((top, sub))
    elif key == ("", "category"):
        c.rss_categories.append(text or "")
        c.other.append("category")
    elif key == ("itunes", "image"):
        c.image = el.get("href") or text or None
    elif key == ("", "image"):
        url = next((_text(s) for s in el if _name(s.tag) == ("", "url")), None)
        c.rss_image = url
    elif key == ("podcast", "locked"):
        c.locked = text
        # the namespace names it owner (docs/tags/locked.md); some hosts write email
        c.locked_owner = el.get("owner") or el.get("email")
    elif key == ("atom", "link"):
        rel = el.get("rel")
        if rel == "self":
            c.self_url = el.get("href")
        elif rel == "next":
            c.next_url = el.get("href")
        elif rel not in ("first", "last", "prev", "previous"):  # (paging: followed above)
            c.other.append(f'atom:link rel="{rel or "alternate"}"')
    elif key == ("podcast", "person"):
        c.persons.append(_person(el))
    elif key == ("podcast", "funding"):
        if el.get("url"):
            c.funding.append((el.get("url"), text))
    elif key == ("podcast", "license"):
        c.license = (text, el.get("url"))
    elif key == ("podcast", "location"):
        c.locations.append(_location(el))
    elif key == ("podcast", "value"):
        c.values.append(_value(el))
    elif key == ("", "item") or ns == "#":
        return
    else:
        # what no podcast.yaml field takes (googleplay:*, sy:*, media:*...): named by its
        # family, or by the prefix the feed gave an unknown namespace
        family = ns if ns in _NS_FAMILIES.values() or ":" not in ns else el.prefix
        c.other.append(f"{family + ':' if family else ''}{local}")


def _location(el: Any) -> dict[str, str]:
    out = {k: v for k in ("rel", "geo", "osm", "country") if (v := el.get(k))}
    return {"name": _text(el), **out}


def _value(el: Any) -> ValueBlock:
    block = ValueBlock({k: v for k, v in el.attrib.items() if isinstance(k, str)})
    for child in el:
        local = _name(child.tag)[1]
        if local == "valueRecipient":
            block.recipients.append({k: v for k, v in child.attrib.items() if isinstance(k, str)})
        elif local:
            block.other.append(local)
    return block


def _alternate(el: Any) -> AltEnclosure:
    alt = AltEnclosure({k: v for k, v in el.attrib.items() if isinstance(k, str)})
    for child in el:
        local = _name(child.tag)[1]
        if local == "source" and child.get("uri"):
            alt.sources.append(child.get("uri").strip())
        elif local == "integrity" and child.get("value"):
            alt.integrity = (child.get("type") or "", child.get("value"))
    return alt


def _person(el: Any) -> Person:
    return Person(_text(el), el.get("role"), el.get("group"), el.get("href"), el.get("img"))


def _item(el: Any, position: int) -> Item:
    item = Item(position=position, line=el.sourceline)
    for child in el:
        ns, local = _name(child.tag)
        key = (ns, local)
        if key == ("", "title"):
            item.title = _text(child)
        elif key == ("", "guid"):
            # Byte for byte, but trimmed: consumers trim (namespace guid.md; §5).
            item.guid = (child.text or "").strip()
            item.guid_is_permalink = child.get("isPermaLink")
        elif key == ("", "link"):
            item.link = _text(child)
        elif key == ("", "enclosure"):
            item.enclosures.append(
                Enclosure(child.get("url") or "", child.get("length"), child.get("type"))
            )
        elif key == ("", "pubDate") or (key == ("dc", "date") and item.pub_date is None):
            item.pub_date = _text(child)
        elif key == ("", "description"):
            item.description = _text(child)
        elif key == ("content", "encoded"):
            item.content_encoded = _text(child)
        elif key == ("xhtml", "body") and not item.content_encoded:
            item.content_encoded = _xhtml_body(child) or None
        elif key == ("itunes", "summary"):
            item.itunes_summary = _text(child)
        elif key == ("itunes", "subtitle"):
            item.subtitle = _text(child)
        elif key == ("itunes", "duration"):
            item.duration = _text(child)
        elif key == ("itunes", "explicit"):
            item.explicit = _text(child)
        elif key in (("itunes", "episode"), ("podcast", "episode")):
            item.episode = item.episode or _text(child)
        elif key in (("itunes", "season"), ("podcast", "season")):
            item.season = item.season or _text(child)
            if ns == "podcast" and child.get("name"):
                item.season_name = child.get("name")
        elif key == ("itunes", "episodeType"):
            item.episode_type = _text(child)
        elif key == ("itunes", "image"):
            item.image = child.get("href") or _text(child) or None
        elif key == ("podcast", "transcript"):
            if child.get("url"):
                item.transcripts.append(
                    Transcript(
                        child.get("url"),
                        child.get("type") or "",
                        child.get("language"),
                        child.get("rel"),
                    )
                )
        elif key == ("podcast", "chapters"):
            item.chapters_url = child.get("url")
            item.chapters_type = child.get("type")
        elif key == ("psc", "chapters"):
            for ch in child:
                if _name(ch.tag)[1] == "chapter":
                    item.inline_chapters.append(
                        InlineChapter(
                            ch.get("start") or "",
                            ch.get("title") or "",
                            ch.get("href"),
                            ch.get("image"),
                        )
                    )
        elif key == ("podcast", "person"):
            item.persons.append(_person(child))
        elif key == ("podcast", "soundbite"):
            item.soundbites.append(
                (child.get("startTime") or "", child.get("duration") or "", _text(child))
            )
        elif key == ("", "language"):
            item.language = _text(child)
        elif key == ("podcast", "location"):
            item.locations.append(_location(child))
        elif key == ("itunes", "block"):
            item.block = _text(child)
        elif key == ("podcast", "value"):
            item.values.append(_value(child))
        elif key == ("podcast", "alternateEnclosure"):
            item.alternates.append(_alternate(child))
        elif key == ("podcast", "images"):
            item.images_srcset = child.get("srcset")
        elif ns != "#":  # (not a comment or processing instruction)
            # what no episode.yaml field takes (dc:creator, wfw:commentRss, media:*...):
            # named by its family, or by the prefix the feed gave an unknown namespace
            family = ns if ns in _NS_FAMILIES.values() or ":" not in ns else child.prefix
            item.other.append(f"{family + ':' if family else ''}{local}")
    return item

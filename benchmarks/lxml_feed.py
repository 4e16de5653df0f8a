"""The yardstick for the feed stage: the same feed.xml written with lxml.etree alone.

``benchmarks/feedbench.py`` times spotlight-feed's feed stage (``feedbench.build_feed``:
the values from ``feeddata``, written through feedgen in batches) against
``feedbench.feed_data`` then :func:`render_lxml` below: the same values, the same bytes
(asserted), but one element tree made directly with ``etree.SubElement`` and
serialised once - no feedgen objects in between. Not part of the product.
"""

from __future__ import annotations

from email.utils import format_datetime
from typing import Any

from lxml import etree
from lxml.etree import CDATA, SubElement

from spotlight_feed.write.feed.apps import tags as app_tags
from spotlight_feed.write.feed.values import CHAPTERS_MIME, GENERATOR, RSS_DOCS, FeedData, PersonTag

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
NSMAP = {
    "itunes": ITUNES,
    "podcast": PODCAST,
    **app_tags.NAMESPACES,
    "atom": ATOM,
    "content": CONTENT,
}
IT, P = f"{{{ITUNES}}}", f"{{{PODCAST}}}"


def _t(parent: Any, tag: str, text: str, attrib: dict[str, str] | None = None) -> Any:
    el = SubElement(parent, tag, attrib)
    el.text = text
    return el


def _persons(parent: Any, persons: tuple[PersonTag, ...]) -> None:
    for p in persons:
        attrs = {"role": p.role.lower(), "group": p.group.lower()}
        if p.href:
            attrs["href"] = p.href
        if p.img:
            attrs["img"] = p.img
        _t(parent, P + "person", p.name, attrs)


def render_lxml(data: FeedData) -> bytes:
    """*data* as feed.xml, element by element."""
    c = data.channel
    rss = etree.Element("rss", {"version": "2.0"}, nsmap=NSMAP)
    ch = SubElement(rss, "channel")
    _t(ch, "title", c.title)
    _t(ch, "link", c.link)
    _t(ch, "description", c.description)
    SubElement(
        ch, f"{{{ATOM}}}link", {"href": c.feed_url, "rel": "self", "type": "application/rss+xml"}
    )
    if c.copyright:
        _t(ch, "copyright", c.copyright)
    _t(ch, "docs", RSS_DOCS)
    _t(ch, "generator", GENERATOR)
    image = SubElement(ch, "image")
    _t(image, "url", c.cover_url)
    _t(image, "title", c.title)
    _t(image, "link", c.link)
    _t(ch, "language", c.language)
    _t(ch, "lastBuildDate", format_datetime(c.last_build))
    if c.pub_date is not None:
        _t(ch, "pubDate", format_datetime(c.pub_date))
    _t(ch, IT + "author", c.author)
    cat = SubElement(ch, IT + "category", {"text": c.category})
    if c.subcategory:
        SubElement(cat, IT + "category", {"text": c.subcategory})
    SubElement(ch, IT + "image", {"href": c.cover_url})
    if c.owner_public:
        owner = SubElement(ch, IT + "owner")
        _t(owner, IT + "name", c.owner_name)
        _t(owner, IT + "email", c.owner_email)
    _t(ch, IT + "type", c.type)
    if c.apple_title:
        _t(ch, IT + "title", c.apple_title)
    _t(ch, IT + "explicit", "true" if c.explicit else "false")
    if c.keywords:
        _t(ch, IT + "keywords", ",".join(c.keywords))
    _t(ch, P + "guid", c.guid)
    _t(
        ch,
        P + "locked",
        "yes" if c.locked else "no",
        {"owner": c.locked_owner} if c.locked_owner else None,
    )
    if c.medium:
        _t(ch, P + "medium", c.medium)
    attrs = {"href": c.cover_url, "aspect-ratio": "1/1"}
    if c.image_alt:
        attrs["alt"] = c.image_alt
    SubElement(ch, P + "image", attrs)
    _persons(ch, c.persons)
    for url, label in c.funding:
        _t(ch, P + "funding", label, {"url": url})
    if c.license:
        ident, lurl = c.license
        _t(ch, P + "license", ident, {"url": lurl} if lurl else None)
    # the #14 tags are written by the same lxml code the extension calls
    app_tags.write_channel(ch, c.apps)

    for d in data.items:
        it = SubElement(ch, "item")
        _t(it, "title", d.title)
        _t(it, "link", d.link)
        _t(it, "description", d.summary)
        SubElement(it, f"{{{CONTENT}}}encoded").text = CDATA(d.content_html)
        _t(it, "guid", d.guid, {"isPermaLink": "true" if d.guid_is_permalink else "false"})
        SubElement(
            it,
            "enclosure",
            {"url": d.enclosure_url, "length": str(d.enclosure_length), "type": d.enclosure_type},
        )
        _t(it, "pubDate", format_datetime(d.published))
        if d.image_url:
            SubElement(it, IT + "image", {"href": d.image_url})
        if d.duration_s:
            _t(it, IT + "duration", str(d.duration_s))
        if d.season:
            _t(it, IT + "season", str(d.season))
        if d.number:
            _t(it, IT + "episode", str(d.number))
        _t(it, IT + "title", d.title)
        _t(it, IT + "episodeType", d.episode_type)
        _t(it, IT + "explicit", "true" if d.explicit else "false")
        if d.season is not None:
            _t(it, P + "season", str(d.season), app_tags.season_attrs(d.apps))
        if d.number is not None:
            _t(it, P + "episode", str(d.number), app_tags.episode_attrs(d.apps))
        for tr in d.transcripts:
            attrs = {"url": tr.url, "type": tr.type}
            if tr.language:
                attrs["language"] = tr.language
            if tr.rel:
                attrs["rel"] = tr.rel
            SubElement(it, P + "transcript", attrs)
        if d.chapters_url:
            SubElement(it, P + "chapters", {"url": d.chapters_url, "type": CHAPTERS_MIME})
        if d.image_url:
            SubElement(it, P + "image", {"href": d.image_url, "aspect-ratio": "1/1"})
        _persons(it, d.persons)
        app_tags.write_item(it, d.apps)
    out: bytes = etree.tostring(rss, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return out

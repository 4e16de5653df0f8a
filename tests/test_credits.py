"""One credits model (plan/credits.py) feeds the feed, the ID3 tag and the page alike.

The show below has every kind of credit: show people (one marked ``absent`` in another case),
a host and a guest voice, a quoted person, an uncredited voice, writers, producers and other
credits, and names that need cleaning (a vertical tab between words, a decomposed "ë"; before
the model, the ID3 IPLS frame carried a producer's name uncleaned). The
release is read back with independent readers (lxml for ``podcast:person``, Podcasting 2.0
``docs/tags/person.md``; mutagen for TPE1/TEXT/IPLS, id3.org ID3v2.3.0 §4.2.1 and §4.4;
lxml + json for the page's credit groups and its schema.org JSON-LD) and compared with the
names and roles written out here by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from conftest import edit
from lxml import etree
from mutagen.id3 import ID3

import spotlight_feed
from spotlight_feed.load.project import load_project
from spotlight_feed.plan.credits import episode_credits

NS = {"podcast": "https://podcastindex.org/namespace/1.0"}

SHOW_PEOPLE = """\
people:
  - name: Hana Host
    role: host
  - name: Pat Producer
    role: producer
    group: creative direction
"""

VOICES = """\
absent: [pat PRODUCER]
voices:
  Host:
    name: Hana Host
    role: host
  Guest:
    name: "Gus\\vGuest"
    role: guest
    description: A guest
  Quote:
    name: Quinn Quoted
    quoted: true
    source: The Times
  Narrator:
    description: A narrator
credits:
  writers:
    - name: "Zoe\\u0308 Writer"
  producers:
    - name: "Pete\\vProducer"
  others:
    - name: Sam Sound
      role: sound designer
      group: audio post-production
"""

ITEM_PERSONS = [
    ("Hana Host", "host", "cast"),
    ("Gus Guest", "guest", "cast"),
    ("Zo\u00eb Writer", "writer", "writing"),
    ("Pete Producer", "producer", "creative direction"),
    ("Sam Sound", "sound designer", "audio post-production"),
]


def _credited_show(root: Path) -> Path:
    edit(root / "podcast.yaml", "people:\n  - name: Hana Host\n    role: host\n", SHOW_PEOPLE)
    meta = root / "episodes" / "first" / "episode.yaml"
    text = meta.read_text(encoding="utf-8")
    start = text.index("voices:\n")
    end = text.index("chapters:\n")
    meta.write_text(text[:start] + VOICES + text[end:], encoding="utf-8")
    transcript = root / "episodes" / "first" / "transcript.txt"
    transcript.write_text(
        "Host\nHello.\n\nGuest\nHi.\n\nQuote\nWords.\n\nNarrator\nOnce.\n", encoding="utf-8"
    )
    return root


def test_the_model_decides_kinds_absence_and_clean_names(tiny_project: Path) -> None:
    project = load_project(_credited_show(tiny_project))
    credits = episode_credits(project.show, project.episodes[0].config)
    assert [p.name for p in credits.show] == ["Hana Host"]  # Pat is absent (any case)
    assert [(v.name, v.kind) for v in credits.voices] == [
        ("Hana Host", "voice"),
        ("Gus Guest", "voice"),
        ("Quinn Quoted", "quoted"),
        ("A narrator", "uncredited"),
    ]
    assert [(c.name, c.role, c.group) for c in credits.persons()] == ITEM_PERSONS
    assert credits.performers() == ("Hana Host", "Gus Guest")
    assert credits.involved() == (("producer", "Pete Producer"), ("sound designer", "Sam Sound"))


def test_feed_tag_and_page_name_the_same_people(
    tiny_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    dist = spotlight_feed.build(_credited_show(tiny_project)).out_dir

    feed = etree.parse(str(dist / "feed.xml"))
    channel = [p.text for p in feed.xpath("/rss/channel/podcast:person", namespaces=NS)]
    assert channel == ["Hana Host", "Pat Producer"]
    item = [
        (p.text, p.get("role"), p.get("group"))
        for p in feed.xpath("//item/podcast:person", namespaces=NS)
    ]
    assert item == ITEM_PERSONS

    tag = ID3(dist / "episodes" / "first" / "first.mp3")
    assert tag["TPE1"].text == ["Hana Host/Gus Guest"]  # v2.3 §4.2.1: "/" between performers
    assert tag["TEXT"].text == ["Zo\u00eb Writer"]
    assert tag["TIPL"].people == [["producer", "Pete Producer"], ["sound designer", "Sam Sound"]]

    page = lxml.html.parse(str(dist / "episodes" / "first" / "index.html")).getroot()
    groups = {
        g.get("data-group"): [
            (li.find_class("name")[0].text_content(), li.find_class("role")[0].text_content())
            for li in g.iter("li")
        ]
        for g in page.find_class("credit-group")
    }
    assert groups == {
        "hosts": [("Hana Host", "Host")],
        "voices": [("Gus Guest", "Guest"), ("A narrator", "Voice actor")],
        "crew": [
            ("Zo\u00eb Writer", "Writer"),
            ("Pete Producer", "Producer"),
            ("Sam Sound", "Sound designer"),
        ],
        "quoted": [("Quinn Quoted", "Quoted from The Times")],
    }
    (script,) = page.xpath("//script[@type='application/ld+json']")
    ld = json.loads(script.text)
    ld = ld if ld.get("@type") == "PodcastEpisode" else ld["@graph"][0]
    names = {k: [p["name"] for p in ld.get(k, [])] for k in ("actor", "creator", "producer")}
    assert names == {
        "actor": ["Hana Host", "Gus Guest", "A narrator"],
        "creator": ["Zo\u00eb Writer", "Sam Sound"],
        "producer": ["Pete Producer"],
    }
    assert [p["name"] for p in ld["mentions"]] == ["Quinn Quoted"]

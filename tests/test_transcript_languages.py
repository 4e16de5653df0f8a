"""Several transcript languages per episode (issue #15): transcript.es.vtt beside transcript.vtt.

A two-language episode is built; the feed is read back by podcast-partytime (the
parser Podverse and the Podcast Index use) and lxml, the tagged MP3 by mutagen,
and the page by Chromium, where both caption tracks load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.etree
import pytest
from mutagen.id3 import ID3
from pagekit import build_show, chromium, episode_config, serve, show_config, write_show
from partytime import parse as partytime_parse

P = "{https://podcastindex.org/namespace/1.0}transcript"
EN = (
    "WEBVTT\n\n00:00:00.200 --> 00:00:02.000\n<v Host>Hello and welcome to the show.\n\n"
    "00:00:02.500 --> 00:00:04.500\n<v Host>Today we talk about <i>loneliness</i>.\n"
)
ES = (
    "WEBVTT\n\n00:00:00.200 --> 00:00:02.000\n<v Host>Hola y bienvenidos al programa.\n\n"
    "00:00:02.500 --> 00:00:04.500\n<v Host>Hoy hablamos de la <i>soledad</i>.\n"
)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("languages") / "show"
    write_show(root, show_config(), {"one": episode_config("one", 1)}, seconds=5.0)
    folder = root / "episodes" / "one"
    (folder / "transcript.txt").unlink()
    (folder / "transcript.vtt").write_text(EN, encoding="utf-8")
    (folder / "transcript.es.vtt").write_text(ES, encoding="utf-8")
    return build_show(root)


def test_every_format_in_every_language(dist: Path) -> None:
    ep = dist / "episodes" / "one"
    for ext in ("vtt", "srt", "json", "html", "txt"):
        assert (ep / f"transcript.{ext}").is_file()
        assert (ep / f"transcript.es.{ext}").is_file()
    assert "soledad" in (ep / "transcript.es.srt").read_text(encoding="utf-8")
    assert '<html lang="es">' in (ep / "transcript.es.html").read_text(encoding="utf-8")


def test_feed_links_each_language_read_by_lxml_and_partytime(dist: Path) -> None:
    feed = lxml.etree.parse(str(dist / "feed.xml"))
    links = [(t.get("url").rsplit("/", 1)[1], t.get("language")) for t in feed.iter(P)]
    assert ("transcript.vtt", "en") in links and ("transcript.es.vtt", "es") in links
    assert {lang for name, lang in links if ".es." in name} == {"es"}
    assert len(links) == 10
    parsed = partytime_parse(dist / "feed.xml")
    transcripts = parsed["items"][0]["podcastTranscripts"]
    by_url = {t["url"].rsplit("/", 1)[1]: t for t in transcripts}
    assert by_url["transcript.es.vtt"]["language"] == "es"
    assert by_url["transcript.vtt"]["language"] == "en"
    assert by_url["transcript.es.vtt"]["rel"] == "captions"


def test_id3_has_a_uslt_and_sylt_per_language(dist: Path) -> None:
    tag = ID3(dist / "episodes" / "one" / "one.mp3")
    uslt = {f.lang: f.text for f in tag.getall("USLT")}
    assert set(uslt) == {"eng", "spa"}
    assert "soledad" in uslt["spa"] and "loneliness" in uslt["eng"]
    assert {f.lang for f in tag.getall("SYLT")} == {"eng", "spa"}


@pytest.mark.browser
def test_chromium_loads_both_caption_tracks_and_offers_the_language(dist: Path) -> None:
    with chromium() as browser, serve(dist) as base:
        page = browser.new_page()
        page.goto(base + "episodes/one/", wait_until="load")
        tracks: list[dict[str, Any]] = page.wait_for_function(
            """() => {
                const ts = [...document.getElementById('player').textTracks]
                    .filter(t => t.kind === 'captions');
                ts.forEach(t => { if (t.mode === 'disabled') t.mode = 'hidden'; });
                if (ts.length < 2 || ts.some(t => !t.cues || t.cues.length < 2)) return false;
                return ts.map(t => ({lang: t.language, label: t.label, mode: t.mode,
                                     first: t.cues[0].getCueAsHTML().textContent}));
            }""",
            timeout=15_000,
        ).json_value()
        switch = page.eval_on_selector_all(
            ".transcript-languages a", "els => els.map(a => [a.textContent, a.hreflang])"
        )
        page.click(".transcript-languages a")
        page.wait_for_load_state("load")
        html_lang = page.evaluate("document.documentElement.lang")
        body = page.evaluate("document.body.textContent")
        page.close()
    assert [(t["lang"], t["first"]) for t in tracks] == [
        ("en", "Hello and welcome to the show."),
        ("es", "Hola y bienvenidos al programa."),
    ]
    assert tracks[0]["mode"] == "showing"
    assert tracks[1]["label"] == "Transcript (Español, translation)"
    assert switch == [["Español (translation)", "es"]]
    assert html_lang == "es" and "soledad" in body


def test_transcripts_list_names_any_file_and_says_whether_it_is_a_translation(
    tmp_path: Path,
) -> None:
    from spotlight_feed.build import BuildOptions, build
    from spotlight_feed.errors import InputError

    root = tmp_path / "show"
    meta = episode_config(
        "one", 1, transcripts=[{"file": "bilingual-fr.vtt", "language": "fr", "translation": False}]
    )
    write_show(root, show_config(), {"one": meta}, seconds=5.0)
    folder = root / "episodes" / "one"
    (folder / "transcript.txt").unlink()
    (folder / "transcript.vtt").write_text(EN, encoding="utf-8")
    with pytest.raises(InputError) as err:
        build(root, BuildOptions())
    assert "episodes/one/episode.yaml:" in err.value.report()
    assert "transcripts[0].file" in err.value.report()
    (folder / "bilingual-fr.vtt").write_text(ES.replace("Hola", "Bonjour"), encoding="utf-8")
    dist = build(root, BuildOptions()).out_dir
    page = (dist / "episodes" / "one" / "index.html").read_text(encoding="utf-8")
    assert 'srclang="fr" label="Transcript (Français)"' in page  # not a translation
    assert "Bonjour" in (dist / "episodes" / "one" / "transcript.fr.txt").read_text("utf-8")


def test_check_measures_each_language_s_captions(tmp_path: Path) -> None:
    from spotlight_feed.build import BuildOptions, build
    from spotlight_feed.lint import check

    root = tmp_path / "show"
    write_show(
        root,
        show_config(captions={"chars_per_second": 5}),
        {"one": episode_config("one", 1)},
        seconds=5.0,
    )
    folder = root / "episodes" / "one"
    (folder / "transcript.txt").unlink()
    (folder / "transcript.vtt").write_text(EN, encoding="utf-8")
    (folder / "transcript.es.vtt").write_text(ES, encoding="utf-8")
    build(root, BuildOptions())
    where = {f.where for f in check(root) if "caption" in f.rule}
    assert {"episodes/one/transcript.vtt", "episodes/one/transcript.es.vtt"} <= where

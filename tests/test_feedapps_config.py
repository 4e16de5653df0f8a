"""Bad #14 fields are ``file:line: field: message`` problems, all in one run, no traceback."""

from __future__ import annotations

from pathlib import Path

from release_util import make_show, run_cli


def test_bad_new_fields_are_reported_with_file_and_line(tmp_path: Path, tone_mp3: Path) -> None:
    root = make_show(tmp_path / "show", tone_mp3, 1)
    with (root / "podcast.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "social_interact:\n  - protocol: myspace\n"
            "update_frequency:\n  label: Often\n  rrule: FREQ=DAILY;COUNT=3\n"
            "paging:\n  page_size: 10\n  max_bytes: 100000\n"
            "locations:\n  - name: Here\n    country: usa\n"
        )
    yaml = root / "episodes" / "ep01" / "episode.yaml"
    with yaml.open("a", encoding="utf-8") as f:
        f.write(
            "soundbites:\n  - start: 10\n    duration: 5\n"
            "txt:\n  - purpose: ai-content\n    value: maybe\n"
        )
    before = yaml.read_bytes()
    done = run_cli("build", "-C", root)
    assert done.returncode == 1
    err = done.stderr
    assert "Traceback" not in err
    lines = (root / "podcast.yaml").read_text(encoding="utf-8").splitlines()
    social = lines.index("social_interact:") + 2
    assert f"podcast.yaml:{social}: social_interact[0]:" in err
    assert "protocol 'myspace' is not one of disabled, activitypub" in err
    assert "an rrule with COUNT needs dtstart" in err
    assert "give exactly one of page_size and max_bytes" in err
    assert "expected an ISO 3166-1 alpha-2 code such as US, got 'usa'" in err
    assert "episodes/ep01/episode.yaml:" in err and "soundbites[0].duration" in err
    assert "purpose ai-content takes true or false, got 'maybe'" in err
    assert yaml.read_bytes() == before
    assert not (root / "dist").exists()

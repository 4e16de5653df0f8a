"""The old host's 301 rules (``spotlight-feed redirects``) served for real.

A real feed (The Apology Line on ART19, its enclosures behind a Podtrac -> Chartable ->
Podsights chain; see import_support.CORPUS) is imported from a local old host and built;
``redirects`` turns the release's moved.tsv into nginx, Apache and ``_redirects`` rules.
nginx (Debian nginx-light) and Apache (apache2-bin) then play the old host on 127.0.0.1
with those rules: every old URL must answer 301 with the new URL as its Location. A
hand-made moved.tsv adds the paths real hosts publish that need escaping (Chinese file
names, spaces, a query string, a quote).
"""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import make_mp3
from import_support import BY_KEY, MediaServer, cover_jpeg, localise
from release_util import run_cli
from webservers import apache, free_port, nginx, nobody_readable_root

from spotlight_feed.build import BuildOptions, build
from spotlight_feed.importer.command import ImportOptions, import_show
from spotlight_feed.importer.prefixes import strip_prefixes
from spotlight_feed.importer.redirects import folder_name, plan_redirects, read_moved

NEW = "https://new.example/show/"
ODD = [
    # (old URL as published, new URL): escapes a rule must get right
    (
        "https://old.example/%E8%8A%82%E7%9B%AE/%E7%AC%AC1%E9%9B%86.mp3",
        NEW + "episodes/ep1/ep1.mp3",
    ),
    ("https://old.example/media/with%20space.mp3", NEW + "episodes/ep2/ep2.mp3"),
    ("https://old.example/rss?dest-id=42", NEW + "feed.xml"),
    ("https://old.example/a%22quote%22.mp3", NEW + "episodes/ep3/ep3.mp3"),
    ("https://old.example/ep.mp3.html", NEW + "episodes/ep4/"),  # not caught by /ep.mp3
    ("https://old.example/ep.mp3", NEW + "episodes/ep5/ep5.mp3"),
]


def _get(port: int, path: str) -> tuple[int, str | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)  # the path exactly as published (escapes kept)
        resp = conn.getresponse()
        resp.read()
        return resp.status, resp.getheader("Location")
    finally:
        conn.close()


def _request_path(old: str) -> str:
    parts = urlsplit(strip_prefixes(old).url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[tuple[str, str]]]]:
    """An imported and built real show; its moved.tsv rows plus the hand-made ones."""
    tmp = tmp_path_factory.mktemp("redirects")
    server = MediaServer(make_mp3(tmp / "a.mp3", seconds=3.0).read_bytes(), cover_jpeg())
    try:
        feed = BY_KEY["art19"]
        src = tmp / "art19.xml"
        src.write_bytes(localise(feed.file.read_bytes(), server.base))
        root = tmp / "show"
        report = import_show(
            str(src), root, ImportOptions(redirect_from=feed.old_url, base_url=NEW)
        )
        assert "spotlight-feed redirects writes it as nginx, Apache" in report.render()
        build(root, BuildOptions(source_date_epoch=None))
    finally:
        server.close()
    rows = read_moved((root / "dist" / "moved.tsv").read_text(encoding="utf-8"))
    assert rows[0] == (feed.old_url, NEW + "feed.xml")
    assert any(strip_prefixes(old).services for old, _ in rows[1:])  # the chain is there
    with (root / "dist" / "moved.tsv").open("a", encoding="utf-8") as f:
        f.writelines(f"{old}\t{new}\n" for old, new in ODD)
    yield root, read_moved((root / "dist" / "moved.tsv").read_text(encoding="utf-8"))


def _written(root: Path, tmp_path: Path) -> Path:
    out = tmp_path / "rules"
    result = run_cli("redirects", "-C", root, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "rss.art19.com: 1 redirect(s)" in result.stdout
    assert "old.example: 6 redirect(s)" in result.stdout
    assert "published behind tracking prefixes" in result.stdout
    assert "whatever the query string (?dest-id=42)" in result.stdout
    return out


def test_nginx_answers_every_old_url_with_a_301(
    moved: tuple[Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    root, rows = moved
    out = _written(root, tmp_path)
    port = free_port()
    includes = "\n".join(f"    include {p};" for p in sorted(out.glob("*/nginx-redirects.conf")))
    with nginx(tmp_path, port, tmp_path / "empty", includes):
        for old, new in rows:
            assert _get(port, _request_path(old)) == (301, new), old
        assert _get(port, "/not-moved.mp3")[0] == 404  # nothing else is redirected


def test_apache_htaccess_answers_every_old_url_with_a_301(
    moved: tuple[Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    root, rows = moved
    out = _written(root, tmp_path)
    port = free_port()
    with nobody_readable_root() as www:
        www.mkdir()
        www.chmod(0o755)
        (www / ".htaccess").write_text(
            "".join(p.read_text() for p in sorted(out.glob("*/.htaccess"))), encoding="utf-8"
        )
        (www / ".htaccess").chmod(0o644)
        with apache(tmp_path, port, www, ("alias",)):
            for old, new in rows:
                # mod_alias passes the request's query string on (static hosts ignore it)
                query = urlsplit(strip_prefixes(old).url).query
                expected = (301, new + (f"?{query}" if query else ""))
                assert _get(port, _request_path(old)) == expected, old
            assert _get(port, "/not-moved.mp3")[0] == 404


def test_redirects_file_lists_each_path_once_as_published(
    moved: tuple[Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    """``_redirects`` (Netlify/Cloudflare Pages): ``/path URL 301``, read back line by line."""
    root, rows = moved
    out = _written(root, tmp_path)
    lines = (out / "old.example" / "_redirects").read_text().splitlines()
    rules = [line.split(" ") for line in lines if not line.startswith("#")]
    assert all(len(r) == 3 and r[2] == "301" for r in rules)
    assert dict((r[0], r[1]) for r in rules) == {urlsplit(old).path: new for old, new in ODD}
    plan = plan_redirects(rows)
    host = next(h for h in plan.hosts if h.startswith("127.0.0.1:"))
    assert (out / folder_name(host) / "_redirects").exists()


def test_without_moved_tsv_it_says_why(tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    result = run_cli("redirects", "-C", tmp_path)
    assert result.returncode == 1
    assert "moved.tsv: not found" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "dist" / "moved.tsv").write_text("https://a.example/x\n")
    result = run_cli("redirects", "-C", tmp_path)
    assert result.returncode == 1
    assert "moved.tsv:1: expected 'old URL<TAB>new URL'" in result.stderr


def test_verify_checks_every_old_url_on_a_live_old_host(tmp_path: Path) -> None:
    """``redirects --verify`` against nginx playing the old host with the written rules:
    all pass; an old URL without a rule, one with a 302 and one sent elsewhere fail."""
    port = free_port()
    old = f"http://127.0.0.1:{port}"
    good = [
        (f"{old}/feed.rss", NEW + "feed.xml"),
        (f"{old}/media/%E7%AC%AC1%E9%9B%86.mp3", NEW + "episodes/ep1/ep1.mp3"),
        # published behind Podtrac: checked at the old host the prefix leads to
        (f"http://dts.podtrac.com/redirect.mp3/127.0.0.1:{port}/m/ep2.mp3", NEW + "e/ep2.mp3"),
    ]
    project = tmp_path / "show"
    (project / "dist").mkdir(parents=True)
    moved = project / "dist" / "moved.tsv"
    moved.write_text("".join(f"{o}\t{n}\n" for o, n in good), encoding="utf-8")
    assert run_cli("redirects", "-C", project, "-o", tmp_path / "rules").returncode == 0
    rules = f"""\
    include {tmp_path}/rules/127.0.0.1_{port}/nginx-redirects.conf;
    location = /temporary.mp3 {{ return 302 "{NEW}episodes/t/t.mp3"; }}
    location = /elsewhere.mp3 {{ return 301 "https://other.example/x.mp3"; }}"""
    with nginx(tmp_path, port, tmp_path / "empty", rules):
        result = run_cli("redirects", "-C", project, "--verify")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "3 of 3 old URL(s) answer a 301 to the new one" in result.stdout
        with moved.open("a", encoding="utf-8") as f:
            f.write(f"{old}/forgotten.mp3\t{NEW}episodes/f/f.mp3\n")
            f.write(f"{old}/temporary.mp3\t{NEW}episodes/t/t.mp3\n")
            f.write(f"{old}/elsewhere.mp3\t{NEW}episodes/e/e.mp3\n")
        result = run_cli("redirects", "-C", project, "--verify")
        assert result.returncode == 1
        assert f"FAIL: {old}/forgotten.mp3: answers 404" in result.stdout
        assert f"FAIL: {old}/temporary.mp3: 302 is a temporary redirect" in result.stdout
        assert (
            f"FAIL: {old}/elsewhere.mp3: 301 to https://other.example/x.mp3, not to "
            f"{NEW}episodes/e/e.mp3" in result.stdout
        )
        assert "3 of 6 old URL(s) answer a 301" in result.stdout

"""After a publish: tell the podcast index and apps that the feed changed.

Each is off until ``publish.notify`` in ``podcast.yaml`` turns it on, and only a
publish that changed something pings (a ping makes every subscribed app fetch
the feed at once: podnews.net/article/self-hosting-podcast-tips):

- WebSub: ``POST hub.mode=publish&hub.url=FEED`` to every configured hub (the
  publisher ping hubs such as pubsubhubbub.appspot.com accept; the feed names
  the hubs with ``atom:link rel="hub"``, https://www.w3.org/TR/websub/#discovery);
- Podcast Index: ``GET /api/1.0/hub/pubnotify?url=FEED``
  (https://podcastindex-org.github.io/docs-api/#get-/hub/pubnotify);
- Podping: ``GET https://podping.cloud/?url=FEED`` with the publisher's token in
  ``Authorization``, read only from ``PODPING_TOKEN`` (Podcastindex-org/podping.cloud
  README); the feed then carries ``<podcast:podping usesPodping="true"/>``.

A failed ping is reported as a warning; the publish itself is already complete.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, urlencode

from ..config import PublishNotify
from .http import HttpError, request


def pings(notify: PublishNotify, feed_url: str, env: dict[str, str] | None = None) -> list[str]:
    """Send every configured ping for *feed_url*; one line per ping (``warning:`` on failure)."""
    env = dict(os.environ) if env is None else env
    lines: list[str] = []

    def send(name: str, method: str, url: str, headers: dict[str, str], body: bytes | None) -> None:
        try:
            resp = request(method, url, headers, body=body, follow=False)
        except HttpError as exc:
            lines.append(f"warning: {name}: {exc}")
            return
        if 200 <= resp.status < 300:
            lines.append(f"notified {name} ({resp.status})")
        else:
            lines.append(f"warning: {name}: {url} answered {resp.status}")

    for hub in notify.websub:
        body = urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode()
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        send(f"WebSub hub {hub}", "POST", hub, form, body)
    if notify.podcast_index:
        url = f"{notify.podcast_index_url}?url={quote(feed_url, safe='')}"
        send("Podcast Index", "GET", url, {}, None)
    if notify.podping:
        token = env.get("PODPING_TOKEN", "")
        if not token:
            lines.append("warning: Podping: set PODPING_TOKEN (your podping.cloud token)")
        else:
            url = f"{notify.podping_url}?url={quote(feed_url, safe='')}"
            send("Podping", "GET", url, {"Authorization": token}, None)
    return lines


def notify_after_publish(project: Path, feed_url: str, changed: bool) -> list[str]:
    """Ping what ``publish.notify`` configures, when the publish *changed* something."""
    from .command import load_show

    show = load_show(project)
    if not changed or show.publish is None:
        return []
    return pings(show.publish.notify, feed_url)

"""``value:`` -> ``podcast:value`` read back by podcast-partytime (an independent parser).

The golden "full" show sets a channel block (three recipients, one with customKey/
customValue, one a fee) and an item block that replaces it for one episode; partytime
(npm, MIT, installed by scripts/test.sh, see tests/partytime.py) must read every
recipient, split and key as the YAML gives them (Podcasting 2.0 ``docs/tags/value.md``).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from partytime import parse

from spotlight_feed.config import ShowConfig

GOLDEN = Path(__file__).parent / "golden" / "full"


def _expected(block: dict) -> dict:
    out = {"type": block["type"], "method": block["method"], "recipients": []}
    if "suggested" in block:
        out["suggested"] = float(block["suggested"])
    for r in block["recipients"]:
        rec = {k: r[k] for k in ("name", "type", "address", "split")}
        if "custom_key" in r:
            rec["customKey"] = r["custom_key"]
            rec["customValue"] = r["custom_value"]
        rec["fee"] = bool(r.get("fee", False))
        out["recipients"].append(rec)
    return out


def test_value_blocks_are_read_back_by_partytime() -> None:
    show = yaml.safe_load((GOLDEN / "show" / "podcast.yaml").read_text(encoding="utf-8"))
    ep = yaml.safe_load(
        (GOLDEN / "show" / "episodes" / "art-and-chapters" / "episode.yaml").read_text("utf-8")
    )
    ShowConfig.model_validate(show)  # the YAML is what the model accepts
    feed = parse(GOLDEN / "dist" / "feed.xml")
    assert feed["value"] == _expected(show["value"][0])
    (item,) = [i for i in feed["items"] if i.get("value")]
    assert item["title"] == ep["title"]
    assert item["value"] == _expected(ep["value"][0])

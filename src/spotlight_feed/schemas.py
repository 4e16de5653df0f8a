"""JSON Schemas of ``podcast.yaml`` and ``episode.yaml``, generated from :mod:`.config`.

The generated files are shipped in the package (``spotlight_feed/schemas/``) and
referenced from the sample YAML with a ``yaml-language-server`` comment, so
editors complete and check both files. A test keeps the shipped copies equal to
what the models generate.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from .config import EpisodeConfig, ShowConfig

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "podcast.schema.json": ShowConfig,
    "episode.schema.json": EpisodeConfig,
}


def render_schemas() -> dict[str, str]:
    """File name -> JSON Schema text (draft 2020-12), stable key order."""
    out = {}
    for name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://spotlight-feed.example/schemas/{name}",
            **schema,
        }
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out

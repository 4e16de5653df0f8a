"""A git branch for GitHub, GitLab or Codeberg Pages (implemented in a later step)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import PublishError


class GitTarget:
    """Placeholder until the git target lands."""

    @classmethod
    def from_spec(cls, spec: str, settings: Mapping[str, Any]) -> Any:
        """Not yet available."""
        raise PublishError(f"{spec}: the git target is not available yet")

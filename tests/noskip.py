"""pytest plugin: in CI every test must run, so a skip there is a failure.

Active when ``SPOTLIGHT_FAIL_ON_SKIP=1`` (set by ``.ci/run``) or ``CI=true``. The
report keeps the skip's reason, so the failure says which tool is missing.
Loaded by ``tests/conftest.py``; ``tests/test_suite.py`` runs it on a skipping test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest


def fail_on_skip() -> bool:
    """True in CI, where a skipped test means CI did not test everything."""
    flag = os.environ.get("SPOTLIGHT_FAIL_ON_SKIP", "")
    return flag not in ("", "0") or os.environ.get("CI", "").lower() in ("true", "1")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and fail_on_skip():
        why = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = (
            f"skipped in CI, where every test must run: {why.removeprefix('Skipped: ')}"
        )

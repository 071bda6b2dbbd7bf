"""Shared fixtures: Sphinx's own testing fixtures and our test roots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest_plugins = "sphinx.testing.fixtures"

# Test roots are Sphinx projects, not test modules.
collect_ignore = ["roots"]

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


def read_output(app, name: str) -> str:
    return (Path(app.outdir) / name).read_text(encoding="utf-8")


def warning_lines(app) -> list[str]:
    """Warnings with the machine-specific source directory cut off."""
    srcdir = str(app.srcdir) + "/"
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line.replace(srcdir, "") for line in text.splitlines() if line]

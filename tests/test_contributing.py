"""The contributor's workflow, run as a contributor runs it, in a copy of the repository:
`make new-lesson`, `make lint`, and what each must catch."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT

VENV_STAMP = REPO_ROOT / ".venv" / ".installed"
# Assembled, so that the spelling check of this file does not find it.
MISSPELLING = "rec" + "ieve"
LESSON_COUNT = len(list((REPO_ROOT / "docs" / "lessons").glob("[0-9][0-9]-*.md")))


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The files a clone would have (tracked, with working-tree edits), sharing the venv."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    copy = tmp_path / "stream"
    for name in listed:
        source = REPO_ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    (copy / ".venv").symlink_to(REPO_ROOT / ".venv")
    (copy / "node_modules").symlink_to(REPO_ROOT / "node_modules")
    return copy


def make(copy: Path, *args: str) -> subprocess.CompletedProcess:
    # -o: the shared venv is up to date; never reinstall it from the copy.
    return subprocess.run(
        ["make", "-o", ".venv/.installed", "-o", "node_modules/.installed", *args],
        cwd=copy,
        capture_output=True,
        text=True,
    )


def cite_five_sources_and_tag(page: Path) -> None:
    """What a contributor adds after the text: tags and cited sources with addresses."""
    bib = (page.parents[1] / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"@\w+\{([^,]+),[^@]*?\burl\s*=", bib)[:5]
    citations = " ".join(f"{{footcite:p}}`{key}`" for key in keys)
    text = page.read_text(encoding="utf-8").replace("tags: [TODO]", "tags: [lighting]")
    text = text.replace("## Further reading", f"Sources: {citations}.\n\n## Further reading")
    page.write_text(text, encoding="utf-8")


def fill_placeholders(page: Path) -> None:
    """Every placeholder replaced by a different sentence, as a contributor would write
    (a self-check with two identical choices is itself a mistake)."""
    text = page.read_text(encoding="utf-8")
    count = iter(range(1, 1000))
    page.write_text(
        re.sub(r"TODO: [^\n]*", lambda _: f"Written by the contributor ({next(count)}).", text),
        encoding="utf-8",
    )


def test_new_lesson_builds_is_counted_and_is_flagged_until_filled(repo_copy):
    number = LESSON_COUNT + 1
    created = make(repo_copy, "new-lesson", "TITLE=Lighting & Colour: a {first} look")
    assert created.returncode == 0, created.stderr
    page = repo_copy / "docs" / "lessons" / f"{number:02d}-lighting-colour-a-first-look.md"
    assert f"lessons/{page.stem}" in (repo_copy / "docs" / "index.md").read_text()

    html = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", ".", "-W", "--keep-going", "-n",
         "-q", "docs", "_build/html"],
        cwd=repo_copy, capture_output=True, text=True,
    )  # fmt: skip
    assert (html.returncode, html.stderr) == (0, "")
    built = (repo_copy / "_build" / "html" / "lessons" / f"{page.stem}.html").read_text()
    assert f"Lesson {number:02d} of {number}" in built
    assert "Lighting &amp; Colour: a {first} look" in built

    flagged = make(repo_copy, "lint")
    assert flagged.returncode != 0
    placeholder_lines = re.findall(
        rf"docs/lessons/{page.name}:(\d+): WARNING: placeholder left", flagged.stderr
    )
    assert len(placeholder_lines) >= 6

    fill_placeholders(page)
    # Text alone does not make a lesson publishable: lint names what is still missing.
    still = make(repo_copy, "lint")
    assert sorted(
        re.findall(
            rf"docs/lessons/{page.name}:\d+: WARNING: this lesson (has no tags|cites 0)",
            still.stderr,
        )
    ) == ["cites 0", "has no tags"]

    cite_five_sources_and_tag(page)
    result = make(repo_copy, "lint")
    assert result.returncode == 0, result.stderr[-2000:]


def test_new_lesson_refuses_a_title_whose_lesson_exists(repo_copy):
    title = "Lighting and colour"
    assert make(repo_copy, "new-lesson", f"TITLE={title}").returncode == 0
    again = make(repo_copy, "new-lesson", f"TITLE={title}")
    assert again.returncode != 0
    assert "already has this title" in again.stderr
    assert len(list((repo_copy / "docs" / "lessons").glob("*-lighting-and-colour.md"))) == 1


def test_lint_passes_on_the_repository(repo_copy):
    result = make(repo_copy, "lint")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_lint_fails_on_a_misspelling_in_a_lesson(repo_copy):
    lesson = sorted((repo_copy / "docs" / "lessons").glob("01-*.md"))[0]
    with lesson.open("a", encoding="utf-8") as page:
        page.write(f"\nThe decoder will {MISSPELLING} the latents.\n")
    result = make(repo_copy, "lint")
    assert result.returncode != 0
    assert f"{lesson.name}:" in result.stdout
    assert f"{MISSPELLING} ==> receive" in result.stdout


def test_lint_fails_on_a_ruff_error(repo_copy):
    script = repo_copy / "scripts" / "new_lesson.py"
    script.write_text(script.read_text() + "\n\ndef unused():\n    return undefined_name\n")
    result = make(repo_copy, "lint")
    assert result.returncode != 0
    assert "F821" in result.stdout

"""The book's lesson register: which pages are lessons, with their front matter.

A page is a lesson when its front matter has ``lesson:``. The register keeps one
record per page in a Sphinx domain, so it is purged when a page is re-read and
merged after a parallel read; the lesson header and the structure check read it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Set
from typing import Any, ClassVar, TypedDict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from .shared import warn

STATUSES = ("published", "draft")


class LessonRecord(TypedDict):
    number: int | None
    tags: list[str]
    status: str
    words: int
    minutes: int
    #: line of ``lesson:`` in the page source, for warnings about the number
    line: int


class LessonDomain(Domain):
    """Holds the lesson records; it defines no roles or directives of its own."""

    name = "lesson"
    label = "Lessons"
    initial_data: ClassVar[dict[str, Any]] = {"lessons": {}, "count_written": None}
    data_version = 1

    @property
    def lessons(self) -> dict[str, LessonRecord]:
        return self.data["lessons"]

    def clear_doc(self, docname: str) -> None:
        self.lessons.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, record in otherdata["lessons"].items():
            if docname in docnames:
                self.lessons[docname] = record

    def resolve_any_xref(self, *args: Any) -> list:
        return []


def get_lessons(env: BuildEnvironment) -> dict[str, LessonRecord]:
    return env.get_domain("lesson").lessons  # type: ignore[attr-defined]


def front_matter_line(env: BuildEnvironment, docname: str, key: str) -> int:
    """The 1-based line of ``key:`` in the page's front matter, or 1 if not found."""
    try:
        lines = env.doc2path(docname).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    if not lines or lines[0].strip() != "---":
        return 1
    for index, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if re.match(rf"{re.escape(key)}\s*:", line):
            return index
    return 1


def parse_tags(raw: str) -> list[str]:
    """Front matter values reach Sphinx as strings; a YAML list arrives as JSON."""
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw.split(",")
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        value = [value]
    return [str(tag).strip() for tag in value if str(tag).strip()]


def count_words(doctree: nodes.document) -> int:
    return sum(len(text.split()) for text in doctree.findall(nodes.Text))


def parse_lesson_number(raw: str, location: tuple[str, int]) -> int | None:
    try:
        number = int(raw.strip())
    except ValueError:
        number = None
    if number is None or number < 1:
        warn(
            f"'lesson: {raw}' is not a lesson number; write a whole number from 1 up, "
            f"e.g. 'lesson: 1'",
            location,
            "front-matter",
        )
        return None
    return number


def parse_status(raw: str, location: tuple[str, int]) -> str:
    status = raw.strip().lower()
    if status not in STATUSES:
        warn(
            f"'status: {raw}' is not a lesson status; write 'status: published' or "
            f"'status: draft' (the page is shown as a draft meanwhile)",
            location,
            "front-matter",
        )
        return "draft"
    return status


def record_lesson(app: Sphinx, doctree: nodes.document) -> None:
    """On each read page with ``lesson:`` front matter, file its record."""
    env = app.env
    docname = env.docname
    metadata = env.metadata.get(docname, {})
    if "lesson" not in metadata:
        return
    line = front_matter_line(env, docname, "lesson")
    words = count_words(doctree)
    words_per_minute = max(1, int(app.config.lessonkit_words_per_minute))
    status_raw = str(metadata.get("status", "published"))
    get_lessons(env)[docname] = LessonRecord(
        number=parse_lesson_number(str(metadata["lesson"]), (docname, line)),
        tags=parse_tags(str(metadata.get("tags", "[]"))),
        status=parse_status(status_raw, (docname, front_matter_line(env, docname, "status"))),
        words=words,
        minutes=max(1, math.ceil(words / words_per_minute)),
        line=line,
    )


def rewrite_lessons_when_count_changes(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Every header says "of N": when N changes, every lesson page must be written again."""
    domain = env.get_domain("lesson")
    lessons = get_lessons(env)
    if domain.data["count_written"] == len(lessons):
        return []
    domain.data["count_written"] = len(lessons)
    return list(lessons)


def setup_lessons(app: Sphinx) -> None:
    app.add_domain(LessonDomain)
    app.add_config_value("lessonkit_words_per_minute", 200, "env", types=frozenset({int}))
    # After Sphinx's MetadataCollector (priority 500) has filled env.metadata.
    app.connect("doctree-read", record_lesson, priority=600)
    app.connect("env-get-updated", rewrite_lessons_when_count_changes)

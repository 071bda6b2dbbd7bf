"""The book's lesson register: the facts lessonkit knows about each page.

A page is a lesson when its front matter has ``lesson:``. Everything lessonkit
learns while reading a page — a lesson's number, tags, status, title and reading
time, the parts it has, its placeholders and exercises; which pages hold the tag
index or a progress summary — is kept in :class:`LessonDomain`, one entry per
page. Sphinx purges a page's entries when the page is read again and merges them
after a parallel read, so the register is right in every kind of build.
``env.metadata`` is left to Sphinx.

Pages are written from the register: a lesson's header says "of 10" and links
its tags to the tag index. When anything that one page shows of others changes
(the register, the numbering, the navigation), the book's fingerprint changes and
every page is written again (:func:`pages_to_rewrite`).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Set
from typing import Any, ClassVar, TypedDict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from .messages import shortened
from .shared import warn

STATUSES = ("published", "draft")
#: A month as front matter writes it: ``reviewed: 2026-12``.
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class ExerciseRecord(TypedDict):
    id: str
    line: int
    solutions: int


class CheckRecord(TypedDict):
    id: str
    line: int
    #: single, multiple, numeric, or open (neither choices nor an answer)
    kind: str


class LessonRecord(TypedDict):
    number: int | None
    tags: list[str]
    status: str
    words: int
    minutes: int
    #: line of ``lesson:`` in the page source, for warnings about the number
    line: int
    title: str
    #: line of the page title, for warnings about the whole page
    title_line: int
    #: each required part found on the page, with the lines it was found at
    parts: dict[str, list[int]]
    #: (line, text) of each placeholder paragraph
    placeholders: list[tuple[int, str]]
    exercises: list[ExerciseRecord]
    #: the self-check questions, in page order
    checks: list[CheckRecord]
    #: the one-line summary's text, the page's description for search engines
    summary: str
    #: the month the lesson was last checked against its sources, "YYYY-MM" (``reviewed:``)
    reviewed: str | None


class LessonDomain(Domain):
    """The register; it defines no roles or directives of its own."""

    name = "lesson"
    label = "Lessons"
    initial_data: ClassVar[dict[str, Any]] = {
        "lessons": {},
        # docname -> ids already used on that page, so tag anchors avoid them
        "tag_index_pages": {},
        # docname -> "full" or "compact"
        "progress_pages": {},
        # docname -> (line, message, subtype) of each problem found when it was read,
        # reported again on every build until the page is fixed
        "page_problems": {},
        # docname -> the page's dated claims ({as-of} roles), see lessonkit.freshness
        "dated_claims": {},
        "fingerprint_written": None,
    }
    data_version = 5
    #: the per-page parts of ``data``
    PAGE_KEYS = ("lessons", "tag_index_pages", "progress_pages", "page_problems", "dated_claims")

    @property
    def lessons(self) -> dict[str, LessonRecord]:
        return self.data["lessons"]

    @property
    def tag_index_pages(self) -> dict[str, list[str]]:
        return self.data["tag_index_pages"]

    @property
    def progress_pages(self) -> dict[str, str]:
        return self.data["progress_pages"]

    @property
    def page_problems(self) -> dict[str, list[tuple[int, str, str]]]:
        return self.data["page_problems"]

    @property
    def dated_claims(self) -> dict[str, list[dict[str, Any]]]:
        return self.data["dated_claims"]

    def clear_doc(self, docname: str) -> None:
        for key in self.PAGE_KEYS:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in self.PAGE_KEYS:
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value

    def resolve_any_xref(self, *args: Any) -> list:
        return []


def lesson_domain(env: BuildEnvironment) -> LessonDomain:
    return env.get_domain("lesson")  # type: ignore[return-value]


def get_lessons(env: BuildEnvironment) -> dict[str, LessonRecord]:
    return lesson_domain(env).lessons


def lessons_in_order(env: BuildEnvironment) -> list[tuple[str, LessonRecord]]:
    """Lessons by number, unnumbered ones last, ties by page name."""
    return sorted(get_lessons(env).items(), key=lambda item: (item[1]["number"] or 10**6, item[0]))


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
    tags: list[str] = []
    for tag in (str(item).strip() for item in value):
        if tag and tag not in tags:
            tags.append(tag)
    return tags


#: How fast an adult reads Korean silently, in characters a minute (Hangul syllables
#: and every other character but spaces). Song, Kim and Hyung (2016) measured 202.3
#: words (eojeol) a minute for short sentences of 18.9 characters in 6.5 words read
#: silently: about 590 characters a minute. A lesson is harder reading, so the book
#: counts 500, about 15 % slower, as it counts 200 English words a minute against the
#: 238 Brysbaert (2019) finds for non-fiction. Sources: docs/contributing/lesson-page.md.
KOREAN_CHARACTERS_PER_MINUTE = 500
#: Languages read by the character rather than the word, and their reading rates.
CHARACTERS_PER_MINUTE = {"ko": KOREAN_CHARACTERS_PER_MINUTE}


def count_words(doctree: nodes.document) -> int:
    return sum(len(text.split()) for text in doctree.findall(nodes.Text))


def count_characters(doctree: nodes.document) -> int:
    """Every character of the page's text but spaces: what a Korean reader reads."""
    return sum(len("".join(text.split())) for text in doctree.findall(nodes.Text))


def characters_per_minute(language: str | None) -> int | None:
    """The reading rate in characters for ``language`` ("ko", "ko_KR", "ko-KR"), or
    None for a language read by the word."""
    base = (language or "").replace("-", "_").split("_")[0].lower()
    return CHARACTERS_PER_MINUTE.get(base)


def reading_minutes(doctree: nodes.document, language: str | None, words_per_minute: int) -> int:
    """Minutes to read the page, at least 1: counted in characters for the languages
    of :data:`CHARACTERS_PER_MINUTE`, in words (``lessonkit_words_per_minute``) for
    every other."""
    rate = characters_per_minute(language)
    if rate is not None:
        return max(1, math.ceil(count_characters(doctree) / rate))
    return max(1, math.ceil(count_words(doctree) / words_per_minute))


def parse_lesson_number(raw: str, location: tuple[str, int]) -> int | None:
    try:
        number = int(raw.strip())
    except ValueError:
        number = None
    if number is None or number < 1:
        warn(
            f"'lesson: {shortened(raw)}' is not a lesson number; write a whole number from 1 "
            f"up, e.g. 'lesson: 1'",
            location,
            "front-matter",
        )
        return None
    return number


def parse_status(raw: str, location: tuple[str, int]) -> str:
    status = raw.strip().lower()
    if status not in STATUSES:
        warn(
            f"'status: {shortened(raw)}' is not a lesson status; write 'status: published' or "
            f"'status: draft' (the page is shown as a draft meanwhile)",
            location,
            "front-matter",
        )
        return "draft"
    return status


def parse_reviewed(raw: object, location: tuple[str, int]) -> str | None:
    """``reviewed: 2026-12`` → "2026-12"; anything else warns and is left out."""
    text = str(raw).strip()
    match = MONTH.match(text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        warn(
            f"'reviewed: {shortened(text)}' is not a month; write the year and the month "
            f"you checked the lesson against its sources as YYYY-MM, e.g. 'reviewed: 2026-12'",
            location,
            "front-matter",
        )
        return None
    return text


def page_title(doctree: nodes.document) -> tuple[str, int]:
    title = doctree.next_node(nodes.title)
    if title is None:
        return "", 0
    return title.astext(), title.line or 0


def record_lesson(app: Sphinx, doctree: nodes.document) -> None:
    """On each read page with ``lesson:`` front matter, file its record."""
    env = app.env
    docname = env.docname
    metadata = env.metadata.get(docname, {})
    if "lesson" not in metadata:
        return
    line = front_matter_line(env, docname, "lesson")
    words = count_words(doctree)
    title, title_line = page_title(doctree)
    status_raw = str(metadata.get("status", "published"))
    get_lessons(env)[docname] = LessonRecord(
        number=parse_lesson_number(str(metadata["lesson"]), (docname, line)),
        tags=parse_tags(str(metadata.get("tags", "[]"))),
        status=parse_status(status_raw, (docname, front_matter_line(env, docname, "status"))),
        words=words,
        minutes=reading_minutes(
            doctree, app.config.language, app.config.lessonkit_words_per_minute
        ),
        line=line,
        title=title,
        title_line=title_line,
        parts={},
        placeholders=[],
        exercises=[],
        checks=[],
        summary="",
        reviewed=(
            parse_reviewed(
                metadata["reviewed"], (docname, front_matter_line(env, docname, "reviewed"))
            )
            if "reviewed" in metadata
            else None
        ),
    )


def book_fingerprint(env: BuildEnvironment) -> str:
    """A digest of what every page of the book may show about the other pages.

    The register as the headers, tag index and progress data show it (numbers,
    tags, status, titles, reading times, exercises and their numbers), and the
    book's navigation as every page's sidebar and previous/next links show it.
    """
    domain = lesson_domain(env)
    shown = {
        "lessons": {
            docname: [
                record["number"],
                record["tags"],
                record["status"],
                record["title"],
                record["minutes"],
                [item["id"] for item in record["exercises"]],
                [item["id"] for item in record.get("checks", [])],
            ]
            for docname, record in sorted(domain.lessons.items())
        },
        "tag_index_pages": dict(sorted(domain.tag_index_pages.items())),
        "progress_pages": dict(sorted(domain.progress_pages.items())),
        "navigation": {
            docname: [
                includes,
                env.titles[docname].astext() if docname in env.titles else "",
            ]
            for docname, includes in sorted(env.toctree_includes.items())
        },
        "titles": {
            docname: title.astext()
            for docname, title in sorted(env.titles.items())
            if docname in env.files_to_rebuild or docname == env.config.root_doc
        },
        "numbers": {
            docname: [
                sorted(env.toc_secnumbers.get(docname, {}).items()),
                sorted(
                    (kind, sorted(numbers.items()))
                    for kind, numbers in env.toc_fignumbers.get(docname, {}).items()
                ),
            ]
            for docname in sorted(env.found_docs)
        },
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """When anything that pages show of each other changed, write every page again.

    A book has few pages, and a page rewritten for nothing costs milliseconds; a
    page left stale costs a reader a wrong link.
    """
    domain = lesson_domain(env)
    fingerprint = book_fingerprint(env)
    if domain.data["fingerprint_written"] == fingerprint:
        return []
    domain.data["fingerprint_written"] = fingerprint
    return sorted(env.found_docs)


def setup_lessons(app: Sphinx) -> None:
    app.add_domain(LessonDomain)
    # After Sphinx's MetadataCollector (priority 500) has filled env.metadata.
    app.connect("doctree-read", record_lesson, priority=600)
    app.connect("env-get-updated", pages_to_rewrite)

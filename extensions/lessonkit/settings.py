"""lessonkit's configuration values, declared with their types and checked once.

A wrong value stops the build with one error that names the value and says what
to write instead, before any page is read; nothing fails later, deep in a page.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .messages import shortened

#: giscus's own settings (its data-* attributes), as giscus.app documents them.
GISCUS_KEYS = (
    "repo",
    "repo-id",
    "category",
    "category-id",
    "mapping",
    "term",
    "strict",
    "reactions-enabled",
    "emit-metadata",
    "input-position",
    "theme",
    "lang",
    "loading",
)
GISCUS_REQUIRED = ("repo", "repo-id", "category", "category-id")


def check_words_per_minute(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(
            f"lessonkit_words_per_minute = {shortened(repr(value))} is not a reading speed; "
            f"write a whole number of words per minute from 1 up, e.g. "
            f"lessonkit_words_per_minute = 200"
        )


def check_repository_url(value: object) -> None:
    if not isinstance(value, str) or (value and not value.startswith(("https://", "http://"))):
        raise ConfigError(
            f"lessonkit_repository_url = {shortened(repr(value))} is not a web address; write "
            f"the repository's address, e.g. "
            f"lessonkit_repository_url = 'https://github.com/owner/book', or '' for no "
            f"report links"
        )


def check_giscus(value: object) -> None:
    if not isinstance(value, dict):
        raise ConfigError(
            f"lessonkit_giscus = {shortened(repr(value))} is not a dictionary; write "
            f"lessonkit_giscus = {{}} (no comments) or the settings giscus.app gives, "
            f"e.g. {{'repo': 'owner/book', 'repo-id': 'R_...', 'category': 'Lessons', "
            f"'category-id': 'DIC_...'}}"
        )
    unknown = sorted(str(key) for key in value if key not in GISCUS_KEYS)
    if unknown:
        raise ConfigError(
            f"lessonkit_giscus has unknown key(s) {shortened(', '.join(unknown))}; giscus "
            f"knows {', '.join(GISCUS_KEYS)}"
        )
    not_text = sorted(key for key, setting in value.items() if not isinstance(setting, str))
    if not_text:
        raise ConfigError(
            f"lessonkit_giscus values must be strings, as giscus.app gives them; "
            f"{', '.join(not_text)} is not (write e.g. 'reactions-enabled': '1')"
        )
    missing = [key for key in GISCUS_REQUIRED if not value.get(key)]
    if value and missing:
        raise ConfigError(
            f"lessonkit_giscus lacks {', '.join(missing)}; set all of "
            f"{', '.join(GISCUS_REQUIRED)} (giscus.app shows the values for a repository), "
            f"or write lessonkit_giscus = {{}} for no comments"
        )


def check_previous_keys(value: object) -> None:
    if not isinstance(value, (list, tuple)) or not all(isinstance(key, str) for key in value):
        raise ConfigError(
            f"lessonkit_progress_previous_keys = {shortened(repr(value))} is not a list of "
            f"storage keys; write e.g. ['stream-progress-v1'], or [] when there are none"
        )


def check_publishing_rules(value: object) -> None:
    from .structure import PUBLISHING_RULES

    if not isinstance(value, (list, tuple)) or not set(value) <= set(PUBLISHING_RULES):
        raise ConfigError(
            f"lessonkit_publishing_rules = {shortened(repr(value))} names no known rules; "
            f"write a list of some of {', '.join(PUBLISHING_RULES)}"
        )


def check_config(app: Sphinx, config: Config) -> None:
    check_words_per_minute(config.lessonkit_words_per_minute)
    check_repository_url(config.lessonkit_repository_url)
    check_giscus(config.lessonkit_giscus)
    check_previous_keys(config.lessonkit_progress_previous_keys)
    check_publishing_rules(config.lessonkit_publishing_rules)


def setup_settings(app: Sphinx) -> None:
    app.add_config_value("lessonkit_words_per_minute", 200, "env", types=frozenset({int}))
    app.add_config_value("lessonkit_repository_url", "", "env", types=frozenset({str}))
    app.add_config_value("lessonkit_giscus", {}, "env", types=frozenset({dict}))
    # make lint sets it: every lesson, draft or not, must be complete.
    app.add_config_value("lessonkit_strict", False, "env", types=frozenset({bool}))
    # What a published lesson must have beyond its parts (structure.PUBLISHING_RULES).
    app.add_config_value(
        "lessonkit_publishing_rules",
        ["placeholders", "solutions", "figure", "tags", "sources", "self-checks"],
        "env",
        types=frozenset({list, tuple}),
    )
    # How many cited sources (with an address) a published lesson needs at least.
    app.add_config_value("lessonkit_min_sources", 5, "env", types=frozenset({int}))
    # Every page in this folder (of the source directory) must be a lesson.
    app.add_config_value("lessonkit_lessons_folder", "lessons", "env", types=frozenset({str}))
    # Where earlier versions of the book kept a reader's progress, so it carries over.
    app.add_config_value(
        "lessonkit_progress_previous_keys", [], "html", types=frozenset({list, tuple})
    )
    # Before Sphinx's own type check (priority 800), which would only warn.
    app.connect("config-inited", check_config, priority=300)

"""A wrong configuration value stops the build with one error that names the value
and says what to write instead, before any page is read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

BAD_VALUES = {
    "words per minute as text": (
        {"lessonkit_words_per_minute": "200"},
        "lessonkit_words_per_minute = '200' is not a reading speed; write a whole number",
    ),
    "zero words per minute": (
        {"lessonkit_words_per_minute": 0},
        "lessonkit_words_per_minute = 0 is not a reading speed",
    ),
    "repository without scheme": (
        {"lessonkit_repository_url": "github.com/owner/book"},
        "lessonkit_repository_url = 'github.com/owner/book' is not a web address",
    ),
    "unknown giscus key": (
        {
            "lessonkit_giscus": {
                "repo": "a/b",
                "repo-id": "R",
                "category": "C",
                "category-id": "D",
                'onload="alert(1)"': "x",
            }
        },
        'lessonkit_giscus has unknown key(s) onload="alert(1)"; giscus knows repo, repo-id',
    ),
    "incomplete giscus": (
        {"lessonkit_giscus": {"repo": "x/y"}},
        "lessonkit_giscus lacks repo-id, category, category-id; set all of",
    ),
    "giscus as a list": (
        {"lessonkit_giscus": ["repo"]},
        "lessonkit_giscus = ['repo'] is not a dictionary",
    ),
}


def configured(rootdir, tmp_path, settings: dict) -> Path:
    """A copy of the reader root whose conf.py ends with ``settings``, as a user writes
    them (command-line overrides would be converted to the default's type first)."""
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-reader", srcdir)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        for name, value in settings.items():
            conf.write(f"{name} = {value!r}\n")
    return srcdir


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_bad_value_is_one_clear_error(make_app, rootdir, tmp_path, case):
    settings, message = BAD_VALUES[case]
    with pytest.raises(ConfigError) as error:
        make_app("html", srcdir=configured(rootdir, tmp_path, settings))
    assert str(error.value).startswith(message)


def test_a_quoted_value_is_cut_short(make_app, rootdir, tmp_path):
    settings = {"lessonkit_words_per_minute": "9" * 5000}
    with pytest.raises(ConfigError) as error:
        make_app("html", srcdir=configured(rootdir, tmp_path, settings))
    assert len(str(error.value)) < 250

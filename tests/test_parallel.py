"""Parallel and incremental builds give the same pages as a clean serial build.

Each edit below changes something that pages other than the edited one show (the
lesson count, tag links, the tag index, the report link's address). A rebuild
after the edit must write exactly the pages a clean build of the edited book
writes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.builders.html._assets import _file_checksum_inner

ROOT = "test-builders"
TOCTREE_LESSONS = "lessons/first\nlessons/second\n"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def remove_tag_index(src: Path) -> None:
    (src / "tags.md").unlink()
    replace(src / "index.md", "tags\nprogress", "progress")


def add_tag_index(src: Path) -> None:
    (src / "tags.md").write_text("# Tags\n\n:::{lesson-tag-index}\n:::\n", encoding="utf-8")
    replace(src / "index.md", "\nprogress\n", "\ntags\nprogress\n")


def rename_tag(src: Path) -> None:
    replace(src / "lessons/second.md", '"a & b"', '"a and b"')


def renumber_lessons(src: Path) -> None:
    replace(src / "index.md", TOCTREE_LESSONS, "lessons/second\nlessons/first\n")
    replace(src / "lessons/first.md", "lesson: 1", "lesson: 2")
    replace(src / "lessons/second.md", "lesson: 2", "lesson: 1")


def edit_title(src: Path) -> None:
    replace(src / "lessons/first.md", "# The first lesson", "# The very first lesson")


def change_base_url(src: Path) -> None:
    replace(src / "conf.py", "https://book.example/", "https://moved.example/en/")


def change_repository(src: Path) -> None:
    replace(src / "conf.py", "github.com/example/book", "github.com/example/moved")


def add_lesson(src: Path) -> None:
    third = (src / "lessons/second.md").read_text(encoding="utf-8")
    third = third.replace("lesson: 2", "lesson: 3").replace("The second lesson", "The third")
    third = third.replace("ex-second", "ex-third")
    (src / "lessons/third.md").write_text(third, encoding="utf-8")
    replace(src / "index.md", TOCTREE_LESSONS, TOCTREE_LESSONS + "lessons/third\n")


EDITS: dict[str, tuple[Callable[[Path], None] | None, Callable[[Path], None]]] = {
    # name: (how the book is before, the edit)
    "remove the tag index": (None, remove_tag_index),
    "add the tag index": (remove_tag_index, add_tag_index),
    "rename a tag": (None, rename_tag),
    "renumber the lessons": (None, renumber_lessons),
    "edit a lesson title": (None, edit_title),
    "change html_baseurl": (None, change_base_url),
    "change the repository": (None, change_repository),
    "add a lesson": (None, add_lesson),
}


def written_pages(outdir: Path) -> dict[str, str]:
    """Every page and the book data, as the reader's browser gets them."""
    names = [*sorted(outdir.rglob("*.html")), outdir / "_static" / "lessonkit-book.js"]
    return {str(path.relative_to(outdir)): path.read_text(encoding="utf-8") for path in names}


def source(rootdir: Path, tmp_path: Path, name: str, prepare) -> Path:
    srcdir = tmp_path / name
    shutil.copytree(rootdir / ROOT, srcdir)
    if prepare is not None:
        prepare(srcdir)
    return srcdir


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_rebuild_after_an_edit_equals_a_clean_build(make_app, rootdir, tmp_path, edit):
    prepare, change = EDITS[edit]
    incremental = source(rootdir, tmp_path, "incremental", prepare)
    make_app("html", srcdir=incremental, freshenv=True).build()
    change(incremental)
    # Sphinx caches each asset's checksum per process; `make` starts a new process
    # for every build, so forget them as it would.
    _file_checksum_inner.cache_clear()
    rebuilt = make_app("html", srcdir=incremental)
    rebuilt.build()

    clean_src = source(rootdir, tmp_path, "clean", prepare)
    change(clean_src)
    clean = make_app("html", srcdir=clean_src, freshenv=True)
    clean.build()
    expected = written_pages(Path(clean.outdir))
    # Sphinx leaves the page of a removed document behind; compare what a clean build has.
    assert differences(written_pages(Path(rebuilt.outdir)), expected) == []


def differences(pages: dict[str, str], expected: dict[str, str]) -> list[str]:
    """The first differing line of each page that differs, to name in a failure."""
    found = []
    for name, text in expected.items():
        if pages.get(name) != text:
            got = (pages.get(name) or "").splitlines()
            first = next(
                (i for i, (a, b) in enumerate(zip(got, text.splitlines(), strict=False)) if a != b),
                None,
            )
            line = text.splitlines()[first].strip() if first is not None else "(length)"
            found.append(f"{name}: {line[:200]}")
    return found


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_parallel_build_equals_serial(make_app, rootdir, tmp_path, builder):
    # In parallel these builders write with every process, in lessonkit's order.
    serial = make_app(builder, srcdir=source(rootdir, tmp_path, "serial", None), freshenv=True)
    serial.build()
    parallel = make_app(
        builder, srcdir=source(rootdir, tmp_path, "parallel", None), freshenv=True, parallel=2
    )
    parallel.build()
    assert (
        differences(written_pages(Path(parallel.outdir)), written_pages(Path(serial.outdir))) == []
    )

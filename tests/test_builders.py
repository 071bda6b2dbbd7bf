"""Every builder a user may pick writes every lessonkit node.

Sphinx looks a node's visitor up by output format; a node without one crashes the
builder (NotImplementedError: unknown node type) the first time a user tries it.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import shutil
from urllib.parse import parse_qs, urlsplit

import lessonkit
import pytest
from conftest import parse_output, read_output, warning_lines
from docutils import nodes
from lessonkit.shared import OUTPUT_FORMATS

BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo", "gettext")


def lessonkit_node_classes() -> list[type[nodes.Node]]:
    found = set()
    for module_info in pkgutil.iter_modules(lessonkit.__path__):
        module = importlib.import_module(f"lessonkit.{module_info.name}")
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, nodes.Node) and value.__module__.startswith("lessonkit"):
                found.add(value)
    return sorted(found, key=lambda node_class: node_class.__name__)


def test_every_node_class_is_found():
    # The check below is only as good as this list: it must see the box classes.
    names = {node_class.__name__ for node_class in lessonkit_node_classes()}
    assert {"exercise", "solution", "frame_grid", "lesson_header", "progress_summary"} <= names


@pytest.mark.parametrize("output_format", OUTPUT_FORMATS)
def test_every_node_has_a_visitor(make_app, rootdir, tmp_path, output_format):
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-reader", srcdir)
    app = make_app("html", srcdir=srcdir)
    handlers = app.registry.translation_handlers.get(output_format, {})
    missing = [
        node_class.__name__
        for node_class in lessonkit_node_classes()
        if node_class.__name__ not in handlers
        # Abstract bases and mixins are never placed in a document by themselves.
        and node_class.__name__ not in ("lesson_box", "translatable_words")
    ]
    assert missing == []


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_builder_writes_a_book_with_every_directive(make_app, rootdir, tmp_path, builder):
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-builders", srcdir)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    assert warning_lines(app) == []


def page_ids(page) -> list[str]:
    return [element["id"] for element in page.find_all(id=True)]


@pytest.mark.parametrize(
    ("builder", "pages"),
    [
        ("html", ["index.html", "tags.html", "lessons/first.html", "lessons/second.html"]),
        ("dirhtml", ["tags/index.html", "lessons/first/index.html"]),
        ("singlehtml", ["index.html"]),
        ("epub", ["tags.xhtml", "lessons/first.xhtml", "lessons/second.xhtml"]),
    ],
)
def test_no_page_has_a_duplicate_id(built, builder, pages):
    app = built("builders", builder)
    duplicates = {}
    for name in pages:
        ids = page_ids(parse_output(app, name))
        duplicates[name] = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == {key: [] for key in pages}


def test_every_tag_has_its_own_readable_anchor_and_its_link_lands_on_it(built):
    app = built("builders")
    tag_page = parse_output(app, "tags.html")
    links = [
        (a.get_text(), a["href"])
        for lesson in ("first", "second")
        for a in parse_output(app, f"lessons/{lesson}.html").select("a.lesson-tag")
    ]
    # The page's own heading "Tag motion" keeps tag-motion; the tags take the next ones.
    assert links == [
        ("motion", "../tags.html#tag-motion-3"),
        ("Motion", "../tags.html#tag-motion-2"),
        ("C++", "../tags.html#tag-c-plus-plus"),
        ("c++", "../tags.html#tag-c-plus-plus-2"),
        ("움직임", "../tags.html#tag-움직임"),
        ("생성", "../tags.html#tag-생성"),
        ("motion", "../tags.html#tag-motion-3"),
        ("a & b", "../tags.html#tag-a-and-b"),
    ]
    landed = {
        text: tag_page.find(id=href.split("#")[1]).find(["h2", "h3"]).get_text().rstrip("¶#")
        for text, href in links
    }
    assert landed == {text: text for text, _ in links}


def test_an_unlabelled_exercise_never_takes_a_headings_id(built):
    page = parse_output(built("builders"), "lessons/first.html")
    exercise = page.select_one("div.exercise")
    heading = next(h2 for h2 in page.find_all("h2") if h2.get_text().startswith("Exercise 1"))
    assert (exercise["id"], heading.parent["id"]) == ("exercise-exercise-1", "exercise-1")


def test_a_collected_solution_keeps_its_name_in_print(built):
    tex = read_output(built("builders", "latex"), "everybuilder.tex")
    # The mental model links to the solution by its own name, which moved with it.
    assert r"\label{\detokenize{lessons/first:answer-first}}" in tex
    assert r"\hyperref[\detokenize{lessons/first:answer-first}]" in tex


def test_a_named_box_has_a_label_in_print(built):
    tex = read_output(built("builders", "latex"), "everybuilder.tex")
    assert r"\label{\detokenize{lessons/first:model-first}}" in tex


def book_data(app) -> dict:
    text = read_output(app, "_static/lessonkit-book.js")
    return json.loads(text.split("window.lessonkitBook = ", 1)[1].rstrip().rstrip(";"))


def script_names(page) -> list[str]:
    return [
        script["src"].split("/")[-1].split("?")[0] for script in page.find_all("script", src=True)
    ]


PROGRESS_SCRIPTS = ["lessonkit-book.js", "lessonkit-progress-store.js", "lessonkit-progress.js"]


@pytest.mark.parametrize(
    ("builder", "lesson_page", "lesson_urls", "progress_url"),
    [
        (
            "html",
            "lessons/first.html",
            ["lessons/first.html", "lessons/second.html"],
            "progress.html",
        ),
        ("dirhtml", "lessons/first/index.html", ["lessons/first/", "lessons/second/"], "progress/"),
        (
            "singlehtml",
            "index.html",
            ["#document-lessons/first", "#document-lessons/second"],
            "#document-progress",
        ),
    ],
)
def test_every_web_builder_gets_progress_with_its_own_addresses(
    built, builder, lesson_page, lesson_urls, progress_url
):
    app = built("builders", builder)
    page = parse_output(app, lesson_page)
    data = book_data(app)
    markers = [marker["data-lessonkit-lesson"] for marker in page.select("[data-lessonkit-lesson]")]
    expected_markers = (
        ["lessons/first", "lessons/second"] if builder == "singlehtml" else ["lessons/first"]
    )
    assert (
        [
            name
            for name in script_names(page)
            if name.startswith("lessonkit-progress") or name == "lessonkit-book.js"
        ],
        markers,
        [lesson["url"] for lesson in data["lessons"]],
        data["progressPage"]["url"],
    ) == (PROGRESS_SCRIPTS, expected_markers, lesson_urls, progress_url)


def test_the_epub_gets_no_script_and_no_controls(built):
    page = parse_output(built("builders", "epub"), "lessons/first.xhtml")
    assert (script_names(page), page.select("[data-lessonkit-lesson]")) == ([], [])


@pytest.mark.parametrize(
    ("builder", "address"),
    [
        ("html", "https://book.example/lessons/first.html"),
        ("dirhtml", "https://book.example/lessons/first/"),
        ("epub", "https://book.example/lessons/first.html"),
    ],
)
def test_report_link_names_the_lesson_page_as_the_builder_publishes_it(built, builder, address):
    app = built("builders", builder)
    page_name = {"html": "lessons/first.html", "dirhtml": "lessons/first/index.html"}.get(
        builder, "lessons/first.xhtml"
    )
    link = parse_output(app, page_name).select_one(".lessonkit-feedback a")
    assert parse_qs(urlsplit(link["href"]).query)["url"] == [address]

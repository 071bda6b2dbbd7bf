"""The theme's stylesheets, trimmed to the rules the book's pages use
(extensions/theme_assets.py): which rules stay, and that a rebuild after an edit
and a parallel build trim exactly as a clean serial build does."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from docutils import nodes
from docutils.utils import new_document
from sphinx.builders.html._assets import _CascadingStyleSheet, _file_checksum_inner

sys.path.append(str(REPO_ROOT / "extensions"))
from theme_assets import link_design_assets_where_used, trim_stylesheet

THEME_STYLESHEET = "_static/styles/pydata-sphinx-theme.css"


def test_a_rule_for_a_class_no_page_uses_is_dropped():
    assert trim_stylesheet(".used{color:red}.carousel{color:blue}", {"used"}) == (
        ".used{color:red}\n"
    )


def test_a_selector_list_keeps_the_selectors_that_can_match():
    assert trim_stylesheet(".used,.carousel>p{margin:0}", {"used"}) == ".used{margin:0}\n"


def test_a_class_inside_not_does_not_count():
    assert trim_stylesheet("p:not(.carousel){margin:0}", set()) == "p:not(.carousel){margin:0}\n"


def test_media_rules_are_trimmed_inside_and_dropped_when_empty():
    css = "@media print{.used{a:b}.carousel{c:d}}@media screen{.carousel{e:f}}"
    assert trim_stylesheet(css, {"used"}) == "@media print{.used{a:b}}\n"


def test_rules_without_classes_and_other_at_rules_stay():
    css = ":root{--pst-x:1}html[data-theme=dark] a{color:red}@keyframes spin{to{opacity:1}}"
    assert trim_stylesheet(css, set()) == (
        ":root{--pst-x:1}\nhtml[data-theme=dark] a{color:red}\n@keyframes spin{to{opacity:1}}\n"
    )


@pytest.fixture
def build(make_app, rootdir, tmp_path):
    """Builds a fresh copy of the test root (an edit may change it first)."""

    def run(name: str, edit=None, **options) -> Path:
        source = tmp_path / name
        if not source.exists():
            shutil.copytree(rootdir / "test-theme-assets", source)
        if edit:
            edit(source)
        # `make` starts a new process for every build; forget Sphinx's per-process cache.
        _file_checksum_inner.cache_clear()
        app = make_app("html", srcdir=source, **options)
        app.build()
        return Path(app.outdir)

    return run


def add_spinner(source: Path) -> None:
    with (source / "second.rst").open("a", encoding="utf-8") as page:
        page.write("\n.. container:: spinner-grow\n\n   Loading.\n")


def test_the_theme_stylesheet_keeps_what_pages_and_their_scripts_use(build):
    shipped = (build("clean", freshenv=True) / THEME_STYLESHEET).read_text(encoding="utf-8")
    # On a page: the theme's sidebar, and the page's own "lead" container.
    assert ".bd-sidebar-primary{" in shipped and ".lead{" in shipped
    # Added by Bootstrap's script when a section of the navigation opens.
    assert ".collapsing{" in shipped
    # Bootstrap's growing spinner is on no page and in no script the pages load.
    assert ".spinner-grow" not in shipped


def test_a_rebuild_after_an_edit_trims_as_a_clean_build_does(build):
    before = (build("edited", freshenv=True) / THEME_STYLESHEET).read_text(encoding="utf-8")
    assert ".spinner-grow" not in before
    rebuilt = (build("edited", edit=add_spinner) / THEME_STYLESHEET).read_text(encoding="utf-8")
    clean = (build("clean", edit=add_spinner, freshenv=True) / THEME_STYLESHEET).read_text(
        encoding="utf-8"
    )
    assert ".spinner-grow{" in rebuilt and rebuilt == clean


def test_a_parallel_build_trims_as_a_serial_build_does(build):
    serial = build("serial", freshenv=True) / THEME_STYLESHEET
    parallel = build("parallel", freshenv=True, parallel=2) / THEME_STYLESHEET
    assert parallel.read_bytes() == serial.read_bytes()


def test_sphinx_designs_assets_stay_on_a_page_with_one_of_its_components():
    doctree = new_document("page")
    doctree += nodes.container(classes=["sd-card"])
    context = {"css_files": [_CascadingStyleSheet("sphinx-design.min.css")], "script_files": []}
    link_design_assets_where_used(None, "page", "page.html", context, doctree)
    assert [css.filename for css in context["css_files"]] == ["sphinx-design.min.css"]


def test_sphinx_designs_assets_leave_a_page_without_one():
    doctree = new_document("page")
    doctree += nodes.paragraph(text="Plain.")
    context = {"css_files": [_CascadingStyleSheet("sphinx-design.min.css")], "script_files": []}
    link_design_assets_where_used(None, "page", "page.html", context, doctree)
    assert context["css_files"] == []

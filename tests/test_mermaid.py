"""Mermaid diagrams are rendered at build time, once, with no script from a CDN."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO_ROOT, parse_output, read_output, warning_lines

pytestmark = pytest.mark.skipif(
    not (REPO_ROOT / "node_modules" / ".bin" / "mmdc").exists() or shutil.which("chromium") is None,
    reason="needs mermaid-cli and Chromium: run 'make diagram-tools' and scripts/install-system-deps.sh",
)


@pytest.fixture(scope="module")
def html(built):
    return built("mermaid")


def test_html_shows_a_static_svg_image_with_alt_text(html):
    page = parse_output(html, "index.html")
    image = page.select_one("img.mermaid-diagram")
    svg = (Path(html.outdir) / image["src"]).read_text(encoding="utf-8")
    assert (image["alt"], "<foreignObject" in svg, page.find("object")) == (
        "Pixels go through the encoder into latents.",
        False,
        None,
    )


def test_html_loads_no_mermaid_script(html):
    assert "mermaid.esm" not in read_output(html, "index.html") and "<script" not in str(
        parse_output(html, "index.html").select_one("article")
    )


def test_unchanged_diagram_is_not_rendered_again(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-mermaid", srcdir)
    first = make_app("html", srcdir=srcdir)
    first.build()
    (image,) = (Path(first.outdir) / "_images").glob("mermaid-*.svg")
    rendered_at = image.stat().st_mtime_ns
    make_app("html", srcdir=srcdir, freshenv=True).build()
    assert image.stat().st_mtime_ns == rendered_at


def test_a_clean_build_of_an_unchanged_diagram_launches_no_browser(
    make_app, rootdir, tmp_path, monkeypatch
):
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-mermaid", srcdir)
    launches = tmp_path / "launches.log"
    monkeypatch.setenv("LESSONKIT_DIAGRAM_LOG", str(launches))
    make_app("html", srcdir=srcdir, builddir=tmp_path / "first").build()
    make_app("html", srcdir=srcdir, builddir=tmp_path / "second", freshenv=True).build()
    make_app("latex", srcdir=srcdir, builddir=tmp_path / "third", freshenv=True).build()
    # One launch per diagram and format: the second html build finds the SVG cached.
    assert [Path(line).suffix for line in launches.read_text().splitlines()] == [".svg", ".pdf"]
    assert len(list((tmp_path / "second" / "html" / "_images").glob("mermaid-*.svg"))) == 1


def test_latex_includes_a_vector_pdf(built):
    app = built("mermaid", "latex")
    tex = read_output(app, "projectnamenotset.tex")
    (pdf,) = Path(app.outdir).glob("mermaid-*.pdf")
    assert rf"\sphinxincludegraphics{{{pdf.name}}}" in tex and pdf.read_bytes().startswith(b"%PDF")


def test_missing_renderer_warns_with_the_install_command(built):
    (line,) = warning_lines(built("mermaid", mermaid_cmd="/nonexistent/mmdc"))
    assert line.startswith(
        "index.md:3: WARNING: mermaid diagram not rendered: install the diagram renderer: 'make diagram-tools'"
    )


def test_a_broken_diagram_is_one_warning_at_its_own_line_and_shows_its_source(built):
    app = built("mermaid-bad")
    (line,) = warning_lines(app)
    assert line.startswith(
        "index.md:20: WARNING: mermaid diagram does not render: Parse error on line 3:"
    )
    assert "at async" not in line and "node_modules" not in line
    source = parse_output(app, "index.html").select_one("pre.mermaid-source")
    assert "b --> ((c" in source.get_text()


def test_lint_checks_every_diagram_though_it_draws_none(built):
    (line,) = warning_lines(built("mermaid-bad", "dummy", lessonkit_strict=True))
    assert line.startswith("index.md:20: WARNING: mermaid diagram does not render: Parse error")


def test_without_a_browser_the_build_says_once_what_to_install(
    make_app, rootdir, tmp_path, monkeypatch
):
    monkeypatch.setenv("PUPPETEER_CACHE_DIR", str(tmp_path / "no-browser-here"))
    monkeypatch.delenv("PUPPETEER_EXECUTABLE_PATH", raising=False)
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-mermaid", srcdir)
    app = make_app(
        "html", srcdir=srcdir, confoverrides={"lessonkit_browser": "/nonexistent/chrome"}
    )
    app.build()
    (line,) = warning_lines(app)
    assert line.startswith("WARNING: no Chromium or Chrome found to render the diagrams")
    assert "sudo dnf install chromium" in line and "LESSONKIT_BROWSER" in line
    assert parse_output(app, "index.html").select_one("pre.mermaid-source") is not None


# -- The Korean edition: a diagram's caption, alt text and code are page messages ----------

KOREAN_CODE = "flowchart LR\n  A[픽셀] --> B[인코더] --> C[잠재 표현]"


def test_gettext_extracts_the_caption_the_alt_text_and_the_code(built):
    from babel.messages.pofile import read_po

    app = built("mermaid-ko", "gettext")
    with (Path(app.outdir) / "index.pot").open("rb") as file:
        messages = [message.id for message in read_po(file) if message.id]
    assert messages == [
        "Diagrams",
        "Pixels go through the encoder into latents.",
        "flowchart LR\n  A[Pixels] --> B[Encoder] --> C[Latents]",
        "From pixels to latents.",
    ]
    assert warning_lines(app) == []


def test_korean_html_draws_the_translated_diagram_with_its_alt_text_and_caption(built):
    app = built("mermaid-ko")
    assert warning_lines(app) == []
    figure = parse_output(app, "index.html").select_one("figure#fig-encoder")
    image = figure.select_one("img.mermaid-diagram")
    svg = (Path(app.outdir) / image["src"]).read_text(encoding="utf-8")
    assert image["alt"] == "픽셀이 인코더를 거쳐 잠재 표현이 된다."
    assert ("인코더" in svg, "Encoder" in svg) == (True, False)
    assert figure.select_one(".caption-text").get_text() == "픽셀에서 잠재 표현으로."


def test_korean_text_describes_the_diagram_in_korean(built):
    # The text writer may break a Korean line inside a word: compare without spaces.
    text = "".join(read_output(built("mermaid-ko", "text"), "index.txt").split())
    assert "픽셀이인코더를거쳐잠재표현이된다." in text
    assert "픽셀에서잠재표현으로." in text and "Pixels" not in text


def test_the_translated_code_replaces_only_the_authors_part():
    # With :config: or :title:, sphinxcontrib-mermaid puts front matter before the
    # author's code; the translation keeps it.
    from lessonkit.mermaid import mermaid_words
    from sphinxcontrib.mermaid import mermaid

    english = "flowchart LR\n  A[Pixels] --> B[Encoder] --> C[Latents]"
    diagram = mermaid(code="---\ntitle: Encoder\n---\n" + english, alt="Pixels go in.")
    diagram += mermaid_words("", words=["Pixels go in.", english], code=english)
    diagram[0].apply_translated_message(english, KOREAN_CODE)
    diagram[0].apply_translated_message("Pixels go in.", "픽셀이 들어간다.")
    assert (diagram["code"], diagram["alt"]) == (
        "---\ntitle: Encoder\n---\n" + KOREAN_CODE,
        "픽셀이 들어간다.",
    )


def test_plain_text_gives_the_diagram_a_line_of_its_own_before_its_caption(built):
    text = read_output(built("mermaid-ko", "text"), "index.txt")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    description = next(index for index, line in enumerate(lines) if line.startswith("[그림:"))
    assert lines[description].endswith("]") and "픽셀에서" in lines[description + 1]


def test_texinfo_describes_the_diagram_where_the_image_cannot_go(built):
    app = built("mermaid", "texinfo")
    texi = read_output(app, "projectnamenotset.texi")
    (described,) = Path(app.outdir).glob("mermaid-*.txt")
    description = "[Figure: Pixels go through the encoder into latents.]"
    assert described.read_text(encoding="utf-8") == description + "\n"
    assert f"@image{{{described.stem},,,{description},png}}" in texi

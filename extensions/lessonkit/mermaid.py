"""Mermaid diagrams rendered at build time, shown as images, with short, located errors.

sphinxcontrib-mermaid renders diagrams with mermaid-cli when
``mermaid_output_format = "svg"``, caching each by a hash of its code in the
output's image folder; :mod:`lessonkit.diagram_cache` keeps them between clean
builds and builders too, so an unchanged diagram never starts a browser again.

This module:

- shows the SVG as ``<img>`` with alt text (sphinxcontrib-mermaid uses
  ``<object>``), which screen readers and ePub readers handle better;
- finds the browser mermaid-cli needs instead of assuming one (a configured path,
  ``LESSONKIT_BROWSER`` or ``PUPPETEER_EXECUTABLE_PATH``, then Chromium or Chrome on
  ``PATH``) and, when there is none, says once what to install;
- turns a diagram that does not parse into one warning at the diagram's own line
  with mermaid's message (no JavaScript stack trace), and shows its source
  instead of dropping it, in the web book and the PDF alike;
- checks every diagram in ``make lint`` (``lessonkit_strict``), where nothing is
  rendered otherwise: through the diagram cache, a checked diagram costs nothing;
- makes a diagram's alt text and its code messages of the page's translation
  catalog (:class:`mermaid_words`), so a translated edition draws the diagram with
  translated words and describes it in its language (the caption is a text node of
  the page, which Sphinx translates by itself).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import set_source_info

from .diagram_cache import renderer_of, split_command
from .lessons import lesson_domain
from .shared import (
    SKIP,
    add_node_everywhere,
    figure_description,
    warn,
    write_as_paragraph,
    write_as_text_block,
)
from .translatable_words import translatable_words, words_to_translate

INSTALL_HINT = (
    "install the diagram renderer: 'make diagram-tools' (npm ci with "
    "PUPPETEER_SKIP_DOWNLOAD=1, and Debian's chromium through scripts/install-system-deps.sh)"
)
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_HINT = (
    "no Chromium or Chrome found to render the diagrams, so they are shown as source. "
    "Install one: Debian/Ubuntu 'sudo apt install chromium' (or 'make system-deps'), "
    "Fedora 'sudo dnf install chromium', macOS 'brew install --cask chromium', Windows: "
    "use WSL and the Debian/Ubuntu command; or set LESSONKIT_BROWSER to a Chrome or "
    "Chromium executable. Outside CI you may instead let mermaid-cli fetch its own "
    "browser: 'npx puppeteer browsers install chrome'"
)
PARSE_ERROR = re.compile(r"(?:Parse|Lexical) error on line (\d+):")
STACK_LINE = re.compile(r"^\s*at |\(file://|^\S+\.\w+ \(/|node_modules/")


def renderer_missing(config: Config) -> bool:
    program = renderer_of(config.mermaid_cmd)
    return shutil.which(program) is None and not Path(program).is_file()


# -- the browser --------------------------------------------------------------------


def puppeteer_has_its_own_browser() -> bool:
    cache = Path(os.environ.get("PUPPETEER_CACHE_DIR", Path.home() / ".cache" / "puppeteer"))
    return any(cache.glob("chrome*/*"))


def find_browser(config: Config) -> str | None:
    """The browser mermaid-cli should drive, from the most to the least explicit."""
    for candidate in (
        config.lessonkit_browser,
        os.environ.get("LESSONKIT_BROWSER"),
        os.environ.get("PUPPETEER_EXECUTABLE_PATH"),
    ):
        if candidate:
            return shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return found
    return None


def point_renderer_at_browser(app: Sphinx) -> None:
    """Tell mermaid-cli (through puppeteer's environment variable) which browser to use."""
    config = app.config
    if "sphinxcontrib.mermaid" not in app.extensions or config.mermaid_output_format != "svg":
        return
    browser = find_browser(config)
    if browser:
        # Inherited by every mermaid-cli process this build starts.
        os.environ["PUPPETEER_EXECUTABLE_PATH"] = browser
        app.env.lessonkit_no_browser = False  # type: ignore[attr-defined]
    else:
        no_browser = not puppeteer_has_its_own_browser()
        app.env.lessonkit_no_browser = no_browser  # type: ignore[attr-defined]
        if no_browser and not renderer_missing(config):
            warn(BROWSER_HINT, None, "mermaid")


def can_render(translator) -> bool:
    config = translator.builder.config
    return (
        config.mermaid_output_format == "svg"
        and not renderer_missing(config)
        and not getattr(translator.builder.env, "lessonkit_no_browser", False)
    )


# -- errors at the diagram's own line ------------------------------------------------


def diagram_error(output: str) -> tuple[int | None, str]:
    """mermaid-cli's output cut to what a writer needs: the line in the diagram and
    mermaid's own message, without the JavaScript stack trace."""
    lines = [line.rstrip() for line in output.splitlines()]
    for index, line in enumerate(lines):
        match = PARSE_ERROR.search(line)
        if match:
            expecting = next(
                (text for text in lines[index + 1 : index + 5] if text.startswith("Expecting")),
                "",
            )
            excerpt = lines[index + 1].strip() if index + 1 < len(lines) else ""
            message = f"{match.group(0)} near '{excerpt}'"
            return int(match.group(1)), f"{message}; {expecting}" if expecting else message
    meaningful = [
        line.strip()
        for line in lines
        if line.strip() and not STACK_LINE.search(line) and not line.startswith("[")
    ]
    errors = [line for line in meaningful if "rror" in line]
    return None, (errors or meaningful or ["mermaid-cli failed without a message"])[0]


def code_start_line(env: BuildEnvironment, node: nodes.Element) -> tuple[str, int] | None:
    """The source file and line of the diagram's first line of code (after the options).

    sphinxcontrib-mermaid gives its node no source of its own: take the nearest one
    from the node or its parents, as Sphinx does for a warning's location.
    """
    path, line = get_source_line(node)
    if not path or not line:
        return None
    try:
        source = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    code_first = node["code"].splitlines()[0].strip() if node["code"].strip() else ""
    for number in range(line, min(len(source), line + 40) + 1):
        if source[number - 1].strip() == code_first:
            return path, number
    return None


def error_location(env: BuildEnvironment, node: nodes.Element, diagram_line: int | None):
    """``file:line`` of the diagram's faulty line, as Sphinx prints locations."""
    start = code_start_line(env, node)
    if start is not None and diagram_line is not None:
        return f"{start[0]}:{start[1] - 1 + diagram_line}"
    return node


def report_diagram_error(env: BuildEnvironment, node: nodes.Element, output: str) -> None:
    line, message = diagram_error(output)
    warn(diagram_error_message(message), error_location(env, node, line), "mermaid")


def diagram_error_message(message: str) -> str:
    return (
        f"mermaid diagram does not render: {message}; fix the diagram (mermaid.live shows "
        f"the same errors as you type)"
    )


# -- rendering -------------------------------------------------------------------------


def show_source(translator, node: nodes.Element) -> None:
    """A diagram that could not be drawn is still shown, as its source."""
    if translator.builder.format == "latex":
        translator.body.append(
            "\n\\begin{sphinxVerbatim}[commandchars=\\\\\\{\\}]\n"
            + translator.encode(node["code"])
            + "\n\\end{sphinxVerbatim}\n"
        )
    else:
        translator.body.append(
            f'<pre class="mermaid-source">{translator.encode(node["code"])}</pre>\n'
        )


def render(translator, node: nodes.Element, output_format: str) -> str | None:
    """The rendered file's path relative to the page, or None after a located warning."""
    from sphinxcontrib.mermaid import MermaidError, render_mm

    if not can_render(translator):
        if renderer_missing(translator.builder.config):
            warn(f"mermaid diagram not rendered: {INSTALL_HINT}", node, "mermaid")
        return None
    try:
        relative_path, _ = render_mm(translator, node["code"], node["options"], output_format)
    except MermaidError as error:
        report_diagram_error(translator.builder.env, node, str(error))
        return None
    return relative_path


def html_visit_mermaid_image(self, node: nodes.Element) -> None:
    if self.builder.config.mermaid_output_format != "svg":
        show_source(self, node)
        raise nodes.SkipNode
    relative_path = render(self, node, "svg")
    if relative_path is None:
        show_source(self, node)
        raise nodes.SkipNode
    alt = node.get("alt") or " ".join(node["code"].split())
    self.body.append(
        f'<img src="{self.attval(relative_path)}" alt="{self.attval(alt)}" class="mermaid-diagram"/>\n'
    )
    raise nodes.SkipNode


def latex_visit_mermaid_image(self, node: nodes.Element) -> None:
    relative_path = render(self, node, "pdf")
    if relative_path is None:
        show_source(self, node)
    else:
        self.body.append(f"\n\\sphinxincludegraphics{{{relative_path}}}\n")
    raise nodes.SkipNode


def described(node) -> str:
    return figure_description(node.get("alt", ""))


# sphinxcontrib-mermaid writes "[graph: ...]" in plain text and man pages onto the line
# it is on, so a diagram's caption ran straight on from it. Here it is a paragraph of
# its own, worded as lab figures are.
def text_visit_mermaid(self, node) -> None:
    write_as_text_block(self, described(node))
    raise nodes.SkipNode


def man_visit_mermaid(self, node) -> None:
    write_as_paragraph(self, node, described(node))
    raise nodes.SkipNode


def texinfo_visit_mermaid(self, node) -> None:
    """sphinxcontrib-mermaid's PNG, described: Texinfo's ``@image`` gets the diagram's
    description as its alt text (it had "[mermaid]"), and a ``NAME.txt`` beside the
    image, which makeinfo puts in the Info file where the image cannot go."""
    from sphinxcontrib.mermaid import texinfo_visit_mermaid as draw

    first = len(self.body)
    # It ends by skipping the node, as this visitor does below.
    with contextlib.suppress(nodes.SkipNode):
        draw(self, node)
    description = described(node)
    for index in range(first, len(self.body)):
        line = self.body[index]
        if line.startswith("@image{") and ",,,[mermaid]," in line:
            image = line[len("@image{") : line.index(",")]
            self.body[index] = line.replace("[mermaid]", self.escape_arg(description), 1)
            Path(self.builder.outdir, f"{image}.txt").write_text(
                description + "\n", encoding="utf-8"
            )
    raise nodes.SkipNode


# -- translation -------------------------------------------------------------------------


class mermaid_words(nodes.General, nodes.Element, translatable_words):
    """Inside a diagram's node: its alt text and its code as the author wrote them
    (``node["words"]``), messages of the page's catalog. sphinxcontrib-mermaid keeps
    both in attributes of its own node, which Sphinx does not translate; a
    translation goes back there, where every builder reads it. The diagram's
    visitors never show what is inside it, nor does this node."""

    def use_translation(self, original: str, translated: str) -> None:
        diagram = self.parent
        if diagram is None:
            return
        if (diagram.get("alt") or "").strip() == original:
            diagram["alt"] = translated
        if original == self.get("code"):
            # The node's code may start with the front matter the directive adds
            # (:config:, :title:): translate only the author's part.
            before, found, after = diagram["code"].rpartition(original)
            if found:
                diagram["code"] = before + translated + after


def translatable_mermaid_directive():
    """sphinxcontrib-mermaid's directive, with the diagram's words for the catalog."""
    from sphinxcontrib.mermaid import Mermaid, mermaid

    class TranslatableMermaid(Mermaid):
        def run(self, **kwargs):
            result = super().run(**kwargs)
            for node in result:
                diagram = node.next_node(mermaid, include_self=True)
                if diagram is None:
                    continue
                # Inline code only: a diagram read from a file is that file's.
                code = "\n".join(self.content).strip() if not self.arguments else ""
                words = words_to_translate([self.options.get("alt") or "", code])
                if words:
                    child = mermaid_words("", words=words, code=code)
                    set_source_info(self, child)
                    diagram += child
            return result

    return TranslatableMermaid


# -- make lint: every diagram checked, though nothing is drawn ---------------------------


def check_diagrams(app: Sphinx, doctree: nodes.document) -> None:
    """In make lint, render each diagram (to a scratch file, through the cache)."""
    config = app.config
    if not config.lessonkit_strict or "sphinxcontrib.mermaid" not in app.extensions:
        return
    if config.mermaid_output_format != "svg" or renderer_missing(config):
        return
    from sphinxcontrib.mermaid import mermaid

    problems = lesson_domain(app.env).page_problems
    for node in doctree.findall(mermaid):
        with tempfile.TemporaryDirectory() as scratch:
            source = Path(scratch) / "diagram.mmd"
            source.write_text(node["code"], encoding="utf-8")
            command = [
                *split_command(config.mermaid_cmd),
                *config.mermaid_params,
                "-i", str(source), "-o", str(Path(scratch) / "diagram.svg"),
            ]  # fmt: skip
            result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            line, message = diagram_error(result.stderr + result.stdout)
            start = code_start_line(app.env, node)
            if start is not None and line is not None:
                at = start[1] - 1 + line
            else:
                at = get_source_line(node)[1] or 1
            problems.setdefault(app.env.docname, []).append(
                (at, diagram_error_message(message), "mermaid")
            )


def use_image_tags(app: Sphinx) -> None:
    # After every extension's setup(), so this wins over sphinxcontrib-mermaid's own visitor.
    if "sphinxcontrib.mermaid" not in app.extensions:
        return
    from sphinxcontrib.mermaid import mermaid

    app.add_node(
        mermaid,
        override=True,
        html=(html_visit_mermaid_image, None),
        latex=(latex_visit_mermaid_image, None),
        text=(text_visit_mermaid, None),
        man=(man_visit_mermaid, None),
        texinfo=(texinfo_visit_mermaid, None),
    )
    app.add_directive("mermaid", translatable_mermaid_directive(), override=True)
    point_renderer_at_browser(app)


def setup_mermaid(app: Sphinx) -> None:
    add_node_everywhere(app, mermaid_words, fallback=SKIP)
    # A browser for mermaid-cli; empty: LESSONKIT_BROWSER, then Chromium or Chrome on PATH.
    app.add_config_value("lessonkit_browser", "", "env", types=frozenset({str}))
    app.connect("builder-inited", use_image_tags)
    # After structure.record_page_problems (620), which files this page's problems.
    app.connect("doctree-read", check_diagrams, priority=630)

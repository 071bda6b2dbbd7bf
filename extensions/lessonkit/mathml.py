"""Math on the web and in the ePub as MathML, written while the book builds.

Sphinx's default HTML math renderer, MathJax, loads a script from a CDN: a page
would need the network and would carry hundreds of kilobytes of script. Browsers
and ePub readers draw MathML themselves, so lessonkit converts each formula's LaTeX
with latex2mathml: no script, no images, text a screen reader can read. LaTeX gets
the formula as LaTeX (Sphinx's own writer); plain text gets it in Unicode through
pylatexenc ("v̂ = v_∅ + w (v_c − v_∅)" rather than "\\hat{v} = ..."), display
formulas one per line with their numbers.

A formula latex2mathml cannot read becomes a located ``lessonkit.math`` warning,
and the page shows its source as code, so nothing is lost silently.

ePub 3 wants every page that holds MathML marked ``properties="mathml"`` in the
package file; :class:`MathMLEpubBuilder` adds the mark, since Sphinx's ePub builder
knows no such property.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.config import Config
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

from .shared import warn

RENDERER = "mathml"


def to_mathml(latex: str, display: str, node: nodes.Element) -> str | None:
    """The formula as MathML, or None (after a located warning) if it cannot be read."""
    from latex2mathml.converter import convert

    try:
        return convert(latex, display=display)
    except Exception as error:  # latex2mathml raises many kinds for malformed input
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        warn(
            f"math: cannot convert {latex!r} to MathML ({reason}); "
            f"check the braces and commands, or write the formula with simpler LaTeX "
            f"(\\frac, ^, _, \\sqrt, Greek letters)",
            node,
            "math",
        )
        return None


def html_visit_math(self: Any, node: nodes.math) -> None:
    latex = node.astext()
    converted = to_mathml(latex, "inline", node)
    if converted is None:
        self.body.append(f'<code class="math-source">{self.encode(latex)}</code>')
    else:
        self.body.append(f'<span class="math-inline">{converted}</span>')
    raise nodes.SkipNode


def html_visit_displaymath(self: Any, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math-display"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    # Several equations separated by blank lines, as Sphinx's math directive allows.
    for part in (part for part in node.astext().split("\n\n") if part.strip()):
        converted = to_mathml(part, "block", node)
        if converted is None:
            self.body.append(f'<pre class="math-source">{self.encode(part)}</pre>')
        else:
            self.body.append(converted)
    self.body.append("</div>\n")
    raise nodes.SkipNode


def unicode_text(latex: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        text = LatexNodes2Text(math_mode="text").latex_to_text(latex)
    except Exception:  # pylatexenc is lenient; keep the source if it ever gives up
        return latex
    return " ".join(text.split())


def text_visit_math(self: Any, node: nodes.math) -> None:
    self.add_text(unicode_text(node.astext()))
    raise nodes.SkipNode


def text_visit_displaymath(self: Any, node: nodes.math_block) -> None:
    self.new_state()
    parts = [unicode_text(part) for part in node.astext().split("\n\n") if part.strip()]
    if node.get("number"):
        parts[-1] += f"    ({node['number']})"
    self.add_text("\n".join(parts))
    self.end_state(wrap=False)
    raise nodes.SkipNode


def choose_mathml(app: Sphinx, config: Config) -> None:
    """MathML unless the project chose another renderer."""
    if not config.html_math_renderer:
        config.html_math_renderer = RENDERER


MATH_TAG = re.compile(rb"<math[\s>]")
MANIFEST_ITEM = re.compile(
    r'<item id="[^"]*" href="(?P<href>[^"]+)" media-type="application/xhtml\+xml" />'
)


class MathMLEpubBuilder(Epub3Builder):
    """Sphinx's ePub 3 builder, marking the pages that hold MathML in the package file
    (EPUBCheck reports a page with undeclared MathML as an error)."""

    def build_content(self) -> None:
        super().build_content()
        package = Path(self.outdir, "content.opf")
        text = package.read_text(encoding="utf-8")

        def mark(match: re.Match) -> str:
            page = Path(self.outdir, match["href"])
            if page.is_file() and MATH_TAG.search(page.read_bytes()):
                return match[0].replace(" />", ' properties="mathml" />')
            return match[0]

        package.write_text(MANIFEST_ITEM.sub(mark, text), encoding="utf-8")


def setup_mathml(app: Sphinx) -> None:
    app.add_html_math_renderer(RENDERER, (html_visit_math, None), (html_visit_displaymath, None))
    app.add_node(nodes.math, override=True, text=(text_visit_math, None))
    app.add_node(nodes.math_block, override=True, text=(text_visit_displaymath, None))
    app.connect("config-inited", choose_mathml, priority=400)
    app.add_builder(MathMLEpubBuilder, override=True)

"""Mermaid diagrams rendered at build time, shown as images.

sphinxcontrib-mermaid renders diagrams with mermaid-cli when
``mermaid_output_format = "svg"``, caching each by a hash of its code in the
output's image folder; :mod:`lessonkit.diagram_cache` keeps them between clean
builds and builders too, so an unchanged diagram never starts a browser again.
Its HTML uses ``<object>``; this module shows the same SVG as ``<img>`` with alt
text, which screen readers and ePub readers handle better, and says how to install
the renderer when it is missing instead of shipping client-side JavaScript.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from .diagram_cache import renderer_of
from .shared import warn

INSTALL_HINT = (
    "install the diagram renderer: 'make diagram-tools' (npm ci with "
    "PUPPETEER_SKIP_DOWNLOAD=1, and Debian's chromium through scripts/install-system-deps.sh)"
)


def renderer_missing(config: Config) -> bool:
    program = renderer_of(config.mermaid_cmd)
    return shutil.which(program) is None and not Path(program).is_file()


def html_visit_mermaid_image(self, node: nodes.Element) -> None:
    from sphinxcontrib.mermaid import MermaidError, render_mm

    alt = node.get("alt") or " ".join(node["code"].split())
    if self.builder.config.mermaid_output_format != "svg" or renderer_missing(self.builder.config):
        if self.builder.config.mermaid_output_format == "svg":
            warn(f"mermaid diagram not rendered: {INSTALL_HINT}", node, "mermaid")
        self.body.append(f'<pre class="mermaid-source">{self.encode(node["code"])}</pre>\n')
        raise nodes.SkipNode
    try:
        relative_path, _ = render_mm(self, node["code"], node["options"], "svg")
    except MermaidError as error:
        warn(f"mermaid diagram not rendered: {error}", node, "mermaid")
        raise nodes.SkipNode from None
    self.body.append(
        f'<img src="{self.attval(relative_path)}" alt="{self.attval(alt)}" class="mermaid-diagram"/>\n'
    )
    raise nodes.SkipNode


def use_image_tags(app: Sphinx) -> None:
    # After every extension's setup(), so this wins over sphinxcontrib-mermaid's own visitor.
    if "sphinxcontrib.mermaid" not in app.extensions:
        return
    from sphinxcontrib.mermaid import mermaid

    app.add_node(mermaid, override=True, html=(html_visit_mermaid_image, None))


def setup_mermaid(app: Sphinx) -> None:
    app.connect("builder-inited", use_image_tags)

"""The authoring guide's examples: a piece of MyST shown as source and as result.

``source-and-result`` parses its content twice over: once as a literal block of the
exact text, once as the page would render it. The guide uses it for every
directive, so the source a contributor copies is the source that was built, and
the guide fails the build (with ``-W``) the day an example stops working.

On the web the two sit side by side (stacked on a phone); in the PDF, the ePub and
plain text the result follows its source.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .shared import translate


class SourceAndResultDirective(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict] = {
        # the fence language of the shown source: markdown (default), python, toml, ...
        "language": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        text = "\n".join(self.content)
        literal = nodes.literal_block(text, text, language=self.options.get("language", "markdown"))
        self.set_source_info(literal)

        source_side = nodes.container(classes=["lessonkit-example-source"])
        source_side += nodes.rubric("", translate("Source"))
        source_side += literal

        result_side = nodes.container(classes=["lessonkit-example-result"])
        result_side += nodes.rubric("", translate("Result"))
        self.state.nested_parse(self.content, self.content_offset, result_side)

        example = nodes.container(classes=["lessonkit-example"])
        self.set_source_info(example)
        example += [source_side, result_side]
        return [example]


def setup_showcase(app: Sphinx) -> None:
    app.add_directive("source-and-result", SourceAndResultDirective)

"""The lesson boxes: one-line summary, mental model, key takeaways, and "under the
hood" (optional depth a reader may skip).

Each box is an admonition-like node with a translated title as its first child, so
every builder that knows admonitions can show it; the visitors below add our own
classes in HTML and a distinct box style in LaTeX. The title is the author's words
(a message of the page's translation catalog) until the page is translated;
:class:`BoxTitles` then puts lessonkit's own words ("Mental model: ") around them. The exercise box, which is
numbered and holds a solution, lives in :mod:`lessonkit.exercises` and reuses the
directive base and visitors defined here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .shared import CR, SKIP, add_node_everywhere, translate, warn
from .translation import LOCALE_PRIORITY


class lesson_box(nodes.Admonition, nodes.Element):
    """Base of every lesson box; subclasses name their LaTeX style and the words
    lessonkit writes in their title (:class:`BoxTitles`)."""

    #: the ``sphinxadmonition`` type whose print style the box borrows
    latex_style = "note"
    #: the class of the inline that holds the author's own title, if any
    subtitle_class = "lessonkit-box-subtitle"

    def title_label(self) -> str:
        """lessonkit's name for the box, before the author's title ("Mental model"),
        in the book's language; empty for a box whose title is only the author's."""
        return ""

    def title_suffix(self) -> list[nodes.Node]:
        """What lessonkit writes after the author's title."""
        return []


class one_line_summary(lesson_box):
    latex_style = "important"

    def title_label(self) -> str:
        return translate("In one line")


class mental_model(lesson_box):
    latex_style = "tip"

    def title_label(self) -> str:
        return translate("Mental model")


class key_takeaways(lesson_box):
    latex_style = "hint"

    def title_label(self) -> str:
        return translate("Key takeaways")


class under_the_hood(lesson_box):
    latex_style = "note"

    def title_label(self) -> str:
        return translate("Under the hood")

    def title_suffix(self) -> list[nodes.Node]:
        return [nodes.inline("", " " + translate("(optional)"), classes=["lessonkit-box-optional"])]


class box_anchor(nodes.Element):
    """Where LaTeX puts a box's labels: right after its title, inside the box.

    ``number`` (an exercise's "1.2") becomes what ``\\ref`` prints.
    """


def give_source_info(box: nodes.Element) -> None:
    """Give every text inside ``box`` a source and line. MyST leaves them off a table's
    cells parsed inside a directive, and Sphinx extracts for translation only text
    that has them: a table in a worked solution stayed English in a translation."""
    for node in box.findall(nodes.TextElement):
        if node.source is None:
            node.source = box.source
        if node.line is None:
            ancestor = node.parent
            while ancestor is not None and ancestor.line is None:
                ancestor = ancestor.parent
            node.line = ancestor.line if ancestor is not None else box.line


class BoxDirective(SphinxDirective):
    """Common run() of all boxes: title, classes, body, and the located warnings."""

    node_class: ClassVar[type[lesson_box]]
    #: whether the directive argument is part of the title (otherwise it is body text)
    takes_title: ClassVar[bool] = False
    has_content = True
    # An argument is always accepted so that a stray one can be warned about and kept.
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = {
        "class": directives.class_option,
        "name": directives.unchanged,
    }

    def make_title(self) -> nodes.title:
        """The title as the author wrote it, and only that: it is the title's message
        in the page's catalog, and lessonkit's words join it once the page is
        translated (:class:`BoxTitles`)."""
        if self.arguments and self.takes_title:
            inline_nodes, self.title_messages = self.state.inline_text(
                self.arguments[0], self.lineno
            )
            title = nodes.title(self.arguments[0], "", *inline_nodes)
        else:
            title = nodes.title()
        self.set_source_info(title)
        return title

    def run(self) -> list[nodes.Node]:
        self.title_messages: list[nodes.Node] = []
        box = self.node_class(
            "", classes=[self.name, *self.options.get("class", [])], docname=self.env.docname
        )
        self.set_source_info(box)
        box += self.make_title()
        if self.arguments and not self.takes_title:
            warn(
                f"the {self.name} box takes no title, so its argument was kept as the "
                f"first line of its text; write the text on the lines below "
                f"':::{{{self.name}}}' instead",
                self.get_location(),
                "box",
            )
            box += self.parse_text_to_nodes(self.arguments[0])
        if not self.content and not (self.arguments and not self.takes_title):
            warn(
                f"the {self.name} box is empty; write its text between the opening "
                f"':::{{{self.name}}}' and the closing ':::'",
                self.get_location(),
                "box",
            )
        self.state.nested_parse(self.content, self.content_offset, box)
        give_source_info(box)
        self.add_name(box)
        self.check_body(box)
        return [box, *self.title_messages]

    def check_body(self, box: lesson_box) -> None:
        """Subclasses add rules about what the body may hold."""


class OneLineSummary(BoxDirective):
    node_class = one_line_summary


class MentalModel(BoxDirective):
    node_class = mental_model
    takes_title = True


class KeyTakeaways(BoxDirective):
    node_class = key_takeaways

    def check_body(self, box: lesson_box) -> None:
        body = [
            child
            for child in box.children[1:]
            if not isinstance(child, (nodes.comment, nodes.target, nodes.system_message))
        ]
        if body and (len(body) != 1 or not isinstance(body[0], nodes.bullet_list)):
            warn(
                "key takeaways must be a single bullet list; write each takeaway on "
                "its own line starting with '- ' and nothing else in the box",
                self.get_location(),
                "structure",
            )


class UnderTheHood(BoxDirective):
    """Heavier material (a derivation, a variant, a proof sketch) that the lesson does
    not depend on: marked so a reader knows it may be skipped on a first reading."""

    node_class = under_the_hood
    takes_title = True


class BoxTitles(SphinxTransform):
    """Write lessonkit's words into each box's title, around the author's own:
    "Mental model: A flipbook", "Under the hood: Straight paths (optional)".

    Until then a title holds only what the author wrote, so that the page's
    translation catalog has it as a message of its own and a translated build finds
    it: a title that already held "Mental model: " would be extracted with it, and in
    the Korean edition, which reads "멘탈 모델: ", never match. So this runs right
    after Sphinx's translation step, before anything else reads the page; the words
    come from lessonkit's own catalog. The author's part goes into an inline of the
    box's ``subtitle_class``. An exercise's "Exercise 1.2" and a self-check's
    "Check 1.3" wait for their numbers, when the page is written.
    """

    default_priority = LOCALE_PRIORITY + 2

    def apply(self, **kwargs: Any) -> None:
        for box in self.document.findall(lesson_box):
            if not box.children or not isinstance(box[0], nodes.title):
                continue
            title = box[0]
            authors = title.children[:]
            title.clear()
            label = box.title_label()
            if label:
                title += nodes.Text(label)
            if authors:
                if label:
                    title += nodes.Text(": ")
                title += nodes.inline("", "", *authors, classes=[box.subtitle_class])
            title += box.title_suffix()


class TextBoxBodies(SphinxPostTransform):
    """Keep the paragraphs of a box apart in plain text.

    Sphinx's text writer runs all paragraphs of an admonition together, which suits
    one-line notes but not a worked solution. Inside an indented block they stay
    separate, and the indent shows where the box ends.
    """

    default_priority = 30
    formats = ("text",)

    def run(self, **kwargs: Any) -> None:
        for box in list(self.document.findall(lesson_box)):
            body = box.children[1:]
            if body:
                del box[1:]
                box += nodes.block_quote("", *body, classes=["lessonkit-box-body"])


class LatexBoxAnchors(SphinxPostTransform):
    """Give every box that has an id its label in LaTeX, so {ref} reaches it in print.

    Exercises and solutions get their anchor (with the exercise number) earlier.
    """

    default_priority = 30
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for box in self.document.findall(lesson_box):
            has_anchor = any(isinstance(child, box_anchor) for child in box.children)
            if box["ids"] and not has_anchor:
                box.insert(1, box_anchor("", number=""))


# Visitors. HTML (and so ePub) gets a div carrying the directive's class; LaTeX a
# sphinxadmonition of the box's style; text and every other builder their own
# admonition rendering, so no builder drops a box.


def html_visit_box(self, node: lesson_box) -> None:
    self.body.append(self.starttag(node, "div", CLASS="admonition lessonkit-box"))


def html_depart_box(self, node: lesson_box) -> None:
    self.body.append("</div>" + CR)


def latex_visit_box(self, node: lesson_box) -> None:
    self.body.append(CR + rf"\begin{{sphinxadmonition}}{{{node.latex_style}}}")
    self.no_latex_floats += 1


def latex_depart_box(self, node: lesson_box) -> None:
    self.body.append(r"\end{sphinxadmonition}" + CR)
    self.no_latex_floats -= 1


def latex_visit_box_anchor(self, node: box_anchor) -> None:
    # \ref (and so {numref}) prints the label's \@currentlabel: make it our number.
    if node["number"]:
        self.body.append(r"\expandafter\def\csname @currentlabel\endcsname{" + node["number"] + "}")
    self.body.append(self.hypertarget_to(node.parent))
    raise nodes.SkipNode


def visit_box_as_admonition(self, node: lesson_box) -> None:
    self.visit_admonition(node)


def depart_box_as_admonition(self, node: lesson_box) -> None:
    self.depart_admonition(node)


BOX_VISITORS = {
    "html": (html_visit_box, html_depart_box),
    "latex": (latex_visit_box, latex_depart_box),
    "fallback": (visit_box_as_admonition, depart_box_as_admonition),
}


def setup_boxes(app: Sphinx) -> None:
    for node_class in (one_line_summary, mental_model, key_takeaways, under_the_hood):
        add_node_everywhere(app, node_class, **BOX_VISITORS)
    add_node_everywhere(app, box_anchor, latex=(latex_visit_box_anchor, None), fallback=SKIP)
    app.add_transform(BoxTitles)
    app.add_post_transform(LatexBoxAnchors)
    app.add_directive("one-line-summary", OneLineSummary)
    app.add_directive("mental-model", MentalModel)
    app.add_directive("key-takeaways", KeyTakeaways)
    app.add_directive("under-the-hood", UnderTheHood)
    app.add_post_transform(TextBoxBodies)

"""Numbered exercises and their worked solutions.

An exercise is an enumerable node, so ``{numref}`` and ``{ref}`` reach it and Sphinx
numbers it like a figure: "Exercise 1.2" is exercise 2 of the lesson that the table
of contents numbers 1. The number is only known once every page has been read, so
the directive leaves it out of the title and :class:`ExerciseNumbers` puts it in
when the page is written.

In HTML the solution folds into a native ``<details>`` element (no JavaScript); in
LaTeX, text and every other builder it is printed after the exercise under its own
heading.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_id

from .boxes import (
    BOX_VISITORS,
    BoxDirective,
    box_anchor,
    html_depart_box,
    html_visit_box,
    lesson_box,
)
from .shared import CR, add_node_everywhere, translate, visitors_everywhere, warn


class exercise(lesson_box):
    """Its title holds only the exercise's own name, if any, until the page is
    written: :class:`ExerciseNumbers` puts "Exercise 1.2" before it."""

    latex_style = "note"


class solution(lesson_box):
    latex_style = "seealso"

    def title_label(self) -> str:
        return translate("Solution")


IN_EXERCISE = "lessonkit_exercise_depth"


class ExerciseDirective(BoxDirective):
    node_class = exercise
    takes_title = True
    option_spec: ClassVar[dict] = {
        "label": directives.unchanged_required,
        "name": directives.unchanged_required,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        if "label" in self.options:
            self.options.setdefault("name", self.options["label"])
        # Tells a nested solution directive that it sits inside an exercise.
        document = self.env.current_document
        outer_depth = document.get(IN_EXERCISE, 0)
        document[IN_EXERCISE] = outer_depth + 1
        try:
            result = super().run()
        finally:
            document[IN_EXERCISE] = outer_depth
        box = result[0]
        if not box["ids"]:
            # Sphinx numbers only nodes with an id. An unlabelled exercise gets one from
            # its title, registered with the page so that no heading can take it too.
            title = self.arguments[0].lower() if self.arguments else None
            box["ids"].append(make_id(self.env, self.state.document, "exercise", title))
            self.state.document.note_explicit_target(box)
        return result

    def check_body(self, box: lesson_box) -> None:
        solutions = [child for child in box.children if isinstance(child, solution)]
        for extra in solutions[1:]:
            warn(
                "this exercise has more than one solution; merge them into a single "
                "':::{solution}' block",
                extra,
                "exercise",
            )


class SolutionDirective(BoxDirective):
    node_class = solution

    def run(self) -> list[nodes.Node]:
        document = self.env.current_document
        if not (document.get(IN_EXERCISE)):
            warn(
                "a solution must sit inside an exercise; put ':::{solution}' between "
                "the exercise's fences and give the exercise a longer fence "
                "('::::{exercise}' ... '::::')",
                self.get_location(),
                "exercise",
            )
        return super().run()


def exercise_title(node: exercise) -> str:
    """The text ``{ref}`` shows for an exercise without an explicit title."""
    title = node.next_node(nodes.title)
    return title.astext() if title is not None and title.astext() else translate("Exercise")


class ExerciseNumbers(SphinxPostTransform):
    """Put "Exercise 1.2" into each exercise title once Sphinx has numbered them."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        for box in self.document.findall(exercise):
            fignumbers = self.env.toc_fignumbers.get(box.get("docname", ""), {})
            number = fignumbers.get("exercise", {}).get(box["ids"][0]) if box["ids"] else None
            box["number"] = ".".join(map(str, number)) if number else ""
            box.insert(1, box_anchor("", number=box["number"]))
            label = translate("Exercise")
            if box["number"]:
                label = f"{label} {box['number']}"
            title = box[0]
            if title.children:
                title.insert(0, nodes.Text(": "))
            title.insert(0, nodes.inline("", label, classes=["lessonkit-exercise-number"]))


class CollectSolutions(SphinxPostTransform):
    """In print and e-books, move each solution to a "Solutions" section at the end
    of its lesson, titled after its exercise and linked both ways.

    A reader of a PDF or an ePub cannot fold a solution away, so it waits at the end
    of the lesson instead of sitting right under the question.
    """

    default_priority = 25  # after ExerciseNumbers has numbered the exercises
    builders = ("latex", "epub")

    def run(self, **kwargs: Any) -> None:
        moved: dict[int, tuple[nodes.Element, list[nodes.Node]]] = {}
        for box in list(self.document.findall(exercise)):
            answers = [child for child in box.children if isinstance(child, solution)]
            if not answers or not box["ids"]:
                continue
            lesson = top_section(box)
            exercise_label = exercise_name(box)
            solution_id = f"solution-{box['ids'][0]}"
            pointer = nodes.paragraph(classes=["lessonkit-solution-pointer"])
            pointer += nodes.reference(
                "", translate("Solution at the end of the lesson"), refid=solution_id, internal=True
            )
            box.insert(box.index(answers[0]), pointer)
            for answer in answers:
                box.remove(answer)
                # The solution's own :name: keeps working; the first one also answers
                # to the pointer's id.
                if answer is answers[0]:
                    answer["ids"].append(solution_id)
                answer.insert(1, box_anchor("", number=""))
                answer[0].clear()
                # "Solution to Exercise 1.2", "연습 문제 1.2 풀이": the words around the
                # link come from one message, in the language's own order.
                before, _, after = translate("Solution to {exercise}").partition("{exercise}")
                if before:
                    answer[0] += nodes.Text(before)
                answer[0] += nodes.reference("", exercise_label, refid=box["ids"][0], internal=True)
                if after:
                    answer[0] += nodes.Text(after)
            moved.setdefault(id(lesson), (lesson, []))[1].extend(answers)
        for lesson, answers in moved.values():
            section = nodes.section(
                "",
                ids=[f"solutions-{lesson['ids'][0] if lesson['ids'] else 'lesson'}"],
                classes=["lessonkit-solutions"],
            )
            section += nodes.title("", translate("Solutions"))
            section.extend(answers)
            lesson += section


def top_section(node: nodes.Node) -> nodes.Element:
    """The lesson's outermost section (the chapter in a book-wide LaTeX doctree)."""
    section = node.parent
    top = None
    while section is not None and not isinstance(section, (nodes.document, addnodes.start_of_file)):
        if isinstance(section, nodes.section):
            top = section
        section = section.parent
    return top if top is not None else node.document


def exercise_name(box: exercise) -> str:
    return (translate("Exercise") + " " + box["number"]).strip()


class HtmlExerciseNumbers(SphinxPostTransform):
    """Sphinx's HTML writer prints the number of an enumerable node by itself."""

    default_priority = 21
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for box in self.document.findall(exercise):
            title = box[0]
            if box["number"] and title.children:
                del title[0 : 2 if len(title) > 1 else 1]


def html_visit_solution(self, node: solution) -> None:
    if isinstance(node.parent, exercise):
        self.body.append(self.starttag(node, "details", CLASS="lessonkit-box"))
        self.body.append('<summary class="admonition-title">')
        self.body.append(self.encode(node[0].astext()))
        self.body.append("</summary>" + CR)
        node.remove(node[0])
    else:
        html_visit_box(self, node)


def html_depart_solution(self, node: solution) -> None:
    if isinstance(node.parent, exercise):
        self.body.append("</details>" + CR)
    else:
        html_depart_box(self, node)


def init_numfig(app: Sphinx, config: Config) -> None:
    """Exercises are numbered through Sphinx's figure numbering, so it must be on."""
    config.numfig = True
    config.numfig_format = {"exercise": translate("Exercise %s"), **config.numfig_format}


def setup_exercises(app: Sphinx) -> None:
    app.add_enumerable_node(
        exercise, "exercise", exercise_title, **visitors_everywhere(**BOX_VISITORS)
    )
    add_node_everywhere(
        app, solution, **{**BOX_VISITORS, "html": (html_visit_solution, html_depart_solution)}
    )
    app.add_directive("exercise", ExerciseDirective)
    app.add_directive("solution", SolutionDirective)
    app.add_post_transform(ExerciseNumbers)
    app.add_post_transform(CollectSolutions)
    app.add_post_transform(HtmlExerciseNumbers)
    app.connect("config-inited", init_numfig)

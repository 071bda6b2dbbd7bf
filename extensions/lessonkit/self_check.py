"""Self-check questions: a quick question after a section, answered in place.

Three kinds, one directive::

    :::{self-check} A five-second clip at 24 fps, every fourth frame kept: how many frames?
    - [ ] 24
      That is one second of frames.
    - [x] 30
      120 frames ÷ 4 = 30.
    :::

One ``[x]`` makes a single-choice question (radio buttons), several ``[x]`` (or the
``:multiple:`` flag) a multiple-choice one (checkboxes). A numeric question has
``:answer:``, optionally ``:tolerance:`` (absolute, or a percentage of the answer)
and ``:unit:``; its body is the explanation. Every choice carries its explanation:
the lines indented under it.

A question is an enumerable node, numbered with its lesson through Sphinx's
figure numbering ("Check 1.3"), so ``{numref}`` reaches it. Its id is its
``:label:`` (or ``:name:``), else one made from the first words of the question,
so that a reader's progress survives questions added before it.

What each output gets:

- **Web pages** (:func:`lessonkit.shared.is_web_page`): a fieldset of native
  controls with the question as its legend, a "Check" button and a polite live
  region for the feedback (``lessonkit-self-check.js``), and under it a closed
  ``<details>`` with the answer and every explanation, which is all a reader
  without JavaScript needs. Correct answers earn XP in the reader's progress.
- **PDF, ePub, plain text, man, texinfo**: the question in place, its choices
  listed (a), (b), (c), and a pointer to a "Self-check answers" section at the end
  of the lesson (after the collected solutions), with the right answer, its
  explanation and why each other choice is wrong.

Mistakes in a question (no right choice, a choice without explanation, an answer
that is not a number, ...) are located warnings with the subtype ``self-check``;
the question is still shown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.builders.gettext import I18nBuilder
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

try:
    from myst_parser.mocking import MockState
except ImportError:  # pragma: no cover - MyST is how the book is written
    MockState = None

from .boxes import BOX_VISITORS, box_anchor, latex_depart_box, latex_visit_box, lesson_box
from .exercises import top_section
from .messages import shortened
from .shared import (
    CR,
    PASS_THROUGH,
    SKIP,
    add_node_everywhere,
    is_web_page,
    translate,
    translate_in,
    visitors_everywhere,
    warn,
)
from .translatable_words import translatable_words, words_to_translate

SUBTYPE = "self-check"
#: The figure type Sphinx numbers questions under (``numfig_format`` key).
FIGTYPE = "self-check"
SCRIPT_FILE = "lessonkit-self-check.js"

#: ``- [ ] text`` or ``- [x] text`` (``*`` and ``+`` bullets too).
CHOICE = re.compile(r"^[-*+][ \t]+\[(?P<mark>[ xX])\](?:[ \t]+(?P<text>.*?))?[ \t]*$")
#: A plain decimal number, as ``:answer:`` and ``:tolerance:`` take it.
NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
TOLERANCE = re.compile(
    r"^(?P<amount>[+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(?P<percent>%)?$"
)
#: How many words of the question an unlabelled check's id is made from.
ID_WORDS = 8

KNOWN_OPTIONS = ("answer", "tolerance", "unit", "multiple", "label", "name", "class")


class self_check(lesson_box, translatable_words):
    """One question. Attributes: ``kind`` (single, multiple, numeric or open),
    ``docname``, ``number`` ("1.3", once numbered); numeric questions also
    ``answer`` (the number as written), ``tolerance`` (absolute, or None) and
    ``tolerance_text`` and ``unit``. Its children: the question as a title, then
    its choices or, for a numeric question, its explanation.

    The question, each choice and each explanation are text nodes of the page, so
    its translation catalog holds them; the unit is one of the node's
    ``words`` (:mod:`lessonkit.translatable_words`)."""

    latex_style = "note"
    subtitle_class = "self-check-text"

    def use_translation(self, original: str, translated: str) -> None:
        if self.get("unit") == original:
            self["unit"] = translated


class self_check_choice(nodes.General, nodes.Element):
    """A choice: ``key`` ("a", "b", ...) and ``correct``; its text as a paragraph,
    then its explanation."""


class self_check_explanation(nodes.General, nodes.Element):
    """Why a choice is right or wrong, or how a numeric answer is worked out;
    ``choice`` is the key of its choice ("answer" for a numeric question)."""


# Web-only parts, made by WebSelfChecks from the nodes above.


class self_check_form(nodes.General, nodes.Element):
    """The fieldset holding the question's controls."""


class self_check_legend(nodes.General, nodes.Element):
    """The question, as the fieldset's legend."""


class self_check_option(nodes.General, nodes.Element):
    """A radio button or checkbox with the choice's text as its label."""


class self_check_number_field(nodes.General, nodes.Element):
    """A text field for a number, its label and its unit."""


class self_check_controls(nodes.General, nodes.Element):
    """The "Check" button, the remembered result and the feedback region."""


class self_check_key(nodes.General, nodes.Element):
    """The answer and every explanation, folded in a ``<details>``."""


class self_check_answer(nodes.General, nodes.Element):
    """One question's entry in the "Self-check answers" section of print editions."""


class AnyOption(dict):
    """An option spec that accepts any option, so the directive itself can warn
    about an unknown one with a hint, and still show the question."""

    def __missing__(self, key: str) -> Any:
        return directives.unchanged


@dataclass
class ParsedChoice:
    correct: bool
    text: str
    line: int
    #: first and last content index (exclusive) of its explanation lines
    explanation: tuple[int, int] = (0, 0)
    stray: list[int] = field(default_factory=list)


def number_or_none(raw: str) -> float | None:
    """A finite number written as ``:answer:`` takes it, else None."""
    text = raw.strip()
    if not NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def group_digits(raw: str) -> str:
    """``248832000`` → ``248,832,000``, as the book writes numbers; the fraction
    and any exponent are kept as written."""
    match = re.match(r"^([+-]?)(\d+)(.*)$", raw.strip())
    if not match or "e" in match.group(3).lower():
        return raw.strip()
    sign, whole, rest = match.groups()
    return f"{sign}{int(whole):,}{rest}"


def plain_number(value: float) -> str:
    """A number for a data attribute: no exponent where it is not needed."""
    return repr(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)


class SelfCheckDirective(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict] = AnyOption(
        answer=directives.unchanged,
        tolerance=directives.unchanged,
        unit=directives.unchanged,
        multiple=directives.flag,
        label=directives.unchanged_required,
        name=directives.unchanged_required,
        **{"class": directives.class_option},
    )

    # -- where things are ---------------------------------------------------

    def content_line(self, index: int) -> int:
        """The 1-based source line of content line ``index``.

        MyST counts a directive's content offset from the directive's own line,
        reStructuredText from the start of the file."""
        if MockState is not None and isinstance(self.state, MockState):
            return self.lineno + self.content_offset + index + 1
        return self.content_offset + index + 1

    def option_line(self, name: str) -> int:
        """The source line of ``:name:`` in the directive, or the directive's own."""
        for index, line in enumerate(self.block_text.splitlines()):
            if line.lstrip().startswith(f":{name}:"):
                return self.lineno + index
        return self.lineno

    def warn_at(self, line: int, message: str) -> None:
        warn(message, (self.env.docname, line), SUBTYPE)

    # -- parsing ----------------------------------------------------------------

    def parse_choices(self) -> tuple[list[ParsedChoice], list[int]]:
        """The choices and the indexes of lines that belong to none."""
        choices: list[ParsedChoice] = []
        stray: list[int] = []
        for index, line in enumerate(self.content):
            match = CHOICE.match(line)
            if match:
                if choices:
                    choices[-1].explanation = (choices[-1].explanation[0], index)
                choices.append(
                    ParsedChoice(
                        correct=match.group("mark") in "xX",
                        text=match.group("text") or "",
                        line=self.content_line(index),
                        explanation=(index + 1, index + 1),
                    )
                )
            elif not line.strip():
                continue
            elif not choices:
                stray.append(index)
            elif not line[:1].isspace():
                # Not indented: kept with the choice above, but said.
                choices[-1].stray.append(index)
        if choices:
            choices[-1].explanation = (choices[-1].explanation[0], len(self.content))
        return choices, stray

    def block(self, start: int, end: int) -> StringList:
        """Content lines start..end, dedented, with their source positions."""
        lines = list(self.content[start:end])
        while lines and not lines[-1].strip():
            lines.pop()
        indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
        indent = min(indents) if indents else 0
        return StringList(
            [line[indent:] for line in lines],
            items=[self.content.info(start + offset) for offset in range(len(lines))],
        )

    def parse_blocks(self, start: int, end: int, into: nodes.Element) -> None:
        lines = self.block(start, end)
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            return
        self.state.nested_parse(lines[first:], self.content_offset + start + first, into)

    # -- the question -----------------------------------------------------------

    def run(self) -> list[nodes.Node]:
        messages: list[nodes.Node] = []
        for name in self.options:
            if name not in KNOWN_OPTIONS:
                self.warn_at(
                    self.option_line(name),
                    f"unknown option ':{shortened(name)}:' in this self-check (ignored); it "
                    f"takes ':answer:', ':tolerance:' and ':unit:' for a numeric question, "
                    f"':multiple:' for checkboxes, and ':label:' to refer to it",
                )
        if "label" in self.options:
            self.options.setdefault("name", self.options["label"])

        node = self_check(
            "",
            classes=["self-check", *self.options.get("class", [])],
            docname=self.env.docname,
            number="",
        )
        self.set_source_info(node)
        # The question as written is the title's message in the page's catalog;
        # boxes.BoxTitles wraps it in its "self-check-text" inline once the page is
        # translated.
        question = self.arguments[0].strip() if self.arguments else ""
        title = nodes.title(question)
        self.set_source_info(title)
        if question:
            inline_nodes, inline_messages = self.state.inline_text(question, self.lineno)
            title += inline_nodes
            messages.extend(inline_messages)
        else:
            self.warn_at(
                self.lineno,
                "this self-check has no question; write it after the directive name, e.g. "
                "':::{self-check} How many latent frames does a 121-frame clip give?'",
            )
        node += title

        choices, stray = self.parse_choices()
        for index in stray if choices else []:
            self.warn_at(
                self.content_line(index),
                f"'{shortened(self.content[index])}' belongs to no choice of this self-check; "
                f"start each choice with '- [ ]' (or '- [x]' for a right one) and indent its "
                f"explanation by two spaces under it",
            )
        answer = self.options.get("answer")
        if choices:
            if answer is not None:
                self.warn_at(
                    self.option_line("answer"),
                    "this self-check has both choices and ':answer:'; ':answer:' is ignored. "
                    "Keep the choices for a multiple-choice question, or remove them for a "
                    "numeric one",
                )
            self.add_choices(node, choices, messages)
        elif answer is not None or "tolerance" in self.options or "unit" in self.options:
            self.add_numeric(node, answer)
        else:
            node["kind"] = "open"
            if stray:
                self.parse_blocks(0, len(self.content), node)
            self.warn_at(
                self.lineno,
                "this self-check has no choices and no ':answer:'; list its choices as "
                "'- [ ] a wrong answer' and '- [x] the right one', each with its explanation "
                "indented under it, or give a numeric question ':answer:' and its explanation",
            )

        self.add_name(node)
        if not node["ids"]:
            words = " ".join(question.split()[:ID_WORDS]).lower() if question else None
            node["ids"].append(make_id(self.env, self.state.document, "check", words))
            self.state.document.note_explicit_target(node)
        return [node, *messages]

    def add_choices(
        self, node: self_check, choices: list[ParsedChoice], messages: list[nodes.Node]
    ) -> None:
        right = sum(choice.correct for choice in choices)
        node["kind"] = "multiple" if right > 1 or "multiple" in self.options else "single"
        if right == 0:
            self.warn_at(
                self.lineno,
                "none of this self-check's choices is marked right; mark the right one "
                "'- [x]' (several, for a question with more than one right answer)",
            )
        if len(choices) < 2:
            self.warn_at(
                self.lineno,
                "this self-check has a single choice; add wrong ones, each a plausible "
                "mistake whose explanation says why it is wrong",
            )
        seen: dict[str, int] = {}
        for number, choice in enumerate(choices):
            key = choice_key(number)
            item = self_check_choice("", key=key, correct=choice.correct)
            item.source, item.line = self.state.document.current_source, choice.line
            # The choice as written is its message in the page's catalog.
            text = nodes.paragraph(choice.text, classes=["self-check-choice-text"])
            text.source, text.line = item.source, choice.line
            if choice.text:
                inline_nodes, inline_messages = self.state.inline_text(choice.text, choice.line)
                text += inline_nodes
                messages.extend(inline_messages)
            else:
                self.warn_at(
                    choice.line,
                    "this choice has no text; write it after the box, e.g. '- [ ] 24 frames'",
                )
            item += text
            same = " ".join(choice.text.casefold().split())
            if same and same in seen:
                self.warn_at(
                    choice.line,
                    f"the choice '{shortened(choice.text)}' appears twice in this self-check "
                    f"(first at line {seen[same]}); give every choice its own answer",
                )
            seen.setdefault(same, choice.line)
            for index in choice.stray:
                self.warn_at(
                    self.content_line(index),
                    f"'{shortened(self.content[index])}' is not indented under its choice; "
                    f"indent a choice's explanation by two spaces (it was kept as part of "
                    f"the explanation of '{shortened(choice.text)}')",
                )
            explanation = self_check_explanation("", choice=key)
            self.parse_blocks(*choice.explanation, explanation)
            if not explanation.children:
                self.warn_at(
                    choice.line,
                    f"the choice '{shortened(choice.text)}' has no explanation; on the lines "
                    f"under it, indented by two spaces, say why it is "
                    f"{'right' if choice.correct else 'wrong'}",
                )
            item += explanation
            node += item

    def add_numeric(self, node: self_check, answer: str | None) -> None:
        node["kind"] = "numeric"
        node["unit"] = (self.options.get("unit") or "").strip()
        node["words"] = words_to_translate([node["unit"]])
        node["answer"] = ""
        node["tolerance"] = None
        node["tolerance_text"] = ""
        value = None
        if answer is None or not answer.strip():
            self.warn_at(
                self.option_line("tolerance" if "tolerance" in self.options else "unit"),
                "this numeric self-check has no ':answer:'; add the number, e.g. "
                "':answer: 248832000' (':tolerance:' and ':unit:' only qualify it)",
            )
        else:
            value = number_or_none(answer)
            if value is None:
                self.warn_at(
                    self.option_line("answer"),
                    f"':answer: {shortened(answer)}' is not a number; write digits with an "
                    f"optional decimal point and no thousands separators, e.g. "
                    f"':answer: 248832000' or ':answer: 0.6', and put the unit in ':unit:'",
                )
            else:
                node["answer"] = answer.strip()
        tolerance = self.options.get("tolerance")
        if tolerance is not None and value is not None:
            match = TOLERANCE.match(tolerance.strip())
            if match is None or not math.isfinite(float(match.group("amount"))):
                self.warn_at(
                    self.option_line("tolerance"),
                    f"':tolerance: {shortened(tolerance)}' is not a tolerance; write an amount "
                    f"in the answer's unit, e.g. ':tolerance: 0.5', or a share of the answer, "
                    f"e.g. ':tolerance: 1%' (without it only the exact number counts)",
                )
            else:
                amount = float(match.group("amount"))
                percent = bool(match.group("percent"))
                node["tolerance"] = abs(value) * amount / 100 if percent else amount
                shown = group_digits(match.group("amount").lstrip("+"))
                node["tolerance_text"] = f"{shown} %" if percent else shown
        explanation = self_check_explanation("", choice="answer")
        self.parse_blocks(0, len(self.content), explanation)
        if not explanation.children:
            self.warn_at(
                self.lineno,
                "this numeric self-check has no explanation; under its options, write how "
                "the answer is worked out (readers see it once they have answered)",
            )
        node += explanation


def choice_key(index: int) -> str:
    """a, b, ..., z, then aa, ab, ...: how choices are lettered in print."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    key = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        key = letters[rest] + key
    return key


def check_title(node: self_check) -> str:
    """The text ``{ref}`` shows for a question."""
    text = node.next_node(
        lambda n: isinstance(n, nodes.inline) and "self-check-text" in n["classes"]
    )
    return text.astext() if text is not None else translate("Check")


def check_name(node: self_check) -> str:
    # Translators: a self-check question's label, before its number: "Check 1.3".
    return (translate("Check") + " " + node["number"]).strip()


def without_ids(node: nodes.Node) -> nodes.Node:
    """A deep copy with no ids, for text shown twice on a page."""
    # docutils' own copy: copy.deepcopy would follow .parent and copy the whole page.
    duplicate = node.deepcopy()
    for element in duplicate.findall(nodes.Element):
        element["ids"] = []
    return duplicate


def ends_a_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "?", "!", "…", ":"))


def reserve_id(document: nodes.document, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``-3``... if the page already has it; kept from
    then on, so that no later id takes it either."""
    candidate, counter = wanted, 1
    while candidate in document.ids:
        counter += 1
        candidate = f"{wanted}-{counter}"
    document.ids[candidate] = nodes.Element()
    return candidate


def answer_text(node: self_check) -> str:
    """A numeric question's answer as the book writes it: "248,832,000 pixel positions
    (±1 %)"."""
    if not node.get("answer"):
        return "—"
    text = group_digits(node["answer"])
    if node.get("unit"):
        text += f" {node['unit']}"
    if node.get("tolerance_text"):
        text += " " + translate("(accepted within ±{tolerance})").format(
            tolerance=node["tolerance_text"]
        )
    return text


class SelfCheckNumbers(SphinxPostTransform):
    """Keep each question's number ("1.3") on it once Sphinx has numbered them; the
    web and print transforms put "Check 1.3" where each output shows it."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(self_check):
            numbers = self.env.toc_fignumbers.get(node.get("docname", ""), {}).get(FIGTYPE, {})
            number = numbers.get(node["ids"][0]) if node["ids"] else None
            node["number"] = ".".join(map(str, number)) if number else ""


class WebSelfChecks(SphinxPostTransform):
    """On a web page, give each question its controls and its folded answer key."""

    default_priority = 22

    # As SphinxPostTransform.is_supported does, from the builder's class: a
    # transform has no builder of its own.
    def is_supported(self) -> bool:
        return is_web_page(self.env._builder_cls)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(self_check)):
            check_id = node["ids"][0] if node["ids"] else ""
            title, *body = node.children
            legend = self_check_legend()
            legend += nodes.inline("", check_name(node), classes=["self-check-number"])
            if title.children:
                legend += nodes.Text(" ")
                legend += title.children
            if node["kind"] == "multiple":
                legend += nodes.Text(" ")
                legend += nodes.inline(
                    "", translate("Select every right answer."), classes=["self-check-hint"]
                )
            form = self_check_form("", kind=node["kind"])
            form += legend
            key = self_check_key()
            choices = [child for child in body if isinstance(child, self_check_choice)]
            for choice in choices:
                option = self_check_option(
                    "",
                    check_id=check_id,
                    input_id=reserve_id(self.document, f"{check_id}-{choice['key']}"),
                    key=choice["key"],
                    kind=node["kind"],
                )
                option += [without_ids(child) for child in choice[0].children]
                form += option
                verdict = translate("Right:") if choice["correct"] else translate("Wrong:")
                choice[0].insert(0, nodes.Text(" "))
                choice[0].insert(0, nodes.strong("", verdict, classes=["self-check-verdict"]))
            if node["kind"] == "numeric":
                form += self_check_number_field(
                    "",
                    input_id=reserve_id(self.document, f"{check_id}-value"),
                    unit_id=reserve_id(self.document, f"{check_id}-unit"),
                    unit=node["unit"],
                )
                answer = nodes.paragraph(classes=["self-check-answer-value"])
                answer += nodes.strong("", translate("Answer:"))
                answer += nodes.Text(" " + answer_text(node))
                key += answer
            key += body
            node.clear()
            node += [form, self_check_controls("", check_id=check_id)]
            if key.children:
                node += key


class PrintSelfChecks(SphinxPostTransform):
    """In print, e-books and plain text: each question with its choices lettered
    (a), (b), (c) and a pointer to its answer in a "Self-check answers" section at
    the end of the lesson, after the collected solutions."""

    # After exercises.CollectSolutions (25), so the answers come after the solutions.
    default_priority = 26

    def is_supported(self) -> bool:
        # Not for the gettext builder either: it extracts the page's messages from
        # the question as written, choices and explanations in place.
        builder = self.env._builder_cls
        return not is_web_page(builder) and not issubclass(builder, I18nBuilder)

    def run(self, **kwargs: Any) -> None:
        answers: dict[int, tuple[nodes.Element, list[nodes.Node]]] = {}
        for node in list(self.document.findall(self_check)):
            check_id = node["ids"][0] if node["ids"] else ""
            answer_id = self.unique_id(f"{check_id or 'check'}-answer")
            entry = self.answer_entry(node, check_id, answer_id)
            self.print_question(node, answer_id)
            lesson = top_section(node)
            answers.setdefault(id(lesson), (lesson, []))[1].extend(entry)
        for lesson, entries in answers.values():
            lesson_id = lesson["ids"][0] if lesson.get("ids") else "lesson"
            section = nodes.section(
                "",
                ids=[self.unique_id(f"self-check-answers-{lesson_id}")],
                classes=["lessonkit-self-check-answers"],
            )
            section += nodes.title("", translate("Self-check answers"))
            section.extend(entries)
            lesson += section

    def unique_id(self, wanted: str) -> str:
        return reserve_id(self.document, wanted)

    def print_question(self, node: self_check, answer_id: str) -> None:
        title, *body = node.children
        builder_format = self.env._builder_cls.format
        # The HTML writer (the ePub's) prints "Check 1.3" before the title itself.
        if builder_format != "html":
            if title.children:
                title.insert(0, nodes.Text(": "))
            title.insert(0, nodes.inline("", check_name(node), classes=["self-check-number"]))
        if builder_format == "text":
            # The text writer ends an admonition's title with ": ", after a "?".
            title = nodes.paragraph("", "", *title.children, classes=["self-check-title"])
        node.clear()
        node += title
        node += box_anchor("", number=node["number"])
        choices = [child for child in body if isinstance(child, self_check_choice)]
        if choices and builder_format == "latex":
            listing = nodes.enumerated_list(
                enumtype="loweralpha", prefix="(", suffix=")", classes=["self-check-choices"]
            )
            listing += [nodes.list_item("", choice[0]) for choice in choices]
            node += listing
        elif choices and builder_format == "text":
            # The text writer numbers every list "1.", and does not wrap a line
            # block: a lettered paragraph per choice.
            for choice in choices:
                paragraph = nodes.paragraph(
                    "", f"({choice['key']}) ", classes=["self-check-choice"]
                )
                paragraph += choice[0].children
                node += paragraph
        elif choices:
            # The ePub (and man, texinfo) letter a list their own way: the letters
            # are written into the lines themselves.
            listing = nodes.line_block(classes=["self-check-choices"])
            for choice in choices:
                line = nodes.line("", f"({choice['key']}) ")
                line += choice[0].children
                listing += line
            node += listing
        elif node["kind"] == "numeric":
            line = translate("Your answer: ________")
            if node["unit"]:
                line += f" {node['unit']}"
            node += nodes.paragraph("", line, classes=["self-check-blank"])
        else:
            node += [child for child in body if not isinstance(child, self_check_explanation)]
        pointer = nodes.paragraph(classes=["self-check-pointer"])
        # A question outside a lesson (an appendix) points to the end of its page.
        # The page the question was written in: LaTeX and singlehtml transform the whole
        # book as one document, whose name is the root page's.
        docname = (node.source and self.env.path2doc(node.source)) or self.env.docname
        in_lesson = docname in self.env.get_domain("lesson").data["lessons"]
        words = (
            translate("Answer at the end of the lesson")
            if in_lesson
            else translate("Answer at the end of the page")
        )
        pointer += nodes.reference("", words, refid=answer_id, internal=True)
        node += pointer

    def answer_entry(self, node: self_check, check_id: str, answer_id: str) -> list[nodes.Node]:
        """The key of one question: which answer is right, and why each is or is not."""
        body = node.children[1:]
        target = nodes.target("", "", ids=[answer_id])
        lead = nodes.paragraph(classes=["self-check-answer-lead"])
        lead += nodes.strong(
            "", "", nodes.reference("", check_name(node), refid=check_id, internal=True)
        )
        lead += nodes.Text(". ")
        entry: list[nodes.Node] = [target, lead]
        choices = [child for child in body if isinstance(child, self_check_choice)]
        explanations = [child for child in body if isinstance(child, self_check_explanation)]
        if node["kind"] == "numeric":
            lead += nodes.Text(translate("Answer:") + " " + answer_text(node) + ".")
            for explanation in explanations:
                entry.extend(explanation.children)
            return [self_check_answer("", *entry, classes=["self-check-answer"])]
        if not choices:
            lead += nodes.Text(translate("Answer:") + " —")
            return [self_check_answer("", *entry, classes=["self-check-answer"])]

        right = [choice for choice in choices if choice["correct"]]
        wrong = [choice for choice in choices if not choice["correct"]]
        lead += nodes.Text(translate("Answer:") + " ")
        if not right:
            lead += nodes.Text("—")
        for number, choice in enumerate(right):
            if number:
                lead += nodes.Text("; ")
            lead += nodes.Text(f"({choice['key']}) ")
            lead += [without_ids(child) for child in choice[0].children]
        if not ends_a_sentence(lead.astext()):
            lead += nodes.Text(".")
        if len(right) == 1:
            entry.extend(right[0][1].children)
        elif right:
            entry.append(self.choice_list(right))
        if wrong:
            entry.append(
                nodes.paragraph("", translate("Why not the others:"), classes=["self-check-others"])
            )
            entry.append(self.choice_list(wrong))
        return [self_check_answer("", *entry, classes=["self-check-answer"])]

    @staticmethod
    def choice_list(choices: list[self_check_choice]) -> nodes.bullet_list:
        """Each choice as "(a) 24: its explanation"."""
        listing = nodes.bullet_list()
        for choice in choices:
            text, explanation = choice[0], choice[1]
            first = nodes.paragraph()
            first += nodes.emphasis(
                "",
                "",
                nodes.Text(f"({choice['key']}) "),
                *[without_ids(child) for child in text.children],
            )
            blocks = list(explanation.children)
            if blocks and isinstance(blocks[0], nodes.paragraph):
                # "(a) 24: why", but "(a) A sentence. Why", without a colon after it.
                first += nodes.Text(" " if ends_a_sentence(text.astext()) else ": ")
                first += blocks.pop(0).children
            item = nodes.list_item("", first, *blocks)
            listing += item
        return listing


# -- HTML for web pages -----------------------------------------------------------


def html_visit_self_check(self, node: self_check) -> None:
    if not is_web_page(self.builder):
        self.body.append(self.starttag(node, "div", CLASS="admonition lessonkit-box"))
        return
    data = {
        "data-lessonkit-check": node["ids"][0] if node["ids"] else "",
        "data-lessonkit-page": node.get("docname", ""),
        "data-kind": node["kind"],
    }
    if node.get("answer"):
        data["data-answer"] = plain_number(float(node["answer"]))
        data["data-tolerance"] = plain_number(node.get("tolerance") or 0.0)
    self.body.append(self.starttag(node, "div", **data))


def html_depart_self_check(self, node: self_check) -> None:
    self.body.append("</div>" + CR)


def html_visit_form(self, node: self_check_form) -> None:
    self.body.append(self.starttag(node, "fieldset", CLASS="self-check-question"))


def html_depart_form(self, node: self_check_form) -> None:
    self.body.append("</fieldset>" + CR)


def html_visit_legend(self, node: self_check_legend) -> None:
    self.body.append(self.starttag(node, "legend", ""))


def html_depart_legend(self, node: self_check_legend) -> None:
    self.body.append("</legend>" + CR)


def html_visit_option(self, node: self_check_option) -> None:
    control = "checkbox" if node["kind"] == "multiple" else "radio"
    input_id = node["input_id"]
    self.body.append('<div class="self-check-option">')
    self.body.append(
        f'<input type="{control}" class="self-check-input" '
        f'name="{self.attval(node["check_id"])}" id="{self.attval(input_id)}" '
        f'value="{self.attval(node["key"])}" />'
    )
    self.body.append(f'<label for="{self.attval(input_id)}">')


def html_depart_option(self, node: self_check_option) -> None:
    self.body.append("</label></div>" + CR)


def html_visit_number_field(self, node: self_check_number_field) -> None:
    # A text field that asks for a decimal keypad: type="number" would refuse
    # "248,832,000" without a word and change its value on a scroll.
    input_id, unit_id = node["input_id"], node["unit_id"]
    self.body.append('<div class="self-check-number-field">')
    label = self.encode(translate("Your answer"))
    self.body.append(f'<label for="{self.attval(input_id)}">{label}</label> ')
    described = f' aria-describedby="{self.attval(unit_id)}"' if node["unit"] else ""
    self.body.append(
        f'<input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" '
        f'class="self-check-value" id="{self.attval(input_id)}"{described} />'
    )
    if node["unit"]:
        self.body.append(
            f' <span class="self-check-unit" id="{self.attval(unit_id)}">'
            f"{self.encode(node['unit'])}</span>"
        )
    self.body.append("</div>" + CR)
    raise nodes.SkipNode


def html_visit_controls(self, node: self_check_controls) -> None:
    # Hidden until the script runs: without it the button could do nothing.
    # Translators: the button that checks a reader's answer (a verb).
    button = self.encode(translate_in("button", "Check"))
    self.body.append(
        '<div class="self-check-controls" hidden="hidden">'
        f'<button type="button" class="self-check-button">{button}</button>'
        '<p class="self-check-status"></p></div>' + CR
    )
    # Present (and empty) from the start, so that screen readers follow it.
    self.body.append('<div class="self-check-feedback" aria-live="polite"></div>' + CR)
    raise nodes.SkipNode


def html_visit_key(self, node: self_check_key) -> None:
    self.body.append('<details class="self-check-key">')
    summary = self.encode(translate("Show the answer and explanations"))
    self.body.append(f"<summary>{summary}</summary>" + CR)


def html_depart_key(self, node: self_check_key) -> None:
    self.body.append("</details>" + CR)


def html_visit_choice(self, node: self_check_choice) -> None:
    self.body.append(
        self.starttag(
            node,
            "div",
            CLASS="self-check-key-item",
            **{
                "data-choice": node["key"],
                "data-correct": "true" if node["correct"] else "false",
            },
        )
    )


def html_depart_choice(self, node: self_check_choice) -> None:
    self.body.append("</div>" + CR)


def html_visit_explanation(self, node: self_check_explanation) -> None:
    self.body.append(
        self.starttag(
            node, "div", CLASS="self-check-explanation", **{"data-choice": node["choice"]}
        )
    )


def html_depart_explanation(self, node: self_check_explanation) -> None:
    self.body.append("</div>" + CR)


def latex_visit_self_check(self, node: self_check) -> None:
    # A question's title runs to two or three lines: keep it on the page of its
    # choices (Sphinx reserves five lines, for one-line titles).
    self.body.append(CR + r"\needspace{9\baselineskip}")
    latex_visit_box(self, node)


def html_visit_answer(self, node: self_check_answer) -> None:
    self.body.append(self.starttag(node, "div"))


def html_depart_answer(self, node: self_check_answer) -> None:
    self.body.append("</div>" + CR)


def latex_visit_answer(self, node: self_check_answer) -> None:
    # Each question's answer apart from the one before it.
    self.body.append(CR + r"\par\medskip" + CR)


def latex_depart_answer(self, node: self_check_answer) -> None:
    pass


def add_self_check_script(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if not is_web_page(app.builder) or doctree is None:
        return
    if doctree.next_node(self_check) is None:
        return
    from .progress import BOOK_DATA_FILE, STORE_FILE

    # The same three as progress.py adds, with the same attributes: added once.
    app.add_js_file(BOOK_DATA_FILE, defer="defer")
    app.add_js_file(STORE_FILE, defer="defer")
    app.add_js_file(SCRIPT_FILE, defer="defer")


def init_numfig(app: Sphinx, config: Config) -> None:
    """Questions are numbered through Sphinx's figure numbering, like exercises."""
    config.numfig = True
    config.numfig_format = {FIGTYPE: translate("Check %s"), **config.numfig_format}


def setup_self_check(app: Sphinx) -> None:
    app.add_enumerable_node(
        self_check,
        FIGTYPE,
        check_title,
        **visitors_everywhere(
            **{
                **BOX_VISITORS,
                "html": (html_visit_self_check, html_depart_self_check),
                "latex": (latex_visit_self_check, latex_depart_box),
            }
        ),
    )
    add_node_everywhere(
        app, self_check_choice, html=(html_visit_choice, html_depart_choice), fallback=PASS_THROUGH
    )
    add_node_everywhere(
        app,
        self_check_explanation,
        html=(html_visit_explanation, html_depart_explanation),
        fallback=PASS_THROUGH,
    )
    add_node_everywhere(
        app, self_check_form, html=(html_visit_form, html_depart_form), fallback=PASS_THROUGH
    )
    add_node_everywhere(
        app, self_check_legend, html=(html_visit_legend, html_depart_legend), fallback=PASS_THROUGH
    )
    add_node_everywhere(
        app, self_check_option, html=(html_visit_option, html_depart_option), fallback=PASS_THROUGH
    )
    add_node_everywhere(
        app, self_check_number_field, html=(html_visit_number_field, None), fallback=SKIP
    )
    add_node_everywhere(app, self_check_controls, html=(html_visit_controls, None), fallback=SKIP)
    add_node_everywhere(
        app,
        self_check_answer,
        html=(html_visit_answer, html_depart_answer),
        latex=(latex_visit_answer, latex_depart_answer),
        fallback=PASS_THROUGH,
    )
    add_node_everywhere(
        app, self_check_key, html=(html_visit_key, html_depart_key), fallback=PASS_THROUGH
    )
    app.add_directive("self-check", SelfCheckDirective)
    app.add_post_transform(SelfCheckNumbers)
    app.add_post_transform(WebSelfChecks)
    app.add_post_transform(PrintSelfChecks)
    app.connect("config-inited", init_numfig)
    app.connect("html-page-context", add_self_check_script)

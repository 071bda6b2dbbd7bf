"""Dated claims: ``{as-of}`2026-11``` prints "as of November 2026" in every output.

A book about a field that changes monthly decays unless each time-bound claim (a
product's limits, a price, a leaderboard, a law's status) says when it was true.
The ``as-of`` role writes that date the same way everywhere, translated, and files
each claim in the lesson register (:class:`~lessonkit.lessons.LessonDomain`, one
list per page): its file and line, its month, the paragraph it sits in and the
sources that paragraph cites. ``make freshness`` (``scripts/freshness.py``) reads
the register and lists the claims oldest first, flagging those getting old.

At the start of a sentence the role prints "As of November 2026": it looks at the
text just before it. A date that is not a month (``2026-13``, ``Nov 2026``) is a
located warning of the subtype ``freshness``, and the text is printed as written.

The same month format serves a lesson's ``reviewed:`` front matter, shown in the
lesson header as "Reviewed December 2026" (:func:`month_phrase`).
"""

from __future__ import annotations

import re
from typing import Any, TypedDict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

from .lessons import lesson_domain
from .messages import N_, shortened
from .shared import PASS_THROUGH, add_node_everywhere, translate, warn

ROLE_NAME = "as-of"
#: A month, as ISO 8601 writes it: 2026-11.
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
#: Marked for lessonkit's catalog; :func:`month_phrase` translates them.
MONTH_NAMES = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
#: How much of a claim's paragraph the register keeps: enough to recognise it.
SENTENCE_LIMIT = 200
#: Text before the role that ends a sentence, so the role starts the next one.
SENTENCE_END = (".", "!", "?")
#: Where one sentence ends and the next begins, in a paragraph's text (a Korean
#: sentence starts with a Hangul syllable).
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(\uac00-\ud7a3])")
FOOTCITE_ROLE = re.compile(r"\{footcite(?::[a-z]+)?\}`([^`]*)`")


class DatedClaim(TypedDict):
    #: the page's source file, relative to the source directory
    file: str
    line: int
    #: the month the claim was true, "YYYY-MM"
    date: str
    #: the paragraph the claim sits in, on one line and shortened
    sentence: str
    #: the bibliography keys the paragraph cites
    keys: list[str]


class dated_claim(nodes.Inline, nodes.TextElement):
    """ "as of November 2026"; ``date`` holds "2026-11"."""


def parse_month(value: str) -> tuple[int, int] | None:
    """(year, month) of a "YYYY-MM" string, or None if it is not one."""
    match = MONTH_PATTERN.match(value.strip())
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1900:
        return None
    return year, month


def month_phrase(year: int, month: int) -> str:
    """ "November 2026", in the book's language."""
    # Translators: a month, "November 2026"; {month} is one of the month names.
    return translate("{month} {year}").format(month=translate(MONTH_NAMES[month - 1]), year=year)


def month_hint(value: str) -> str:
    return (
        f"'{shortened(value)}' is not a month; write the year and the month as YYYY-MM, "
        f"e.g. {{{ROLE_NAME}}}`2026-11` for November 2026"
    )


class AsOfRole(SphinxRole):
    """``{as-of}`2026-11``` → a :class:`dated_claim` node."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        value = self.text.strip()
        parsed = parse_month(value)
        if parsed is None:
            warn(month_hint(value), self.get_location(), "freshness")
            return [nodes.Text(self.text)], []
        node = dated_claim(self.rawtext, "", date=f"{parsed[0]:04d}-{parsed[1]:02d}")
        node.line = self.lineno
        node.source = self.get_source_info()[0]
        return [node], []


def starts_sentence(node: nodes.Element) -> bool:
    """Whether nothing but a sentence's end comes before ``node`` in its paragraph."""
    parent = node.parent
    if parent is None:
        return True
    for before in reversed(parent.children[: parent.index(node)]):
        text = before.astext().rstrip()
        if text:
            return isinstance(before, nodes.Text) and text.endswith(SENTENCE_END)
    return isinstance(parent, (nodes.paragraph, nodes.list_item, nodes.entry))


def enclosing_block(node: nodes.Node) -> nodes.Element:
    """The paragraph (or list item, table cell, term) a claim sits in."""
    block = node.parent
    while block is not None and not isinstance(
        block, (nodes.paragraph, nodes.term, nodes.entry, nodes.title, nodes.caption)
    ):
        block = block.parent
    return block if block is not None else node.parent


def source_line(lines: list[str], hint: int, rawtext: str) -> int:
    """The 1-based line that holds ``rawtext``, searched from the parser's line on.

    MyST reports the line a paragraph starts on; a role inside a long paragraph sits
    some lines further down.
    """
    start = max(hint - 1, 0)
    for index in range(start, min(len(lines), start + 200)):
        if rawtext in lines[index]:
            return index + 1
    return hint


def block_source(lines: list[str], first: int) -> str:
    """The source text of the block that starts at line ``first`` (up to a blank line)."""
    collected: list[str] = []
    for line in lines[max(first - 1, 0) :]:
        if not line.strip():
            break
        collected.append(line)
    return "\n".join(collected)


def claim_text(block: nodes.Element, phrase: str, occurrence: int = 0) -> str:
    """The sentence of ``block`` that holds the ``occurrence``-th ``phrase`` ("as of
    November 2026"), without footnote marks, on one line and shortened; the whole
    block when the sentence cannot be told apart."""
    copy = block.deepcopy()
    for mark in list(copy.findall(nodes.footnote_reference)) + list(
        copy.findall(nodes.citation_reference)
    ):
        mark.parent.remove(mark)
    text = re.sub(r"\s+([.,;:!?)])", r"\1", " ".join(copy.astext().split()))
    sentences = [part for part in SENTENCE_SPLIT.split(text) if phrase in part]
    sentence = sentences[min(occurrence, len(sentences) - 1)] if sentences else text
    if len(sentence) > SENTENCE_LIMIT:
        # Keep the claim's date in view: start shortly before it.
        start = max(0, sentence.find(phrase) - SENTENCE_LIMIT // 2)
        if start:
            sentence = "…" + sentence[start:].split(" ", 1)[-1]
    return shortened(sentence, SENTENCE_LIMIT)


def record_dated_claims(app: Sphinx, doctree: nodes.document) -> None:
    """Print each claim's date and file the claim in the register."""
    env = app.env
    docname = env.docname
    claims: list[DatedClaim] = []
    path = env.doc2path(docname)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    try:
        relative = str(path.relative_to(env.srcdir))
    except ValueError:
        relative = str(path)
    seen: dict[tuple[int, str], int] = {}
    for node in list(doctree.findall(dated_claim)):
        year, month = (int(part) for part in node["date"].split("-"))
        template = translate("As of {date}") if starts_sentence(node) else translate("as of {date}")
        phrase = template.format(date=month_phrase(year, month))
        node.children = []
        node += nodes.Text(phrase)
        line = source_line(lines, node.line or 1, node.rawsource)
        block = enclosing_block(node)
        occurrence = seen.get((id(block), phrase), 0)
        seen[(id(block), phrase)] = occurrence + 1
        block_line = block.line if block is not None and block.line else line
        keys: list[str] = []
        for group in FOOTCITE_ROLE.findall(block_source(lines, min(block_line, line))):
            for key in (part.strip() for part in group.split(",")):
                if key and key not in keys:
                    keys.append(key)
        claims.append(
            DatedClaim(
                file=relative,
                line=line,
                date=node["date"],
                sentence=claim_text(block, phrase, occurrence) if block is not None else "",
                keys=keys,
            )
        )
    domain = lesson_domain(env)
    if claims:
        domain.dated_claims[docname] = claims
    else:
        domain.dated_claims.pop(docname, None)


def html_visit_claim(self, node: dated_claim) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["date"], CLASS="as-of"))


def html_depart_claim(self, node: dated_claim) -> None:
    self.body.append("</time>")


def setup_freshness(app: Sphinx) -> dict[str, Any]:
    app.add_role(ROLE_NAME, AsOfRole())
    add_node_everywhere(
        app, dated_claim, html=(html_visit_claim, html_depart_claim), fallback=PASS_THROUGH
    )
    # After lessons.record_lesson (priority 600), which files the page's record.
    app.connect("doctree-read", record_dated_claims, priority=620)
    return {}

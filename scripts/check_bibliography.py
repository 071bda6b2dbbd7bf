"""Check the book's bibliography: one entry per address, dated web sources, honest keys.

    python scripts/check_bibliography.py [docs/references.bib ...]      (make lint)

It fails, with one ``file:line: message`` per problem, when

- two entries have the same address (``url``, or ``\\url{...}`` in a field):
  merge them into one entry and cite that;
- a web source (``@misc`` or ``@online`` with an address) has no ``urldate``, the
  day its page was last checked (``urldate = {2026-12-01}``; ``{2026-12}`` if only
  the month is known);
- a key's year disagrees with the entry's ``year``: keys are the first author's
  family name, the year and a word of the title, so ``kang2024howfar`` for a
  paper of 2025 should become ``kang2025howfar``.

The reader is deliberately small: it understands what ``references.bib`` uses
(entries, fields in braces or quotes, bare numbers and months) and needs no package.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILES = [REPO / "docs" / "references.bib"]
WEB_TYPES = {"misc", "online"}
ENTRY_START = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,")
FIELD_START = re.compile(r"\s*(\w[\w-]*)\s*=\s*")
URL_COMMAND = re.compile(r"\\url\{([^}]*)\}")
KEY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
URLDATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


@dataclass
class Entry:
    kind: str
    key: str
    line: int
    #: field name (lower case) -> (value, line)
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)

    def urls(self) -> list[tuple[str, int]]:
        found: list[tuple[str, int]] = []
        for name, (value, line) in self.fields.items():
            if name == "url":
                found.append((value.strip(), line))
            found.extend((url.strip(), line) for url in URL_COMMAND.findall(value))
        unique: list[tuple[str, int]] = []
        for url, line in found:
            if url and normalized(url) not in {normalized(known) for known, _ in unique}:
                unique.append((url, line))
        return unique


def normalized(url: str) -> str:
    """The address as a reader would reach it: no scheme case, no trailing slash."""
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    if sep:
        host, slash, path = rest.partition("/")
        url = f"{scheme.lower()}://{host.lower()}{slash}{path}"
    return url.rstrip("/")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def read_value(text: str, start: int) -> tuple[str, int]:
    """The field value starting at ``start`` and the offset just after it."""
    opener = text[start] if start < len(text) else ""
    if opener in '{"':
        closer = "}" if opener == "{" else '"'
        depth = 0
        index = start
        while index < len(text):
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if opener == "{" and char == "{":
                depth += 1
            elif char == closer and (opener == '"' or depth == 1):
                return text[start + 1 : index], index + 1
            elif opener == "{" and char == "}":
                depth -= 1
            index += 1
        return text[start + 1 :], len(text)
    match = re.match(r"[^,}\s]*", text[start:])
    assert match is not None
    return match.group(0), start + match.end()


def parse(text: str) -> list[Entry]:
    entries: list[Entry] = []
    position = 0
    while True:
        match = ENTRY_START.search(text, position)
        if match is None:
            return entries
        entry = Entry(match.group(1).lower(), match.group(2), line_of(text, match.start()))
        position = match.end()
        while True:
            field_match = FIELD_START.match(text, position)
            if field_match is None:
                break
            name = field_match.group(1).lower()
            value, position = read_value(text, field_match.end())
            entry.fields[name] = (" ".join(value.split()), line_of(text, field_match.start(1)))
            rest = re.match(r"\s*,?", text[position:])
            position += rest.end() if rest else 0
        closing = text.find("}", position)
        position = closing + 1 if closing >= 0 else len(text)
        entries.append(entry)


def check(path: Path) -> list[str]:
    """Every problem in one .bib file, as ``file:line: message``."""
    text = path.read_text(encoding="utf-8")
    entries = parse(text)
    problems: list[tuple[int, str]] = []
    seen_urls: dict[str, tuple[str, int]] = {}
    for entry in entries:
        urls = entry.urls()
        for url, line in urls:
            key = normalized(url)
            if key in seen_urls:
                other, other_line = seen_urls[key]
                problems.append(
                    (
                        line,
                        f"'{entry.key}' has the same address as '{other}' (line {other_line}): "
                        f"{url}; merge the two entries into one and cite that",
                    )
                )
            else:
                seen_urls[key] = (entry.key, line)
        if entry.kind in WEB_TYPES and urls:
            if "urldate" not in entry.fields:
                problems.append(
                    (
                        entry.line,
                        f"web source '{entry.key}' has no urldate; add the day you checked "
                        f"its page, e.g. urldate = {{2026-12-01}}",
                    )
                )
            elif not URLDATE.match(entry.fields["urldate"][0]):
                value, line = entry.fields["urldate"]
                problems.append(
                    (line, f"'{entry.key}': urldate = {{{value}}} is not a date; write YYYY-MM-DD")
                )
        key_year = KEY_YEAR.search(entry.key)
        year = entry.fields.get("year")
        if key_year and year and key_year.group(1) != year[0].strip():
            problems.append(
                (
                    year[1],
                    f"key '{entry.key}' says {key_year.group(1)} but the entry's year is "
                    f"{year[0]}; rename the key to "
                    f"'{entry.key.replace(key_year.group(1), year[0].strip(), 1)}' and its "
                    f"citations with it",
                )
            )
    return [f"{path}:{line}: {message}" for line, message in sorted(problems)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="BibTeX files (default: the book's)")
    args = parser.parse_args(argv)
    problems: list[str] = []
    for path in args.files or DEFAULT_FILES:
        problems.extend(check(path))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Create the next lesson page from a title and add it to the table of contents.

    python scripts/new_lesson.py "Lighting and Colour"      (make new-lesson TITLE="...")

The page is ``docs/lessons/NN-slug.md`` with the next free number, ``status: draft``
and every required part as a ``TODO`` placeholder (tags, a figure and a labelled
exercise included). A draft with placeholders builds; ``make lint`` lists every
placeholder and every missing part until the lesson is publishable. A title whose
lesson exists is refused.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LESSON_FILE = re.compile(r"^(\d{2,})-[\w-]+\.md$")
MAX_SLUG_WORDS = 8

TEMPLATE = """\
---
lesson: {number}
tags: [TODO]
status: draft
---
# {title}

:::{{one-line-summary}}
TODO: one sentence that says what the reader understands after this lesson.
:::

TODO: open with a concrete example the reader has seen, before any abstraction.

## TODO: the first idea

TODO: short paragraphs; work every number out; cite each fact with
``{{footcite:p}}`key` `` and add the work to docs/references.bib.

:::{{frame-grid}} TODO: a caption that says what the figure shows
:name: fig-{slug}

Frame 1 | TODO: what happens here
Frame 2 | TODO: and here
:::

% A self-check question after each section it tests, at least three in the lesson:
% answerable only by a reader of that section, every choice with its explanation.
:::{{self-check}} TODO: a question that applies the section's first idea
- [x] TODO: the right answer
  TODO: why it is right.
- [ ] TODO: a wrong answer a reader might believe
  TODO: why it is wrong.
:::

:::{{self-check}} TODO: a question that predicts a failure
- [x] TODO: the right answer
  TODO: why it is right.
- [ ] TODO: a wrong answer a reader might believe
  TODO: why it is wrong.
:::

:::{{self-check}} TODO: a question with a number to work out
:answer: 0
TODO: the working, step by step.
:::

:::{{mental-model}} A picture to think with
TODO: one image the reader can carry away, and where it stops being true.
:::

:::{{key-takeaways}}
- TODO: the first thing to remember.
- TODO: the second thing to remember.
:::

## Exercise

::::::{{exercise}} TODO: the exercise's title
:label: ex-{slug}

TODO: a task the reader can do with this lesson alone.

::::{{solution}}
TODO: the worked solution, showing the reasoning and not only the answer.
::::
::::::

## Further reading

- TODO: two to five links with a line on why each is worth reading.

## References

:::{{footbibliography}}
:::
"""


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "-".join(words[:MAX_SLUG_WORDS])


def escape_heading(title: str) -> str:
    """Markdown would read these characters as markup in a heading; show them as typed."""
    return re.sub(r"([\\`*_{}\[\]<>#$|~^&%])", r"\\\1", title)


def next_number(lessons_dir: Path) -> int:
    numbers = [
        int(match.group(1))
        for path in lessons_dir.glob("*.md")
        if (match := LESSON_FILE.match(path.name))
    ]
    return max(numbers, default=0) + 1


def add_to_toctree(index: Path, docname: str) -> None:
    """Append the page to the numbered toctree, after its last entry."""
    lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
    in_numbered = False
    last_entry = None
    for position, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("```{toctree}"):
            in_numbered = False
        elif stripped.startswith(":numbered:"):
            in_numbered = True
        elif in_numbered and stripped.startswith("```"):
            insert_at = last_entry + 1 if last_entry is not None else position
            lines.insert(insert_at, docname + "\n")
            index.write_text("".join(lines), encoding="utf-8")
            return
        elif in_numbered and stripped and not stripped.startswith(":"):
            last_entry = position
    raise SystemExit(f"{index}: no numbered toctree found; add '{docname}' to it by hand")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("title", help="the lesson's title, as it should appear")
    parser.add_argument("--docs", type=Path, default=REPO / "docs", help="the book's source")
    args = parser.parse_args(argv)

    title = " ".join(args.title.split())
    if not title:
        print('new-lesson: give the lesson a title: make new-lesson TITLE="..."', file=sys.stderr)
        return 2
    lessons_dir = args.docs / "lessons"
    number = next_number(lessons_dir)
    slug = slugify(title) or "lesson"
    existing = [
        path
        for path in sorted(lessons_dir.glob("*.md"))
        if LESSON_FILE.match(path.name) and path.stem.split("-", 1)[1] == slug
    ]
    if existing:
        print(
            f"new-lesson: {existing[0].relative_to(args.docs.parent)} already has this "
            f"title; open it, or choose another title",
            file=sys.stderr,
        )
        return 1
    page = lessons_dir / f"{number:02d}-{slug}.md"
    page.write_text(
        TEMPLATE.format(number=number, title=escape_heading(title), slug=slug), encoding="utf-8"
    )
    add_to_toctree(args.docs / "index.md", f"lessons/{page.stem}")
    print(f"created {page.relative_to(args.docs.parent)} (lesson {number}, status: draft)")
    print("next: replace every TODO, then run `make lint` until it passes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

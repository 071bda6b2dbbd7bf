"""Drop the printf-format flags that Babel puts on the book's translation catalogs.

When sphinx-intl updates a catalog, Babel marks every message that happens to contain
"%" followed by a letter ("14 % of", "95.7 % for") or braces ("{term}`x`") as
python-format or python-brace-format. The book's messages are prose, never format
strings, but msgfmt --check then demands the same "% o" in the Korean and rejects a
correct translation. `make locales` runs this after every update.

    python scripts/tidy_catalogs.py locales
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FORMAT_FLAGS = {"python-format", "python-brace-format"}
FLAG_LINE = re.compile(r"^#,(.*)$")


def tidy(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        match = FLAG_LINE.match(line.rstrip("\n"))
        if match:
            flags = [flag.strip() for flag in match[1].split(",") if flag.strip()]
            kept = [flag for flag in flags if flag not in FORMAT_FLAGS]
            if not kept:
                continue
            line = "#, " + ", ".join(kept) + "\n"
        lines.append(line)
    return "".join(lines)


def main(folder: str) -> int:
    changed = 0
    for catalog in sorted(Path(folder).rglob("*.po")):
        text = catalog.read_text(encoding="utf-8")
        tidied = tidy(text)
        if tidied != text:
            catalog.write_text(tidied, encoding="utf-8")
            changed += 1
    print(f"tidy_catalogs: {changed} catalog(s) without format flags")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "locales"))

"""A content-addressed cache in front of the diagram renderer (mermaid-cli).

sphinxcontrib-mermaid keeps rendered diagrams in each build's output folder, so
every clean build, and every builder (html, latex, epub, ...) with its own output
folder, starts a browser for every diagram again: about 1.5 s each. With
``lessonkit_diagram_cache`` set, lessonkit puts this script in front of
``mermaid_cmd``. It is called exactly as mermaid-cli is (``... -i IN -o OUT``),
and answers from a folder outside ``_build`` when it has already rendered the same
diagram source, with the same options and the same mermaid-cli version, to the
same format; only a miss launches the renderer.

Entries are written to a temporary name and renamed into place, so parallel
builds (``-j``) and concurrent builders share the cache safely. Setting
``LESSONKIT_DIAGRAM_LOG`` to a file path appends one line per renderer launch,
which ``make bench`` counts.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

# The cache runs once per diagram as its own process: it imports nothing heavy.
if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: mermaid-cli options whose value is a file that changes the picture.
CONTENT_OPTIONS = ("-c", "--configFile", "-C", "--cssFile")
#: mermaid-cli options whose value names the input or output, not the picture.
PATH_OPTIONS = ("-i", "--input", "-o", "--output")
LAUNCH_LOG = "LESSONKIT_DIAGRAM_LOG"
CACHE_SCRIPT = "diagram_cache.py"


def option_value(arguments: list[str], names: tuple[str, ...]) -> str | None:
    for index, argument in enumerate(arguments[:-1]):
        if argument in names:
            return arguments[index + 1]
    return None


def renderer_version(command: list[str]) -> str:
    """mermaid-cli's version from its package.json, next to the ``mmdc`` it runs."""
    program = Path(command[0]).resolve()
    for folder in program.parents:
        manifest = folder / "package.json"
        if manifest.is_file():
            try:
                return json.loads(manifest.read_text(encoding="utf-8")).get("version", "")
            except ValueError:
                return ""
    return ""


def cache_key(command: list[str], arguments: list[str]) -> str:
    digest = hashlib.sha256()
    source = option_value(arguments, ("-i", "--input"))
    output = option_value(arguments, ("-o", "--output")) or ""
    digest.update(Path(source).read_bytes() if source else b"")
    digest.update(Path(output).suffix.encode())
    digest.update(renderer_version(command).encode())
    skip_next = False
    for argument in arguments:
        if skip_next:
            skip_next = False
            continue
        if argument in PATH_OPTIONS:
            skip_next = True
            continue
        digest.update(b"\0" + argument.encode())
    for name in CONTENT_OPTIONS:
        path = option_value(arguments, (name,))
        if path and Path(path).is_file():
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def store(rendered: Path, entry: Path) -> None:
    entry.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".partial-")
    os.close(handle)
    shutil.copyfile(rendered, temporary)
    os.replace(temporary, entry)


def render(cache: Path, command: list[str], arguments: list[str]) -> int:
    """Copy a cached picture to the output, or run the renderer and keep its picture."""
    output = option_value(arguments, ("-o", "--output"))
    if output is None:
        return subprocess.call([*command, *arguments])
    entry = cache / (cache_key(command, arguments) + Path(output).suffix)
    if entry.is_file():
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(entry, output)
        return 0
    log = os.environ.get(LAUNCH_LOG)
    if log:
        with open(log, "a", encoding="utf-8") as launches:
            launches.write(f"{entry.name}\n")
    status = subprocess.call([*command, *arguments])
    if status == 0 and Path(output).is_file():
        store(Path(output), entry)
    return status


def main(argv: list[str]) -> int:
    """``python diagram_cache.py CACHE_DIR -- MMDC [MMDC ARGUMENTS...]``"""
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        print("usage: python diagram_cache.py CACHE_DIR -- MMDC [ARGS...]", file=sys.stderr)
        return 2
    cache, command = Path(argv[0]), [argv[2]]
    return render(cache, command, argv[3:])


def split_command(command: str | list[str]) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else list(command)


def cached_command(cache: str, command: str | list[str]) -> str:
    # A string, as mermaid_cmd is declared; sphinxcontrib-mermaid splits it with shlex.
    program = split_command(command)
    # Run by path, not with -m: importing the lessonkit package would load Sphinx
    # for every diagram.
    return shlex.join([sys.executable, str(Path(__file__).resolve()), cache, "--", *program])


def renderer_of(command: str | list[str]) -> str:
    """The renderer program itself, also when it runs behind the cache."""
    program = split_command(command)
    if any(part.endswith(CACHE_SCRIPT) for part in program) and "--" in program:
        after = program[program.index("--") + 1 :]
        return after[0] if after else ""
    return program[0] if program else ""


def put_cache_in_front(app: Sphinx, config: Config) -> None:
    cache = config.lessonkit_diagram_cache
    if not cache or "sphinxcontrib.mermaid" not in config.extensions:
        return
    if CACHE_SCRIPT in str(config.mermaid_cmd):
        return
    folder = Path(app.confdir, cache).resolve()
    config.mermaid_cmd = cached_command(str(folder), config.mermaid_cmd)


def setup_diagram_cache(app: Sphinx) -> None:
    # A folder (relative to conf.py) that keeps rendered diagrams between builds.
    app.add_config_value("lessonkit_diagram_cache", "", "env", types=frozenset({str}))
    app.connect("config-inited", put_cache_in_front)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

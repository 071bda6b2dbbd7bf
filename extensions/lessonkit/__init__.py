"""lessonkit: the Sphinx extension behind the Stream textbook.

It adds the lesson boxes (one-line summary, mental model, key takeaways, exercise
with solution), the lesson header, the frame-grid diagram, the structure check and
the reader's web features, and a bibliography style for sphinxcontrib-bibtex. This module only wires
the parts together; each concept lives in its own module.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .accessibility import setup_accessibility
from .bibliography import setup_bibliography
from .boxes import setup_boxes
from .clip import setup_clip
from .collector import setup_collector
from .description import setup_description
from .diagram_cache import setup_diagram_cache
from .epub import setup_epub
from .exercises import setup_exercises
from .feedback import setup_feedback
from .frame_grid import setup_frame_grid
from .freshness import setup_freshness
from .header import setup_lesson_header
from .lab import setup_lab
from .lessons import setup_lessons
from .mathml import setup_mathml
from .mermaid import setup_mermaid
from .progress import setup_progress
from .scheduling import setup_scheduling
from .self_check import setup_self_check
from .settings import setup_settings
from .shared import LOCALE_DIR, MESSAGE_CATALOG, STATIC_DIR
from .showcase import setup_showcase
from .structure import setup_structure_check
from .tags import setup_tags
from .text_numbers import setup_text_numbers
from .translation import setup_translation

__version__ = "0.1.0"


def add_static_assets(app: Sphinx) -> None:
    # ePub is an HTML-format builder and gets the stylesheet too; LaTeX does not.
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_css_file("lessonkit.css")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    setup_settings(app)
    setup_scheduling(app)
    setup_collector(app)
    setup_lessons(app)
    setup_boxes(app)
    setup_exercises(app)
    setup_lesson_header(app)
    setup_description(app)
    setup_frame_grid(app)
    setup_clip(app)
    setup_lab(app)
    setup_mathml(app)
    setup_freshness(app)
    setup_structure_check(app)
    setup_epub(app)
    setup_mermaid(app)
    setup_diagram_cache(app)
    setup_showcase(app)
    setup_progress(app)
    setup_self_check(app)
    setup_feedback(app)
    setup_tags(app)
    setup_text_numbers(app)
    setup_translation(app)
    setup_accessibility(app)
    setup_bibliography(app)
    app.connect("builder-inited", add_static_assets)
    return {
        "version": __version__,
        "env_version": 6,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

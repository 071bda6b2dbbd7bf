import sys
from pathlib import Path

# theme_assets is a module of the book's own, beside lessonkit in extensions/.
sys.path.append(str(Path(__file__).resolve().parents[3] / "extensions"))

project = "Trimmed theme"
extensions = ["theme_assets"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]

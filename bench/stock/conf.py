# A stock sphinx-book-theme book: the same packages as Stream, nothing of ours.
# `make bench` builds it to compare page weight and Lighthouse scores.
project = "Stock"
extensions = ["myst_parser"]
html_theme = "sphinx_book_theme"
html_title = "Stock"
exclude_patterns = ["_build"]

extensions = ["myst_parser", "sphinxcontrib.bibtex", "lessonkit"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "lessonkit"
project = "Bibliography"
copyright = "2026, the test authors"
version = "1.0"

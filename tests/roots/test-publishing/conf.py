extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinxcontrib.mermaid", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
# Diagrams are only parsed here: no renderer is needed to check their alt text.
mermaid_output_format = "raw"

project = "Self-check book"
extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
numfig_secnum_depth = 1
exclude_patterns = ["_build"]
latex_engine = "xelatex"
# Only what these tests are about, plus the rule they test.
lessonkit_publishing_rules = ["placeholders", "solutions", "self-checks"]
# The book's theme, in light and dark, for the browser tests.
html_theme = "sphinx_book_theme"
html_context = {"default_mode": "auto"}

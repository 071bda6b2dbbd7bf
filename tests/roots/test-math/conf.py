project = "Math"
copyright = "2026, the test authors"
version = release = "1.0"
extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
numfig = True
math_numfig = True
exclude_patterns = ["_build"]
latex_engine = "xelatex"
latex_elements = {"papersize": "a4paper"}

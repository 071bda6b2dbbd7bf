project = "Lab mistakes"
copyright = "2026, the test authors"
version = release = "1.0"
extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
numfig = True
numfig_format = {"figure": "Figure %s"}
exclude_patterns = ["_build"]
html_baseurl = "https://book.example/"
latex_engine = "xelatex"
latex_elements = {"papersize": "a4paper"}

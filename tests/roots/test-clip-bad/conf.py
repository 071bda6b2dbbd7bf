project = "Bad clips"
extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
numfig = True
numfig_format = {"figure": "Figure %s"}
exclude_patterns = ["_build"]
html_baseurl = "https://book.example/"

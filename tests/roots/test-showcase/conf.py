extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
myst_disable_syntax = ["html_block", "html_inline"]

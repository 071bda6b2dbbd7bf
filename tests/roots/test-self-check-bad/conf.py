project = "Bad self-checks"
extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
exclude_patterns = ["_build"]
lessonkit_publishing_rules = ["self-checks"]

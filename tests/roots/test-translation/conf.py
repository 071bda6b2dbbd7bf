project = "Translation"
copyright = "2026, the test authors"
version = release = "1.0"
extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]
language = "ko"
locale_dirs = ["locales"]
gettext_compact = False

project = "Every builder"
copyright = "2026, the test authors"
version = "1.0"
extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
myst_disable_syntax = ["html_block", "html_inline"]
exclude_patterns = ["_build"]
html_baseurl = "https://book.example/"
lessonkit_repository_url = "https://github.com/example/book"
lessonkit_giscus = {
    "repo": "example/book",
    "repo-id": "R_1",
    "category": "Lessons",
    "category-id": "DIC_1",
}
lessonkit_description = "A book with every directive & <nothing> else."
# Only what these tests are about; test-publishing covers every publishing rule.
lessonkit_publishing_rules = ["placeholders", "solutions"]

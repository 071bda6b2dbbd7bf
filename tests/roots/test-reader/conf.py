project = "Reader book"
extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
numfig = True
numfig_secnum_depth = 1
exclude_patterns = ["_build"]
html_baseurl = "https://book.example/en/latest/"
lessonkit_repository_url = "https://github.com/example/book"
lessonkit_giscus = {
    "repo": "example/book",
    "repo-id": "R_1",
    "category": "Lessons",
    "category-id": "DIC_1",
}
# Only what these tests are about; test-publishing covers every publishing rule.
lessonkit_publishing_rules = ["placeholders", "solutions"]

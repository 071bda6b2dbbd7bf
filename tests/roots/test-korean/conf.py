# The Korean edition's chrome: lessonkit's own strings from its Korean catalog.
project = "Korean book"
extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
numfig = True
numfig_secnum_depth = 1
exclude_patterns = ["_build"]
language = "ko"
latex_engine = "xelatex"
html_baseurl = "https://book.example/ko/latest/"
lessonkit_repository_url = "https://github.com/example/book"
lessonkit_giscus = {
    "repo": "example/book",
    "repo-id": "R_1",
    "category": "Lessons",
    "category-id": "DIC_1",
}
# Only what these tests are about; test-publishing covers every publishing rule.
lessonkit_publishing_rules = ["placeholders", "solutions"]
# The ePub builder asks for both.
copyright = "2026, Example"
version = "1"

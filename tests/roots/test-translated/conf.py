# An English book with a Korean catalog per page (locales/ko/LC_MESSAGES): the words
# authors write into lessonkit's directives reach the catalogs and come back translated.
project = "Translated book"
extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
numfig = True
numfig_secnum_depth = 1
exclude_patterns = ["_build"]
language = "ko"
locale_dirs = ["locales"]
gettext_compact = False
html_baseurl = "https://book.example/ko/latest/"
lessonkit_publishing_rules = ["placeholders", "solutions"]

extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
numfig = True
numfig_secnum_depth = 1
exclude_patterns = ["_build"]
# Only what these tests are about; test-publishing covers every publishing rule.
lessonkit_publishing_rules = ["placeholders"]

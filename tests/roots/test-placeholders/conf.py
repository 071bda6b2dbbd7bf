extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
numfig = True
numfig_secnum_depth = 1
exclude_patterns = ["_build"]
# Placeholders only; test-publishing covers the other publishing rules.
lessonkit_publishing_rules = ["placeholders"]

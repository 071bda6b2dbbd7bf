extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
numfig = True
numfig_secnum_depth = 1
exclude_patterns = ["_build"]
myst_disable_syntax = ["html_block", "html_inline"]

latex_engine = "xelatex"
LATEX_SCRIPT_FALLBACK = r"""
% Korean and emoji are not in FreeSerif: switch fonts for those Unicode blocks.
\usepackage[HangulSyllables,HangulJamo,HangulCompatibilityJamo,Emoticons,MiscellaneousSymbolsAndPictographs,TransportAndMapSymbols,MiscellaneousSymbols,Dingbats]{ucharclasses}
\newfontfamily\streamkoreanfont{Noto Sans CJK KR}
\newfontfamily\streamemojifont{Symbola}
\setTransitionsFor{HangulSyllables}{\begingroup\streamkoreanfont}{\endgroup}
\setTransitionsFor{HangulJamo}{\begingroup\streamkoreanfont}{\endgroup}
\setTransitionsFor{HangulCompatibilityJamo}{\begingroup\streamkoreanfont}{\endgroup}
\setTransitionsFor{Emoticons}{\begingroup\streamemojifont}{\endgroup}
\setTransitionsFor{MiscellaneousSymbolsAndPictographs}{\begingroup\streamemojifont}{\endgroup}
\setTransitionsFor{TransportAndMapSymbols}{\begingroup\streamemojifont}{\endgroup}
\setTransitionsFor{MiscellaneousSymbols}{\begingroup\streamemojifont}{\endgroup}
\setTransitionsFor{Dingbats}{\begingroup\streamemojifont}{\endgroup}
"""
latex_elements = {"preamble": LATEX_SCRIPT_FALLBACK}
# Only what these tests are about; test-publishing covers every publishing rule.
lessonkit_publishing_rules = ["placeholders", "solutions"]

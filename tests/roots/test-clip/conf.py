project = "Clips"
copyright = "2026, the test authors"
version = release = "1.0"
extensions = ["myst_parser", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_block", "html_inline"]
numfig = True
numfig_secnum_depth = 1
numfig_format = {"figure": "Figure %s"}
exclude_patterns = ["_build"]
html_baseurl = "https://book.example/"

# The PDF test compiles with xelatex; Korean and emoji need fonts of their own.
latex_engine = "xelatex"
LATEX_SCRIPT_FALLBACK = r"""
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
latex_elements = {"papersize": "a4paper", "preamble": LATEX_SCRIPT_FALLBACK}

# An English page whose diagram the Korean catalog translates: caption, alt text and code.
from pathlib import Path

import lessonkit

# Tests copy this root elsewhere, so find the repository from the installed package.
REPO = Path(lessonkit.__file__).resolve().parents[2]
extensions = ["myst_parser", "sphinxcontrib.mermaid", "lessonkit"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
language = "ko"
locale_dirs = ["locales"]
mermaid_output_format = "svg"
mermaid_cmd = str(REPO / "node_modules" / ".bin" / "mmdc")
mermaid_params = [
    "-p",
    str(REPO / "scripts" / "puppeteer-config.json"),
    "-c",
    str(REPO / "scripts" / "mermaid-config.json"),
    "--pdfFit",
]
lessonkit_diagram_cache = ".diagram-cache"

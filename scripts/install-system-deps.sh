#!/usr/bin/env bash
# Installs, with apt, the system tools that PDF builds and their checks need:
# TeX Live for xelatex (with TikZ), latexmk, xindy, fonts that cover Korean and
# emoji, poppler-utils (pdftotext, pdffonts, pdftoppm), Java for EPUBCheck, and
# Chromium and Node.js for rendering mermaid diagrams.
#
#   scripts/install-system-deps.sh          install what is missing (needs root and apt)
#   scripts/install-system-deps.sh --check  list what is missing; exit 1 if anything is
set -euo pipefail

# Debian package -> a file or command that shows it is installed.
declare -A PROVIDES=(
  [texlive-xetex]=/usr/bin/xelatex
  [texlive-latex-recommended]=/usr/share/texlive/texmf-dist/tex/latex/fancyhdr
  [texlive-latex-extra]=/usr/share/texlive/texmf-dist/tex/latex/tabulary
  [texlive-fonts-recommended]=/usr/share/texlive/texmf-dist/fonts/type1/urw
  [texlive-pictures]=/usr/share/texlive/texmf-dist/tex/latex/pgf
  [texlive-lang-korean]=/usr/share/texlive/texmf-dist/tex/latex/kotex-utf
  [latexmk]=/usr/bin/latexmk
  [xindy]=/usr/bin/xindy
  [fonts-noto-cjk]=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
  [fonts-symbola]=/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf
  [fonts-freefont-otf]=/usr/share/fonts/opentype/freefont/FreeSerif.otf
  [poppler-utils]=/usr/bin/pdftotext
  [gettext]=/usr/bin/msgfmt
  [default-jre-headless]=/usr/bin/java
  [chromium]=/usr/bin/chromium
)

missing=()
for package in "${!PROVIDES[@]}"; do
  [ -e "${PROVIDES[$package]}" ] || missing+=("$package")
done
# Node.js runs mermaid-cli, which asks for 18.19 or newer; any installation on the
# PATH will do (Debian 12's own nodejs is 18.19).
if command -v node >/dev/null; then
  if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 19) ? 0 : 1)'; then
    echo "Node.js $(node --version) is too old for mermaid-cli: install 18.19 or newer" >&2
    [ "${1:-}" = "--check" ] && exit 1
  fi
else
  missing+=(nodejs)
fi
command -v npm >/dev/null || missing+=(npm)

if [ "${1:-}" = "--check" ]; then
  if [ ${#missing[@]} -eq 0 ]; then
    echo "all system tools are installed"
    exit 0
  fi
  echo "missing: ${missing[*]}"
  echo "install them with: sudo scripts/install-system-deps.sh"
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "all system tools are installed"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  # Not Debian or Ubuntu: name the same tools in the words of other systems.
  echo "missing (Debian package names): ${missing[*]}" >&2
  echo "this script installs them with apt only; elsewhere install the equivalents:" >&2
  echo "  Fedora: sudo dnf install texlive-xetex texlive-collection-latexextra texlive-collection-langkorean latexmk xindy \\" >&2
  echo "          google-noto-sans-cjk-fonts gdouros-symbola-fonts gnu-free-serif-fonts \\" >&2
  echo "          poppler-utils java-21-openjdk-headless chromium nodejs npm" >&2
  echo "  macOS:  brew install --cask mactex chromium; brew install poppler openjdk node" >&2
  echo "  Windows: use WSL with Debian or Ubuntu and run this script there" >&2
  echo "the build finds Chromium or Chrome on PATH, or set LESSONKIT_BROWSER to one" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing: ${missing[*]}" >&2
  echo "run this script as root (sudo $0)" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"

"""Dated claims, the reviewed date, the freshness report, the bibliography check and
the citable edition (issue 17)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib

import pytest
from conftest import REPO_ROOT, ROOTS, parse_output, read_output, warning_lines

FRESHNESS = REPO_ROOT / "scripts" / "freshness.py"
CHECK_BIB = REPO_ROOT / "scripts" / "check_bibliography.py"
VERSION = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["version"]


@pytest.fixture(scope="module")
def html(built):
    return built("freshness")


# -- the as-of role -----------------------------------------------------------------


def test_role_prints_the_month_on_the_web(html):
    claims = parse_output(html, "lessons/dated.html").select("time.as-of")
    assert [(claim["datetime"], claim.get_text()) for claim in claims] == [
        ("2026-11", "As of November 2026"),
        ("2026-11", "as of November 2026"),
    ]


@pytest.mark.parametrize(
    ("builder", "page"),
    [("latex", "freshness.tex"), ("text", "lessons/dated.txt")],
)
def test_role_prints_the_month_in_print_and_plain_text(built, builder, page):
    output = " ".join(read_output(built("freshness", builder), page).split())
    assert "As of November 2026 the vendor makes clips" in output
    assert "a second, as of November 2026." in output
    assert "2026-11" not in output


@pytest.mark.parametrize(
    ("builder", "page"), [("man", "freshness.1"), ("texinfo", "freshness.texi")]
)
def test_role_prints_the_month_in_man_and_texinfo(built, builder, page):
    output = " ".join(read_output(built("freshness", builder), page).split())
    assert "As of November 2026 the vendor makes clips" in output
    assert "as of January 2025" in output


def test_role_prints_the_month_in_the_epub(built):
    page = parse_output(built("freshness", "epub"), "lessons/stale.xhtml")
    assert page.select_one("time.as-of").get_text() == "as of January 2025"


def test_a_malformed_month_is_a_located_warning(html):
    assert (
        "lessons/dated.md:19: WARNING: '2026-13' is not a month; write the year and the month "
        "as YYYY-MM, e.g. {as-of}`2026-11` for November 2026 [lessonkit.freshness]"
    ) in warning_lines(html)


def test_a_malformed_month_is_printed_as_written(html):
    assert "A malformed month: 2026-13." in parse_output(html, "lessons/dated.html").get_text()


# -- the register ---------------------------------------------------------------------


def test_register_keeps_each_claim_with_its_place_paragraph_and_sources(html):
    claims = html.env.domaindata["lesson"]["dated_claims"]
    assert claims["lessons/dated"] == [
        {
            "file": "lessons/dated.md",
            "line": 13,
            "date": "2026-11",
            "sentence": "As of November 2026 the vendor makes clips of 8 seconds.",
            "keys": ["vendor2026clips"],
        },
        {
            "file": "lessons/dated.md",
            "line": 16,
            "date": "2026-11",
            "sentence": "Prices change, so this book says when one was true: the clip cost "
            "12 credits a second, as of November 2026.",
            "keys": [],
        },
    ]
    assert [claim["date"] for claim in claims["lessons/stale"]] == ["2025-01"]


def test_editing_a_page_replaces_its_claims(make_app, tmp_path):
    srcdir = tmp_path / "book"
    shutil.copytree(ROOTS / "test-freshness", srcdir, ignore=shutil.ignore_patterns("_build"))
    make_app("dummy", srcdir=srcdir).build()
    stale = srcdir / "lessons" / "stale.md"
    stale.write_text(stale.read_text().replace("{as-of}`2025-01`", "in 2025"))
    app = make_app("dummy", srcdir=srcdir)
    app.build()
    claims = app.env.domaindata["lesson"]["dated_claims"]
    assert sorted(claims) == ["lessons/dated"]


# -- the reviewed date ----------------------------------------------------------------


def test_header_shows_the_reviewed_month(html):
    header = parse_output(html, "lessons/dated.html").select_one("div.lesson-header")
    assert header.select_one(".lesson-reviewed").get_text() == "Reviewed December 2026"
    assert "~1 min read · Reviewed December 2026 · video" in header.get_text()


def test_header_shows_the_reviewed_month_in_plain_text(built):
    text = read_output(built("freshness", "text"), "lessons/dated.txt")
    assert "Reviewed December 2026" in text


def test_a_malformed_reviewed_date_is_a_located_warning_and_not_shown(html):
    assert (
        "lessons/stale.md:5: WARNING: 'reviewed: December 2026' is not a month; write the "
        "year and the month you checked the lesson against its sources as YYYY-MM, e.g. "
        "'reviewed: 2026-12' [lessonkit.front-matter]"
    ) in warning_lines(html)
    assert "Reviewed" not in parse_output(html, "lessons/stale.html").get_text()


# -- make freshness -------------------------------------------------------------------


def run_report(*options: str) -> subprocess.CompletedProcess:
    root = ROOTS / "test-freshness"
    command = [sys.executable, str(FRESHNESS), "--srcdir", str(root), "--confdir", str(root),
               "--today", "2026-12-01", *options]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT)


@pytest.fixture(scope="module")
def report():
    return run_report()


def test_report_lists_every_claim_oldest_first_with_file_and_line(report):
    places = re.findall(r"^(\d{4}-\d{2})\s+(\S+)\s+(\S+:\d+)", report.stdout, re.MULTILINE)
    assert places == [
        ("2025-01", "STALE", "tests/roots/test-freshness/lessons/stale.md:13"),
        ("2026-11", "ok", "tests/roots/test-freshness/lessons/dated.md:13"),
        ("2026-11", "ok", "tests/roots/test-freshness/lessons/dated.md:16"),
    ]


def test_report_shows_each_claims_sentence_and_citation(report):
    assert "The leaderboard was topped by model X with 48.9 %, as of January 2025." in (
        report.stdout
    )
    assert "cites: arena2025board" in report.stdout
    assert "cites: no citation in the paragraph" in report.stdout


def test_report_counts_stale_claims_and_exits_0(report):
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith(
        "3 dated claims, oldest first; 1 older than 9 months on 2026-12-01 are marked STALE."
    )


def test_strict_report_fails_on_a_stale_claim():
    result = run_report("--strict")
    assert result.returncode == 1
    assert "1 stale claims" in result.stdout


def test_strict_report_passes_when_nothing_is_older_than_the_limit():
    result = run_report("--strict", "--max-age", "23")
    assert result.returncode == 0, result.stdout
    assert "STALE" not in result.stdout.split("\n", 1)[1]


# -- the bibliography check -----------------------------------------------------------

CLEAN_ENTRY = """\
@misc{vendor2026guide,
  author = {{Vendor}},
  title = {A guide},
  howpublished = {\\url{https://example.org/guide}},
  year = {2026},
  urldate = {2026-12-01},
  note = {Accessed December 2026}
}
"""


def check_bib(tmp_path, text: str) -> subprocess.CompletedProcess:
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(CHECK_BIB), str(bib)], capture_output=True, text=True
    )


def test_bibliography_check_passes_a_clean_file(tmp_path):
    result = check_bib(tmp_path, CLEAN_ENTRY)
    assert (result.returncode, result.stderr) == (0, "")


def test_bibliography_check_fails_on_a_duplicate_url(tmp_path):
    duplicate = (
        CLEAN_ENTRY.replace("vendor2026guide", "vendor2026again")
        .replace("\\url{https://example.org/guide}", "Vendor site")
        .replace("  year = {2026},", "  year = {2026},\n  url = {https://example.org/guide/},")
    )
    result = check_bib(tmp_path, CLEAN_ENTRY + "\n" + duplicate)
    assert result.returncode == 1
    assert result.stderr == (
        f"{tmp_path / 'refs.bib'}:15: 'vendor2026again' has the same address as "
        f"'vendor2026guide' (line 4): https://example.org/guide/; merge the two entries "
        f"into one and cite that\n"
    )


def test_bibliography_check_fails_on_a_web_source_without_urldate(tmp_path):
    result = check_bib(tmp_path, CLEAN_ENTRY.replace("  urldate = {2026-12-01},\n", ""))
    assert result.returncode == 1
    assert result.stderr == (
        f"{tmp_path / 'refs.bib'}:1: web source 'vendor2026guide' has no urldate; add the "
        f"day you checked its page, e.g. urldate = {{2026-12-01}}\n"
    )


def test_bibliography_check_fails_on_a_key_that_disagrees_with_its_year(tmp_path):
    result = check_bib(tmp_path, CLEAN_ENTRY.replace("vendor2026guide", "vendor2025guide"))
    assert result.returncode == 1
    assert f"{tmp_path / 'refs.bib'}:5: key 'vendor2025guide' says 2025" in result.stderr


def test_the_books_bibliography_passes_the_check():
    result = subprocess.run([sys.executable, str(CHECK_BIB)], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")


# -- a citable edition ----------------------------------------------------------------


def test_citation_file_states_the_books_version():
    citation = (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{VERSION}"' in citation
    assert f'edition: "{VERSION}"' in citation


def test_citation_file_is_valid():
    cffconvert = shutil.which("cffconvert", path=str(REPO_ROOT / ".venv" / "bin"))
    if cffconvert is None:
        cffconvert = shutil.which("cffconvert")
    assert cffconvert, "cffconvert is a dev dependency: pip install -e '.[dev]'"
    result = subprocess.run(
        [cffconvert, "--validate", "-i", str(REPO_ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_front_page_has_a_bibtex_entry_for_this_version():
    index = (REPO_ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "```{rubric} Cite this book" in index
    assert f"edition   = {{{VERSION}}}" in index


def test_latex_title_pages_carry_the_edition_date_and_the_citation(book_build):
    tex = (book_build("latex").succeeded() / "stream.tex").read_text(encoding="utf-8")
    citation = (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")
    released = re.search(r'date-released: "(\d{4})-(\d{2})-(\d{2})"', citation)
    assert released
    day = int(released.group(3))
    assert re.search(rf"\\date{{Edition of {day} \w+ {released.group(1)}}}", tex)
    assert r"\textbf{Cite this book}" in tex
    assert f"edition   = \\{{{VERSION}\\}}," in tex

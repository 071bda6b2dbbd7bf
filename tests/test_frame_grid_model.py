"""The frame-grid parser: a pure function from options and body lines to a model."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lessonkit.frame_grid_model import (
    MAX_DRAWN_COLUMNS,
    STATE_DESCRIPTIONS,
    Frame,
    FrameGridError,
    Gap,
    balanced_columns,
    parse_frame_grid,
    quoted,
)

HOSTILE = "<script> & # $ % _ { } ~ ^ \\ 한국어 🎬"


REPO = Path(__file__).resolve().parent.parent


def test_body_lines_give_labels_notes_states_and_gaps():
    grid = parse_frame_grid(
        "c", {}, ["Frame 1 | spatial only", "Frame 2 | | HARD", "...", "Frame N"]
    )
    assert grid.items == (
        Frame("Frame 1", "spatial only"),
        Frame("Frame 2", "", "hard"),
        Gap(),
        Frame("Frame N"),
    )


def test_storyboard_times_every_fourth_frame_of_24_fps():
    grid = parse_frame_grid(
        "",
        {"frames": "30", "fps": "24", "every": "4", "states": "1-8 free, 9–20 hard, 21-30 free"},
        [],
    )
    first, last = grid.items[0], grid.items[-1]
    assert (first.time, last.time, last.label) == (0.0, 29 * 4 / 24, "30")


def test_storyboard_states_by_range():
    grid = parse_frame_grid("", {"frames": "30", "states": "1-8 free, 9-20 hard, 21-30 free"}, [])
    assert [frame.state for frame in grid.items] == ["free"] * 8 + ["hard"] * 12 + ["free"] * 10


def test_columns_wrap_items_into_rows():
    grid = parse_frame_grid("", {"frames": "7", "columns": "3"}, [])
    assert [len(row) for row in grid.rows] == [3, 3, 1]


def test_arrows_default_on_and_can_be_turned_off():
    on = parse_frame_grid("", {"frames": "2"}, [])
    off = parse_frame_grid("", {"frames": "2", "arrows": "False"}, [])
    assert (on.arrows, off.arrows) == (True, False)


def test_legend_lists_used_states_in_vocabulary_order():
    grid = parse_frame_grid("", {}, ["a | | key", "b | | free", "c | | key"])
    assert grid.states_used == ("free", "key")


def test_neutral_states_mean_what_the_figure_says_and_must_say_it():
    grid = parse_frame_grid(
        "",
        {"legend": "shaded: its own noise; dotted: shared noise"},
        ["a | | shaded", "b | | dotted"],
    )
    assert [grid.legend_text(state) for state in grid.states_used] == [
        "its own noise",
        "shared noise",
    ]
    with pytest.raises(FrameGridError, match=r"the state 'dotted' means nothing by itself; say"):
        parse_frame_grid("", {"legend": "shaded: its own noise"}, ["a | | shaded", "b | | dotted"])


def test_generated_description_tells_runs_once():
    grid = parse_frame_grid(
        "", {"frames": "30", "fps": "24", "every": "4", "states": "1-8 free, 9-30 hard"}, []
    )
    assert grid.describe() == "30 frames from 0.00 s to 4.83 s. 1 to 8: free. 9 to 30: hard."


@pytest.mark.parametrize(
    ("options", "body", "option", "line_offset", "hint"),
    [
        ({"frames": "0"}, [], "frames", None, "not positive"),
        ({"frames": "241"}, [], "frames", None, "outside 1–240"),
        ({"frames": "ten"}, [], "frames", None, "not a whole number"),
        ({"frames": "3", "every": "2"}, [], "every", None, "add ':fps: 24'"),
        ({"frames": "3", "fps": "24", "every": "0"}, [], "every", None, "not positive"),
        ({"frames": "3"}, ["a"], "frames", None, "keep one of them"),
        ({}, [], None, None, "no frames"),
        ({}, ["", "a | b | c | d"], None, 1, "at most two '|'"),
        ({}, ["a", " | note"], None, 1, "has no label"),
        ({}, ["a | | easy"], None, 0, "use one of: free, hard, key"),
        ({"frames": "10", "states": "1-5 free, 5-10 hard"}, [], "states", None, "two ranges"),
        ({"frames": "10", "states": "1-11 free"}, [], "states", None, "outside frames 1–10"),
        ({"frames": "10", "states": "5-1 free"}, [], "states", None, "runs backwards"),
        ({"frames": "10", "states": "free 1-5"}, [], "states", None, "not a range"),
        ({"states": "1 free"}, ["a"], "states", None, "works with :frames:"),
        ({"frames": "3", "fps": "-24"}, [], "fps", None, "not a positive number"),
        ({"frames": "3", "fps": "nan"}, [], "fps", None, "not a positive number"),
        ({"frames": "3", "columns": "0"}, [], "columns", None, "not positive"),
        ({"frames": "3", "arrows": "maybe"}, [], "arrows", None, "':arrows: false'"),
        ({}, ["a", "...", "…"], None, 2, "single '...'"),
        ({"fps": "24"}, ["a", "...", "b"], "fps", None, "elided stretch"),
        ({}, [f"f{i}" for i in range(241)], None, 240, "more than 240 frames"),
        ({"frames": "9" * 5000}, [], "frames", None, "outside 1–240"),
        ({"frames": "-" + "9" * 5000}, [], "frames", None, "not positive"),
        ({"frames": "3", "columns": "241"}, [], "columns", None, "outside 1–240"),
        ({"frames": "3", "fps": "24", "every": "1" + "0" * 400}, [], "every", None, "outside"),
    ],
)
def test_invalid_input_names_the_problem_and_the_fix(options, body, option, line_offset, hint):
    with pytest.raises(FrameGridError) as caught:
        parse_frame_grid("", options, body)
    error = caught.value
    assert (error.option, error.line_offset, hint in error.message) == (option, line_offset, True)


RUNAWAY = "x" * 2500 + "9" * 2500


@pytest.mark.parametrize(
    ("options", "body", "named"),
    [
        ({"frames": RUNAWAY}, [], ":frames:"),
        ({"frames": "9" * 5000}, [], ":frames:"),
        ({"frames": "-" + "9" * 4999}, [], ":frames:"),
        ({"frames": "3", "columns": RUNAWAY}, [], ":columns:"),
        ({"frames": "3", "fps": RUNAWAY}, [], ":fps:"),
        ({"frames": "3", "fps": "24", "every": "9" * 5000}, [], ":every:"),
        ({"frames": "3", "arrows": RUNAWAY}, [], ":arrows:"),
        ({"frames": "3", "states": RUNAWAY}, [], ":states:"),
        ({"frames": "3", "states": f"1 {RUNAWAY}"}, [], "unknown state"),
        ({"frames": "3", "states": "9" * 5000 + " free"}, [], ":states: range"),
        ({"frames": "3", "states": "1-" + "9" * 5000 + " free"}, [], ":states: range"),
        ({"legend": RUNAWAY}, ["a"], ":legend:"),
        ({"legend": f"{RUNAWAY}: text"}, ["a"], ":legend:"),
        ({}, [f"{RUNAWAY} | a | b | c"], "too many '|'"),
        ({}, [f" | {RUNAWAY}"], "has no label"),
        ({}, [f"a | b | {RUNAWAY}"], "unknown state"),
    ],
)
def test_a_runaway_value_is_quoted_short(options, body, named):
    with pytest.raises(FrameGridError) as caught:
        parse_frame_grid("", options, body)
    message = caught.value.message
    assert (len(message) < 200, named in message, "…" in message) == (True, True, True), message


def test_quoted_keeps_short_values_and_cuts_long_ones_to_the_limit():
    assert (quoted("easy"), quoted("a\n b"), quoted("x" * 100)) == (
        "'easy'",
        "'a b'",
        "'" + "x" * 59 + "…'",
    )


@pytest.mark.parametrize(
    ("columns", "drawn"),
    [(1, 1), (6, 6), (12, 12), (13, 7), (20, 10), (24, 12), (25, 9), (240, 12)],
)
def test_rows_wider_than_the_page_are_split_evenly(columns, drawn):
    assert balanced_columns(columns) == drawn


def test_drawn_rows_split_each_row_and_keep_every_item_in_order():
    grid = parse_frame_grid("", {"frames": "46", "columns": "20"}, [])
    assert (grid.drawn_columns, [len(row) for row in grid.drawn_rows]) == (10, [10, 10, 10, 10, 6])
    assert tuple(item for row in grid.drawn_rows for item in row) == grid.items


@given(count=st.integers(1, 240), columns=st.integers(1, 240))
def test_drawn_rows_never_exceed_the_page(count, columns):
    grid = parse_frame_grid("", {"frames": str(count), "columns": str(columns)}, [])
    widths = [len(row) for row in grid.drawn_rows]
    assert max(widths) == grid.drawn_columns <= MAX_DRAWN_COLUMNS
    assert tuple(item for row in grid.drawn_rows for item in row) == grid.items


option_values = st.one_of(
    st.text(max_size=12), st.sampled_from(["1", "24", "0", "-3", "1-3 hard", "2.5", "inf"])
)


# The first draw builds Hypothesis's Unicode tables, which is slow but not a defect.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    options=st.dictionaries(
        st.sampled_from(["frames", "fps", "every", "columns", "arrows", "states", "alt"]),
        option_values,
    ),
    body=st.lists(
        st.text(alphabet=st.sampled_from(list("ab1|-. …\t,é🎬")), max_size=15), max_size=8
    ),
)
def test_arbitrary_input_raises_only_frame_grid_errors(options, body):
    with contextlib.suppress(FrameGridError):
        parse_frame_grid("caption", options, body)


@given(count=st.integers(1, 240), columns=st.integers(1, 20), cut=st.integers(0, 240))
def test_storyboards_have_one_item_per_frame_and_rows_cover_them(count, columns, cut):
    cut = min(cut, count)
    states = f"1-{cut} free" if cut else ""
    grid = parse_frame_grid(
        "", {"frames": str(count), "columns": str(columns), "states": states}, []
    )
    flattened = tuple(item for row in grid.rows for item in row)
    assert (len(grid.items), flattened) == (count, grid.items)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    label=st.text(min_size=1).filter(
        lambda text: (
            text.strip()
            and "|" not in text
            and text.strip() not in ("...", "…")
            and "\n" not in text
            and "\r" not in text
        )
    )
)
def test_labels_are_kept_exactly(label):
    grid = parse_frame_grid("", {}, [f"{label} | {HOSTILE}"])
    assert (grid.items[0].label, grid.items[0].note) == (label.strip(), HOSTILE)


def test_vocabulary_is_documented():
    documented = (REPO / "docs" / "contributing" / "diagrams.md").read_text(encoding="utf-8")
    assert set(STATE_DESCRIPTIONS) == {"free", "hard", "key", "shaded", "dotted"}
    assert all(f"`{state}`" in documented for state in STATE_DESCRIPTIONS)


def test_legend_option_replaces_the_wording_of_named_states_only():
    grid = parse_frame_grid(
        "c",
        {"legend": "hard: still noisy; free : settled"},
        ["A | | hard", "B | | free", "C | | key"],
    )
    assert [grid.legend_text(state) for state in grid.states_used] == [
        "settled",
        "still noisy",
        STATE_DESCRIPTIONS["key"],
    ]


@pytest.mark.parametrize(
    ("legend", "message"),
    [
        ("hard still noisy", "is not 'STATE: text'"),
        ("calm: quiet", "unknown state 'calm'"),
    ],
)
def test_bad_legend_says_what_to_write(legend, message):
    with pytest.raises(FrameGridError) as caught:
        parse_frame_grid("c", {"legend": legend}, ["A | | hard"])
    assert message in caught.value.message
    assert caught.value.option == "legend"


# -- The author's words, for the page's translation catalog ---------------------------------


def test_authors_words_are_labels_notes_legend_texts_and_alt_in_reading_order():
    grid = parse_frame_grid(
        "The caption is a text node of its own",
        {"legend": "shaded: the frame itself; dotted: its neighbours", "alt": "Three boxes."},
        ["Frame t − 1 | earlier | dotted", "Frame t | | shaded", "...", "Frame t + 1 | later"],
    )
    assert grid.authors_words() == (
        "Frame t − 1",
        "earlier",
        "Frame t",
        "Frame t + 1",
        "later",
        "the frame itself",
        "its neighbours",
        "Three boxes.",
    )


def test_with_words_translates_each_of_the_authors_words_and_nothing_else():
    grid = parse_frame_grid(
        "c",
        {"legend": "hard: still noisy", "alt": "Two frames.", "fps": "24"},
        ["Frame 1 | still | free", "Frame 2 | still | hard"],
    )
    korean = {
        "Frame 1": "프레임 1",
        "Frame 2": "프레임 2",
        "still": "정지",
        "still noisy": "아직 잡음",
        "Two frames.": "프레임 두 장.",
    }
    translated = grid.with_words(lambda text: korean.get(text, text))
    assert translated.items == (
        Frame("프레임 1", "정지", "free", 0.0),
        Frame("프레임 2", "정지", "hard", 1 / 24),
    )
    assert (translated.alt, translated.legend_text("hard"), translated.legend_text("free")) == (
        "프레임 두 장.",
        "아직 잡음",
        STATE_DESCRIPTIONS["free"],
    )
    # Nothing but the words: states, timing and layout are the grid's own.
    assert (translated.columns, translated.fps, translated.caption) == (grid.columns, 24, "c")
    assert grid.with_words(lambda text: text) == grid


def test_a_generated_grid_has_no_words_of_its_authors():
    grid = parse_frame_grid("c", {"frames": "6", "states": "1-6 free"}, [])
    assert [word for word in grid.authors_words() if not word.isdigit()] == []

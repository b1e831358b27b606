"""The plots draw what the library answers: checked on the artists and on PNG files (Agg)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from itertools import combinations, pairwise
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.collections import LineCollection, QuadMesh
from matplotlib.colors import to_rgb, to_rgba
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from PIL import Image

import chipcontrols as cc
from chipcontrols import Level
from chipcontrols.errors import (
    InvalidArgumentError,
    InvalidDateError,
    InvalidTypeError,
    MissingDependencyError,
    OutsideCoverageError,
    UnknownChipError,
    UnknownCountryError,
)
from chipcontrols.plots import (
    CLASS_COLORS,
    LEVEL_COLORS,
    _spread,
    plot_catalogue,
    plot_heatmap,
    plot_regime,
    plot_revisions,
)

matplotlib.use("Agg")

DPI = 80
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVELS = tuple(Level)
REVIEWED = cc.bundled().info.reviewed


def histories(chip: str, countries: list[str], **kwargs: object) -> list[cc.History]:
    """The histories plot_regime draws: by level, ending by default the day after the review day."""
    kwargs.setdefault("end", REVIEWED + dt.timedelta(days=1))
    return [cc.history(chip, c, by=["level"], **kwargs) for c in countries]  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ helpers


def num(day: dt.date) -> float:
    return float(mdates.date2num(dt.datetime(day.year, day.month, day.day)))


def save(ax, path: Path) -> np.ndarray:
    """Save the axes' figure as a PNG and check the file; return its pixels (RGB)."""
    fig = ax.figure
    fig.set_dpi(DPI)  # so that what is measured afterwards was laid out at the saved resolution
    fig.savefig(path, dpi=DPI)
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    with Image.open(path) as img:
        assert img.format == "PNG"
        width, height = fig.get_size_inches() * DPI
        assert img.size == (round(width), round(height))
        pixels = np.asarray(img.convert("RGB"))
    colours = np.unique(pixels.reshape(-1, 3), axis=0)
    assert len(colours) > 20, "the image is (nearly) blank"
    return pixels


def has_colour(pixels: np.ndarray, colour: str) -> bool:
    rgb = np.array([round(c * 255) for c in to_rgb(colour)], dtype=pixels.dtype)
    return bool((pixels == rgb).all(axis=-1).any())


def legend_levels(ax) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def labels(ax) -> list[Annotation]:
    return [a for a in ax.texts if isinstance(a, Annotation) and a.get_gid() == "instrument-label"]


def text_box(text: Text) -> Bbox:
    """The text's own box (an annotation's window extent includes its leader line)."""
    return Text.get_window_extent(text)


def overlap(a: Bbox, b: Bbox, tolerance: float = 0.5) -> bool:
    return a.x0 < b.x1 - tolerance and b.x0 < a.x1 - tolerance and a.y0 < b.y1 - tolerance and b.y0 < a.y1 - tolerance


# ------------------------------------------------------------------ plot_regime

REGIME_CASES = [
    ("H100", ["CN", "AE", "SA"], {}),
    ("H20", ["CN", "AE", "SA"], {"start": "2024-01-01"}),
    ("H200", ["CN", "AE", "SA", "QA"], {"start": "2022-01-01", "end": "2026-11-01"}),
    ("H100", ["IN", "AE"], {"start": "2024-06-01", "known_on": "2025-02-01"}),
    ("A100", ["CN", "RU", "IN", "MY", "NI", "SY", "DE"], {"basis": "legal"}),
]


@pytest.mark.parametrize(("chip", "countries", "kwargs"), REGIME_CASES)
def test_regime_bands_follow_history(chip, countries, kwargs):
    """One band per period of history(by=["level"]), in place and in its level's colour."""
    ax = plot_regime(chip, countries, **kwargs)
    drawn = histories(chip, countries, **kwargs)
    bands = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bands) == sum(len(h) for h in drawn)
    expected = [(row, e) for row, h in enumerate(drawn) for e in h]
    for band, (row, entry) in zip(bands, expected, strict=True):
        assert band.get_y() + band.get_height() / 2 == pytest.approx(row)
        assert band.get_x() == pytest.approx(num(entry.period.start))
        assert band.get_x() + band.get_width() == pytest.approx(num(entry.period.end))
        assert band.get_facecolor() == to_rgba(LEVEL_COLORS[entry.status.level])
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{cc.country(c).name} ({c})" for c in countries]
    present = {e.status.level for h in drawn for e in h}
    assert legend_levels(ax) == [level.value for level in LEVELS if level in present]


@pytest.mark.parametrize(("chip", "countries", "kwargs"), REGIME_CASES)
def test_regime_marks_and_labels_the_instruments(chip, countries, kwargs):
    """A tick on each row where instruments began a period, and their ids above the axes."""
    ax = plot_regime(chip, countries, **kwargs)
    changed = [(row, e) for row, h in enumerate(histories(chip, countries, **kwargs)) for e in h if e.caused_by]
    assert changed, "each case has at least one change"
    (ticks,) = [c for c in ax.collections if isinstance(c, LineCollection) and c.get_gid() == "instrument-ticks"]
    segments = sorted((float(s[0][0]), float(s[0][1] + s[1][1]) / 2) for s in ticks.get_segments())
    expected = sorted((num(e.period.start), row) for row, e in changed)
    assert len(segments) == len(expected)
    for got, want in zip(segments, expected, strict=True):  # approx takes flat sequences only in newer pytest
        assert got == pytest.approx(want)
    by_day: dict[dt.date, set[str]] = {}
    for _, e in changed:
        by_day.setdefault(e.period.start, set()).update(e.caused_by)
    notes = labels(ax)
    assert len(notes) == len(by_day)
    for note, day in zip(notes, sorted(by_day), strict=True):
        assert note.xy[0] == pytest.approx(num(day))
        assert set(note.get_text().split("\n")) == by_day[day]


def test_regime_png(tmp_path):
    """The PNG shows every level of the histories in its colour (undetermined in grey), and no other."""
    ax = plot_regime("H100", ["CN", "AE", "SA"])
    pixels = save(ax, tmp_path / "regime.png")
    present = {e.status.level for h in histories("H100", ["CN", "AE", "SA"]) for e in h}
    assert present == {
        Level.NO_LICENSE_REQUIRED,
        Level.LICENSE_REQUIRED,
        Level.PRESUMPTION_OF_APPROVAL,
        Level.CASE_BY_CASE,
        Level.PRESUMPTION_OF_DENIAL,
        Level.UNDETERMINED,
    }
    for level in LEVELS:
        assert has_colour(pixels, LEVEL_COLORS[level]) == (level in present), level


@pytest.mark.parametrize(
    ("chip", "countries", "kwargs"),
    [
        ("H100", ["CN", "AE", "SA"], {}),
        ("A100", ["CN", "RU", "IN", "AE", "MY", "KH", "NI", "SY", "VN", "DE"], {"basis": "legal"}),
        ("H100", ["SA", "AE", "VN"], {"start": "2023-08-01", "end": "2023-12-31"}),
    ],
)
def test_regime_labels_are_readable(chip, countries, kwargs, tmp_path):
    """Instrument labels overlap neither each other, nor the title or legend, and stay in the figure."""
    ax = plot_regime(chip, countries, **kwargs)
    fig = ax.figure
    save(ax, tmp_path / "regime.png")  # draws with the final layout
    boxes = [text_box(n) for n in labels(ax)]
    assert len(boxes) >= 2
    for a, b in combinations(boxes, 2):
        assert not overlap(a, b)
    title = ax.title.get_window_extent()
    legend = ax.get_legend().get_window_extent()
    page = fig.bbox
    for box in boxes:
        assert not overlap(box, title)
        assert not overlap(box, legend)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    axes = ax.get_window_extent()
    assert all(box.y0 >= axes.y1 for box in boxes), "labels sit above the axes"


def test_regime_title_names_basis_and_knowledge_date():
    """The title says which chip, basis and clock the answer is on."""
    ax = plot_regime("H100", "IN", start="2024-06-01", known_on="2025-02-01", basis="compliance")
    assert (
        ax.get_title(loc="left") == "H100 SXM: licence regime by destination\nbasis: compliance; as known on 2025-02-01"
    )
    ax = plot_regime("H20", "CN")
    info = cc.bundled().info
    assert ax.get_title(loc="left").endswith(f"everything in the record {info.version} (reviewed {info.reviewed})")


def test_regime_on_given_axes_and_rulebook():
    """Drawn on the axes given, from the rulebook given (a what-if without the H20 letter)."""
    fig, (top, bottom) = plt.subplots(2, 1, layout="constrained")
    no_letter = cc.bundled().without_instruments("2025-04-nvidia-h20-letter")
    assert plot_regime("H20", ["CN"], rulebook=no_letter, ax=bottom, start="2025-01-01") is bottom
    assert plt.get_fignums() == [fig.number]
    (band,) = bottom.patches
    assert band.get_facecolor() == to_rgba(LEVEL_COLORS[Level.NO_LICENSE_REQUIRED])
    assert not labels(bottom) and not top.patches
    plot_regime("H20", ["CN"], ax=top, start="2025-01-01")
    assert [p.get_facecolor() for p in top.patches] == [
        to_rgba(LEVEL_COLORS[Level.NO_LICENSE_REQUIRED]),
        to_rgba(LEVEL_COLORS[Level.LICENSE_REQUIRED]),
    ]


def test_regime_one_country_and_repeats():
    """A single destination is one row; a destination named twice is drawn once."""
    assert len(plot_regime("H20", "CN").get_yticklabels()) == 1
    assert [t.get_text() for t in plot_regime("H20", ["CN", "China", "CHN", "AE"]).get_yticklabels()] == [
        "China (CN)",
        "United Arab Emirates (AE)",
    ]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"chip": "H2O", "countries": ["CN"]}, UnknownChipError),
        ({"chip": "H20", "countries": ["Chnia"]}, UnknownCountryError),
        ({"chip": "H20", "countries": []}, InvalidArgumentError),
        ({"chip": "H20", "countries": ["CN"], "basis": "lawful"}, InvalidArgumentError),
        ({"chip": "H20", "countries": ["CN"], "start": "2018-01-01"}, OutsideCoverageError),
        ({"chip": "H20", "countries": ["CN"], "start": "2025-01-01", "end": "2024-01-01"}, InvalidArgumentError),
        ({"chip": "H20", "countries": ["CN"], "known_on": "01/02/2025"}, InvalidDateError),
    ],
)
def test_regime_validates_with_the_library_errors(kwargs, error):
    """Bad arguments raise the library's errors, before any figure is made."""
    with pytest.raises(error):
        plot_regime(kwargs.pop("chip"), kwargs.pop("countries"), **kwargs)
    assert plt.get_fignums() == []


def test_unknown_chip_names_close_matches():
    """An unknown chip is refused with the catalogue's close matches, by both plots."""
    with pytest.raises(UnknownChipError) as info:
        plot_regime("H2O", ["CN"])
    assert info.value.close_matches[:2] == ("H20", "H200")
    with pytest.raises(UnknownChipError, match="Close matches: 'H20', 'H200'"):
        plot_heatmap("H2O")


# ------------------------------------------------------------------ plot_heatmap

HEAT_COUNTRIES = ["CN", "HK", "AE", "SA", "IN"]
HEAT_DATES = cc.months("2022-01-01", "2026-11-01")


@pytest.mark.parametrize("chip", ["H20", "H100", "H200"])
def test_heatmap_cells_follow_grid(chip):
    """Each cell holds the index of the grid's level for that destination and date."""
    ax = plot_heatmap(chip, HEAT_COUNTRIES, dates=HEAT_DATES)
    ax.figure.canvas.draw()  # maps the cells to colours
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    cells = np.asarray(mesh.get_array()).reshape(len(HEAT_COUNTRIES), len(HEAT_DATES))
    grid = cc.grid(HEAT_DATES, [chip], HEAT_COUNTRIES)
    expected = [[LEVELS.index(grid.status(d, chip, c).level) for d in HEAT_DATES] for c in HEAT_COUNTRIES]
    assert cells.tolist() == expected
    present = {LEVELS[v] for row in expected for v in row}
    face = {tuple(c) for c in mesh.get_facecolors()}
    assert face == {to_rgba(LEVEL_COLORS[level]) for level in present}
    assert legend_levels(ax) == [level.value for level in LEVELS if level in present]
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{cc.country(c).name} ({c})" for c in HEAT_COUNTRIES]
    left, right = ax.get_xlim()
    assert left == pytest.approx(num(HEAT_DATES[0]))
    assert right == pytest.approx(num(HEAT_DATES[-1]) + num(HEAT_DATES[-1]) - num(HEAT_DATES[-2]))


def test_heatmap_png(tmp_path):
    """The PNG shows the colours of the levels in the grid and no others."""
    ax = plot_heatmap("H200", HEAT_COUNTRIES, dates=HEAT_DATES)
    pixels = save(ax, tmp_path / "heatmap.png")
    present = {s.level for *_, s in cc.grid(HEAT_DATES, ["H200"], HEAT_COUNTRIES)}
    assert Level.CASE_BY_CASE in present and Level.PRESUMPTION_OF_APPROVAL in present
    for level in LEVELS:
        assert has_colour(pixels, LEVEL_COLORS[level]) == (level in present), level


def test_heatmap_default_rows_and_dates(tmp_path):
    """By default: monthly over the coverage, every destination ever restricted, most restricted first."""
    ax = plot_heatmap("H20")
    save(ax, tmp_path / "heatmap.png")
    book = cc.bundled()
    days = cc.months(book.info.start, book.info.reviewed)
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert np.asarray(mesh.get_array()).shape[1] == len(days)
    totals: dict[str, int] = {}
    for _, _, country, status in cc.grid(days, ["H20"]):
        totals[country.code] = totals.get(country.code, 0) + LEVELS.index(status.level)
    restricted = sorted((code for code, total in totals.items() if total), key=lambda c: (-totals[c], c))
    shown = [t.get_text().rsplit("(", 1)[1].rstrip(")") for t in ax.get_yticklabels()]
    assert shown == restricted
    assert {"CN", "HK", "MO", "CU", "IR", "KP", "SY"} <= set(shown)
    assert "DE" not in shown


def test_heatmap_one_date_and_empty():
    """One date is one column; with nothing restricted the axes say so."""
    ax = plot_heatmap("H20", ["CN", "DE"], dates="2025-06-01")
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert np.asarray(mesh.get_array()).tolist() == [
        [LEVELS.index(Level.LICENSE_REQUIRED)],
        [LEVELS.index(Level.NO_LICENSE_REQUIRED)],
    ]
    embargoes = ("ear-cuba-embargo", "ear-iran-embargo", "ear-north-korea-embargo", "ear-syria-embargo")
    book = cc.bundled().without_instruments(*embargoes, "2025-09-syria-relaxation")
    ax = plot_heatmap("H20", dates=["2021-06-01"], rulebook=book)  # after Sudan's anti-terrorism controls
    assert not [c for c in ax.collections if isinstance(c, QuadMesh)]
    assert [t.get_text() for t in ax.texts] == ["no licence required anywhere on these dates"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"chip": "Atlantis"}, UnknownChipError),
        ({"chip": "H20", "countries": ["Atlantis"]}, UnknownCountryError),
        ({"chip": "H20", "countries": []}, InvalidArgumentError),
        ({"chip": "H20", "dates": []}, InvalidArgumentError),
        ({"chip": "H20", "dates": ["2018-12-31"]}, OutsideCoverageError),
        ({"chip": "H20", "dates": ["2025-1-1"]}, InvalidDateError),
        ({"chip": "H20", "basis": "lawful"}, InvalidArgumentError),
    ],
)
def test_heatmap_validates_with_the_library_errors(kwargs, error):
    """Bad arguments raise the library's errors, before any figure is made."""
    with pytest.raises(error):
        plot_heatmap(**kwargs)
    assert plt.get_fignums() == []


def test_heatmap_after_the_review_day():
    """Dates after the review day are drawn with the grid's answers; undetermined has its own index."""
    dates = ["2026-11-01", "2027-01-01"]
    ax = plot_heatmap("MI308X", ["CN", "SA", "DE"], dates=dates)
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    grid = cc.grid(dates, ["MI308X"], ["CN", "SA", "DE"])
    expected = [[LEVELS.index(grid.status(d, "MI308X", c).level) for d in dates] for c in ("CN", "SA", "DE")]
    assert np.asarray(mesh.get_array()).reshape(3, 2).tolist() == expected
    assert expected[1] == [LEVELS.index(Level.UNDETERMINED)] * 2
    assert "undetermined" in legend_levels(ax)


# ------------------------------------------------------------------ labels, imports, dependency


@given(
    st.lists(st.tuples(st.floats(0, 100), st.floats(0.5, 10)), min_size=1, max_size=12).filter(
        lambda items: sum(w for _, w in items) <= 100
    )
)
def test_spread_keeps_labels_apart_and_in_bounds(items):
    """Spread labels never overlap, keep their order, and stay within bounds when they fit."""
    items.sort()
    centres = [c for c, _ in items]
    widths = [w for _, w in items]
    pos = _spread(centres, widths, 0.0, 100.0)
    for i in range(len(pos) - 1):
        assert pos[i + 1] - pos[i] >= (widths[i] + widths[i + 1]) / 2 - 1e-9
    for p, w in zip(pos, widths, strict=True):
        assert p - w / 2 >= -1e-9 and p + w / 2 <= 100 + 1e-9


def test_spread_leaves_separate_labels_alone():
    """Labels that do not overlap stay where they are."""
    assert _spread([10.0, 50.0, 90.0], [4.0, 4.0, 4.0], 0.0, 100.0) == [10.0, 50.0, 90.0]


def test_import_does_not_import_matplotlib():
    """Neither chipcontrols nor chipcontrols.plots imports matplotlib until a plot is asked for."""
    code = (
        "import sys, chipcontrols, chipcontrols.plots\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
        "chipcontrols.plots.plot_heatmap('H20', ['CN'], dates=['2025-06-01'])\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert out.stdout.split() == ["[]", "True"]


@pytest.mark.parametrize(("plot", "name"), [(plot_regime, "plot_regime()"), (plot_heatmap, "plot_heatmap()")])
def test_missing_matplotlib_names_the_extra(monkeypatch, plot, name):
    """Without matplotlib the plots raise the library's error, which says what to install."""
    for module in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingDependencyError) as info:
        plot("H20", ["CN"])
    error = info.value
    assert isinstance(error, ImportError) and isinstance(error, cc.ChipControlsError)
    assert (error.feature, error.package, error.extra) == (name, "matplotlib", "plot")
    assert str(error) == f'{name} needs matplotlib, which is not installed: pip install "chipcontrols[plot]"'


# ------------------------------------------------------------------ the catalogue map


def _labels(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == "chip-label"]


def test_catalogue_map_places_every_chip_with_a_tpp_once():
    """Every catalogue chip with a TPP figure is named in exactly one label (chips with the same figures share
    one); the others are left out and counted in the title."""
    ax = plot_catalogue()
    named = [n for label in _labels(ax) for n in label.split(", ")]
    placed = [c.name for c in cc.chips() if c.total_processing_performance]
    assert sorted(named) == sorted(placed)
    left_out = len(cc.chips()) - len(placed)
    assert ax.get_title(loc="left").endswith(f"{len(placed)} chips; {left_out} without a TPP figure left out")
    shared = [label for label in _labels(ax) if ", " in label]
    by_name = {c.name: c for c in cc.chips()}
    for label in shared:  # the chips of a shared label have the same figures
        figures = {(by_name[n].total_processing_performance, by_name[n].performance_density) for n in label.split(", ")}
        assert len(figures) == 1, label


def test_catalogue_map_colours_each_chip_by_its_classification_on_the_day():
    """Each point has the colour of the chip's classification on the day drawn (hollow when the die area is
    unknown, on the bottom strip)."""
    chips = ["H100 SXM", "H20", "A30", "RTX 4090"]
    ax = plot_catalogue(chips, on="2024-06-01")
    colours = [to_rgba(c.get_facecolors()[0]) for c in ax.collections]
    expected = [CLASS_COLORS[cc.classify(name, "2024-06-01")] for name in chips]
    assert colours == [to_rgba(c) for c in expected]
    assert _labels(ax) == chips


def test_catalogue_map_draws_the_criteria_in_force_and_the_2026_limit():
    """The regions are the paragraphs of the criteria in force on the day (the 2022 version has one region,
    the 2023 version four); the January 2026 rule's TPP limit is a dashed line from 2026-01-15 only."""
    before = plot_catalogue(["H100 SXM"], on="2023-01-01")
    after = plot_catalogue(["H100 SXM"], on="2026-02-01")
    assert len([p for p in before.patches if isinstance(p, Rectangle)]) == 1
    assert len([p for p in after.patches if isinstance(p, Rectangle)]) == 4
    assert "(3a090-2022" in before.get_title(loc="left")
    dashed = [line for line in after.get_lines() if line.get_linestyle() == "--"]
    assert [line.get_xdata()[0] for line in dashed] == [21000]
    assert not [line for line in before.get_lines() if line.get_linestyle() == "--"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"chips": "H100"}, InvalidTypeError),
        ({"chips": ["H2O"]}, UnknownChipError),
        ({"on": "2018-01-01"}, OutsideCoverageError),
        ({"on": "June"}, InvalidDateError),
        ({"ax": "axes"}, InvalidTypeError),
    ],
)
def test_catalogue_map_refuses_bad_arguments(kwargs, error):
    """Bad arguments raise the library's errors before any figure is made."""
    with pytest.raises(error):
        plot_catalogue(**kwargs)
    assert plt.get_fignums() == []


# ------------------------------------------------------------------ the answer on two clocks


def test_revisions_plot_holds_the_answer_on_both_clocks():
    """Each cell is the level of its day asked about as known on its day of knowledge; a column read from the
    bottom up is what revisions() says of that day; the top row is everything in the record."""
    ax = plot_revisions("H100", "IN", start="2024-06-01", end="2026-01-01")
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    asked = cc.months("2024-06-01", "2025-12-01")  # the first of each month, 2024-06 to 2025-12
    values = np.asarray(mesh.get_array()).reshape(-1, len(asked))
    assert len(asked) == 19
    views = [
        dt.date(2019, 1, 1),
        *sorted({i.known_from for i in cc.bundled().instruments if dt.date(2019, 1, 1) < i.known_from < REVIEWED}),
    ]
    assert values.shape[0] == len(views) + 1
    for row, known in [(0, views[0]), (len(views) // 2, views[len(views) // 2]), (len(views), None)]:
        expected = [LEVELS.index(cc.status_at(d, "H100", "IN", known_on=known).level) for d in asked]
        assert list(values[row]) == expected, known
    june = asked.index(dt.date(2025, 6, 1))
    column = [LEVELS[v] for v in values[:, june]]
    steps = [column[0], *(b for a, b in pairwise(column) if a != b)]
    levels = [r.status.level for r in cc.revisions("2025-06-01", "H100", "IN")]
    assert steps == [levels[0], *(b for a, b in pairwise(levels) if a != b)]  # revisions also split on fields
    assert steps == [Level.NO_LICENSE_REQUIRED, Level.LICENSE_EXCEPTION, Level.NO_LICENSE_REQUIRED]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"chip": "H2O"}, UnknownChipError),
        ({"country": "Atlantis"}, UnknownCountryError),
        ({"start": "2018-01-01"}, OutsideCoverageError),
        ({"start": "2025-01-01", "end": "2024-01-01"}, InvalidArgumentError),
        ({"ax": 3}, InvalidTypeError),
    ],
)
def test_revisions_plot_refuses_bad_arguments(kwargs, error):
    """Bad arguments raise the library's errors before any figure is made."""
    with pytest.raises(error):
        plot_revisions(kwargs.pop("chip", "H100"), kwargs.pop("country", "IN"), **kwargs)
    assert plt.get_fignums() == []

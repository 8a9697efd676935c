"""Charts for figure pages: the number the article states beside the numbers on record.

Drawn with matplotlib at generate time as SVG and written under docs/ like the pages, so
the output must be byte-for-byte repeatable: a fixed hash salt and SVG id, no date and no
version stamp, and the metrics of the DejaVu Sans that ships with matplotlib (matplotlib
finds its own copy before any system font; a test checks it). Text stays text in the SVG
(`'DejaVu Sans', sans-serif`), which keeps each file small; labels are placed so that a
narrower fallback font still fits.
Labels come from data and stay text: mathtext (`$...$`) and TeX are off, and matplotlib
escapes XML.

The chart is an image with alt text; the same numbers are in the tables of the page.
"""

from __future__ import annotations

import hashlib
import io
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import Figure
from .render import number

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

STATED_LABEL = "Stated by the article"
WIDTH_IN = 5.5
DPI = 96  # CSS pixels per inch: an SVG of 5.5 in shows 528 px wide
STATED_COLOR = "#7a4f00"
RECORD_COLOR = "#1f4e79"
TEXT_COLOR = "#1a1a1a"
GRID_COLOR = "#d0d0d0"
FONT_SIZE = 13  # 17 px on a desktop; still 11 px when a phone shrinks the chart

RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "explainer",
    "svg.id": "explainer-chart",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "text.usetex": False,
    "text.parse_math": False,
    "hatch.linewidth": 1.5,
    "axes.unicode_minus": False,
    "path.simplify": True,
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    text: str  # the number as shown beside the bar
    stated: bool


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    unit: str
    left_out: tuple[str, ...]  # compare items in another unit, shown in the table only


def chart_for(figure: Figure) -> Chart | None:
    """What a figure's chart shows: the stated number and every compare item in the same
    unit; None when the figure has nothing to compare with."""
    if not figure.compare:
        return None
    unit = figure.unit
    same = [item for item in figure.compare if (item.unit or figure.unit) == unit]
    bars: list[Bar] = []
    if same:
        qualifier = f"{figure.qualifier.replace('-', ' ')} " if figure.qualifier else ""
        bars.append(Bar(STATED_LABEL, figure.value, qualifier + number(figure.value), True))
    else:
        # The stated number is in another unit (a rank beside shares, say): chart the
        # compare items that share the first one's unit.
        unit = figure.compare[0].unit or figure.unit
        same = [item for item in figure.compare if (item.unit or figure.unit) == unit]
    bars.extend(Bar(item.label, item.value, str(number(item.value)), False) for item in same)
    left_out = tuple(item.label for item in figure.compare if item not in same)
    return Chart(tuple(bars), unit, left_out)


def alt_text(figure: Figure, chart: Chart) -> str:
    """A sentence that gives every number of the chart, for readers who cannot see it."""
    parts = "; ".join(f"{bar.label}: {bar.text}" for bar in chart.bars)
    return f"Bar chart for {figure.label} ({chart.unit}): {parts}."


def _wrap(label: str, width: int, lines: int) -> list[str]:
    wrapped = textwrap.wrap(label, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "\u2026"
    return wrapped


# The layout, in inches. Each bar has its label above it, so that the bars can use the
# whole width and the chart stays readable when a phone shrinks it.
LABEL_CHARS = 44  # per line of a label, at FONT_SIZE across WIDTH_IN
UNIT_CHARS = 46
LINE_IN = 0.25
BAR_IN = 0.3
GAP_IN = 0.16
TOP_IN = 0.12
BOTTOM_IN = 0.66  # the numbers of the axis and the unit
SIDE_IN = 0.2


def _slots(chart: Chart) -> list[tuple[list[str], float]]:
    """Each bar's label lines and the height of its slot."""
    slots = []
    for bar in chart.bars:
        lines = _wrap(bar.label, LABEL_CHARS, 2)
        slots.append((lines, len(lines) * LINE_IN + BAR_IN + GAP_IN))
    return slots


def _height_in(chart: Chart) -> float:
    unit_lines = len(_wrap(chart.unit, UNIT_CHARS, 2))
    return TOP_IN + sum(h for _, h in _slots(chart)) + BOTTOM_IN + (unit_lines - 1) * LINE_IN


def size_px(chart: Chart) -> tuple[int, int]:
    """Width and height of the image in CSS pixels, for the page's <img>."""
    return round(WIDTH_IN * DPI), round(_height_in(chart) * DPI)


def chart_key(chart: Chart) -> str:
    """A fingerprint of everything that decides a chart's bytes: its data, this module and
    the matplotlib release."""
    import matplotlib

    digest = hashlib.sha256(repr(chart).encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(matplotlib.__version__.encode())
    return digest.hexdigest()[:32]


def _stamp(key: str) -> bytes:
    return f"<!-- explainer chart {key} -->\n".encode()


def cached_svg(chart: Chart, previous: bytes | None) -> bytes:
    """The chart's SVG, reusing `previous` (the file written last time) when it was drawn
    from the same inputs: drawing is by far the slowest part of generating pages."""
    key = chart_key(chart)
    if previous is not None:
        first, _, rest = previous.partition(b"\n")
        if rest.startswith(_stamp(key)):
            return previous
    first, _, rest = render_svg(chart).partition(b"\n")
    return first + b"\n" + _stamp(key) + rest  # after the XML declaration, which comes first


def render_svg(chart: Chart) -> bytes:
    """The chart as an SVG document, identical bytes for identical data."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.ticker import FuncFormatter

    with matplotlib.rc_context(RC):
        height = _height_in(chart)
        bottom = height - TOP_IN - sum(h for _, h in _slots(chart))
        fig = MplFigure(figsize=(WIDTH_IN, height), dpi=DPI, facecolor="white")
        ax = fig.add_axes((SIDE_IN / WIDTH_IN, bottom / height, 1 - 2 * SIDE_IN / WIDTH_IN,
                           (height - TOP_IN - bottom) / height))
        # The y axis counts inches down from the top of the plot.
        values = [bar.value for bar in chart.bars]
        y = 0.0
        for bar, (lines, slot) in zip(chart.bars, _slots(chart), strict=True):
            weight = "bold" if bar.stated else "normal"
            ax.text(0, y + GAP_IN / 2, "\n".join(lines), transform=ax.get_yaxis_transform(),
                    ha="left", va="top", color=TEXT_COLOR, fontweight=weight, linespacing=1.25,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
            centre = y + GAP_IN / 2 + len(lines) * LINE_IN + BAR_IN / 2
            ax.barh([centre], [bar.value], height=BAR_IN * 0.9, linewidth=1.5,
                    color="white" if bar.stated else RECORD_COLOR,
                    edgecolor=STATED_COLOR if bar.stated else RECORD_COLOR,
                    hatch="///" if bar.stated else None)
            ahead = bar.value >= 0
            note = ax.annotate(bar.text, (bar.value, centre), xytext=(4 if ahead else -4, 0),
                               textcoords="offset points", ha="left" if ahead else "right",
                               va="center", color=TEXT_COLOR, fontweight=weight)
            note.set_in_layout(False)
            y += slot
        ax.set_ylim(y, 0)
        ax.set_yticks([])
        # Room beside the bars for the longest number, wide enough for a bold wide font.
        axes_pt = (WIDTH_IN - 2 * SIDE_IN) * 72
        room = min(0.45, (max(len(b.text) for b in chart.bars) * 0.72 * FONT_SIZE + 8) / axes_pt)
        low, high = min(0, *values), max(0, *values)
        if low == high:  # every value is zero
            high = 1
        full = (high - low) / (1 - room * ((low < 0) + (high > 0)))
        ax.set_xlim(low - room * full if low < 0 else low, high + room * full if high > 0 else high)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: str(number(x))))
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=5))
        ax.set_xlabel("\n".join(_wrap(chart.unit, UNIT_CHARS, 2)), color=TEXT_COLOR)
        ax.tick_params(colors=TEXT_COLOR, labelcolor=TEXT_COLOR)
        ax.grid(axis="x", color=GRID_COLOR, linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.axvline(0, color=TEXT_COLOR, linewidth=0.8)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


__all__ = ["STATED_LABEL", "Chart", "alt_text", "chart_for", "size_px", "render_svg"]

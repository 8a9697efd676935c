"""Charts for figure pages: the number the article states beside the numbers on record.

A chart is a handful of horizontal bars, written here as SVG text directly: a rectangle per
bar, its label above it, its number beside it, and an axis with round numbers. The SVG goes
under docs/ like the pages, so its bytes depend on the data and on this module (and the
number formats of render.py) only: coordinates are rounded to two decimals and nothing else
(no date, no version, no random id) goes in. Labels come from data and stay text: every
string is cleaned of control characters and XML-escaped. Text is set in `'DejaVu Sans',
Verdana, sans-serif`; widths are estimated for a wide font, axis labels are thinned out
until they cannot overlap, and a number too long to stand beside its bar goes on it. Its
alt text gives the numbers, which the page's tables repeat, in the page's language."""

from __future__ import annotations

import functools
import hashlib
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..project import Figure
from .i18n import N_, gettext
from .render import number, visible

STATED_LABEL = N_("Stated by the article")
STATED_COLOR = "#7a4f00"
RECORD_COLOR = "#1f4e79"
TEXT_COLOR = "#1a1a1a"
GRID_COLOR = "#d0d0d0"
FONT = "'DejaVu Sans', Verdana, sans-serif"

# The layout, in CSS pixels. Each bar has its label above it, so that the bars can use the
# whole width and the chart stays readable when a phone shrinks it: on a 320 px screen the
# page's text column is 288 px wide, which leaves FONT_PX * 288 / WIDTH = 12.8 px text.
WIDTH = 360.0
FONT_PX = 16.0
LABEL_CHARS = 32  # per line of a label, across WIDTH at FONT_PX
UNIT_CHARS = 34
LINE = 24.0  # one line of a label
BAR = 28.8
GAP = 15.36  # between one bar and the next label
TOP = 11.52
BOTTOM = 63.36  # the numbers of the axis and one line of the unit
SIDE = 19.2
TICK = 4.67
CHAR_PX = 0.72 * FONT_PX  # the widest a character of a number is in a bold, wide font
MAX_TICKS = 6
TICK_GAP = 12.0  # the least space between two numbers of the axis
MIN_BARS = 0.3  # the least share of the plot's width left to the bars


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    text: str  # the number as shown beside the bar
    stated: bool
    note: str = ""  # under the bar: the article's number against this one, when they match


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    unit: str
    left_out: tuple[str, ...]  # compare items in another unit, shown in the table only


def difference_note(stated: int | float, recorded: int | float) -> str:
    """The article's number against the record's: "181,509 stated · 181,059 recorded · 450 more"."""
    gap = stated - recorded
    if isinstance(gap, float):
        gap = round(gap, 10)
    more = gettext("%(number)s more") if gap > 0 else gettext("%(number)s less")
    said = gettext("the same") if gap == 0 else more % {"number": number(abs(gap))}
    return gettext("%(stated)s stated \u00b7 %(recorded)s recorded \u00b7 %(difference)s") % {
        "stated": number(stated), "recorded": number(recorded), "difference": said}


def chart_for(figure: Figure) -> Chart | None:
    """What a figure's chart shows: the stated number and every compare item in the same
    unit; None when the figure has nothing to compare with."""
    if not figure.compare:
        return None
    unit = figure.unit
    same = [item for item in figure.compare if (item.unit or figure.unit) == unit]
    bars: list[Bar] = []
    stated: Bar | None = None
    if same:
        qualifier = f"{gettext(figure.qualifier.replace('-', ' '))} " if figure.qualifier else ""
        stated = Bar(gettext(STATED_LABEL), figure.value, qualifier + str(number(figure.value)), True)
    else:
        # The stated number is in another unit (a rank beside shares, say): chart the
        # compare items that share the first one's unit.
        unit = figure.compare[0].unit or figure.unit
        same = [item for item in figure.compare if (item.unit or figure.unit) == unit]
    # The article's number goes just above the record's value for the same period, which
    # says by how much they differ; with no such value, it comes first.
    matched = next((item for item in same if item.same_period), None) if stated else None
    if stated is not None and matched is None:
        bars.append(stated)
    for item in same:
        note = difference_note(figure.value, item.value) if item is matched else ""
        bars.extend([stated] if note and stated else [])
        bars.append(Bar(item.label, item.value, str(number(item.value)), False, note))
    left_out = tuple(item.label for item in figure.compare if item not in same)
    return Chart(tuple(bars), unit, left_out)


def alt_text(figure: Figure, chart: Chart) -> str:
    """A sentence that gives every number of the chart, for readers who cannot see it."""
    parts = "; ".join(f"{bar.label}: {bar.text}" + (f" ({bar.note})" if bar.note else "")
                      for bar in chart.bars)
    words = {"label": figure.label, "unit": chart.unit, "parts": parts}
    return gettext("Bar chart for %(label)s (%(unit)s): %(parts)s.") % words


def _wrap(label: str, width: int, lines: int) -> list[str]:
    wrapped = textwrap.wrap(label, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "\u2026"
    return wrapped


def _note_lines(note: str) -> list[str]:
    """A difference note in lines, broken only between its parts ("… recorded", "· 450 more")."""
    lines: list[str] = []
    for part in note.split(" \u00b7 ") if note else []:
        if lines and len(lines[-1]) + 3 + len(part) <= LABEL_CHARS + 2:
            lines[-1] += " \u00b7 " + part
        else:
            lines.append(part if not lines else "\u00b7 " + part)
    return lines


def _slots(chart: Chart) -> list[tuple[list[str], float]]:
    """Each bar's label lines and the height of its slot."""
    slots = []
    for bar in chart.bars:
        lines = _wrap(bar.label, LABEL_CHARS, 2)
        slots.append((lines, len(lines) * LINE + BAR + GAP + len(_note_lines(bar.note)) * LINE))
    return slots


def _height(chart: Chart) -> float:
    unit_lines = len(_wrap(chart.unit, UNIT_CHARS, 2))
    return TOP + sum(h for _, h in _slots(chart)) + BOTTOM + (unit_lines - 1) * LINE


def size_px(chart: Chart) -> tuple[int, int]:
    """Width and height of the image in CSS pixels, for the page's <img>."""
    return round(WIDTH), round(_height(chart))


def chart_key(chart: Chart) -> str:
    """A fingerprint of everything that decides a chart's bytes: its data, this module and
    render.py, whose `number` writes the numbers beside the bars."""
    digest = hashlib.sha256(repr(chart).encode())
    digest.update(_code_digest(_SOURCE, _RENDER_SOURCE))
    return digest.hexdigest()[:32]


_SOURCE = Path(__file__).read_bytes()
_RENDER_SOURCE = Path(__file__).with_name("render.py").read_bytes()


@functools.lru_cache(maxsize=2)
def _code_digest(*sources: bytes) -> bytes:
    """The digest of the code that writes charts, worked out once rather than per chart."""
    return hashlib.sha256(b"".join(hashlib.sha256(s).digest() for s in sources)).digest()


def _stamp(key: str) -> bytes:
    return f"<!-- explainer chart {key} -->\n".encode()


def cached_svg(chart: Chart, previous: bytes | None) -> bytes:
    """The chart's SVG, reusing `previous` (the file written last time) when it was drawn
    from the same inputs."""
    key = chart_key(chart)
    if previous is not None:
        first, _, rest = previous.partition(b"\n")
        if rest.startswith(_stamp(key)):
            return previous
    first, _, rest = render_svg(chart).partition(b"\n")
    return first + b"\n" + _stamp(key) + rest  # after the XML declaration, which comes first


def nice_ticks(low: float, high: float, most: int = MAX_TICKS) -> list[float]:
    """Round numbers (1, 2, 2.5 or 5 times a power of ten apart) from `low` to `high`,
    at most `most` of them, zero among them when it lies in between."""
    if high <= low:
        return [low]
    power = 10.0 ** (math.floor(math.log10((high - low) / most)) - 1)
    for step in (m * power * 10**k for k in range(4) for m in (1, 2, 2.5, 5)):
        first = math.ceil(low / step - 1e-9)
        last = math.floor(high / step + 1e-9)
        if last - first + 1 <= most:
            break
    digits = 2 - math.floor(math.log10(step))
    return [_clean(k * step, digits) for k in range(first, last + 1)]


def _clean(value: float, digits: int) -> float:
    """`value` without the binary noise of a multiplication (0.30000000000000004), rounded
    to `digits` decimals, which lie two places below the step between ticks."""
    cleaned = round(value, digits)
    return 0.0 if cleaned == 0 else cleaned


def _decimals(step: float) -> int:
    """The fewest decimals that write every multiple of `step` exactly (0.25 needs 2)."""
    for decimals in range(0, 40):
        scaled = step * 10**decimals
        if abs(scaled - round(scaled)) <= 1e-6 * scaled:
            return decimals
    return 40


def tick_labels(ticks: list[float]) -> list[str]:
    """The axis numbers: thousands separators, as many decimals as the step between ticks
    needs and no trailing zeros, never an exponent."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else abs(ticks[0])
    decimals = _decimals(step) if step > 0 and math.isfinite(step) else 0
    labels = []
    for tick in ticks:
        label = f"{tick:,.{decimals}f}"
        if "." in label:
            label = label.rstrip("0").rstrip(".")
        labels.append("0" if label == "-0" else label)
    return labels


def _n(value: float) -> str:
    """A coordinate: two decimals at most, the same text for the same number."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _room(texts: list[str]) -> float:
    """Pixels beside a bar's end for the longest of `texts`, none when there is no text."""
    return max((len(text) * CHAR_PX + 8 for text in texts), default=0.0)


def _limits(chart: Chart) -> tuple[float, float]:
    """The values at the left and right edges of the plot: zero and every bar, and room
    left of zero for the longest number of a negative bar and right of the bars for the
    longest number of the others. The bars keep at least MIN_BARS of the plot's width."""
    values = [bar.value for bar in chart.bars]
    low, high = min(0, *values), max(0, *values)
    if low == high:  # every value is zero
        high = 1
    plot = WIDTH - 2 * SIDE
    left_room = _room([bar.text for bar in chart.bars if bar.value < 0])
    right_room = _room([bar.text for bar in chart.bars if bar.value >= 0])
    most = (1 - MIN_BARS) * plot
    if left_room + right_room > most:
        scale = most / (left_room + right_room)
        left_room, right_room = left_room * scale, right_room * scale
    per_px = (high - low) / (plot - left_room - right_room)
    return low - left_room * per_px, high + right_room * per_px


def _line(x1: float, y1: float, x2: float, y2: float, color: str) -> str:
    return (f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{color}"'
            ' stroke-width="1"/>')


def _text(x: float, y: float, content: str, *, anchor: str = "start", bold: bool = False,
          halo: bool = False) -> str:
    attrs = f'x="{_n(x)}" y="{_n(y)}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if bold:
        attrs += ' font-weight="bold"'
    if halo:  # a white outline keeps the text readable over grid lines
        attrs += ' stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
    return f"<text {attrs}>{escape(visible(content))}</text>"


def label_px(label: str) -> float:
    """The width of an axis number, estimated from its length."""
    return len(label) * 0.62 * FONT_PX


def _axis(low: float, high: float, x: Callable[[float], float]
          ) -> tuple[list[float], list[tuple[float, str, float]]]:
    """The ticks of the axis and the value, text and centre of each label: as many ticks as
    MAX_TICKS allows (two at least) with TICK_GAP between the widest labels. When even two
    ticks leave too little room, the fewest ticks are drawn and a label is left out where
    it would come within TICK_GAP of the one before it."""
    fewest: list[float] | None = None
    for most in range(MAX_TICKS, 1, -1):
        ticks = nice_ticks(low, high, most)
        if len(ticks) < 2:
            continue
        fewest = ticks
        labels = _placed(ticks, x)
        widest = max(label_px(text) for _, text, _ in labels)
        gaps = [b[2] - a[2] for a, b in zip(labels, labels[1:], strict=False)]
        if all(gap > widest + TICK_GAP for gap in gaps):
            return ticks, labels
    ticks = fewest if fewest is not None else nice_ticks(low, high, 2)
    kept: list[tuple[float, str, float]] = []
    for label in _placed(ticks, x):
        if not kept or label[2] - kept[-1][2] > (label_px(kept[-1][1])
                                                  + label_px(label[1])) / 2 + TICK_GAP:
            kept.append(label)
    return ticks, kept


def _placed(ticks: list[float], x: Callable[[float], float]) -> list[tuple[float, str, float]]:
    """Each tick with its label and the label's centre, kept inside the image at either edge."""
    placed = []
    for tick, text in zip(ticks, tick_labels(ticks), strict=True):
        half = label_px(text) / 2
        placed.append((tick, text, min(max(x(tick), half + 2), WIDTH - half - 2)))
    return placed


def _number_place(tip: float, ahead: bool, text_px: float) -> tuple[bool, float]:
    """Where a bar's number goes: past the bar's tip; where that leaves the image, on the bar
    against its tip (over its white halo); where neither fits, from the image's left edge."""
    after, before = tip + 5, tip - 5
    for start, x_ in ((ahead, after if ahead else before), (not ahead, before if ahead else after)):
        if (x_ + text_px <= WIDTH) if start else (x_ - text_px >= 0):
            return start, x_
    return True, 2.0


def render_svg(chart: Chart) -> bytes:
    """The chart as an SVG document, identical bytes for identical data."""
    width, height = WIDTH, _height(chart)
    left, right = SIDE, WIDTH - SIDE
    top = TOP
    bottom = top + sum(h for _, h in _slots(chart))
    low, high = _limits(chart)

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" id="explainer-chart" width="{_n(width)}"'
        f' height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}"'
        f' font-family={quoteattr(FONT)} font-size="{_n(FONT_PX)}" fill="{TEXT_COLOR}">',
        "<defs>",
        '<pattern id="stated-hatch" width="8" height="8" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">',
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{STATED_COLOR}" stroke-width="3"/>',
        "</pattern>",
        "</defs>",
        f'<rect width="{_n(width)}" height="{_n(height)}" fill="#fff"/>',
        '<g class="grid">',
    ]
    ticks, labels = _axis(low, high, x)
    for tick in ticks:
        out.append(_line(x(tick), top, x(tick), bottom, GRID_COLOR))
    out.append(_line(x(0), top, x(0), bottom, TEXT_COLOR))  # zero, under the labels
    out.append("</g>")
    y = top
    for bar, (lines, slot) in zip(chart.bars, _slots(chart), strict=True):
        out.append(f'<g class="bar{" stated" if bar.stated else ""}">')
        for number_, line in enumerate(lines):
            out.append(_text(left, y + GAP / 2 + number_ * LINE + 18, line, bold=bar.stated,
                             halo=True))
        bar_top = y + GAP / 2 + len(lines) * LINE
        start, end = sorted((x(0), x(bar.value)))
        shape = (f'x="{_n(start)}" y="{_n(bar_top + BAR * 0.05)}" width="{_n(end - start)}"'
                 f' height="{_n(BAR * 0.9)}"')
        if bar.stated:
            out.append(f'<rect {shape} fill="#fff"/>')
            out.append(f'<rect {shape} fill="url(#stated-hatch)" stroke="{STATED_COLOR}"'
                       ' stroke-width="2"/>')
        else:
            out.append(f'<rect {shape} fill="{RECORD_COLOR}"/>')
        ahead, end = _number_place(x(bar.value), bar.value >= 0, len(bar.text) * CHAR_PX)
        out.append(_text(end, bar_top + BAR / 2 + 0.35 * FONT_PX,
                         bar.text, anchor="start" if ahead else "end", bold=bar.stated, halo=True))
        for number_, line in enumerate(_note_lines(bar.note)):
            out.append(_text(left, bar_top + BAR + 18 + number_ * LINE, line, bold=True, halo=True))
        out.append("</g>")
        y += slot
    out.append('<g class="axis">')
    out.append(_line(left, bottom, right, bottom, TEXT_COLOR))
    for tick in ticks:
        out.append(_line(x(tick), bottom, x(tick), bottom + TICK, TEXT_COLOR))
    for _, label, centre in labels:
        out.append(_text(centre, bottom + TICK + 18, label, anchor="middle"))
    for number_, line in enumerate(_wrap(chart.unit, UNIT_CHARS, 2)):
        out.append(_text(WIDTH / 2, bottom + 50 + number_ * LINE, line, anchor="middle"))
    out.append("</g>")
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")


__all__ = ["STATED_LABEL", "Chart", "alt_text", "chart_for", "nice_ticks", "size_px", "render_svg"]

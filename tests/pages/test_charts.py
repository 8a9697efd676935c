"""Charts: drawn at generate time, the same bytes every time, small, and data stays text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from generator.pages import charts
from generator.pipeline import generate, load_project, render_site
from generator.project.models import CompareItem, Figure

SVG = "{http://www.w3.org/2000/svg}"


def flow_cut(riverside: Path) -> Figure:
    return load_project(riverside).figures["flow-cut"]


def texts(svg: bytes) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_a_chart_is_the_same_bytes_every_time_and_small(riverside: Path) -> None:
    chart = charts.chart_for(flow_cut(riverside))
    assert chart is not None
    first = charts.render_svg(chart)
    assert first == charts.render_svg(chart)
    assert len(first) < 8_000
    assert b'id="explainer-chart"' in first
    shown = texts(first)
    assert "Stated by the article" in shown and "about 40" in shown
    assert "Fall measured by the gauges" in shown and "18" in shown
    assert b"<pattern" in first  # the stated bar is hatched, not told by colour alone


def bars(svg: bytes) -> list[tuple[float, float]]:
    """The left edge and width of each bar, from the drawn rectangles."""
    found = []
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if "bar" in group.get("class", "").split():
            rect = group.findall(f"{SVG}rect")[-1]
            found.append((float(rect.get("x", "0")), float(rect.get("width", "0"))))
    return found


def test_bar_lengths_are_proportional_to_the_values(riverside: Path) -> None:
    chart = charts.chart_for(flow_cut(riverside))
    assert chart is not None
    drawn = bars(charts.render_svg(chart))
    assert [b.value for b in chart.bars] == [40, 18, 40]
    assert len({left for left, _ in drawn}) == 1  # every bar starts at zero
    assert abs(drawn[1][1] / drawn[0][1] - 18 / 40) < 0.01
    assert drawn[0][1] == drawn[2][1]
    left, width = drawn[0]
    assert charts.SIDE <= left and left + width < charts.WIDTH - charts.SIDE  # room for "about 40"


def test_a_negative_value_is_drawn_left_of_zero(riverside: Path) -> None:
    figure = flow_cut(riverside).model_copy(update={
        "value": -12, "compare": [CompareItem(label="Gain", value=30)]})
    chart = charts.chart_for(figure)
    assert chart is not None
    svg = charts.render_svg(chart)
    (loss_left, loss_width), (gain_left, gain_width) = bars(svg)
    assert abs(loss_left + loss_width - gain_left) < 0.01  # both meet at zero
    assert abs(loss_width / gain_width - 12 / 30) < 0.01
    assert "0" in texts(svg)


def test_the_axis_has_round_numbers_that_cover_the_bars() -> None:
    assert charts.nice_ticks(0, 260_000) == [0, 50_000, 100_000, 150_000, 200_000, 250_000]
    assert charts.nice_ticks(0, 18.2) == [0, 5, 10, 15]
    assert charts.nice_ticks(-14, 40) == [-10, 0, 10, 20, 30, 40]
    assert charts.nice_ticks(0, 0.7) == [0, 0.2, 0.4, 0.6]
    assert charts.nice_ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1]
    for low, high in ((0, 1), (-3.3, 7.9), (0, 123_456_789), (0, 0.000_37), (-5e9, 0)):
        ticks = charts.nice_ticks(low, high)
        assert 2 <= len(ticks) <= charts.MAX_TICKS, (low, high, ticks)
        assert low <= ticks[0] and ticks[-1] <= high
        steps = {round(b - a, 12) for a, b in zip(ticks, ticks[1:], strict=False)}
        assert len(steps) == 1, ticks


def test_every_value_zero_still_draws(riverside: Path) -> None:
    figure = flow_cut(riverside).model_copy(update={
        "value": 0, "compare": [CompareItem(label="None", value=0)]})
    chart = charts.chart_for(figure)
    assert chart is not None
    svg = charts.render_svg(chart)
    assert [width for _, width in bars(svg)] == [0, 0]
    assert "None" in texts(svg)


def test_labels_from_data_stay_text(riverside: Path) -> None:
    figure = flow_cut(riverside).model_copy(update={
        "value": -12.5,
        "compare": [CompareItem(label="$x^2$ & <script>", value=30),
                    CompareItem(label="\\frac{1}{2}", value=-4)],
    })
    chart = charts.chart_for(figure)
    assert chart is not None
    svg = charts.render_svg(chart)
    shown = texts(svg)  # it parses as XML
    assert "$x^2$ & <script>" in shown  # no mathtext, escaped XML
    assert "\\frac{1}{2}" in shown
    assert "about -12.5" in shown
    assert b"<script" not in svg


def test_what_the_chart_shows(riverside: Path) -> None:
    figure = flow_cut(riverside)
    chart = charts.chart_for(figure)
    assert chart is not None
    assert [(b.label, b.value, b.stated) for b in chart.bars] == [
        ("Stated by the article", 40, True), ("Fall measured by the gauges", 18, False),
        ("Fall stated in the article", 40, False)]
    assert charts.alt_text(figure, chart) == (
        "Bar chart for Fall in the river's flow (percent): Stated by the article: about 40;"
        " Fall measured by the gauges: 18; Fall stated in the article: 40.")
    assert charts.chart_for(load_project(riverside).figures["farms"]) is None
    # A number in another unit is not drawn beside the stated one.
    mixed = figure.model_copy(update={"compare": [
        CompareItem(label="Share", value=15.7, unit="percent of trade"),
        CompareItem(label="Other share", value=11.3, unit="percent of trade"),
        CompareItem(label="Tonnes", value=900, unit="tonnes")]})
    chart = charts.chart_for(mixed)
    assert chart is not None
    assert [(b.label, b.stated) for b in chart.bars] == [("Share", False), ("Other share", False)]
    assert chart.unit == "percent of trade" and chart.left_out == ("Tonnes",)


def test_charts_are_generated_files_beside_their_figure_pages(riverside: Path) -> None:
    outputs = render_site(load_project(riverside))
    assert "figures/flow-cut.svg" in outputs and "figures/farms.svg" not in outputs
    page = outputs["figures/flow-cut.md"].decode()
    assert '<figure class="ex-chart" markdown>' in page
    assert "![Bar chart for Fall in the river's flow (percent)&#58; Stated by the article" in page
    assert '(flow-cut.svg){: width="360" height="279" loading="lazy" decoding="async" }' in page
    assert "| **Stated by the article** | about 40 |" in page
    first = generate(riverside)
    assert "figures/flow-cut.svg" in first.written
    assert (riverside / "docs/figures/flow-cut.svg").read_bytes() == outputs["figures/flow-cut.svg"]
    again = generate(riverside)
    assert again.written == [] and again.removed == []


def test_an_unchanged_chart_is_not_drawn_again(riverside: Path, monkeypatch) -> None:
    generate(riverside)
    drawn: list[str] = []
    real = charts.render_svg
    monkeypatch.setattr(charts, "render_svg", lambda chart: drawn.append(chart.unit) or real(chart))
    assert generate(riverside).written == []
    assert drawn == []
    figures = riverside / "data/figures.yaml"
    figures.write_text(figures.read_text().replace("value: 18\n", "value: 19\n"))
    report = generate(riverside)
    assert len(drawn) == 1
    assert "figures/flow-cut.svg" in report.written


def axis_labels(svg: bytes) -> list[tuple[float, str]]:
    """The x and text of each number of the axis."""
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") == "axis":
            found = [(float(t.get("x", "0")), "".join(t.itertext()))
                     for t in group.findall(f"{SVG}text")]
            return found[:-1]  # the last text is the unit
    raise AssertionError("no axis")


def assert_axis_readable(svg: bytes) -> None:
    """At least two numbers on the axis, inside the image and apart by TICK_GAP."""
    ticks = axis_labels(svg)
    assert len(ticks) >= 2, ticks
    for (x1, a), (x2, b) in zip(ticks, ticks[1:], strict=False):
        half_widths = (charts.label_px(a) + charts.label_px(b)) / 2
        assert x2 - x1 > half_widths + charts.TICK_GAP, ticks
    for x, label in ticks:
        half = charts.label_px(label) / 2
        assert 0 <= x - half and x + half <= charts.WIDTH, ticks


def test_large_numbers_fit_the_chart(riverside: Path) -> None:
    for value, record in ((1_250_000_000, 1_190_000_000), (987_654_321_000, 5_000),
                          (-1_250_000_000, 5)):
        figure = flow_cut(riverside).model_copy(update={
            "value": value, "qualifier": "more-than",
            "compare": [CompareItem(label="On record", value=record)]})
        chart = charts.chart_for(figure)
        assert chart is not None
        svg = charts.render_svg(chart)
        assert_axis_readable(svg)
        root = ET.fromstring(svg)
        stated = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "bar stated")
        text = stated.findall(f"{SVG}text")[-1]
        shown = "".join(text.itertext())
        assert shown == f"more than {value:,}"
        x = float(text.get("x", "0"))
        width = len(shown) * charts.CHAR_PX
        if text.get("text-anchor") == "end":
            assert x - width >= 0
        else:
            assert x + width <= charts.WIDTH
        drawn = bars(svg)
        assert abs(drawn[1][1] / drawn[0][1] - abs(record / value)) < 0.01


def test_long_numbers_on_both_sides_leave_the_bars_room(riverside: Path) -> None:
    figure = flow_cut(riverside).model_copy(update={
        "value": -123_456_789_012.5, "qualifier": "more-than",
        "compare": [CompareItem(label="Gain", value=987_654_321_098.25)]})
    chart = charts.chart_for(figure)
    assert chart is not None
    svg = charts.render_svg(chart)
    assert_axis_readable(svg)
    (loss_left, loss_width), (gain_left, gain_width) = bars(svg)
    assert abs(loss_left + loss_width - gain_left) < 0.01
    plot = charts.WIDTH - 2 * charts.SIDE
    assert loss_width + gain_width >= 0.3 * plot - 0.01
    assert abs(loss_width / gain_width - 123_456_789_012.5 / 987_654_321_098.25) < 0.01


def test_tiny_ranges_have_distinct_ticks_and_readable_labels() -> None:
    for low, high in ((0, 3e-11), (0, 0.000_3), (-2e-7, 7e-7), (0, 1.3e-5), (0, 0.0007)):
        ticks = charts.nice_ticks(low, high)
        assert len(set(ticks)) == len(ticks) >= 2, (low, high, ticks)
        steps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
        assert max(steps) - min(steps) < 1e-9 * max(steps), ticks
        labels = charts.tick_labels(ticks)
        assert len(set(labels)) == len(labels), labels
        assert not any("e" in label.lower() for label in labels), labels
        assert [float(label) for label in labels] == ticks
    assert charts.tick_labels([0, 0.00005, 0.0001]) == ["0", "0.00005", "0.0001"]
    assert charts.tick_labels([0, 0.25, 0.5]) == ["0", "0.25", "0.5"]
    assert charts.tick_labels([-2_500_000, 0, 2_500_000]) == ["-2,500,000", "0", "2,500,000"]


def test_control_characters_do_not_break_the_svg(riverside: Path) -> None:
    figure = flow_cut(riverside).model_copy(update={
        "unit": "per\bcent", "qualifier": "about\x02",
        "compare": [CompareItem(label="Gauge\x01 fall\ufffe", value=18)]})
    chart = charts.chart_for(figure)
    assert chart is not None
    shown = texts(charts.render_svg(chart))  # it parses as XML
    assert "Gauge\ufffd fall\ufffd" in shown
    assert "per\ufffdcent" in shown
    assert "about\ufffd 40" in shown


def test_the_chart_key_follows_render_py(riverside: Path, monkeypatch) -> None:
    chart = charts.chart_for(flow_cut(riverside))
    assert chart is not None
    before = charts.chart_key(chart)
    assert charts.chart_key(chart) == before
    monkeypatch.setattr(charts, "_RENDER_SOURCE", charts._RENDER_SOURCE + b"\n# changed\n")
    assert charts.chart_key(chart) != before


def test_the_stated_bar_stands_above_the_record_for_the_same_period_with_the_difference(
        riverside: Path) -> None:
    figure = flow_cut(riverside).model_copy(update={
        "value": 181509, "qualifier": None, "compare": [
            CompareItem(label="Dec 2022", value=221675),
            CompareItem(label="Jul 2023", value=132652),
            CompareItem(label="Aug 2023", value=181059, same_period=True),
            CompareItem(label="Sep 2023", value=218763)]})
    chart = charts.chart_for(figure)
    assert chart is not None
    assert [bar.label for bar in chart.bars] == [
        "Dec 2022", "Jul 2023", charts.STATED_LABEL, "Aug 2023", "Sep 2023"]
    shown = texts(charts.render_svg(chart))
    note = "181,509 stated \u00b7 181,059 recorded \u00b7 450 more"
    assert " ".join(shown).count("\u00b7") == 2
    assert "181,509 stated \u00b7 181,059 recorded" in shown and "\u00b7 450 more" in shown
    assert note in charts.alt_text(figure, chart)
    # without a compare item for the same period, the article's number comes first
    plain = charts.chart_for(figure.model_copy(update={"compare": figure.compare[:2]}))
    assert plain is not None and plain.bars[0].stated and not any(bar.note for bar in plain.bars)


def test_the_difference_says_more_less_or_the_same() -> None:
    assert charts.difference_note(181509, 181059) == "181,509 stated \u00b7 181,059 recorded \u00b7 450 more"
    assert charts.difference_note(40, 18) == "40 stated \u00b7 18 recorded \u00b7 22 more"
    assert charts.difference_note(2.5, 3.75) == "2.5 stated \u00b7 3.75 recorded \u00b7 1.25 less"
    assert charts.difference_note(70601, 70601) == "70,601 stated \u00b7 70,601 recorded \u00b7 the same"


def test_chart_text_is_12_px_or_more_on_the_narrowest_phone() -> None:
    column = 320 - 2 * 16  # Material's text column on a 320 px screen
    assert charts.FONT_PX * column / charts.WIDTH >= 12


def test_a_figure_that_is_the_same_entry_keeps_its_chart_in_its_language(riverside: Path) -> None:
    from generator.pages.i18n import language
    from generator.pages.plan import charts_of

    figures = list(load_project(riverside).figures.values())
    first = charts_of(figures)
    assert first == [charts.chart_for(f) for f in figures]
    assert all(a is b for a, b in zip(charts_of(figures), first, strict=True))
    chart = charts.chart_for(figures[0])
    assert chart is not None
    changed = figures[0].model_copy(update={"value": figures[0].value + 1})  # an edited entry
    again = charts_of([changed, *figures[1:]])
    assert again[0] == charts.chart_for(changed) != first[0]
    assert all(a is b for a, b in zip(again[1:], first[1:], strict=True))
    with language("es"):
        spanish = charts_of(figures)
        assert spanish == [charts.chart_for(f) for f in figures] != first

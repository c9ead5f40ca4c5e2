"""Inline SVG charts, written by hand: bar charts (vertical and horizontal) and lines.

Every drawn data mark carries class="mark", so a browser check can count them.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#2a6f97", "#e07a5f", "#81b29a", "#f2cc8f", "#6d597a", "#3d405b", "#b56576")
WIDTH = 640
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.2f}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    return float(-(-value // step) * step)


def _svg(height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def column_chart(title: str, labels: Sequence[str], values: Sequence[float]) -> str:
    """Vertical bars, one per label (e.g. hours of the day)."""
    height, left, bottom, top = 260, 48, 28, 12
    plot_w, plot_h = WIDTH - left - 10, height - bottom - top
    top_value = _nice_max(max(values, default=0))
    slot = plot_w / max(len(values), 1)
    body = _y_axis(left, top, plot_w, plot_h, top_value)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_h = plot_h * value / top_value
        x = left + i * slot + slot * 0.1
        body.append(
            f'<rect class="mark" x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" '
            f'width="{slot * 0.8:.1f}" height="{bar_h:.1f}" fill="{PALETTE[0]}">'
            f"<title>{escape(str(label))}: {_fmt(value)}</title></rect>"
        )
        body.append(
            f'<text x="{x + slot * 0.4:.1f}" y="{height - 10}" text-anchor="middle" {FONT}>'
            f"{escape(str(label))}</text>"
        )
    return _svg(height, body, title)


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    colors: Sequence[str] | None = None,
    legend: dict[str, str] | None = None,
) -> str:
    """Horizontal bars, largest first as given, with the value at the end of each bar."""
    row, left, top = 22, 230, 6
    height = top * 2 + row * max(len(values), 1) + (22 if legend else 0)
    plot_w = WIDTH - left - 70
    top_value = max(values, default=0) or 1
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        bar_w = plot_w * value / top_value
        color = colors[i] if colors else PALETTE[0]
        body.append(
            f'<text x="{left - 6}" y="{y + row * 0.68:.1f}" text-anchor="end" {FONT}>'
            f"{escape(_clip(str(label), 34))}</text>"
            f'<rect class="mark" x="{left}" y="{y + 3}" width="{bar_w:.1f}" '
            f'height="{row - 6}" fill="{color}"><title>{escape(str(label))}: '
            f"{_fmt(value)}</title></rect>"
            f'<text x="{left + bar_w + 4:.1f}" y="{y + row * 0.68:.1f}" {FONT}>'
            f"{_fmt(value)}</text>"
        )
    body.extend(_legend(legend or {}, 10, height - 16))
    return _svg(height, body, title)


def _legend(colors: dict[str, str], x: int, y: int) -> list[str]:
    parts = []
    for name, color in colors.items():
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14}" y="{y + 9}" {FONT}>{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return parts


def line_chart(title: str, x_labels: Sequence[str], series: dict[str, Sequence[float]]) -> str:
    """One polyline per series over shared x labels, with a legend."""
    height, left, bottom, top = 280, 48, 44, 12
    plot_w, plot_h = WIDTH - left - 30, height - bottom - top
    top_value = _nice_max(max((max(v, default=0) for v in series.values()), default=0))
    step = plot_w / max(len(x_labels) - 1, 1)
    body = _y_axis(left, top, plot_w, plot_h, top_value)
    every = max(len(x_labels) // 8, 1)
    for i, label in enumerate(x_labels):
        if i % every == 0:
            body.append(
                f'<text x="{left + i * step:.1f}" y="{top + plot_h + 14}" '
                f'text-anchor="middle" {FONT}>{escape(label)}</text>'
            )
    colors = {name: PALETTE[n % len(PALETTE)] for n, name in enumerate(series)}
    for name, values in series.items():
        color = colors[name]
        points = " ".join(
            f"{left + i * step:.1f},{top + plot_h - plot_h * v / top_value:.1f}"
            for i, v in enumerate(values)
        )
        body.append(
            f'<polyline class="mark" points="{points}" fill="none" stroke="{color}" '
            f'stroke-width="2"><title>{escape(name)}</title></polyline>'
        )
    body.extend(_legend(colors, left, height - 16))
    return _svg(height, body, title)


def _y_axis(left: int, top: int, plot_w: float, plot_h: float, top_value: float) -> list[str]:
    parts = []
    for k in range(5):
        value = top_value * k / 4
        y = top + plot_h - plot_h * k / 4
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT}>'
            f"{_fmt(value)}</text>"
        )
    return parts


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"

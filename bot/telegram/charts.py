"""Charts for admins, drawn by matplotlib's Agg backend into PNG bytes: no display, no pyplot global state,
so a chart can be drawn in a worker thread while the bot goes on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, DateFormatter, DayLocator, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.shop.admin import DayFigures

ORDERS_COLOUR = "#4C72B0"
REVENUE_COLOUR = "#DD8452"


def orders_and_revenue(days: Sequence[DayFigures], *, orders_label: str, revenue_label: str) -> bytes:
    """A PNG: orders per day as bars (left axis) and revenue per day as a line (right axis)."""
    when = date2num([datetime.combine(d.day, time()) for d in days])  # matplotlib's numbers of days
    orders = [d.orders for d in days]
    revenue = [float(d.revenue) for d in days]  # only to draw: the figures themselves stay Decimal
    figure = Figure(figsize=(8, 4.5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    left = figure.add_subplot()
    left.bar(when, orders, width=0.8, color=ORDERS_COLOUR, label=orders_label)
    left.set_ylabel(orders_label, color=ORDERS_COLOUR)
    left.yaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_ylim(bottom=0, top=max(1, *orders) * 1.15)
    right = left.twinx()
    right.plot(when, revenue, color=REVENUE_COLOUR, marker="o" if len(days) <= 31 else None, label=revenue_label)
    right.set_ylabel(revenue_label, color=REVENUE_COLOUR)
    right.set_ylim(bottom=0, top=max(1.0, *revenue) * 1.15)
    right.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}" if value >= 10 else f"{value:g}"))
    left.set_xlim(when[0] - 0.6, when[-1] + 0.6)
    if len(days) <= 14:  # one tick a day (left to itself, matplotlib marks hours on a one-day chart)
        left.xaxis.set_major_locator(DayLocator())
        left.xaxis.set_major_formatter(DateFormatter("%d %b"))
    else:
        locator = AutoDateLocator(maxticks=10)
        left.xaxis.set_major_locator(locator)
        left.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    left.grid(axis="y", alpha=0.3)
    left.legend(handles=[*left.get_legend_handles_labels()[0], *right.get_legend_handles_labels()[0]], loc="upper left")
    out = BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()

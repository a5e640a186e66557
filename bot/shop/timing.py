"""How long orders of a service take, learned from the shop's own completed orders, and which are late.

The typical time of a service is the median, over its last `window` Completed orders, of the time from
placing (`created_at`) to the moment the shop saw it Completed (`final_at`). With fewer than
`min_samples` of them it is a default. An order still in motion after typical × factor is late.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.store import Connection, Order, OrderRepo
from bot.store.orders import FINAL_STATES

WINDOW = 20  # the last this many Completed orders of a service
MIN_SAMPLES = 3  # fewer than this: the default


@dataclass(frozen=True)
class Expectation:
    """The typical time from placing to Completed of one service."""

    typical: timedelta
    samples: int  # Completed orders it was learned from; 0 … MIN_SAMPLES - 1: the default
    late_after: timedelta  # typical × factor

    @property
    def learned(self) -> bool:
        """From the service's own orders, not the default."""
        return self.samples >= MIN_SAMPLES


@dataclass(frozen=True)
class OrderTiming:
    expectation: Expectation
    elapsed: timedelta  # from placing to now, or to the final state
    late: bool  # still in motion after `late_after`, or flagged as such already


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def moment(text: str) -> datetime:
    """An ISO time as the store writes it, always with a zone."""
    return _moment(text)


def stamp(moment: datetime) -> str:
    """A time as the store writes it (ISO-8601 UTC, seconds)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Silence:
    """Polling an order the panel gives no news of (an unknown or empty status, an error): after `after` without
    news it is polled every `first` seconds, the wait doubling at each poll up to `longest`; the admins are told
    once, when the waiting starts. News of it (a status the bot knows) puts it back into every sync."""

    after: timedelta = timedelta(days=1)
    first: int = 120
    longest: int = 3600

    def backoff(self, silent_since: str, current: int, now: datetime) -> int:
        """Seconds until the next poll of an order silent since `silent_since`; 0: at the next sync."""
        if now - _moment(silent_since) <= self.after:
            return 0
        return min(max(current * 2, self.first), self.longest)


def compact(span: timedelta) -> str:
    """A duration in a few characters: `45m`, `2h 30m`, `3d 4h`."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"


def is_moving(order: Order) -> bool:
    """On the panel and not final: the orders whose lateness matters."""
    return order.panel_order_id is not None and order.state not in FINAL_STATES


class Timing:
    def __init__(
        self,
        default: timedelta = timedelta(hours=24),
        factor: float = 3.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.default = default
        self.factor = factor
        self.clock = clock  # tests move it with the sandbox's clock

    async def expectation(self, conn: Connection, service_id: str) -> Expectation:
        """One indexed query: the service's last WINDOW Completed orders."""
        return (await self.expectations(conn, [service_id]))[service_id]

    async def expectations(self, conn: Connection, service_ids: Sequence[str]) -> dict[str, Expectation]:
        """`expectation` of many services, one indexed query per 100 of them (the status sync)."""
        times = await OrderRepo(conn).completion_times_many(service_ids, WINDOW)
        return {service_id: self._expected(found) for service_id, found in times.items()}

    def _expected(self, times: list[tuple[str, str]]) -> Expectation:
        spans = [(_moment(final) - _moment(created)).total_seconds() for created, final in times]
        spans = [max(span, 0.0) for span in spans]
        if len(spans) >= MIN_SAMPLES:
            typical = timedelta(seconds=statistics.median(spans))
        else:
            typical = self.default
        return Expectation(typical, len(spans), typical * self.factor)

    def assess(self, order: Order, expectation: Expectation, now: datetime | None = None) -> OrderTiming:
        now = now or self.clock()
        end = _moment(order.final_at) if order.final_at and order.state in FINAL_STATES else now
        elapsed = max(end - _moment(order.created_at), timedelta(0))
        moving = is_moving(order)
        late = moving and (order.late_at is not None or elapsed > expectation.late_after)
        return OrderTiming(expectation, elapsed, late)

    async def of(self, conn: Connection, order: Order) -> OrderTiming:
        return self.assess(order, await self.expectation(conn, order.service_id))

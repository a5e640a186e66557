"""A simulated API v2 panel (docs/panel-api.md §7): the default panel and the tests' panel.

`SandboxPanel.handle(form)` takes the POSTed form and returns an `Answer`; the
transport and the HTTP server in `serve.py` turn that into HTTP. Everything is
deterministic: time comes from an injectable clock, outcomes from the ordered units.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Unpack

from bot.panel.parsing import normalise_word, split_lines
from bot.panel.sandbox.catalog import SandboxService, default_catalog, standard_extras
from bot.panel.sandbox.dialect import Answer, Dialect, DialectOptions, Refusal

log = logging.getLogger(__name__)

ACTIVE_LINK = "You have active order with this link. Please wait until order being completed."
OUTCOMES = ("completed", "partial", "canceled", "over")
DRIPFEED_INTERVALS = {0, 5, 10, 15, 30, 60, 90}


class ManualClock:
    """A clock tests move by hand."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class SandboxOrder:
    id: int
    service_id: int
    link: str
    units: int
    charge: Decimal
    created_at: float
    outcome: str
    start_count: int
    canceled: bool = False
    finalised: bool = False
    refunded: Decimal = Decimal(0)

    @property
    def final_remains(self) -> int:
        if self.canceled or self.outcome == "canceled":
            return self.units
        if self.outcome == "partial":
            return max(1, self.units // 3)
        return -2 if self.outcome == "over" else 0


@dataclass
class SandboxRefill:
    id: int
    order_id: int
    created_at: float
    rejected: bool


def outcome_for(units: int) -> str:
    """Ending in 7 → Partial; in 13 → Canceled; in 9 → over-delivered; else Completed."""
    if units % 100 == 13:
        return "canceled"
    if units % 10 == 7:
        return "partial"
    return "over" if units % 10 == 9 else "completed"


@dataclass
class _State:
    balance: Decimal
    next_order: int = 1001
    next_refill: int = 1
    orders: dict[int, SandboxOrder] = field(default_factory=dict)
    refills: dict[int, SandboxRefill] = field(default_factory=dict)


class SandboxPanel:
    """The simulated panel. Thread-safe: the HTTP server calls it from worker threads."""

    def __init__(
        self,
        *,
        key: str | None = None,
        balance: Decimal = Decimal("5000000"),
        pending_seconds: float = 10.0,
        progress_seconds: float = 60.0,
        refill_cooldown: float = 24 * 3600.0,
        clock: Callable[[], float] = time.time,
        profiles: Iterable[str] = (),
        state_path: Path | None = None,
        currency: str = "VND",
        price_percent: Decimal = Decimal(100),
    ) -> None:
        """`price_percent`: its catalog's prices in percent of the built-in ones (a second sandbox provider
        that is cheaper or dearer than the first)."""
        self.key = key
        self.price_percent = Decimal(price_percent)
        self._start = (key, pending_seconds, progress_seconds, clock)
        self.currency = currency
        self.pending_seconds = pending_seconds
        self.progress_seconds = progress_seconds
        self.refill_cooldown = refill_cooldown
        self.clock = clock
        self.dialect = Dialect(profiles)
        self.state_path = state_path
        self.requests: list[dict[str, str]] = []
        self._start_balance = Decimal(balance)
        self._lock = threading.RLock()
        self._next_outcome: str | None = None
        self._finals: list[tuple[float, int]] = []
        self._calls: list[tuple[float, str]] = []
        self._throttled: list[int] = []  # Retry-After seconds of the next answers, one each
        self._failing = 0  # how many of the next answers are 5xx pages
        self._changed = False  # an order or refill was created or canceled by the call being handled
        self._hung: frozenset[str] | None = None  # see `hang`; None: answering
        self._released = threading.Event()
        self._released.set()
        self.hanging = 0  # calls waiting on a hung panel right now
        self.services = self._catalog()
        self.state = _State(balance=self._start_balance)
        if state_path is not None and state_path.exists():
            self._load(state_path)

    def _catalog(self) -> dict[int, SandboxService]:
        services = default_catalog() + standard_extras()
        if self.price_percent != 100:
            services = [replace(s, rate=(s.rate * self.price_percent / 100).quantize(s.rate)) for s in services]
        return {s.id: s for s in services}

    # --- test controls ------------------------------------------------------------

    def reset(self) -> None:
        """Back to the starting state: catalog, balance, no orders, seed dialect, original key, pace and clock."""
        with self._lock:
            self.key, self.pending_seconds, self.progress_seconds, self.clock = self._start
            self.services = self._catalog()
            self.state = _State(balance=self._start_balance)
            self.requests.clear()
            self._next_outcome = None
            self._finals.clear()
            self._calls.clear()
            self._throttled.clear()
            self._failing = 0
            self.dialect = Dialect(())
        self.release()

    def set_profiles(self, *profiles: str, **options: Unpack[DialectOptions]) -> None:
        with self._lock:
            self.dialect = Dialect(profiles, **options)

    def throttle(self, retry_after: int = 30, calls: int = 1) -> None:
        """The next `calls` requests are answered 429 `Too many requests` with `Retry-After`, and not acted on."""
        with self._lock:
            self._throttled.extend([retry_after] * calls)

    def hang(self, *actions: str) -> None:
        """Until `release()`, calls of `actions` (of every action, with none named) get no answer: they wait,
        not acted on, as with a panel that hangs. Released, they are handled as usual."""
        with self._lock:
            self._hung = frozenset(actions)
            self._released.clear()

    def release(self) -> None:
        """The panel answers again; the calls that were waiting go on."""
        with self._lock:
            self._hung = None
            self._released.set()

    def hangs(self, form: dict[str, str]) -> bool:
        """Whether this call must wait (`hang`)."""
        hung = self._hung
        return hung is not None and (not hung or form.get("action", "") in hung)

    @contextlib.contextmanager
    def waiting(self) -> Iterator[None]:
        """Count a call as hanging (`hanging`) while inside."""
        with self._lock:
            self.hanging += 1
        try:
            yield
        finally:
            with self._lock:
                self.hanging -= 1

    def wait_released(self, timeout: float) -> None:
        """Block this thread until `release()` or `timeout` seconds (the HTTP server's worker threads)."""
        self._released.wait(timeout)

    def fail_next(self, calls: int = 1) -> None:
        """The next `calls` requests are answered with a 5xx HTML page, and not acted on."""
        with self._lock:
            self._failing += calls

    def set_balance(self, amount: Decimal | str | int) -> None:
        with self._lock:
            self.state.balance = Decimal(amount)

    def edit_service(self, service_id: int, **changes: str | int | bool | Decimal) -> None:
        with self._lock:
            service = self.services[service_id]
            for name, value in changes.items():
                setattr(service, name, Decimal(value) if name == "rate" else value)

    def force_outcome(self, outcome: str, order_id: int | None = None) -> None:
        """Force the outcome of one order, or (order_id None) of the next one placed."""
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}")
        with self._lock:
            if order_id is None:
                self._next_outcome = outcome
            else:
                self.state.orders[order_id].outcome = outcome

    def actions(self, name: str | None = None) -> list[dict[str, str]]:
        """The requests received (keys redacted), optionally of one action."""
        with self._lock:
            return [r for r in self.requests if name is None or r.get("action") == name]

    # --- the API --------------------------------------------------------------------

    def handle(self, form: dict[str, str]) -> Answer:
        with self._lock:
            now = self.clock()
            self.requests.append({k: ("***" if k == "key" else v) for k, v in form.items()})
            self._finalise_due(now)
            action = form.get("action", "")
            if self._throttled:
                return self.dialect.too_many_requests(self._throttled.pop(0))
            if self._failing:
                self._failing -= 1
                return self.dialect.server_error()
            limited = self.dialect.rate_limited(action, now, self._calls)
            if limited is not None:
                return limited
            failed = self.dialect.scheduled_failure()
            if failed is not None:
                return failed
            try:
                data = self._dispatch(form, now)
            except Refusal as refusal:
                return self.dialect.refusal(refusal)
            finally:
                if self._changed:
                    self._changed = False
                    self._save()
            return self.dialect.success(action, data)

    def _dispatch(self, form: dict[str, str], now: float) -> object:
        if not form.get("key") or not form.get("action"):
            raise Refusal("Incorrect request")
        if self.key is not None and form["key"] != self.key:
            raise Refusal("Invalid API key", "key")
        action = form["action"]
        handlers = {
            "services": self._services,
            "add": self._add,
            "status": self._status,
            "balance": self._balance,
            "refill": self._refill,
            "refill_status": self._refill_status,
            "cancel": self._cancel,
        }
        lacking = action == "refill_status" and self.dialect.has("no_refill_status")
        if action not in handlers or lacking or (action == "refill" and self.dialect.has("no_refill")):
            raise Refusal("Incorrect request", "action")
        return handlers[action](form, now)

    def _services(self, form: dict[str, str], now: float) -> object:
        published = [s for s in self.services.values() if s.enabled]
        if not self.dialect.has("standard"):
            published = [s for s in published if not s.dripfeed]
        return self.dialect.catalog(published)

    def _balance(self, form: dict[str, str], now: float) -> dict[str, object]:
        return {"balance": self.dialect.money(self.state.balance), "currency": self.currency}

    # --- add ----------------------------------------------------------------------

    def _add(self, form: dict[str, str], now: float) -> dict[str, object]:
        service = self._service_for(form.get("service", ""))
        link = form.get("link", "").strip()
        if not link.startswith(("http://", "https://")) or len(link) < 10:
            raise Refusal("Bad link", "link")
        units = self._units(service, form)
        if units < service.min:
            raise Refusal(f"Quantity less than minimal {service.min}", "min_quantity", service.min)
        if units > service.max:
            raise Refusal(f"Quantity more than maximum {service.max}", "max_quantity", service.max)
        charge = self._charge(service, units)
        if charge > self.state.balance:
            raise Refusal("Not enough funds on balance", "not_enough_funds")
        if any(
            self._is_active(o, now) for o in self.state.orders.values() if o.service_id == service.id and o.link == link
        ):
            raise Refusal(ACTIVE_LINK, "link_duplicate")
        order_id = self.state.next_order
        self.state.next_order += 1
        self.state.balance -= charge
        outcome, self._next_outcome = self._next_outcome or outcome_for(units), None
        order = SandboxOrder(
            id=order_id,
            service_id=service.id,
            link=link,
            units=units,
            charge=charge,
            created_at=now,
            outcome=outcome,
            start_count=100 + (order_id * 37) % 900,
        )
        self.state.orders[order_id] = order
        self._changed = True
        heapq.heappush(self._finals, (self._final_at(order), order_id))
        return {"order": self.dialect.id(order_id), "_lost": self.dialect.has("lost_add")}

    def _service_for(self, raw: str) -> SandboxService:
        service = self.services.get(int(raw)) if raw.strip().isdecimal() else None
        if service is None or not service.enabled or (service.dripfeed and not self.dialect.has("standard")):
            raise Refusal("Incorrect service ID", "incorrect_service_id")
        return service

    def _units(self, service: SandboxService, form: dict[str, str]) -> int:
        kind = normalise_word(service.type)
        if kind == "custom comments":
            lines = split_lines(form.get("comments", ""))
            if not lines:
                raise Refusal("Incorrect request")
            return len(lines)
        if kind == "special (1dg)" and not form.get("list", "").strip():
            raise Refusal("Incorrect request")
        if kind == "special 1 (1dg)" and not (form.get("suggest", "").strip() or form.get("search", "").strip()):
            raise Refusal("Incorrect request")
        runs = self._runs(service, form)
        if kind == "package":
            return 1
        quantity = form.get("quantity", "").strip()
        if not quantity.isdecimal() or int(quantity) <= 0:
            raise Refusal("Incorrect request")
        return int(quantity) * runs

    def _runs(self, service: SandboxService, form: dict[str, str]) -> int:
        runs, interval = form.get("runs", "").strip(), form.get("interval", "").strip()
        if not runs and not interval:
            return 1
        if not service.dripfeed or not (runs and interval):
            raise Refusal("Incorrect request")
        if not runs.isdecimal() or not interval.isdecimal() or int(runs) <= 0:
            raise Refusal("Incorrect request")
        if int(interval) not in DRIPFEED_INTERVALS:
            raise Refusal("Incorrect request")
        return int(runs)

    @staticmethod
    def _charge(service: SandboxService, units: int) -> Decimal:
        if normalise_word(service.type) == "package":
            return service.rate
        return service.rate * units / 1000

    # --- status -------------------------------------------------------------------

    def _status(self, form: dict[str, str], now: float) -> object:
        if "orders" in form:
            ids = self._batch_ids(form["orders"])
            if len(ids) == 1 and self.dialect.has("one_id_bare"):
                return self._status({"order": ids[0]}, now)
            entries = {raw: self._order_entry(raw, now) for raw in ids}
            return self.dialect.many_statuses(entries)
        if "order" in form:
            entry = self._order_entry(form["order"], now)
            if isinstance(entry, Refusal):
                raise entry
            return self.dialect.single_status(form["order"].strip(), entry)
        raise Refusal("Incorrect request")

    def _order_entry(self, raw: str, now: float) -> dict[str, object] | Refusal:
        order = self._order(raw)
        if order is None:
            return Refusal("Incorrect order ID", "order_id")
        status, start_count, remains = self._progress(order, now)
        charge = order.charge - order.refunded
        return self.dialect.status_entry(status, charge, start_count, remains, self.currency)

    def _progress(self, order: SandboxOrder, now: float) -> tuple[str, int, int]:
        """(status, start_count, remains) of an order at `now`."""
        if order.canceled:
            return "Canceled", 0, order.units
        elapsed = now - order.created_at
        if elapsed < self.pending_seconds:
            return "Pending", 0, order.units
        running = elapsed - self.pending_seconds
        if running < self.progress_seconds:
            delivered = int(order.units * running / self.progress_seconds)
            return "In progress", order.start_count, order.units - delivered
        names = {"completed": "Completed", "over": "Completed", "partial": "Partial", "canceled": "Canceled"}
        start = 0 if order.outcome == "canceled" else order.start_count
        return names[order.outcome], start, order.final_remains

    def _final_at(self, order: SandboxOrder) -> float:
        return order.created_at + self.pending_seconds + self.progress_seconds

    def _is_active(self, order: SandboxOrder, now: float) -> bool:
        return self._progress(order, now)[0] in ("Pending", "In progress")

    def _finalise_due(self, now: float) -> None:
        """Apply, once, the refunds of orders that have turned final by `now`."""
        changed = False
        while self._finals and self._finals[0][0] <= now:
            _, order_id = heapq.heappop(self._finals)
            order = self.state.orders.get(order_id)
            if order is not None:
                changed |= self._finalise(order)
        if changed:
            self._save()

    def _finalise(self, order: SandboxOrder) -> bool:
        if order.finalised:
            return False
        order.finalised = True
        if order.canceled or order.outcome == "canceled":
            refund = order.charge
        elif order.outcome == "partial":
            refund = (order.charge * order.final_remains / order.units).quantize(Decimal("0.00001"))
        else:
            return True
        order.refunded = refund
        self.state.balance += refund
        return True

    # --- refills ----------------------------------------------------------------------

    def _refill(self, form: dict[str, str], now: float) -> object:
        if "orders" in form:
            ids = self._batch_ids(form["orders"])
            return self.dialect.many_refills({raw: self._new_refill(raw, now) for raw in ids})
        if "order" in form:
            result = self._new_refill(form["order"], now)
            if isinstance(result, Refusal):
                raise result
            return self.dialect.single_refill(result)
        raise Refusal("Incorrect request")

    def _new_refill(self, raw: str, now: float) -> int | Refusal:
        order = self._order(raw)
        if order is None:
            return Refusal("Incorrect order ID", "order_id")
        if not self.services[order.service_id].refill:
            return Refusal("Refill is disabled for this service", "refill_refused")
        if self._progress(order, now)[0] != "Completed":
            return Refusal("The order is not completed", "refill_refused")
        if any(
            r.order_id == order.id and now - r.created_at < self.refill_cooldown for r in self.state.refills.values()
        ):
            return Refusal("Order not eligible for refill.", "refill_refused")
        refill_id = self.state.next_refill
        self.state.next_refill += 1
        self.state.refills[refill_id] = SandboxRefill(refill_id, order.id, now, order.units % 10 == 3)
        self._changed = True
        return refill_id

    def _refill_status(self, form: dict[str, str], now: float) -> object:
        if "refills" in form:
            ids = self._batch_ids(form["refills"])
            if len(ids) == 1 and self.dialect.has("one_id_bare"):
                return self._refill_status({"refill": ids[0]}, now)
            return self.dialect.many_refill_statuses({raw: self._refill_entry(raw, now) for raw in ids})
        if "refill" in form:
            entry = self._refill_entry(form["refill"], now)
            if isinstance(entry, Refusal):
                raise entry
            return self.dialect.single_refill_status(entry)
        raise Refusal("Incorrect request")

    def _refill_entry(self, raw: str, now: float) -> str | Refusal:
        refill = self.state.refills.get(int(raw)) if raw.strip().isdecimal() else None
        if refill is None:
            return self.dialect.refill_not_found()
        elapsed = now - refill.created_at
        if elapsed < self.pending_seconds:
            return "Pending"
        if elapsed < self.pending_seconds + self.progress_seconds:
            return "In progress"
        return "Rejected" if refill.rejected else "Completed"

    # --- cancel -------------------------------------------------------------------------

    def _cancel(self, form: dict[str, str], now: float) -> object:
        if self.dialect.has("no_cancel"):
            raise Refusal("Incorrect request", "action")
        raw = form.get("orders", form.get("order"))
        if raw is None:
            raise Refusal("Incorrect request")
        ids = self._batch_ids(raw)
        return self.dialect.many_cancels({raw_id: self._cancel_one(raw_id, now) for raw_id in ids})

    def _cancel_one(self, raw: str, now: float) -> bool | Refusal:
        order = self._order(raw)
        if order is None:
            return Refusal("Incorrect order ID", "order_id")
        service = self.services[order.service_id]
        if not service.cancel or self._progress(order, now)[0] != "Pending":
            return Refusal("You are not eligible to cancel this order.", "cancel_refused")
        order.canceled = True
        self._finalise(order)
        self._changed = True
        return True

    # --- helpers ------------------------------------------------------------------------

    def _order(self, raw: str) -> SandboxOrder | None:
        raw = raw.strip()
        return self.state.orders.get(int(raw)) if raw.isdecimal() else None

    @staticmethod
    def _batch_ids(raw: str) -> list[str]:
        ids = [part.strip() for part in raw.split(",") if part.strip()]
        if not ids or len(ids) > 100:
            raise Refusal("Incorrect request")
        return ids

    # --- persistence --------------------------------------------------------------------

    def _save(self) -> None:
        if self.state_path is None:
            return
        data = {
            "balance": str(self.state.balance),
            "next_order": self.state.next_order,
            "next_refill": self.state.next_refill,
            "orders": [
                {**asdict(o), "charge": str(o.charge), "refunded": str(o.refunded)} for o in self.state.orders.values()
            ],
            "refills": [asdict(r) for r in self.state.refills.values()],
        }
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        os.replace(tmp, self.state_path)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text())
            orders = [
                SandboxOrder(**{**o, "charge": Decimal(o["charge"]), "refunded": Decimal(o["refunded"])})
                for o in data["orders"]
            ]
            self.state = _State(
                balance=Decimal(data["balance"]),
                next_order=data["next_order"],
                next_refill=data["next_refill"],
                orders={o.id: o for o in orders},
                refills={r["id"]: SandboxRefill(**r) for r in data["refills"]},
            )
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("sandbox state in %s unreadable (%s): starting afresh", path, error)
            return
        for order in self.state.orders.values():
            if not order.finalised:
                heapq.heappush(self._finals, (self._final_at(order), order.id))

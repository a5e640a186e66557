"""Following orders on the panels: batched status sync per provider, refunds, and the events customers are told.

A final state is applied once: Canceled refunds what was paid; Partial refunds the
undelivered share of the shop's price (never more than was paid, never negative),
under one ledger key per order. Each change of state is queued for the customer in
the same transaction that stores it, under a key per order and state, so that no
sync, however often it runs over the same change, refunds or tells twice. An order turned Completed or
Partial earns its customer's inviter a reward (`Referrals`) in the same transaction, under a key per order.

Progress comes from facts only: `remains` "0", "" or missing while the order is still in motion is no
progress report (kept as unknown), never a delivery. A status word the bot does not know is counted per
order and told to the admins once after `unknown_after` syncs in a row; it never refunds or completes
anything. An order still in motion after its service's typical time × factor is flagged once (`Timing`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Awaitable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal

from bot.panel import ErrorKind, OrderStatus, PanelClient, PanelError, PanelRefused, PanelUnavailable
from bot.panel import OrderState as PanelOrderState
from bot.shop.capabilities import Capabilities, PanelAction
from bot.shop.messages import AdminNotice, OrderStatusPush
from bot.shop.notices import AdminNotices
from bot.shop.ordering import order_values
from bot.shop.outbox import Queued, encoded, queue_many
from bot.shop.pricing import quantum
from bot.shop.referrals import Delivered, Referrals
from bot.shop.timing import Silence, Timing, compact, is_moving, moment, stamp
from bot.store import Database, LedgerRepo, Order, OrderRepo, OrderState
from bot.store.database import Transaction, utcnow
from bot.store.ledger import Entry, NewEntry
from bot.store.orders import DONE_STATES, FINAL_STATES, PolledStatus, PollMarks
from bot.store.outbox import OutboxRepo
from bot.store.referrals import Payer

log = logging.getLogger(__name__)
# Panel answers (100 orders each) written per transaction by the status sync: each commit costs about as much
# as writing 100 orders, and 500 orders hold the write lock for a few milliseconds.
WRITE_GROUP = 5
_STORED = {state: OrderState(state.value) for state in PanelOrderState}  # the panel's state as the store keeps it


@dataclass(frozen=True, slots=True)
class StatusChange:
    order_id: int
    user_id: int
    old_state: OrderState
    new_state: OrderState
    refund: Decimal


@dataclass
class SyncReport:
    tracked: int = 0
    changes: list[StatusChange] = field(default_factory=list)
    errors: int = 0
    flagged: list[int] = field(default_factory=list)  # orders the panel keeps failing to report on
    unknown: list[int] = field(default_factory=list)  # orders told to the admins for an unknown status word
    late: list[int] = field(default_factory=list)  # orders told to the admins as taking longer than usual
    silent: list[int] = field(default_factory=list)  # orders told to the admins as polled less often: no news
    failed: dict[str, PanelError] = field(default_factory=dict)  # providers down this time: their orders unchanged


def reported_remains(status: OrderStatus) -> int | None:
    """`remains` as a fact: None when missing, or when "0" comes while the order is still in motion."""
    if status.remains is None or (status.remains == 0 and not status.state.is_final):
        return None
    return status.remains


def partial_refund(order: Order, remains: int | None, paid: Decimal) -> Decimal | None:
    """The undelivered share of the shop's price; None when `remains` is unknown (admins decide)."""
    if remains is None or order.quantity <= 0:
        return None
    undelivered = min(max(remains, 0), order.quantity)
    share = (order.price * undelivered / order.quantity).quantize(quantum(order.currency), rounding=ROUND_FLOOR)
    return min(max(share, Decimal(0)), paid)


def status_event(order: Order, status: OrderStatus, refund: Decimal) -> OrderStatusPush:
    """What the customer is told about a change: plain data, worded by the Telegram layer."""
    reported = reported_remains(status)
    remains = reported if reported is not None else order.remains
    delivered = None if remains is None else order.quantity - min(max(remains, 0), order.quantity)
    return OrderStatusPush(
        order_id=order.id,
        service=order.service_name,
        state=_STORED[status.state],
        status_raw=status.status_raw,
        quantity=order.quantity,
        delivered=delivered,
        refund=refund,
        currency=order.currency,
    )


@dataclass
class _Batch:
    """What one batch of answers did (`Tracking._apply_batch`)."""

    changes: list[StatusChange] = field(default_factory=list)
    errors: int = 0
    flagged: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    silent: list[int] = field(default_factory=list)


async def _first(event: Awaitable[bool], task: asyncio.Task[None]) -> None:
    """Until `event` comes or `task` ends (having failed before it, say)."""
    waiting = asyncio.ensure_future(event)
    try:
        await asyncio.wait([waiting, task], return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiting.cancel()


async def _grouped(
    answers: AsyncGenerator[dict[str, OrderStatus | PanelRefused]], size: int
) -> AsyncGenerator[dict[str, OrderStatus | PanelRefused]]:
    """Up to `size` answers of 100 merged into one: a commit per 500 orders instead of five. When the panel
    fails part-way, what was already taken is still handed on before the failure. Closed, it closes `answers`
    (which cancels the panel calls still in flight)."""
    group: dict[str, OrderStatus | PanelRefused] = {}
    taken = 0
    try:
        async with contextlib.aclosing(answers):
            async for answer in answers:
                group.update(answer)
                taken += 1
                if taken == size:
                    yield group
                    group, taken = {}, 0
    except Exception:
        if group:
            yield group
        raise
    if group:
        yield group


async def _settle(writing: asyncio.Task[None] | None, error: BaseException) -> None:
    """The sync is failing with `error`: a batch being written is still written (a panel outage must not lose
    the answers taken), and a write that failed for another reason is logged rather than hidden behind it."""
    if writing is None:
        return
    if not writing.done():
        await asyncio.wait([writing])
    failed = None if writing.cancelled() else writing.exception()
    if failed is not None and failed is not error:
        log.error("status sync: a batch could not be written", exc_info=failed)


def _refunds_on(result: OrderStatus | PanelRefused) -> bool:
    """An answer that refunds, if it changes the order: Canceled (what was paid) or Partial (the undelivered share)."""
    return not isinstance(result, PanelRefused) and result.state in (PanelOrderState.CANCELED, PanelOrderState.PARTIAL)


def _delivers_on(result: OrderStatus | PanelRefused) -> bool:
    """An answer that may earn an inviter a reward, if it changes the order: Completed or Partial."""
    return not isinstance(result, PanelRefused) and result.state in (PanelOrderState.COMPLETED, PanelOrderState.PARTIAL)


def _followed_closely(order: Order) -> bool:
    """Polled at every sync, no answer without news counted: nothing of its polling to write on news."""
    return not (order.unknown_syncs or order.silent_since or order.poll_backoff or order.next_poll_at)


def _marks_of(order: Order) -> PollMarks:
    return PollMarks(
        order.id,
        order.unknown_syncs,
        order.sync_errors,
        None,
        order.silent_since,
        order.poll_backoff,
        order.next_poll_at,
        None,
    )


class Tracking:
    def __init__(
        self,
        db: Database,
        panels: Mapping[str, PanelClient],
        notices: AdminNotices,
        flag_after: int = 5,
        *,
        capabilities: Capabilities,
        unknown_after: int = 3,
        timing: Timing | None = None,
        interactive: Mapping[str, PanelClient] | None = None,
        silence: Silence | None = None,
        referrals: Referrals | None = None,
    ) -> None:
        """`panels`: each enabled provider's client for the jobs, by name; `interactive`: its client for a
        customer's Refresh and Cancel (short timeout, its own connections). An order of a provider not among them
        (no longer configured, or disabled) keeps its last known state."""
        self.db = db
        self.panels = dict(panels)
        self.interactive = dict(interactive or panels)
        self.notices = notices
        self.capabilities = capabilities
        self.flag_after = flag_after
        self.unknown_after = unknown_after
        self.timing = timing or Timing()
        self.silence = silence or Silence()
        self.referrals = referrals or Referrals(db, Decimal(0))
        self.orders = OrderRepo(db)
        self._unserved_noted = False

    def serves(self, provider: str) -> bool:
        """The provider is configured and enabled: its orders are followed, refreshed, cancelled."""
        return provider in self.panels

    async def sync_orders(self, provider: str | None = None) -> SyncReport:
        """One pass over the orders due for a poll, each asked of the provider that holds it: `status` 100 IDs a
        call per provider, each answer applied as it comes, in one transaction that reads the batch's orders once
        and writes only what changed. The providers are asked side by side: a slow one does not hold the others.

        A provider's outage is no one else's: its orders stay as they were (what was applied before it stays,
        nothing is guessed) and it is named in `report.failed`, while the others' orders are synced. `provider`:
        only that provider's orders (its own job's run); None: every enabled provider's."""
        now = self.timing.clock()
        await self._note_unserved()
        asked = [name for name in self.panels if provider in (None, name)]
        due = await self.orders.due_for_poll(stamp(now), asked)
        report = SyncReport(tracked=len(due))
        if not due:
            return report
        by_provider: dict[str, dict[str, int]] = {}
        for order in due:
            by_provider.setdefault(order.provider, {})[order.panel_order_id] = order.id
        moving: list[tuple[int, str, str]] = []  # (id, service, placed) still in motion after this sync, not told late
        outcomes = await asyncio.gather(
            *(self._sync_provider(name, by_panel_id, now, report, moving) for name, by_panel_id in by_provider.items()),
            return_exceptions=True,
        )
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome  # not the panel's doing (a failed write): the job's error handler hears of it
        report.late = await self._flag_late(moving, now)
        if report.changes or report.flagged or report.unknown or report.late or report.silent or report.failed:
            log.info(
                "status sync: %d tracked, %d changed, %d errors, flagged %s, unknown status %s, late %s, silent %s, "
                "down %s",
                report.tracked,
                len(report.changes),
                report.errors,
                report.flagged,
                report.unknown,
                report.late,
                report.silent,
                sorted(report.failed),
            )
        return report

    async def _sync_provider(
        self,
        provider: str,
        by_panel_id: dict[str, int],
        now: datetime,
        report: SyncReport,
        moving: list[tuple[int, str, str]],
    ) -> None:
        """The due orders of one provider (its order ID → the shop's), asked of its client; its outage is noted in
        `report.failed` and ends only its own sync."""
        try:
            await self._poll(self.panels[provider], by_panel_id, now, report, moving)
        except PanelError as error:
            report.failed[provider] = error

    async def _poll(
        self,
        panel: PanelClient,
        by_panel_id: dict[str, int],
        now: datetime,
        report: SyncReport,
        moving: list[tuple[int, str, str]],
    ) -> None:
        """Ask `panel` about `by_panel_id` and apply each answer as it comes. A panel outage raises, after the
        batch being written is written."""

        async def write(answers: dict[str, OrderStatus | PanelRefused], computed: asyncio.Event) -> None:
            results = {by_panel_id[panel_id]: result for panel_id, result in answers.items()}
            refunding = [order_id for order_id, result in results.items() if _refunds_on(result)]
            delivering = [order_id for order_id, result in results.items() if _delivers_on(result)]
            async with self.db.transaction() as tx:  # up to 500 orders, read fresh and written
                orders, ledger, payers = await asyncio.gather(  # the queries sent at once: one wait
                    OrderRepo(tx).many(list(results)),
                    LedgerRepo(tx).for_orders(refunding),
                    self.referrals.payers(tx, delivering),
                )
                batch = await self._apply_batch(
                    tx, orders, results, now, polled=True, computed=computed, ledger=ledger, payers=payers
                )
            report.changes += batch.changes
            report.errors += batch.errors
            report.flagged += batch.flagged
            report.unknown += batch.unknown
            report.silent += batch.silent
            final = {change.order_id for change in batch.changes if change.new_state in FINAL_STATES}
            moving.extend(
                (o.id, o.service_id, o.created_at)
                for o in orders.values()
                if o.id not in final and o.late_at is None and is_moving(o)
            )

        # While a batch's writes are with the database thread, the next answer is taken (which starts the next
        # panel call) and decoded; the transactions run one after the other, each reading its batch fresh.
        writing: asyncio.Task[None] | None = None
        groups = _grouped(panel.status_batches(by_panel_id), WRITE_GROUP)
        try:
            async with contextlib.aclosing(groups):
                async for answers in groups:
                    if writing is not None:
                        await writing
                    computed = asyncio.Event()
                    writing = asyncio.create_task(write(answers, computed))
                    await _first(computed.wait(), writing)  # computed, or failed before
                    if writing.done():
                        writing.result()  # a write that failed: its error now, before another answer is taken
            if writing is not None:
                await writing
        except BaseException as error:
            await _settle(writing, error)
            raise

    async def _note_unserved(self) -> None:
        """Once per run: the providers no longer configured or enabled that still hold tracked orders (kept as
        they were, not polled) are logged."""
        if self._unserved_noted:
            return
        self._unserved_noted = True
        for provider, count in (await self.orders.tracked_elsewhere(list(self.panels))).items():
            log.warning(
                "provider %s is not configured or not enabled: its %d orders in motion keep their last known state "
                "and are not polled until it is back",
                provider,
                count,
            )

    async def apply(self, order_id: int, status: OrderStatus) -> StatusChange | None:
        """Store the panel's view of one order (the Refresh button, tests)."""
        async with self.db.transaction() as tx:
            orders = await OrderRepo(tx).many([order_id])
            if not orders:
                return None
            batch = await self._apply_batch(tx, orders, {order_id: status}, self.timing.clock(), polled=False)
        return batch.changes[0] if batch.changes else None

    async def refresh(self, order: Order) -> StatusChange | None:
        """Ask the provider that holds the order about it now; panel trouble raises and changes nothing."""
        if order.panel_order_id is None or order.state in FINAL_STATES:
            return None
        status = await self._interactive(order.provider).status(order.panel_order_id)
        return await self.apply(order.id, status)

    async def cancel(self, order: Order) -> bool | PanelRefused:
        """Ask the provider that holds the order to cancel it; the refund follows when the sync sees Canceled. A
        panel without `cancel` answers with a refusal of kind UNSUPPORTED, and is not asked again until the
        re-check (that provider only)."""
        if order.panel_order_id is None:
            return PanelRefused("not placed", ErrorKind.ORDER_NOT_FOUND)
        if not await self.capabilities.supports(PanelAction.CANCEL, order.provider):
            return PanelRefused("the panel has no cancel action", ErrorKind.UNSUPPORTED)
        try:
            result = await self._interactive(order.provider).cancel([order.panel_order_id])
        except PanelRefused as refused:
            if refused.kind is not ErrorKind.UNSUPPORTED:
                raise
            await self.capabilities.learned_unsupported(PanelAction.CANCEL, refused.text, order.provider)
            return refused
        await self.capabilities.learned_supported(PanelAction.CANCEL, order.provider)
        return result.get(order.panel_order_id, PanelRefused("no answer for this order", ErrorKind.UNKNOWN))

    def _interactive(self, provider: str) -> PanelClient:
        """The provider's client for what a person waits for; one no longer configured is unavailable."""
        client = self.interactive.get(provider)
        if client is None:
            raise PanelUnavailable(f"provider {provider} is not configured")
        return client

    async def _apply_batch(
        self,
        tx: Transaction,
        orders: dict[int, Order],
        results: dict[int, OrderStatus | PanelRefused],
        now: datetime,
        *,
        polled: bool,
        computed: asyncio.Event | None = None,
        ledger: dict[int, list[Entry]] | None = None,
        payers: dict[int, Payer] | None = None,
    ) -> _Batch:
        """The panel's answers for up to 100 orders, read fresh in `tx`: every change computed here, then written
        in a few statements (statuses, counts, refunds, pushes). `polled`: a sync's poll, which counts answers
        without news and backs off; a Refresh only stores what it learns. `computed` is set when all that is left
        is writing. `ledger`: the entries of the orders the answers refund, read in `tx` (else read here); `payers`:
        the orders the answers may deliver whose customer has an inviter (`Referrals.payers`, else read here)."""
        batch = _Batch()
        statuses: list[PolledStatus] = []
        marks: list[PollMarks] = []
        pushes: list[Queued] = []
        refunds: list[tuple[Order, OrderStatus]] = []
        for order_id, result in results.items():
            order = orders.get(order_id)
            if order is None or order.state in FINAL_STATES:
                continue  # turned final meanwhile (a Refresh): applied once already
            news = not isinstance(result, PanelRefused) and result.state is not PanelOrderState.UNKNOWN
            mark: PollMarks | None = None
            if news and _followed_closely(order):
                pass  # nothing to count or reset: the common case, kept cheap
            elif news:  # back into every sync
                mark = replace(_marks_of(order), unknown_syncs=0, silent_since=None, poll_backoff=0, next_poll_at="")
            elif polled:  # no news: counted, and polled less often after a day of it
                mark = self._marks(order, result, now, batch, pushes)
            if isinstance(result, PanelRefused):
                marks += [mark] if mark is not None else []
                continue
            status = self._status(order, result)
            if mark is not None and status is not None:
                mark = replace(mark, sync_errors=0)  # as stored with the status
            if mark is not None and mark != _marks_of(order):
                marks.append(mark)
            if status is None:
                continue
            statuses.append(status)
            if _refunds_on(result):
                refunds.append((order, result))
            else:
                batch.changes.append(StatusChange(order.id, order.user_id, order.state, status.state, Decimal(0)))
            if status.state is OrderState.FAILED and order.state is not OrderState.FAILED:
                pushes += self._told(order, f"failed:{order.id}", "admin.failed", error=result.status_raw)
        refunded, entries, unsettled = await self._refunds(tx, refunds, pushes, ledger)
        batch.changes += [
            StatusChange(order.id, order.user_id, order.state, _STORED[status.state], refunded[order.id])
            for order, status in refunds
        ]
        entries += await self._rewards(tx, orders, batch.changes, unsettled, pushes, payers)
        for change in batch.changes:
            order, result = orders[change.order_id], results[change.order_id]
            assert not isinstance(result, PanelRefused)  # only answers change an order
            if change.new_state != order.state or (
                order.panel_status is not None and result.status_raw.lower() != order.panel_status.lower()
            ):
                key = f"order:{order.id}:status:{change.new_state}:{result.status_raw.lower()}"
                pushes.append(Queued(order.user_id, status_event(order, result, change.refund), key))
        queued = encoded(pushes)
        if computed is not None:
            computed.set()  # only writes from here on: the database thread's work
        written = await asyncio.gather(  # sent at once, one wait; any failure rolls the whole batch back
            OrderRepo(tx).store_statuses(statuses),
            OrderRepo(tx).store_poll_marks(marks),
            LedgerRepo(tx).add_many(entries),
            OutboxRepo(tx).enqueue_many(queued),
            return_exceptions=True,
        )
        for outcome in written:
            if isinstance(outcome, BaseException):
                raise outcome
        return batch

    def _status(self, order: Order, status: OrderStatus) -> PolledStatus | None:
        """What to store of the panel's answer; None when it says nothing new."""
        new_state = _STORED[status.state]
        remains = reported_remains(status)
        known = (  # a number the panel did not give keeps the stored one (the store coalesces)
            remains if remains is not None else order.remains,
            status.start_count if status.start_count is not None else order.start_count,
        )
        if (new_state, status.status_raw, *known) == (
            order.state,
            order.panel_status,
            order.remains,
            order.start_count,
        ):
            return None
        return PolledStatus(order.id, new_state, status.status_raw, status.start_count, remains, status.charge)

    def _marks(
        self, order: Order, result: OrderStatus | PanelRefused, now: datetime, batch: _Batch, pushes: list[Queued]
    ) -> PollMarks:
        """One more poll of `order`: syncs in a row without news (an error, a status word the bot does not know),
        the admins told at the thresholds, and after a day without news a poll less and less often."""
        marks = _marks_of(order)
        if isinstance(result, PanelRefused):
            batch.errors += 1
            marks = replace(marks, sync_errors=order.sync_errors + 1, error=result.text, updated_at=utcnow())
            if marks.sync_errors == self.flag_after:
                log.warning(
                    "order #%s: the panel answered %r %d times in a row", order.id, result.text, marks.sync_errors
                )
                pushes += self._told(
                    order, f"flagged:{order.id}", "admin.flagged", error=result.text, count=self.flag_after
                )
                batch.flagged.append(order.id)
        else:
            marks = replace(marks, unknown_syncs=order.unknown_syncs + 1)
            if marks.unknown_syncs == self.unknown_after:
                log.warning(
                    "order #%s: the panel answered the unknown status %r %d times in a row",
                    order.id,
                    result.status_raw,
                    self.unknown_after,
                )
                word = " ".join(result.status_raw.lower().split())[:40]
                pushes += self._told(
                    order,
                    f"unknown-status:{order.id}:{word}",
                    "admin.unknown_status",
                    status=result.status_raw,
                    count=self.unknown_after,
                )
                batch.unknown.append(order.id)
        since = order.silent_since or stamp(now)
        backoff = self.silence.backoff(since, order.poll_backoff, now)
        if backoff and not order.poll_backoff:
            log.warning("order #%s: no news from the panel since %s; polled less often", order.id, since)
            said = result.text if isinstance(result, PanelRefused) else result.status_raw
            pushes += self._told(
                order, f"silent:{order.id}", "admin.silent", since=compact(now - moment(since)), answer=said
            )
            batch.silent.append(order.id)
        next_poll = stamp(now + timedelta(seconds=backoff)) if backoff else ""
        return replace(marks, silent_since=since, poll_backoff=backoff, next_poll_at=next_poll)

    async def _refunds(
        self,
        tx: Transaction,
        refunds: list[tuple[Order, OrderStatus]],
        pushes: list[Queued],
        ledger: dict[int, list[Entry]] | None,
    ) -> tuple[dict[int, Decimal], list[NewEntry], set[int]]:
        """The refunds of orders turned Canceled (what was paid) or Partial (the undelivered share), one ledger key
        per order: the ledger of these orders read in one query; the entries to write in one statement. Also the
        Partial orders left for the admins to settle (no usable `remains`)."""
        refunded: dict[int, Decimal] = {order.id: Decimal(0) for order, _ in refunds}
        unsettled: set[int] = set()
        if not refunds:
            return refunded, [], unsettled
        if ledger is None:
            ledger = await LedgerRepo(tx).for_orders([order.id for order, _ in refunds])
        entries = []
        for order, status in refunds:
            key = f"order:{order.id}:refund"
            rows = ledger.get(order.id, [])
            if any(entry.key == key for entry in rows):
                continue  # refunded before: applied once
            paid = -sum((entry.amount for entry in rows), Decimal(0))
            amount = paid if status.state is PanelOrderState.CANCELED else partial_refund(order, status.remains, paid)
            if amount is None:
                log.warning("order #%s is Partial without a usable remains: no automatic refund", order.id)
                pushes += self._told(order, f"partial-unknown:{order.id}", "admin.partial_unknown")
                unsettled.add(order.id)
                continue
            if amount <= 0:
                continue
            reason = f"Order #{order.id} {status.state.value}"
            entries.append(NewEntry(order.user_id, amount, "refund", key, reason, order.id))
            refunded[order.id] = amount
        return refunded, entries, unsettled

    async def _rewards(
        self,
        tx: Transaction,
        orders: dict[int, Order],
        changes: list[StatusChange],
        unsettled: set[int],
        pushes: list[Queued],
        payers: dict[int, Payer] | None,
    ) -> list[NewEntry]:
        """The inviters' rewards for the orders these changes made Completed or Partial, written with the batch
        (a Partial left for the admins earns nothing: what it cost is not known). `payers` read here if not given."""
        delivered = [
            Delivered(orders[change.order_id], change.refund)
            for change in changes
            if change.new_state in DONE_STATES and change.order_id not in unsettled
        ]
        if not delivered or not self.referrals.enabled:
            return []
        if payers is None:
            payers = await self.referrals.payers(tx, [done.order.id for done in delivered])
        entries, told = self.referrals.rewards(delivered, payers)
        pushes += told
        return entries

    async def _flag_late(self, moving: list[tuple[int, str, str]], now: datetime) -> list[int]:
        """Tell the admins, once per order, about orders in motion (id, service, placed) for longer than typical ×
        factor: each service's typical time found once, the orders read again only when late."""
        if not moving:
            return []
        expectations = await self.timing.expectations(self.db, sorted({service for _, service, _ in moving}))
        late = [order for order, service, placed in moving if now - moment(placed) > expectations[service].late_after]
        if not late:
            return []
        async with self.db.transaction() as tx:
            fresh = await OrderRepo(tx).mark_late_many(late)
            orders = await OrderRepo(tx).many(fresh)
            pushes: list[Queued] = []
            for order_id in fresh:
                order = orders[order_id]
                timing = self.timing.assess(order, expectations[order.service_id], now)
                expected = timing.expectation
                log.warning("order #%s: %s since it was placed, typical %s", order.id, timing.elapsed, expected.typical)
                pushes += self._told(
                    order,
                    f"late:{order.id}",
                    "admin.late",
                    elapsed=compact(timing.elapsed),
                    typical=compact(expected.typical),
                    samples=expected.samples,
                )
            await queue_many(tx, pushes)
        return fresh

    def _told(self, order: Order, key: str, text: str, **values: object) -> list[Queued]:
        """A problem with one order, for the admins (queued once per key with the batch)."""
        return self.notices.addressed("problems", key, AdminNotice(text, {**order_values(order), **values}))

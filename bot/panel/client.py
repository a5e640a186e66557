"""The API v2 client: one async method per panel action, typed results.

How an answer is judged (docs/panel-api.md §5): network error → unavailable; a JSON
error at any HTTP status → refused, except an unrecognised one (or a server's own
words) on a 5xx: the server failing, not refusing; error-less JSON on 2xx → success;
anything else → unavailable. For writes (`add`, `refill`, `cancel`) an answer that
may have been produced after the panel acted becomes `PanelOutcomeUnknown` instead.
Read actions are retried with bounded backoff; writes never are.

`lane()` gives a second client to the same panel with its own connections and slots: the customer-facing
calls use one with a short timeout, so a background sync that hangs on the panel never holds them up.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import itertools
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from pydantic import SecretStr

from bot.panel import batches
from bot.panel.errors import (
    ErrorKind,
    PanelError,
    PanelOutcomeUnknown,
    PanelRefused,
    PanelUnavailable,
    meaning_text,
    means_no_such_action,
    refusal_from,
    speaking_for,
)
from bot.panel.models import Balance, NewOrder, OrderStatus, RefillStatus, Service
from bot.panel.parsing import get, parse_body, to_decimal, to_id, to_text

log = logging.getLogger(__name__)
R = TypeVar("R")

BATCH_LIMIT = 100
USER_AGENT = "Mozilla/5.0 (compatible; smm-shop-bot/0.1)"
# Actions a panel may simply not have: a whole-call "no such action" answer to them is `unsupported`.
_OPTIONAL_ACTIONS = frozenset({"refill", "refill_status", "cancel"})
# Connection never made: the request cannot have reached the panel.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


class PanelClient:
    """Talks to one panel. Create once, share, `aclose()` at the end."""

    def __init__(
        self,
        url: str,
        key: SecretStr | str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        read_retries: int = 3,
        retry_base_delay: float = 0.5,
        max_retry_delay: float = 30.0,
        max_concurrency: int = 4,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        wait_timeout: float | None = None,
        write_timeout: float | None = None,
    ) -> None:
        """`wait_timeout`: the longest wait for a free slot (None: as long as it takes); past it the call fails
        as unavailable, never sent. `write_timeout`: the read timeout of a write — add, refill, cancel (default
        `read_timeout`)."""
        self.url = url
        try:
            self._host = httpx.URL(url).host or url[:60]
        except httpx.InvalidURL:
            self._host = "invalid panel URL"
        self._key = key if isinstance(key, SecretStr) else SecretStr(key)
        self._read_retries = read_retries
        self._retry_base_delay = retry_base_delay
        self._max_retry_delay = max_retry_delay
        self._max_concurrency = max_concurrency
        self._slots = asyncio.Semaphore(max_concurrency)
        self._sleep = sleep
        self._transport = transport
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._wait_timeout = wait_timeout
        self._write_timeout = None
        if write_timeout is not None and write_timeout != read_timeout:
            self._write_timeout = httpx.Timeout(write_timeout, connect=connect_timeout)
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._http = httpx.AsyncClient(transport=transport, timeout=timeout, headers={"User-Agent": USER_AGENT})

    def __repr__(self) -> str:
        return f"PanelClient(url={self.url!r})"

    async def aclose(self) -> None:
        await self._http.aclose()

    def lane(self, *, read_timeout: float, read_retries: int, wait_timeout: float) -> PanelClient:
        """A client to the same panel with its own connection pool and slots (same key, same concurrency), for
        calls that must not queue behind this one's. Only reads get the short `read_timeout`: a write (add,
        refill, cancel) keeps this client's, because giving up early cannot unsend it — the panel may act on it
        while the shop records nothing, and a second press would ask twice (docs/ordering.md). Close it as
        well; it never closes this one's transport."""
        return PanelClient(
            self.url,
            self._key,
            transport=_Borrowed(self._transport) if self._transport is not None else None,
            connect_timeout=min(self._connect_timeout, read_timeout),
            read_timeout=read_timeout,
            read_retries=read_retries,
            retry_base_delay=self._retry_base_delay,
            max_retry_delay=self._max_retry_delay,
            max_concurrency=self._max_concurrency,
            sleep=self._sleep,
            wait_timeout=wait_timeout,
            write_timeout=self._read_timeout,
        )

    # --- catalog and balance -------------------------------------------------

    async def services(self) -> list[Service]:
        data = await self._read("services")
        return self._parse(batches.parse_services, data)

    async def balance(self) -> Balance:
        data = await self._read("balance")
        amount = to_decimal(get(data, "balance"))
        if amount is None:
            raise PanelUnavailable("answer without a balance", str(data))
        return Balance(amount=amount, currency=to_text(get(data, "currency")) or "")

    # --- orders --------------------------------------------------------------

    async def add(self, order: NewOrder) -> str:
        """Place an order; returns the panel's order ID. Never retried."""
        data = await self._call("add", order.form(), write=True)
        order_id = to_id(get(data, "order", "order_id"))
        if order_id is None:
            raise PanelOutcomeUnknown(f"add answered without an order ID: {str(data)[:200]}")
        return order_id

    async def status(self, order_id: str) -> OrderStatus:
        data = await self._read("status", {"order": order_id})
        return self._parse(batches.parse_single_status, data, order_id)

    async def statuses(self, order_ids: Iterable[str]) -> dict[str, OrderStatus | PanelRefused]:
        """Status of many orders, 100 per call. IDs missing from the answer are absent ("no news")."""
        return await _merged(self.status_batches(order_ids))

    def status_batches(self, order_ids: Iterable[str]) -> AsyncGenerator[dict[str, OrderStatus | PanelRefused]]:
        """The same, one answer of up to 100 at a time as each arrives, so callers can work while others wait."""
        return self._read_batches(
            "status", "orders", order_ids, ErrorKind.ORDER_NOT_FOUND, batches.parse_many_statuses, spread=True
        )

    async def cancel(self, order_ids: Iterable[str]) -> dict[str, bool | PanelRefused]:
        """Ask to cancel orders; True means the panel accepted the request."""
        return await self._write_many("cancel", order_ids, batches.parse_cancel)

    # --- refills -------------------------------------------------------------

    async def refill(self, order_id: str) -> str:
        data = await self._call("refill", {"order": order_id}, write=True)
        return self._parse(batches.parse_single_refill, data)

    async def refills(self, order_ids: Iterable[str]) -> dict[str, str | PanelRefused]:
        return await self._write_many("refill", order_ids, batches.parse_many_refills)

    async def refill_status(self, refill_id: str) -> RefillStatus:
        data = await self._read("refill_status", {"refill": refill_id})
        return self._parse(batches.parse_single_refill_status, data, refill_id)

    async def refill_statuses(self, refill_ids: Iterable[str]) -> dict[str, RefillStatus | PanelRefused]:
        return await _merged(
            self._read_batches(
                "refill_status",
                "refills",
                refill_ids,
                ErrorKind.REFILL_NOT_FOUND,
                batches.parse_many_refill_statuses,
                spread=False,
            )
        )

    # --- plumbing ------------------------------------------------------------

    async def _read_batches(
        self,
        action: str,
        field: str,
        ids: Iterable[str],
        not_found: ErrorKind,
        parse: Callable[[Any, list[str]], dict[str, R | PanelRefused]],
        *,
        spread: bool,
    ) -> AsyncGenerator[dict[str, R | PanelRefused]]:
        """A read over many IDs: 100 per call, at most `max_concurrency` calls in flight, answers as they come.

        An error for the whole call is raised as one refusal, never turned into a refusal of each ID
        ("Incorrect request" is not "refill not found" ×100). Two exceptions, both an error that says
        the IDs asked for do not exist (`not_found`): it answers the ID when only one was sent; and,
        with `spread`, every ID ("Invalid Order Ids" when none exist, docs/panel-api.md §3). `spread` is
        for order statuses only: a refused order stays tracked, while a refused refill is closed."""

        async def chunk_result(chunk: list[str]) -> dict[str, R | PanelRefused]:
            try:
                data = await self._read(action, {field: ",".join(chunk)})
            except PanelRefused as refused:
                if refused.kind is not_found and (spread or len(chunk) == 1):
                    return dict.fromkeys(chunk, refused)
                raise
            return self._parse(parse, data, chunk)

        # Calls start as answers are taken: at most twice `max_concurrency` answered or in flight ahead of the
        # caller, so a caller that works on each answer (the status sync writing a batch) is not crowded out by
        # decoding answers it cannot use yet, and a long list is not held in memory at once.
        waiting = iter(_chunks(_unique(ids)))
        tasks: set[asyncio.Task[dict[str, R | PanelRefused]]] = set()
        ready: list[asyncio.Task[dict[str, R | PanelRefused]]] = []
        try:
            while True:
                for chunk in itertools.islice(waiting, 2 * self._max_concurrency - len(tasks) - len(ready)):
                    tasks.add(asyncio.create_task(chunk_result(chunk)))
                if not ready and not tasks:
                    return
                if not ready:
                    done, tasks = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                    ready = list(done)
                yield ready.pop().result()
        finally:
            tasks |= set(ready)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _write_many(
        self, action: str, ids: Iterable[str], parse: Callable[[Any, list[str]], dict[str, R]]
    ) -> dict[str, R]:
        """A write over many orders, 100 per call, one call after the other; never retried."""
        result: dict[str, R] = {}
        for chunk in _chunks(_unique(ids)):
            data = await self._call(action, {"orders": ",".join(chunk)}, write=True)
            result |= self._parse(parse, data, chunk)
        return result

    async def _read(self, action: str, fields: dict[str, str] | None = None) -> Any:
        """A call that changes nothing: retried on outages and rate limits, with backoff."""
        attempt = 0
        while True:
            try:
                return await self._call(action, fields or {}, write=False)
            except (PanelUnavailable, PanelRefused) as error:
                delay = self._retry_delay(error, attempt)
                if delay is None:
                    raise
                log.info("panel %s failed (%s); retrying in %.1fs", action, error, delay)
                attempt += 1
                await self._sleep(delay)

    def _retry_delay(self, error: PanelError, attempt: int) -> float | None:
        if attempt >= self._read_retries:
            return None
        if isinstance(error, PanelRefused):
            if error.kind is not ErrorKind.RATE_LIMITED:
                return None
            if error.retry_after is not None:
                return error.retry_after if error.retry_after <= self._max_retry_delay else None
        return min(self._max_retry_delay, self._retry_base_delay * 2**attempt)

    async def _call(self, action: str, fields: dict[str, str], *, write: bool) -> Any:
        form = {"key": self._key.get_secret_value(), "action": action, **fields}
        timeout = self._write_timeout if write and self._write_timeout else httpx.USE_CLIENT_DEFAULT
        async with self._slot(action):
            try:
                response = await self._http.post(self.url, data=form, timeout=timeout)
            except _NOT_SENT as error:
                raise _timed(PanelUnavailable(f"cannot connect ({type(error).__name__})"), error) from None
            except httpx.HTTPError as error:
                reason = f"{type(error).__name__} during {action}"
                if write:
                    raise _timed(PanelOutcomeUnknown(reason), error) from None
                raise _timed(PanelUnavailable(reason), error) from None
        return self._judge(action, response, write=write)

    @contextlib.asynccontextmanager
    async def _slot(self, action: str) -> AsyncIterator[None]:
        """One of the `max_concurrency` slots; with a `wait_timeout`, given up (nothing sent) after it."""
        if self._wait_timeout is None:
            async with self._slots:
                yield
            return
        try:
            async with asyncio.timeout(self._wait_timeout):
                await self._slots.acquire()
        except TimeoutError:
            busy = PanelUnavailable(f"all {self._max_concurrency} panel connections busy; {action} not sent")
            busy.timed_out = True
            raise busy from None
        try:
            yield
        finally:
            self._slots.release()

    def _parse(self, parse: Callable[..., R], *args: Any) -> R:
        """Read an answer; error texts classified meanwhile are this panel's (for the unknown-wording log)."""
        with speaking_for(self._host, self._redact):
            return parse(*args)

    def _judge(self, action: str, response: httpx.Response, *, write: bool) -> Any:
        data, status = parse_body(response.content), response.status_code
        with speaking_for(self._host, self._redact):
            refused = refusal_from(data, http_status=status, retry_after=_retry_after(response))
        if refused is not None and action in _OPTIONAL_ACTIONS and _no_such_action(refused, response.status_code):
            # before the server-failure test: "501 Not Implemented" is how a server says it has no such function
            refused = PanelRefused(refused.text, ErrorKind.UNSUPPORTED, retry_after=refused.retry_after)
        if refused is not None and (refused.kind is ErrorKind.UNSUPPORTED or not _server_failure(refused, status)):
            log.info("panel refused %s: %s", action, refused.kind)
            raise refused
        if response.status_code == 429:
            raise PanelRefused("Too many requests", ErrorKind.RATE_LIMITED, retry_after=_retry_after(response))
        if response.is_success and data is not None:
            return data
        excerpt = self._redact(response.content[:200].decode("utf-8", errors="replace"))
        log.warning("panel %s: unusable answer (HTTP %s): %r", action, response.status_code, excerpt)
        if write:
            raise PanelOutcomeUnknown(f"unusable answer to {action} (HTTP {response.status_code})")
        raise PanelUnavailable(f"unusable answer (HTTP {response.status_code})", excerpt)

    def _redact(self, text: str) -> str:
        key = self._key.get_secret_value()
        return text.replace(key, "***") if key else text


class _Borrowed(httpx.AsyncBaseTransport):
    """A transport another client owns: used by a lane, closed only by its owner."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(request)


def _timed(error: PanelError, cause: httpx.HTTPError) -> PanelError:
    """Mark `error` as a timeout (the panel is slow, rather than refusing or answering garbage)."""
    error.timed_out = isinstance(cause, httpx.TimeoutException)
    return error


def _server_failure(refused: PanelRefused, http_status: int) -> bool:
    """A 5xx whose error we cannot read ("Server Error", a framework's error page in JSON) is the server failing,
    not the panel refusing: for `add` it may come after the order was made. Words that clearly mean a refusal
    (funds, service, link, …) stay one at any status: some panels answer every refusal with a 4xx or 5xx."""
    if http_status < 500:
        return False
    return refused.kind is ErrorKind.UNKNOWN or meaning_text(refused.text) in _SERVER_FAILING


# A server's own words for failing (HTTP reason phrases, a proxy's 503 page): at a 5xx they are about the server,
# whatever they would mean from a panel ("Service Unavailable" is not "this service is disabled").
_REASON_PHRASES = [httpx.codes.get_reason_phrase(code) for code in range(500, 512)]
_SERVER_FAILING = frozenset(meaning_text(p) for p in [*_REASON_PHRASES, "Service temporarily unavailable"] if p)


def _no_such_action(refused: PanelRefused, http_status: int) -> bool:
    """A whole-call refusal meaning "this panel has no such action": its words, or 404/405/501 with no clearer
    meaning."""
    if refused.kind in (ErrorKind.RATE_LIMITED, ErrorKind.INVALID_API_KEY):
        return False
    if means_no_such_action(refused.text):
        return True
    return http_status in (404, 405, 501) and refused.kind in (ErrorKind.UNKNOWN, ErrorKind.BAD_REQUEST)


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait from `Retry-After` (seconds or a date) or `X-RateLimit-Reset` (Unix time)."""
    value = response.headers.get("retry-after")
    if value:
        seconds = to_decimal(value)
        if seconds is not None:
            return max(0.0, float(seconds))
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            moment = None
        if moment is not None:
            return max(0.0, moment.timestamp() - time.time())
    reset = to_decimal(response.headers.get("x-ratelimit-reset"))
    if reset is not None:
        return max(0.0, float(reset - Decimal(int(time.time()))))
    return None


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))


def _chunks(ids: list[str]) -> list[list[str]]:
    return [ids[i : i + BATCH_LIMIT] for i in range(0, len(ids), BATCH_LIMIT)]


async def _merged(parts: AsyncIterator[dict[str, R]]) -> dict[str, R]:
    merged: dict[str, R] = {}
    async for part in parts:
        merged |= part
    return merged

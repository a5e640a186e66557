"""Turning successful panel answers into typed results (docs/panel-api.md §3).

Batch answers come as objects keyed by ID, arrays with IDs, arrays in request
order, with per-entry errors as objects or bare strings. Entries are matched by ID;
by position only for an ID-less array of exactly the length sent. An ID missing
from an answer is "no news" and simply absent from the result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from bot.panel.errors import ErrorKind, PanelRefused, PanelUnavailable, refusal_from
from bot.panel.models import (
    OrderState,
    OrderStatus,
    RefillState,
    RefillStatus,
    Service,
    order_state,
    refill_state,
    service_type,
)
from bot.panel.parsing import get, has, to_decimal, to_flag, to_id, to_int, to_text

log = logging.getLogger(__name__)
T = TypeVar("T")


# --- services ---------------------------------------------------------------------


def parse_services(data: Any) -> list[Service]:
    """The catalog, bare or wrapped in `services`/`data`; "Empty Data" in words is empty."""
    if isinstance(data, dict):
        data = get(data, "services", "data")
    if not isinstance(data, list):
        if isinstance(data, str):
            return []
        raise PanelUnavailable("services answer is not a list", str(data))
    services = []
    for entry in data:
        service = _service(entry)
        if service is None:
            log.warning("skipping unreadable catalog entry: %.200r", entry)
        else:
            services.append(service)
    return services


def _service(entry: Any) -> Service | None:
    service_id = to_id(get(entry, "service", "id", "service_id"))
    rate = to_decimal(get(entry, "rate", "price"))
    if service_id is None or rate is None or rate < 0:
        return None
    minimum = to_int(get(entry, "min")) or 1
    maximum = to_int(get(entry, "max")) or minimum
    type_raw = to_text(get(entry, "type")) or "Default"
    return Service(
        id=service_id,
        name=to_text(get(entry, "name")) or f"Service {service_id}",
        category=to_text(get(entry, "category")) or "Other",
        type=service_type(type_raw),
        type_raw=type_raw,
        rate=rate,
        min=minimum,
        max=max(maximum, minimum),
        refill=to_flag(get(entry, "refill")),
        cancel=to_flag(get(entry, "cancel")),
        dripfeed=to_flag(get(entry, "dripfeed")),
        description=to_text(get(entry, "desc", "description")) or "",
    )


# --- order status -------------------------------------------------------------------


def order_status(entry: Any) -> OrderStatus | PanelRefused:
    """One status entry, or the refusal it carries instead."""
    if isinstance(entry, str) and order_state(entry) is not OrderState.UNKNOWN:
        entry = {"status": entry}  # a bare status name, not an error text
    refused = _entry_refusal(entry, "status")
    if refused is not None:
        return refused
    raw = to_text(get(entry, "status")) or ""
    return OrderStatus(
        status_raw=raw,
        state=order_state(raw),
        charge=to_decimal(get(entry, "charge")),
        start_count=to_int(get(entry, "start_count", "start_counter")),
        remains=to_int(get(entry, "remains")),
        currency=to_text(get(entry, "currency")),
    )


def parse_single_status(data: Any, order_id: str) -> OrderStatus:
    return _single(data, order_id, order_status)


def parse_many_statuses(data: Any, ids: list[str]) -> dict[str, OrderStatus | PanelRefused]:
    id_keys = ("order", "id", "order_id")
    if _single_in_many_form(data, ids, id_keys):
        return {ids[0]: order_status(data)}
    return _match(data, ids, id_keys=id_keys, parse=order_status)


# --- refills --------------------------------------------------------------------------


def refill_status(entry: Any) -> RefillStatus | PanelRefused:
    if isinstance(entry, str) and refill_state(entry) is not RefillState.UNKNOWN:
        entry = {"status": entry}  # a bare status name, not an error text
    refused = _entry_refusal(entry, "status")
    if refused is not None:
        if refused.kind is ErrorKind.ORDER_NOT_FOUND or refused.kind is ErrorKind.UNKNOWN:
            return PanelRefused(refused.text, ErrorKind.REFILL_NOT_FOUND)
        return refused
    raw = to_text(get(entry, "status")) or ""
    return RefillStatus(status_raw=raw, state=refill_state(raw))


def parse_single_refill_status(data: Any, refill_id: str) -> RefillStatus:
    return _single(data, refill_id, refill_status)


def parse_many_refill_statuses(data: Any, ids: list[str]) -> dict[str, RefillStatus | PanelRefused]:
    id_keys = ("refill", "id", "refill_id")
    if _single_in_many_form(data, ids, id_keys):
        return {ids[0]: refill_status(data)}
    return _match(data, ids, id_keys=id_keys, parse=refill_status)


def refill_id(entry: Any) -> str | PanelRefused:
    """The refill ID in an entry, or the refusal it carries."""
    refused = _entry_refusal(entry, "refill")
    if refused is not None:
        return refused
    value = to_id(get(entry, "refill", "refill_id", "id"))
    if value is None:
        return PanelRefused(f"no refill ID in answer: {str(entry)[:100]}", ErrorKind.UNKNOWN)
    return value


def parse_single_refill(data: Any) -> str:
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    result = refill_id(data)
    if isinstance(result, PanelRefused):
        raise result
    return result


def parse_many_refills(data: Any, ids: list[str]) -> dict[str, str | PanelRefused]:
    if isinstance(data, dict) and has(data, "refill") and not has(data, "order"):
        # A lone `{"refill": "1"}` answers a batch only when one ID was sent.
        return {ids[0]: refill_id(data)} if len(ids) == 1 else {}
    return _match(data, ids, id_keys=("order", "order_id"), parse=refill_id)


# --- cancel ------------------------------------------------------------------------------


def cancel_result(entry: Any) -> bool | PanelRefused:
    refused = _entry_refusal(entry, "cancel")
    if refused is not None:
        return refused
    value = get(entry, "cancel")
    return to_flag(value) if value is not None else True


def parse_cancel(data: Any, ids: list[str]) -> dict[str, bool | PanelRefused]:
    if isinstance(data, dict) and not any(has(data, k) for k in ("order", *ids)) and len(ids) == 1:
        return {ids[0]: cancel_result(data)}
    return _match(data, ids, id_keys=("order", "order_id", "id"), parse=cancel_result)


# --- shared shapes ---------------------------------------------------------------------


def _entry_refusal(entry: Any, field: str) -> PanelRefused | None:
    """An error as the entry itself, as a bare string, or nested in `field`.

    A status entry that carries order figures is a status even when it reads
    "Error" (a failed order, §4), not a refusal."""
    if isinstance(entry, str):
        return PanelRefused(entry)
    if not isinstance(entry, dict):
        return PanelRefused(f"unreadable entry: {str(entry)[:100]}", ErrorKind.UNKNOWN)
    nested = get(entry, field)
    if isinstance(nested, (dict, list)):
        return refusal_from(nested) or PanelRefused(f"unreadable {field}", ErrorKind.UNKNOWN)
    if field == "status" and any(has(entry, k) for k in ("charge", "remains", "start_count")):
        return None
    return refusal_from(entry)


def _single_in_many_form(data: Any, ids: list[str], id_keys: tuple[str, ...]) -> bool:
    """One ID asked for in the many form (`orders=5`) and answered in the single form (`{"status": …}`):
    not keyed by the ID, and any ID it names is the one asked for."""
    if len(ids) != 1 or not isinstance(data, dict) or not has(data, "status"):
        return False
    if any(to_id(key) == ids[0] for key in data):
        return False
    named = to_id(get(data, *id_keys))
    return named is None or named == ids[0]


def _single(data: Any, wanted: str, parse: Callable[[Any], T | PanelRefused]) -> T:
    """One entry asked for by ID: bare, wrapped as `{"<id>": {…}}`, or a list of one; raise its refusal."""
    if isinstance(data, dict) and not has(data, "status"):
        data = _unwrap_by_id(data, wanted)
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    result = parse(data)
    if isinstance(result, PanelRefused):
        raise result
    return result


def _unwrap_by_id(data: dict[Any, Any], wanted: str) -> Any:
    """`{"<id>": {…}}` → `{…}` when the single key is the ID asked for."""
    for key, value in data.items():
        if to_id(key) == wanted:
            return value
    if len(data) == 1:
        return next(iter(data.values()))
    return data


def _match(data: Any, ids: list[str], *, id_keys: tuple[str, ...], parse: Callable[[Any], T]) -> dict[str, T]:
    wanted = set(ids)
    result: dict[str, T] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            entry_id = to_id(key)
            if entry_id in wanted:
                result[entry_id] = parse(value)
        return result
    if not isinstance(data, list):
        raise PanelUnavailable("batch answer is neither an object nor a list", str(data))
    with_ids = [(to_id(get(item, *id_keys)) if isinstance(item, dict) else None, item) for item in data]
    if any(entry_id is not None for entry_id, _ in with_ids):
        for entry_id, item in with_ids:
            if entry_id in wanted:
                result[entry_id] = parse(item)
        return result
    if len(data) == len(ids):
        return {entry_id: parse(item) for entry_id, item in zip(ids, data, strict=True)}
    log.warning("batch answer of %d entries without IDs for %d IDs: ignored", len(data), len(ids))
    return result

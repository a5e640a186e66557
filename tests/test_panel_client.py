"""The panel client against what real panels send (docs/panel-api.md §3, §5, §6).

Each answer here is a body a real panel is known to send; the client must read it,
or sort it into refused / unavailable / outcome unknown."""

from __future__ import annotations

import json
from decimal import Decimal

import httpx
import pytest

from bot.panel import (
    ErrorKind,
    NewOrder,
    OrderState,
    PanelClient,
    PanelOutcomeUnknown,
    PanelRefused,
    PanelUnavailable,
    RefillState,
    ServiceType,
)
from bot.panel.errors import classify

KEY = "very-secret-panel-key"


class Panel:
    """Answers queued per test; records what the client sent."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent: list[dict] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(dict(httpx.QueryParams(request.content.decode())))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(200, content=answer if isinstance(answer, bytes) else json.dumps(answer).encode())


def client_for(panel: Panel, **options) -> PanelClient:
    async def no_sleep(_):
        return None

    return PanelClient(
        "https://panel.example/api/v2",
        KEY,
        transport=httpx.MockTransport(panel),
        retry_base_delay=0,
        sleep=no_sleep,
        **options,
    )


# --- services ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        [
            {
                "service": 1,
                "name": "Followers",
                "type": "Default",
                "category": "First",
                "rate": "0.90",
                "min": "50",
                "max": "10000",
                "refill": True,
                "cancel": True,
            }
        ],
        {
            "services": [
                {
                    "service": "1",
                    "name": "Followers",
                    "type": "default",
                    "category": "First",
                    "rate": 0.90,
                    "min": 50,
                    "max": 10000,
                    "refill": 1,
                    "cancel": "1",
                }
            ]
        },
        {
            "data": [
                {
                    "Service": 1,
                    "Name": "Followers",
                    "Type": "DEFAULT",
                    "Category": "First",
                    "Rate": "0.9000",
                    "Min": "50",
                    "Max": "10000",
                    "Refill": "true",
                    "Cancel": 1,
                    "desc": "x",
                    "sort": 3,
                }
            ]
        },
    ],
)
async def test_services_in_any_shape_read_the_same(body):
    [service] = await client_for(Panel(body)).services()
    assert (service.id, service.name, service.category, service.type) == (
        "1",
        "Followers",
        "First",
        ServiceType.DEFAULT,
    )
    assert service.rate == Decimal("0.9") and (service.min, service.max) == (50, 10000)
    assert service.refill and service.cancel


async def test_services_flags_only_a_clear_yes_is_yes_and_types_are_normalised():
    body = [
        {
            "service": 1,
            "name": "a",
            "type": "Custom_comments",
            "category": "c",
            "rate": "1",
            "min": 1,
            "max": 5,
            "refill": "0",
            "cancel": 2,
        },
        {
            "service": 2,
            "name": "b",
            "type": "Invites From Groups",
            "category": "c",
            "rate": "0.00100000",
            "min": "1",
            "max": "9",
            "refill": None,
        },
        {"service": 3, "name": "c", "type": "Auto Likes", "category": "c", "rate": "3", "min": 1, "max": 2},
        {"service": 4, "name": "d", "category": "c", "rate": "3", "min": 1, "max": 2},
        {"service": 5, "name": "no rate", "category": "c"},
    ]
    services = await client_for(Panel(body)).services()
    assert [s.id for s in services] == ["1", "2", "3", "4"], "an entry without a rate is skipped, not fatal"
    assert services[0].type is ServiceType.CUSTOM_COMMENTS and not services[0].refill and not services[0].cancel
    assert services[1].type is ServiceType.INVITES_FROM_GROUPS and services[1].rate == Decimal("0.001")
    assert services[2].type is ServiceType.OTHER and services[2].type_raw == "Auto Likes"
    assert services[3].type is ServiceType.DEFAULT


async def test_empty_catalog_in_words_is_empty():
    assert await client_for(Panel({"status": "success", "data": "Empty Data"})).services() == []


# --- add ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ({"order": 23501}, "23501"),
        ({"order": "23501"}, "23501"),
        ({"order": "507f1f77bcf86cd799439011"}, "507f1f77bcf86cd799439011"),
        ({"order_id": "12345"}, "12345"),
        ({"status": "success", "order": 151}, "151"),
        ({"status": 100, "order": 12}, "12"),
        ({"order": 12, "charge": 0.5, "currency": "UZS"}, "12"),
    ],
)
async def test_add_reads_the_order_id_in_every_known_shape(body, expected):
    panel = Panel(body)
    order = NewOrder("7", "https://t.me/x", 100, {"list": "a\nb"})
    assert await client_for(panel).add(order) == expected
    assert panel.sent[0] == {
        "key": KEY,
        "action": "add",
        "service": "7",
        "link": "https://t.me/x",
        "quantity": "100",
        "list": "a\nb",
    }


async def test_add_created_with_http_201():
    panel = Panel(httpx.Response(201, json={"order": 9}))
    assert await client_for(panel).add(NewOrder("1", "https://x.io/a", 10)) == "9"


@pytest.mark.parametrize(
    "answer, kind",
    [
        ({"error": "Quantity less than minimal 200"}, ErrorKind.INVALID_QUANTITY),
        ({"error": "Not enough funds on balance"}, ErrorKind.INSUFFICIENT_FUNDS),
        (httpx.Response(422, json={"error": "neworder.error.link"}), ErrorKind.INVALID_LINK),
        (httpx.Response(401, json={"error": "Whatever the text"}), ErrorKind.INVALID_API_KEY),
        ({"error": {"code": 405, "message": "Incorrect service ID"}}, ErrorKind.INVALID_SERVICE),
        (
            {
                "status": "error",
                "message": "You have active order with this link. Please wait until order being completed.",
            },
            ErrorKind.DUPLICATE_ACTIVE_LINK,
        ),
        (b"error=Invalid+API+key", ErrorKind.INVALID_API_KEY),
        ({"error": "Something new and strange", "status": "113"}, ErrorKind.INSUFFICIENT_FUNDS),
        ({"error": "Something new and strange"}, ErrorKind.UNKNOWN),
        # a 5xx whose words clearly say "not placed" (some panels refuse with any status) is still a refusal
        (httpx.Response(503, json={"error": "Not enough funds on balance"}), ErrorKind.INSUFFICIENT_FUNDS),
        (httpx.Response(500, json={"error": "Incorrect service ID"}), ErrorKind.INVALID_SERVICE),
    ],
)
async def test_add_refusals_are_classified_and_carry_the_panels_words(answer, kind):
    with pytest.raises(PanelRefused) as caught:
        await client_for(Panel(answer)).add(NewOrder("1", "https://x.io/a", 10))
    assert caught.value.kind is kind
    assert KEY not in str(caught.value)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.ReadTimeout("timed out"),
        httpx.RemoteProtocolError("server disconnected"),
        httpx.Response(502, content=b"<html><h1>502 Bad Gateway</h1></html>"),
        # a server error in JSON: its words do not say "not placed", and the panel may have placed it
        httpx.Response(500, json={"error": "Server Error"}),
        httpx.Response(503, json={"message": "Service temporarily unavailable", "status": "error"}),
        httpx.Response(200, content=b""),
        httpx.Response(200, content=b"null"),
        {"status": "success"},
    ],
)
async def test_add_with_an_unknowable_outcome_is_never_retried(answer):
    panel = Panel(answer)
    with pytest.raises(PanelOutcomeUnknown):
        await client_for(panel, read_retries=5).add(NewOrder("1", "https://x.io/a", 10))
    assert len(panel.sent) == 1


async def test_add_that_could_not_connect_is_unavailable_not_unknown():
    with pytest.raises(PanelUnavailable):
        await client_for(Panel(httpx.ConnectError("refused"))).add(NewOrder("1", "https://x.io/a", 10))


# --- status ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, state, start, remains, charge",
    [
        (
            {"charge": "2.5", "start_count": "168", "status": "Completed", "remains": "-2"},
            OrderState.COMPLETED,
            168,
            -2,
            Decimal("2.5"),
        ),
        (
            {"charge": "0.27819", "start_count": "3572", "status": "Partial", "remains": "157", "currency": "USD"},
            OrderState.PARTIAL,
            3572,
            157,
            Decimal("0.27819"),
        ),
        ({"order": 1526, "status": "Completed", "start_count": 300, "remains": 0}, OrderState.COMPLETED, 300, 0, None),
        (
            {"charge": 25000, "start_counter": 0, "status": "In Progress", "remains": 5},
            OrderState.IN_PROGRESS,
            0,
            5,
            Decimal(25000),
        ),
        ({"status": "processing", "remains": "Unknown", "start_count": ""}, OrderState.IN_PROGRESS, None, None, None),
        ({"5": {"status": "Cancelled", "remains": "1000", "start_count": None}}, OrderState.CANCELED, None, 1000, None),
        ({"status": "In progess", "runs": "10", "orders": [1021]}, OrderState.IN_PROGRESS, None, None, None),
        ({"status": "Active", "posts": "5"}, OrderState.IN_PROGRESS, None, None, None),
        ({"status": "Fail", "charge": "1"}, OrderState.FAILED, None, None, Decimal(1)),
        ({"status": "Teleported"}, OrderState.UNKNOWN, None, None, None),
    ],
)
async def test_single_status_in_every_known_shape(body, state, start, remains, charge):
    status = await client_for(Panel(body)).status("5")
    assert (status.state, status.start_count, status.remains, status.charge) == (state, start, remains, charge)
    assert not status.state.is_final or state in (OrderState.COMPLETED, OrderState.PARTIAL, OrderState.CANCELED)


async def test_unknown_and_failed_statuses_are_never_final():
    assert not OrderState.UNKNOWN.is_final and not OrderState.FAILED.is_final


async def test_single_status_error_is_a_refusal():
    with pytest.raises(PanelRefused) as caught:
        await client_for(Panel({"error": "Incorrect order ID"})).status("5")
    assert caught.value.kind is ErrorKind.ORDER_NOT_FOUND


@pytest.mark.parametrize(
    "body",
    [
        {
            "123": {"charge": "0.27819", "start_count": "3572", "status": "Partial", "remains": "157"},
            "456": {"error": "Incorrect order ID"},
            "789": {"charge": "1.44219", "start_count": "234", "status": "In progress", "remains": "10"},
        },
        [{"order": 123, "status": "Partial", "remains": 157}, {"order": "789", "status": "In progress", "remains": 10}],
        [
            {"status": "Partial", "remains": 157},
            {"error": "Incorrect order ID"},
            {"status": "In progress", "remains": 10},
        ],
        {
            "123": {"status": "Partial", "remains": "157"},
            "456": "Incorrect order ID",
            "789": {"status": "In progress", "remains": "10"},
        },
    ],
)
async def test_many_statuses_matched_by_id_whatever_the_shape(body):
    result = await client_for(Panel(body)).statuses(["123", "456", "789"])
    assert result["123"].state is OrderState.PARTIAL and result["123"].remains == 157
    assert result["789"].state is OrderState.IN_PROGRESS and result["789"].remains == 10
    if "456" in result:
        assert isinstance(result["456"], PanelRefused) and result["456"].kind is ErrorKind.ORDER_NOT_FOUND


async def test_many_statuses_ignore_an_id_less_array_of_the_wrong_length():
    result = await client_for(Panel([{"status": "Completed"}])).statuses(["1", "2"])
    assert result == {}, "cannot tell which order it belongs to: no news"


async def test_many_statuses_one_error_for_all_means_none_exist():
    result = await client_for(Panel({"error": "Invalid Order Ids"})).statuses(["1", "2"])
    assert set(result) == {"1", "2"} and all(r.kind is ErrorKind.ORDER_NOT_FOUND for r in result.values())


async def test_many_statuses_go_100_per_call():
    panel = Panel({})
    await client_for(panel).statuses([str(i) for i in range(250)] + ["7"])
    sizes = [len(sent["orders"].split(",")) for sent in panel.sent]
    assert sorted(sizes) == [50, 100, 100], "250 unique IDs, 100 per call, duplicates sent once"


# --- refills, cancel, balance ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"refill": "1"},
        {"refill": 1},
        {"refill": 1, "success": "ok"},
        {"status": "success", "refill": 1},
        [{"order": 4, "refill": 1}],
    ],
)
async def test_single_refill_id(body):
    assert await client_for(Panel(body)).refill("4") == "1"


async def test_many_refills_with_per_order_errors():
    body = [{"order": 1, "refill": 1}, {"order": "3", "refill": {"error": "Incorrect order ID"}}]
    result = await client_for(Panel(body)).refills(["1", "3"])
    assert result["1"] == "1" and result["3"].kind is ErrorKind.ORDER_NOT_FOUND


async def test_lone_refill_answer_to_a_batch_only_for_one_id():
    assert await client_for(Panel({"refill": "8"})).refills(["1"]) == {"1": "8"}
    assert await client_for(Panel({"refill": "8"})).refills(["1", "2"]) == {}


@pytest.mark.parametrize(
    "body, state",
    [
        ({"status": "Completed"}, RefillState.COMPLETED),
        ({"status": "In progess"}, RefillState.IN_PROGRESS),
        ({"status": "Rejected"}, RefillState.REJECTED),
        ({"status": "Processed"}, RefillState.COMPLETED),
        ({"status": "Zzz"}, RefillState.UNKNOWN),
    ],
)
async def test_single_refill_status(body, state):
    assert (await client_for(Panel(body)).refill_status("1")).state is state


@pytest.mark.parametrize(
    "body", [{"error": "Refill not found"}, {"status": {"error": "Refill not found"}}, {"error": "Incorrect refill ID"}]
)
async def test_unknown_refill_is_refill_not_found(body):
    with pytest.raises(PanelRefused) as caught:
        await client_for(Panel(body)).refill_status("1")
    assert caught.value.kind is ErrorKind.REFILL_NOT_FOUND


async def test_many_refill_statuses():
    body = [
        {"refill": 1, "status": "Completed"},
        {"refill": "2", "status": "Rejected"},
        {"refill": 3, "status": {"error": "Incorrect refill ID"}},
    ]
    result = await client_for(Panel(body)).refill_statuses(["1", "2", "3"])
    assert result["1"].state is RefillState.COMPLETED and result["2"].state is RefillState.REJECTED
    assert result["3"].kind is ErrorKind.REFILL_NOT_FOUND


async def test_cancel_shapes():
    body = [{"order": 9, "cancel": {"error": "Incorrect order ID"}}, {"order": 2, "cancel": 1}]
    result = await client_for(Panel(body)).cancel(["9", "2"])
    assert result["2"] is True and result["9"].kind is ErrorKind.ORDER_NOT_FOUND
    assert await client_for(Panel({"cancel": 1})).cancel(["2"]) == {"2": True}
    assert await client_for(Panel({"status": "success"})).cancel(["2"]) == {"2": True}
    with pytest.raises(PanelRefused) as caught:
        await client_for(Panel({"error": "Incorrect request"})).cancel(["2"])
    assert caught.value.kind is ErrorKind.UNSUPPORTED, "no cancel on this panel"


@pytest.mark.parametrize(
    "body, amount, currency",
    [
        ({"balance": "100.84292", "currency": "USD"}, Decimal("100.84292"), "USD"),
        ({"balance": 1250000, "balancef": "1,250,000", "currency": "VND"}, Decimal(1250000), "VND"),
        ({"status": "success", "balance": 12.3, "currency": "USD"}, Decimal("12.3"), "USD"),
    ],
)
async def test_balance_shapes(body, amount, currency):
    balance = await client_for(Panel(body)).balance()
    assert (balance.amount, balance.currency) == (amount, currency)


# --- transport, garbage and retries --------------------------------------------------------------


async def test_json_labelled_html_with_bom_and_whitespace_is_read():
    answer = httpx.Response(
        200, content='\ufeff\n  {"balance": "5", "currency": "VND"}'.encode(), headers={"Content-Type": "text/html"}
    )
    assert (await client_for(Panel(answer)).balance()).amount == Decimal(5)


async def test_reads_retry_outages_then_succeed():
    panel = Panel(
        httpx.Response(502, content=b"<html>Bad Gateway</html>"),
        httpx.ConnectError("down"),
        {"balance": "7", "currency": "VND"},
    )
    assert (await client_for(panel, read_retries=3).balance()).amount == Decimal(7)
    assert len(panel.sent) == 3


async def test_reads_retry_a_server_error_in_json_as_an_outage():
    panel = Panel(httpx.Response(500, json={"error": "Server Error"}), {"balance": "7", "currency": "VND"})
    assert (await client_for(panel, read_retries=3).balance()).amount == Decimal(7)
    assert len(panel.sent) == 2


async def test_reads_give_up_after_bounded_retries_as_unavailable_with_an_excerpt():
    panel = Panel(httpx.Response(200, content=b"<html>" + b"x" * 500 + b"</html>"))
    with pytest.raises(PanelUnavailable) as caught:
        await client_for(panel, read_retries=2).balance()
    assert len(panel.sent) == 3 and len(caught.value.excerpt) <= 200


async def test_rate_limit_honours_retry_after():
    waits = []

    async def sleep(seconds):
        waits.append(seconds)

    panel = Panel(
        httpx.Response(429, json={"error": "Too many requests"}, headers={"Retry-After": "7"}),
        {"balance": "1", "currency": "VND"},
    )
    client = PanelClient("https://p/api/v2", KEY, transport=httpx.MockTransport(panel), sleep=sleep)
    assert (await client.balance()).amount == Decimal(1)
    assert waits == [7.0]


async def test_rate_limit_without_error_text_is_still_rate_limited():
    panel = Panel(httpx.Response(429, content=b"<html>slow down</html>"))
    with pytest.raises(PanelRefused) as caught:
        await client_for(panel, read_retries=0).balance()
    assert caught.value.kind is ErrorKind.RATE_LIMITED


async def test_the_key_never_shows_in_reprs_errors_or_excerpts():
    panel = Panel(httpx.Response(500, content=f"<html>debug: key={KEY}</html>".encode()))
    client = client_for(panel, read_retries=0)
    with pytest.raises(PanelUnavailable) as caught:
        await client.balance()
    assert KEY not in str(caught.value) and KEY not in repr(client)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Quantity less than minimal 200", ErrorKind.INVALID_QUANTITY),
        ("quantity more than maximum 10,000.", ErrorKind.INVALID_QUANTITY),
        ("Minimum quantity is 10", ErrorKind.INVALID_QUANTITY),
        ("  INVALID API KEY!  ", ErrorKind.INVALID_API_KEY),
        ("neworder.error.not_enough_funds", ErrorKind.INSUFFICIENT_FUNDS),
        ("Order not eligible for refill", ErrorKind.NOT_ELIGIBLE),
        ("Too many requests", ErrorKind.RATE_LIMITED),
        ("Maximum 100 orders", ErrorKind.BAD_REQUEST),
        ("Quantity less than minimal", ErrorKind.INVALID_QUANTITY),  # read by meaning now (no number needed)
    ],
)
def test_error_catalogue(text, kind):
    assert classify(text) is kind


def _json_at(status: int, body: dict) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode())


# "501 Not Implemented" is how a server says it has no such function: learned as unsupported (not asked again),
# not read as the server failing.
async def test_refill_status_answered_501_not_implemented_is_unsupported():
    client = client_for(Panel(_json_at(501, {"error": "Not Implemented"})))
    with pytest.raises(PanelRefused) as refused:
        await client.refill_status("5")
    assert refused.value.kind is ErrorKind.UNSUPPORTED


async def test_refill_answered_501_not_implemented_is_unsupported():
    client = client_for(Panel(_json_at(501, {"error": "Not Implemented"})))
    with pytest.raises(PanelRefused) as refused:
        await client.refill("5")
    assert refused.value.kind is ErrorKind.UNSUPPORTED

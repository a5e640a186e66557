"""Panel errors read by meaning, not by exact text (docs/panel-api.md §5), and the answer shapes around them.

Every phrasing here is fresh: none is in the catalogue or spelled out in the keyword families."""

from __future__ import annotations

import logging
from decimal import Decimal

import httpx
import pytest

from bot.panel import ErrorKind, NewOrder, OrderState, PanelClient, PanelRefused, RefillState
from bot.panel.errors import classify, meaning_text
from tests.test_panel_client import KEY, Panel, client_for


@pytest.mark.parametrize(
    "text, kind",
    [
        # funds
        ("Your account balance is insufficient to place this order", ErrorKind.INSUFFICIENT_FUNDS),
        ("Sorry, not enough money", ErrorKind.INSUFFICIENT_FUNDS),
        ("Funds too low — please top up first!", ErrorKind.INSUFFICIENT_FUNDS),
        ("Số dư tài khoản của bạn không đủ", ErrorKind.INSUFFICIENT_FUNDS),
        ("Bạn không đủ tiền để đặt đơn này", ErrorKind.INSUFFICIENT_FUNDS),
        ("SO DU KHONG DU, vui long nap them", ErrorKind.INSUFFICIENT_FUNDS),
        # orders
        ("We could not find that order", ErrorKind.ORDER_NOT_FOUND),
        ("Order #55 does not exist.", ErrorKind.ORDER_NOT_FOUND),
        ("unknown   ORDER   id!!", ErrorKind.ORDER_NOT_FOUND),
        ("Mã đơn hàng không hợp lệ", ErrorKind.ORDER_NOT_FOUND),
        ("Đơn hàng này không tồn tại", ErrorKind.ORDER_NOT_FOUND),
        ("Không tìm thấy đơn hàng", ErrorKind.ORDER_NOT_FOUND),
        # refills: not found (more specific than "not found"), not eligible
        ("Refill ID does not exist", ErrorKind.REFILL_NOT_FOUND),
        ("No refill was found with that number", ErrorKind.REFILL_NOT_FOUND),
        ("Mã bảo hành không đúng", ErrorKind.REFILL_NOT_FOUND),
        ("Refills are not available for this product", ErrorKind.NOT_ELIGIBLE),
        ("This product does not offer refills, sorry", ErrorKind.NOT_ELIGIBLE),
        ("It is too early to ask for another refill", ErrorKind.NOT_ELIGIBLE),
        ("Sorry, this order cannot be refilled", ErrorKind.NOT_ELIGIBLE),
        ("Dịch vụ này không hỗ trợ bảo hành", ErrorKind.NOT_ELIGIBLE),
        ("Đơn hàng không đủ điều kiện để bảo hành", ErrorKind.NOT_ELIGIBLE),
        ("Cancellation is unavailable for this order", ErrorKind.NOT_ELIGIBLE),
        # quantity
        ("Minimum order is 100", ErrorKind.INVALID_QUANTITY),
        ("The quantity must be at least 50", ErrorKind.INVALID_QUANTITY),
        ("Amount exceeds the allowed maximum", ErrorKind.INVALID_QUANTITY),
        ("Số lượng vượt quá mức tối đa cho phép", ErrorKind.INVALID_QUANTITY),
        ("Lượng đặt ít hơn mức tối thiểu", ErrorKind.INVALID_QUANTITY),
        ("Quantity less than minimal", ErrorKind.INVALID_QUANTITY),
        # link
        ("The link you provided is not valid", ErrorKind.INVALID_LINK),
        ("Wrong URL format", ErrorKind.INVALID_LINK),
        ("Đường dẫn bài viết không hợp lệ", ErrorKind.INVALID_LINK),
        # service
        ("That service is currently paused", ErrorKind.INVALID_SERVICE),
        ("Selected service was not found", ErrorKind.INVALID_SERVICE),
        ("Dịch vụ đang tạm dừng", ErrorKind.INVALID_SERVICE),
        # key and account
        ("Your API key is not valid", ErrorKind.INVALID_API_KEY),
        ("This account was banned", ErrorKind.INVALID_API_KEY),
        ("Tài khoản của bạn đã bị khóa", ErrorKind.INVALID_API_KEY),
        # rate limit, duplicate link
        ("Slow down: rate limit reached", ErrorKind.RATE_LIMITED),
        ("Too many calls, wait a minute", ErrorKind.RATE_LIMITED),
        ("There is already an active order for this URL", ErrorKind.DUPLICATE_ACTIVE_LINK),
        ("Link này đang có đơn đang chạy", ErrorKind.DUPLICATE_ACTIVE_LINK),
        # no such action / malformed call
        ("This action is Invalid", ErrorKind.BAD_REQUEST),
        ("Unknown action", ErrorKind.BAD_REQUEST),
        ("action not supported", ErrorKind.BAD_REQUEST),
        ("Bad request, sorry", ErrorKind.BAD_REQUEST),
        ("The link field is required", ErrorKind.BAD_REQUEST),
    ],
)
def test_errors_are_read_by_meaning(text, kind):
    assert classify(text) is kind


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Insufficient balance to refill", ErrorKind.INSUFFICIENT_FUNDS),  # "balance" here is money, not an action
        ("Refill not found for this order", ErrorKind.REFILL_NOT_FOUND),  # not order_not_found
        ("Order is not found for refill", ErrorKind.ORDER_NOT_FOUND),
        ("Your account balance is too low", ErrorKind.INSUFFICIENT_FUNDS),  # not the account (key) family
        ("Refill was requested less than 12 hours ago", ErrorKind.NOT_ELIGIBLE),  # not a quantity
        ("You already have a pending order with that link", ErrorKind.DUPLICATE_ACTIVE_LINK),  # not a bad link
    ],
)
def test_the_more_specific_meaning_wins(text, kind):
    assert classify(text) is kind


@pytest.mark.parametrize(
    "text",
    ["Something new and strange", "Everything is fine", "Xin chào", "order", "Please contact support"],
)
def test_texts_without_a_known_meaning_stay_unknown(text):
    assert classify(text) is ErrorKind.UNKNOWN


def test_the_numeric_status_still_helps_an_unknown_text():
    assert classify("Something new and strange", 105) is ErrorKind.INVALID_SERVICE
    assert classify("Order does not exist", 113) is ErrorKind.ORDER_NOT_FOUND, "the words win over the number"


def test_meaning_text_drops_case_punctuation_spacing_and_accents():
    assert meaning_text("  Số   dư KHÔNG đủ!!! ") == "so du khong du"
    assert meaning_text("Đơn-hàng_không   tồn tại.") == "don hang khong ton tai"
    assert meaning_text("Can't  find it…") == "cant find it"


def test_an_unknown_wording_is_logged_once(caplog):
    caplog.set_level(logging.WARNING, logger="bot.panel.errors")
    for text in ("Moon phase unfavourable 8731", "moon PHASE unfavourable 8731!", "Moon phase unfavourable 8731"):
        assert classify(text) is ErrorKind.UNKNOWN
    warnings = [r for r in caplog.records if "unfavourable" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING


# --- "no such action": unsupported for refill, refill_status and cancel, bad request for add -----------------

NO_SUCH_ACTION = [
    {"error": "Incorrect request"},
    {"error": "This action is Invalid"},
    {"error": "Invalid action"},
    {"error": "Unknown action"},
    {"error": "action not supported"},
    {"error": "Method Not Allowed"},
    {"error": "The requested action does not exist here"},
    {"error": "Hành động này không được hỗ trợ"},
    {"status": "error", "message": "API method unknown"},
    httpx.Response(404, json={"error": "Nothing here"}),
    httpx.Response(405, json={"error": {"code": 405, "message": "Nope"}}),
]

OPTIONAL_CALLS = {
    "refill": lambda client: client.refill("4"),
    "refills": lambda client: client.refills(["4", "5"]),
    "refill_status": lambda client: client.refill_status("7"),
    "refill_statuses, one": lambda client: client.refill_statuses(["7"]),
    "refill_statuses, many": lambda client: client.refill_statuses(["7", "8"]),
    "cancel": lambda client: client.cancel(["4"]),
    "cancel, many": lambda client: client.cancel(["4", "5"]),
}


@pytest.mark.parametrize("call", OPTIONAL_CALLS.values(), ids=OPTIONAL_CALLS.keys())
@pytest.mark.parametrize("answer", NO_SUCH_ACTION)
async def test_no_such_action_is_unsupported(call, answer):
    with pytest.raises(PanelRefused) as caught:
        await call(client_for(Panel(answer)))
    assert caught.value.kind is ErrorKind.UNSUPPORTED


@pytest.mark.parametrize("call", OPTIONAL_CALLS.values(), ids=OPTIONAL_CALLS.keys())
async def test_a_clearer_meaning_at_404_is_kept(call):
    panel = Panel(httpx.Response(404, json={"error": "Invalid API key"}))
    with pytest.raises(PanelRefused) as caught:
        await call(client_for(panel))
    assert caught.value.kind is ErrorKind.INVALID_API_KEY


@pytest.mark.parametrize("text", ["Incorrect request", "Unknown action", "Method Not Allowed"])
async def test_no_such_action_to_add_stays_a_bad_request(text):
    with pytest.raises(PanelRefused) as caught:
        await client_for(Panel({"error": text})).add(NewOrder("1", "https://x.io/a", 10))
    assert caught.value.kind is ErrorKind.BAD_REQUEST


# --- shapes: one ID in the many form, whole-call errors to batches ------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"5": {"status": "Completed", "charge": "1.5", "remains": "0"}},
        {"status": "Completed", "charge": "1.5", "remains": "0"},
        {"order": 5, "status": "Completed", "charge": "1.5", "remains": "0"},
        [{"status": "Completed", "charge": "1.5", "remains": "0"}],
    ],
)
async def test_one_order_in_the_many_form_accepts_keyed_and_single_answers(body):
    panel = Panel(body)
    result = await client_for(panel).statuses(["5"])
    assert panel.sent[0]["orders"] == "5"
    assert result["5"].state is OrderState.COMPLETED and result["5"].charge == Decimal("1.5")


async def test_one_order_in_the_many_form_answered_for_another_id_is_no_news():
    assert await client_for(Panel({"order": 6, "status": "Completed"})).statuses(["5"]) == {}


@pytest.mark.parametrize(
    "body",
    [{"7": {"status": "Completed"}}, {"status": "Completed"}, [{"refill": "7", "status": "Completed"}]],
)
async def test_one_refill_in_the_many_form_accepts_keyed_and_single_answers(body):
    panel = Panel(body)
    result = await client_for(panel).refill_statuses(["7"])
    assert panel.sent[0]["refills"] == "7"
    assert result["7"].state is RefillState.COMPLETED


@pytest.mark.parametrize(
    "call, body, kind",
    [
        (lambda c: c.statuses(["5"]), {"error": "We could not find that order"}, ErrorKind.ORDER_NOT_FOUND),
        (lambda c: c.refill_statuses(["7"]), {"error": "Refill ID does not exist"}, ErrorKind.REFILL_NOT_FOUND),
        (lambda c: c.refill_statuses(["7"]), {"status": {"error": "No refill was found"}}, ErrorKind.REFILL_NOT_FOUND),
    ],
)
async def test_one_id_in_the_many_form_with_a_bare_not_found_error_is_that_ids_answer(call, body, kind):
    result = await call(client_for(Panel(body)))
    [(_, refused)] = result.items()
    assert isinstance(refused, PanelRefused) and refused.kind is kind


@pytest.mark.parametrize(
    "call, body, kind",
    [
        (lambda c: c.statuses(["5"]), {"error": "Incorrect request"}, ErrorKind.BAD_REQUEST),
        (lambda c: c.statuses(["5", "6"]), {"error": "Your API key is not valid"}, ErrorKind.INVALID_API_KEY),
        (lambda c: c.statuses(["5", "6"]), {"error": "Moon phase unfavourable 1"}, ErrorKind.UNKNOWN),
        (lambda c: c.refill_statuses(["7"]), {"error": "Sorry, not enough money"}, ErrorKind.INSUFFICIENT_FUNDS),
        (lambda c: c.refill_statuses(["7", "8"]), {"error": "Refill ID does not exist"}, ErrorKind.REFILL_NOT_FOUND),
        (lambda c: c.refill_statuses(["7", "8"]), {"error": "Incorrect order ID"}, ErrorKind.ORDER_NOT_FOUND),
        (lambda c: c.refill_statuses(["7", "8"]), {"error": "Moon phase unfavourable 2"}, ErrorKind.UNKNOWN),
        (lambda c: c.refills(["4", "5"]), {"error": "Order #4 does not exist"}, ErrorKind.ORDER_NOT_FOUND),
        (lambda c: c.refills(["4"]), {"error": "Sorry, not enough money"}, ErrorKind.INSUFFICIENT_FUNDS),
        (lambda c: c.cancel(["4", "5"]), {"error": "We could not find that order"}, ErrorKind.ORDER_NOT_FOUND),
        (lambda c: c.cancel(["4"]), {"status": "error", "message": "Too many calls"}, ErrorKind.RATE_LIMITED),
    ],
)
async def test_a_whole_call_error_to_a_batch_is_raised_once_not_spread_over_the_ids(call, body, kind):
    with pytest.raises(PanelRefused) as caught:
        await call(client_for(Panel(body), read_retries=0))
    assert caught.value.kind is kind


async def test_order_ids_all_unknown_still_answer_each_order():
    """The documented "none exist" answer to a status batch (§3): a refused order stays tracked, so it is spread."""
    result = await client_for(Panel({"error": "We could not find these orders"})).statuses(["1", "2"])
    assert set(result) == {"1", "2"} and all(r.kind is ErrorKind.ORDER_NOT_FOUND for r in result.values())


# --- words: statuses in any case and spacing (§4) ------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, state",
    [
        ("Approved", RefillState.IN_PROGRESS),
        ("ACCEPTED", RefillState.IN_PROGRESS),
        (" in   PROGRESS ", RefillState.IN_PROGRESS),
        ("In_Progress", RefillState.IN_PROGRESS),
        ("pending", RefillState.PENDING),
        ("Completed.", RefillState.COMPLETED),
        ("rejected", RefillState.REJECTED),
        ("Canceled", RefillState.REJECTED),
        ("ERROR", RefillState.REJECTED),
        ("", RefillState.UNKNOWN),
        ("Approved?!", RefillState.IN_PROGRESS),
    ],
)
async def test_refill_status_words(raw, state):
    assert (await client_for(Panel({"status": raw})).refill_status("1")).state is state
    assert not state.is_final or state in (RefillState.COMPLETED, RefillState.REJECTED)


@pytest.mark.parametrize(
    "raw, state",
    [
        ("", OrderState.UNKNOWN),
        ("   ", OrderState.UNKNOWN),
        ("IN_PROGRESS", OrderState.IN_PROGRESS),
        ("in-progress", OrderState.IN_PROGRESS),
        ("PENDING", OrderState.PENDING),
        ("completed!", OrderState.COMPLETED),
        ("Partial ", OrderState.PARTIAL),
        ("cancelled", OrderState.CANCELED),
        ("Error", OrderState.FAILED),
    ],
)
async def test_order_status_words(raw, state):
    status = await client_for(Panel({"status": raw, "charge": "1", "remains": "0"})).status("5")
    assert status.state is state and status.status_raw == raw.strip()


async def test_an_empty_order_status_is_never_final():
    status = await client_for(Panel({"status": "", "charge": "1", "remains": "0"})).status("5")
    assert status.state is OrderState.UNKNOWN and not status.state.is_final


# --- the unknown-wording log through the client: host and wording, never the key -------------------------------


async def test_an_unknown_wording_is_logged_once_per_panel_host_without_the_key(caplog):
    caplog.set_level(logging.DEBUG)
    answer = {"error": f"Stardust misaligned for {KEY}"}
    for _ in range(3):
        with pytest.raises(PanelRefused) as caught:
            await client_for(Panel(answer)).add(NewOrder("1", "https://x.io/a", 10))
        assert caught.value.kind is ErrorKind.UNKNOWN
    batch = {"1": "Stardust misaligned for " + KEY, "2": {"status": "Completed", "remains": 0}}
    await client_for(Panel(batch)).statuses(["1", "2"])
    other = PanelClient("https://other-panel.example/api/v2", KEY, transport=httpx.MockTransport(Panel(answer)))
    with pytest.raises(PanelRefused):
        await other.add(NewOrder("1", "https://x.io/a", 10))
    warnings = [r for r in caplog.records if "Stardust" in r.getMessage()]
    assert [r.levelno for r in warnings] == [logging.WARNING, logging.WARNING]
    assert "panel.example" in warnings[0].getMessage() and "other-panel.example" in warnings[1].getMessage()
    assert KEY not in caplog.text and all(KEY not in r.getMessage() for r in caplog.records)

"""Panel errors read by meaning, not by exact text (docs/panel-api.md §5), and the answer shapes around them.

Every phrasing here is fresh: none is in the catalogue or spelled out in the keyword families."""

from __future__ import annotations

import logging

import pytest

from bot.panel import ErrorKind
from bot.panel.errors import classify, meaning_text


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

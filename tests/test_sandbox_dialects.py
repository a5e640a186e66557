"""The real panels' dialects of the sandbox (`smartpanel`, `strict-http`), as raw HTTP answers.

The client's reading of them is tested elsewhere; here each quirk must be visible on the wire.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from bot.panel.sandbox import PROFILES, ManualClock, SandboxPanel, SandboxServer
from bot.panel.sandbox.dialect import resolve_profiles

KEY = "dialect-key"
LINK = "https://facebook.com/p/1"


@pytest.fixture(scope="module")
def clock():
    return ManualClock()


@pytest.fixture(scope="module")
def server(clock):
    served = SandboxServer(SandboxPanel(key=KEY, clock=clock, pending_seconds=10, progress_seconds=60)).start()
    yield served
    served.stop()


@pytest.fixture
def panel(server):
    server.panel.reset()
    return server.panel


class Raw:
    """One raw answer: HTTP status, headers, the body as text and (if it is JSON) as data."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        self.headers = response.headers
        self.text = response.text
        try:
            self.data: Any = json.loads(self.text)
        except ValueError:
            self.data = None


@pytest.fixture
def post(server):
    with httpx.Client(timeout=5) as http:

        def send(action: str | None = None, *, key: str = KEY, **fields: str) -> Raw:
            form = {"key": key, **({"action": action} if action else {}), **fields}
            return Raw(http.post(server.url, data=form))

        yield send


def place(post, quantity: int = 1000, link: str = LINK, service: str = "1") -> str:
    answer = post("add", service=service, link=link, quantity=str(quantity))
    assert answer.status == 200 and "order" in answer.data, answer.text
    return str(answer.data["order"])


# --- the profiles list ------------------------------------------------------------------------------


def test_every_profile_has_a_one_line_description():
    assert {"smartpanel", "strict-http"} <= set(PROFILES)
    assert all(text and "\n" not in text for text in PROFILES.values())


def test_profiles_are_checked_combined_and_expanded():
    assert resolve_profiles(["smartpanel", "standard"]) == {"smartpanel", "standard", "one_id_bare", "no_refill_status"}
    assert resolve_profiles(["strict-http", "smartpanel", "garbage", " "]) >= {"strict-http", "smartpanel"}
    with pytest.raises(ValueError, match="unknown sandbox profile 'bogus' \\(profiles: standard, numbers"):
        resolve_profiles(["bogus"])
    for pair in [("smartpanel", "numbers"), ("smartpanel", "batch_shapes"), ("strict-http", "http_errors")]:
        with pytest.raises(ValueError, match="cannot be combined"):
            resolve_profiles(pair)


# --- smartpanel ---------------------------------------------------------------------------------------


def test_smartpanel_quotes_every_number(panel, post, clock):
    panel.set_profiles("smartpanel")
    assert post("balance").data == {"balance": "5000000", "currency": "VND"}
    first = post("services").data[0]
    assert first["service"] == "1" and first["rate"] == "2.5" and first["min"] == "200"
    assert post("add", service="1", link=LINK, quantity="1000").data == {"order": "1001"}
    clock.advance(100)
    assert post("refill", order="1001").data == {"refill": "1"}
    assert post("refill", orders="1001,4242").data == [
        {"order": "1001", "refill": {"error": "Refill is not available for this order"}},
        {"order": "4242", "refill": {"error": "Order not found."}},
    ]
    cancelable = place(post, 1000, "https://facebook.com/p/2")
    assert post("cancel", orders=cancelable).data == [{"order": cancelable, "cancel": "1"}]


def test_smartpanel_answers_a_one_id_batch_in_the_single_shape(panel, post, clock):
    panel.set_profiles("smartpanel")
    first, second = place(post, 1000), place(post, 500, "https://facebook.com/p/3")
    pending = post("status", orders=first)
    assert pending.data == {"status": "Pending", "charge": "2.5", "start_count": "0", "remains": "0"}
    assert list(pending.data) == ["status", "charge", "start_count", "remains"]
    assert post("status", order=first).data == pending.data
    assert post("status", orders=" 4242 ").data == {"error": "Order not found."}
    many = post("status", orders=f"{first},{second},4242").data
    assert set(many) == {first, second, "4242"} and many["4242"] == {"error": "Order not found."}
    assert many[first]["remains"] == "0", "remains is 0 while Pending in batches too"
    clock.advance(40)
    running = post("status", orders=first).data
    assert running["status"] == "In progress" and 0 < int(running["remains"]) < 1000


@pytest.mark.parametrize(
    "fields, text",
    [
        ({"service": "18", "link": "https://youtube.com/c/x"}, "Your balance is not enough to place this order"),
        ({"service": "1", "link": "ftp://x.com/a", "quantity": "500"}, "Please enter a valid link"),
        ({"service": "1", "link": LINK, "quantity": "199"}, "Minimum quantity for this service is 200"),
        ({"service": "1", "link": LINK, "quantity": "10001"}, "Maximum quantity for this service is 10000"),
    ],
)
def test_smartpanel_words_its_add_refusals(panel, post, fields, text):
    panel.set_profiles("smartpanel")
    panel.set_balance("1000000")
    answer = post("add", **fields)
    assert (answer.status, answer.data) == (200, {"error": text})


def test_smartpanel_words_its_other_refusals(panel, post, clock):
    panel.set_profiles("smartpanel")
    assert post("status", order="4242").data == {"error": "Order not found."}
    assert post("refill", order="4242").data == {"error": "Order not found."}
    order_id = place(post)
    assert post("refill", order=order_id).data == {"error": "Refill is not available for this order"}, "not completed"
    clock.advance(100)
    assert post("refill", order=order_id).data == {"refill": "1"}
    assert post("refill", order=order_id).data == {"error": "Refill is not available for this order"}, "cooldown"
    assert post("cancel", orders="4242").data == [{"order": "4242", "cancel": {"error": "Order not found."}}]
    assert post("balance", key="wrong").data == {"error": "Invalid API key"}


@pytest.mark.parametrize("fields", [{"refill": "1"}, {"refills": "1"}, {"refills": "1,2"}, {}])
def test_smartpanel_has_no_refill_status(panel, post, clock, fields):
    panel.set_profiles("smartpanel")
    order_id = place(post)
    clock.advance(100)
    assert post("refill", order=order_id).data == {"refill": "1"}
    answer = post("refill_status", **fields)
    assert (answer.status, answer.data) == (200, {"error": "This action is Invalid"})
    assert post("fly").data == {"error": "This action is Invalid"}


def test_one_id_bare_alone_answers_refill_status_in_the_single_shape(panel, post, clock):
    panel.set_profiles("one_id_bare")
    order_id = place(post)
    clock.advance(100)
    assert post("refill", order=order_id).data == {"refill": "1"}
    assert post("refill_status", refills="1").data == {"status": "Pending"}
    assert post("refill_status", refills="77").data == {"error": "Incorrect refill ID"}
    assert post("refill_status", refills="1,77").data == [
        {"refill": 1, "status": "Pending"},
        {"refill": 77, "status": {"error": "Incorrect refill ID"}},
    ]
    assert post("status", orders=order_id).data["status"] == "Completed"


def test_smartpanel_combines_with_other_profiles(panel, post):
    panel.set_profiles("smartpanel", "standard", "status_spelling")
    order_id = place(post)
    entry = post("status", orders=order_id).data
    assert entry == {"status": "Awaiting", "charge": "2.5", "start_count": "0", "remains": "0", "currency": "VND"}
    panel.set_profiles("smartpanel", "raw_error_keys")
    assert post("add", service="1", link=LINK, quantity="5").data == {"error": "neworder.error.min_quantity"}


# --- strict-http ----------------------------------------------------------------------------------------


def test_strict_http_refuses_with_4xx_and_json(panel, post, clock):
    panel.set_profiles("strict-http", error_every=0)
    panel.set_balance("1000000")
    cases = [
        (post("balance", key="wrong"), 401, "Invalid API key"),
        (post(), 400, "Incorrect request"),
        (post("add", service="1", link="ftp://x.com/a", quantity="500"), 400, "Bad link"),
        (post("add", service="1", link=LINK, quantity="5"), 400, "Quantity less than minimal 200"),
        (post("add", service="999", link=LINK, quantity="500"), 400, "Incorrect service ID"),
        (post("add", service="18", link="https://youtube.com/c/x"), 402, "Not enough funds on balance"),
        (post("status", order="4242"), 404, "Incorrect order ID"),
        (post("refill", order="4242"), 404, "Incorrect order ID"),
        (post("refill_status", refill="77"), 404, "Incorrect refill ID"),
        (post("fly"), 405, "Incorrect request"),
        (post("status", orders=",".join(str(i) for i in range(101))), 400, "Incorrect request"),
    ]
    for answer, status, text in cases:
        assert (answer.status, answer.data) == (status, {"error": text})
        assert answer.headers["content-type"] == "application/json"
    order_id = place(post)
    assert post("refill", order=order_id).status == 400, "not completed yet: refused as bad input"
    clock.advance(100)
    batch = post("status", orders=f"{order_id},4242")
    assert batch.status == 200 and batch.data["4242"] == {"error": "Incorrect order ID"}, "batch: errors per ID"
    assert post("refill_status", refills="77").status == 200
    assert post("cancel", orders="4242").data == [{"order": 4242, "cancel": {"error": "Incorrect order ID"}}]


def test_strict_http_refuses_missing_actions_with_405(panel, post, server):
    panel.set_profiles("strict-http", "no_cancel", error_every=0)
    assert (post("cancel", orders="1").status, post("cancel", orders="1").data) == (405, {"error": "Incorrect request"})
    panel.set_profiles("strict-http", "smartpanel", error_every=0)
    answer = post("refill_status", refills="1")
    assert (answer.status, answer.data) == (405, {"error": "This action is Invalid"})
    assert post("status", orders="4242").status == 404, "a one-ID batch answered as a single lookup"
    assert post("add", service="1", link="x", quantity="500").data == {"error": "Please enter a valid link"}
    assert httpx.get(server.url).status_code == 405


def test_strict_http_throttles_with_429_and_retry_after(panel, post):
    panel.set_profiles("strict-http", error_every=0)
    panel.throttle(retry_after=17, calls=2)
    for _ in range(2):
        answer = post("add", service="1", link=LINK, quantity="1000")
        assert (answer.status, answer.data, answer.headers["retry-after"]) == (
            429,
            {"error": "Too many requests"},
            "17",
        )
    assert panel.state.orders == {}, "a throttled call is not acted on"
    assert post("balance").status == 200
    panel.set_profiles("strict-http", "rate_limit", error_every=0)
    assert post("add", service="1", link=LINK, quantity="1000").status == 200
    limited = post("add", service="1", link="https://facebook.com/p/4", quantity="1000")
    assert limited.status == 429 and int(limited.headers["retry-after"]) > 0


def test_strict_http_answers_every_tenth_call_with_an_html_error_page(panel, post):
    panel.set_profiles("strict-http")
    statuses = [post("balance").status for _ in range(30)]
    assert [i + 1 for i, status in enumerate(statuses) if status != 200] == [10, 20, 30]
    assert [statuses[9], statuses[19], statuses[29]] == [502, 503, 500]
    panel.set_profiles("strict-http", error_every=3)
    answers = [post("add", service="1", link=f"https://facebook.com/p/{n}", quantity="1000") for n in range(3)]
    page = answers[2]
    assert page.status == 502 and page.headers["content-type"] == "text/html" and page.data is None
    assert page.text.startswith("<html>") and "Bad Gateway" in page.text
    assert len(panel.state.orders) == 2, "the failed call was not acted on"


def test_fail_next_is_a_test_control_for_any_profile(panel, post):
    panel.set_profiles("strict-http", error_every=0)
    panel.fail_next(2)
    assert [post("balance").status for _ in range(3)] == [502, 503, 200]
    panel.set_profiles()
    panel.fail_next()
    failed = post("balance")
    assert failed.status == 502 and failed.data is None
    assert post("balance").status == 200


def test_strict_http_answers_successes_with_200(panel, post, clock):
    panel.set_profiles("strict-http", error_every=0)
    order = post("add", service="1", link=LINK, quantity="1000")
    assert (order.status, order.data) == (200, {"order": 1001})
    clock.advance(100)
    assert (post("refill", order="1001").status, post("status", order="1001").status) == (200, 200)

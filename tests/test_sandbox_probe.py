"""`probe_panel` tells the sandbox's dialects apart over real HTTP, from harmless calls only."""

from __future__ import annotations

import httpx
import pytest

from bot.panel.probe import BatchShape, NumberStyle, Support, no_such_action, probe_panel
from bot.panel.sandbox import SandboxPanel, SandboxServer

KEY = "probe-key"


@pytest.fixture(scope="module")
def server():
    served = SandboxServer(SandboxPanel(key=KEY)).start()
    yield served
    served.stop()


@pytest.fixture
def panel(server):
    server.panel.reset()
    return server.panel


@pytest.mark.parametrize(
    "profiles, numbers, shape, unsupported",
    [
        ((), NumberStyle.TEXT, BatchShape.KEYED, ()),
        (("standard", "numbers"), NumberStyle.NUMBERS, BatchShape.KEYED, ()),
        (("batch_shapes",), NumberStyle.TEXT, BatchShape.LIST, ()),
        (("smartpanel",), NumberStyle.TEXT, BatchShape.BARE, ("refill_status",)),
        (("smartpanel", "strict-http"), NumberStyle.TEXT, BatchShape.BARE, ("refill_status",)),
        (("strict-http",), NumberStyle.TEXT, BatchShape.KEYED, ()),
        (("no_cancel",), NumberStyle.TEXT, BatchShape.KEYED, ("cancel",)),
        (("no_cancel", "strict-http", "one_id_bare"), NumberStyle.TEXT, BatchShape.BARE, ("cancel",)),
        (
            ("no_cancel", "no_refill_status", "http_errors"),
            NumberStyle.TEXT,
            BatchShape.KEYED,
            ("refill_status", "cancel"),
        ),
    ],
)
async def test_the_probe_sees_each_dialect(panel, server, profiles, numbers, shape, unsupported):
    panel.set_profiles(*profiles)
    dialect = await probe_panel(server.url, KEY, retry_delay=0)
    assert (dialect.numbers, dialect.one_id_batch, dialect.unsupported) == (numbers, shape, unsupported)
    for action in ("refill_status", "cancel"):
        assert dialect.support(action) is (Support.UNSUPPORTED if action in unsupported else Support.SUPPORTED)


async def test_the_probe_changes_nothing_on_the_panel(panel, server):
    await probe_panel(server.url, KEY, retry_delay=0)
    assert panel.state.orders == {} and panel.state.refills == {}
    assert {r["action"] for r in panel.actions()} == {"balance", "status", "refill_status", "cancel"}
    assert all(
        r.get(f) in (None, "999999999", "999999999,999999998") for r in panel.actions() for f in ("orders", "refills")
    )


async def test_the_probe_reports_what_it_saw_in_two_lines(panel, server):
    panel.set_profiles("smartpanel")
    lines = (await probe_panel(server.url, KEY, retry_delay=0)).describe()
    assert lines == [
        "panel dialect: numbers as text; a one-ID status batch answered in the single-item shape, not keyed",
        'panel actions: refill_status unsupported (HTTP 200 {"error": "This action is Invalid"}), cancel supported',
    ]


async def test_5xx_pages_are_retried_and_a_dead_panel_is_unknown(panel, server):
    panel.set_profiles("strict-http", error_every=2)  # every other call fails: the retry gets through
    dialect = await probe_panel(server.url, KEY, retry_delay=0)
    assert dialect.one_id_batch is BatchShape.KEYED and dialect.unsupported == ()
    panel.fail_next(1000)
    dead = await probe_panel(server.url, KEY, attempts=2, retry_delay=0)
    assert (dead.numbers, dead.one_id_batch) == (NumberStyle.UNKNOWN, BatchShape.UNKNOWN)
    assert all(a.support is Support.UNKNOWN and a.evidence == "no usable answer" for a in dead.actions)
    closed = await probe_panel("http://127.0.0.1:9/api/v2", KEY, attempts=1)
    assert closed.support("cancel") is Support.UNKNOWN


async def test_a_404_without_a_not_found_text_is_a_missing_endpoint():
    def answer(request: httpx.Request) -> httpx.Response:
        form = dict(httpx.QueryParams(request.content.decode()))
        if form["action"] == "balance":
            return httpx.Response(200, json={"balance": 12.5, "currency": "USD"})
        if form["action"] == "status":
            return httpx.Response(200, json={"error": "Invalid Order Ids"})
        if form["action"] == "refill_status":
            return httpx.Response(404, json={"error": "Not Found"})
        return httpx.Response(404, json={"error": "Order not found"})

    dialect = await probe_panel("http://panel/api/v2", "k", transport=httpx.MockTransport(answer), retry_delay=0)
    assert (dialect.numbers, dialect.one_id_batch) == (NumberStyle.NUMBERS, BatchShape.ONE_ERROR)
    assert (dialect.support("refill_status"), dialect.support("cancel")) == (Support.UNSUPPORTED, Support.SUPPORTED)


@pytest.mark.parametrize(
    "text, verdict",
    [
        ("This action is Invalid", True),
        ("Incorrect request", True),
        ("Invalid action", True),
        ("The selected action is invalid.", True),
        ("Unknown action", True),
        ("Method Not Allowed", True),
        ("Incorrect order ID", False),
        ("Refill not found", False),
        ("Invalid API key", False),
    ],
)
def test_no_such_action_texts(text, verdict):
    assert no_such_action(text) is verdict

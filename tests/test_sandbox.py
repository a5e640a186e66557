"""The sandbox panel behaves like a real one, and the client reads it in every dialect."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.panel import ErrorKind, NewOrder, OrderState, PanelClient, PanelOutcomeUnknown, PanelRefused, RefillState
from bot.panel.sandbox import PROFILES, SANDBOX_URL, ManualClock, SandboxPanel, SandboxServer, SandboxTransport

KEY = "sandbox-key"


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def panel(clock):
    return SandboxPanel(key=KEY, clock=clock, pending_seconds=10, progress_seconds=60)


@pytest.fixture
def client(panel):
    async def no_sleep(_):
        return None

    return PanelClient(SANDBOX_URL, KEY, transport=SandboxTransport(panel), retry_base_delay=0, sleep=no_sleep)


async def test_order_moves_pending_in_progress_completed(panel, client, clock):
    order_id = await client.add(NewOrder("1", "https://facebook.com/p/1", 1000))
    assert order_id == "1001"
    pending = await client.status(order_id)
    assert (pending.state, pending.start_count, pending.remains) == (OrderState.PENDING, 0, 1000)
    clock.advance(40)
    running = await client.status(order_id)
    assert running.state is OrderState.IN_PROGRESS and 0 < running.remains < 1000 and running.start_count > 0
    clock.advance(40)
    done = await client.status(order_id)
    assert (done.state, done.remains, done.start_count) == (OrderState.COMPLETED, 0, running.start_count)
    assert (await client.balance()).amount == Decimal(5000000) - Decimal("2.5")


@pytest.mark.parametrize(
    "units, state, remains, kept",
    [
        (1007, OrderState.PARTIAL, 335, Decimal("1.68")),  # 2.5175 − 2.5175 × 335 / 1007
        (1013, OrderState.CANCELED, 1013, Decimal(0)),
        (1009, OrderState.COMPLETED, -2, Decimal("2.5225")),
    ],
)
async def test_outcomes_follow_the_units_and_refund_once(client, clock, units, state, remains, kept):
    order_id = await client.add(NewOrder("1", "https://facebook.com/p/2", units))
    clock.advance(100)
    for _ in range(2):  # reading twice must not refund twice
        status = await client.status(order_id)
        assert (status.state, status.remains, status.charge) == (state, remains, kept)
    assert (await client.balance()).amount == Decimal(5000000) - kept


async def test_forced_outcome(panel, client, clock):
    panel.force_outcome("canceled")
    order_id = await client.add(NewOrder("2", "https://tiktok.com/@a/video/1", 100))
    clock.advance(100)
    assert (await client.status(order_id)).state is OrderState.CANCELED


@pytest.mark.parametrize(
    "order, text",
    [
        (NewOrder("999", "https://x.com/a", 100), "Incorrect service ID"),
        (NewOrder("1", "ftp://x.com/a", 500), "Bad link"),
        (NewOrder("1", "https://x.com/a", 199), "Quantity less than minimal 200"),
        (NewOrder("1", "https://x.com/a", 10001), "Quantity more than maximum 10000"),
        (NewOrder("1", "https://x.com/a", 0), "Incorrect request"),
        (NewOrder("4", "https://youtube.com/watch?v=1", 100), "Incorrect request"),  # Special (1DG) needs a list
        (NewOrder("3", "https://youtube.com/watch?v=1", 100), "Incorrect request"),  # suggest or search needed
        (NewOrder("6", "https://facebook.com/p/1", None, {"comments": "\n \n"}), "Incorrect request"),
        (NewOrder("1", "https://x.com/a", 500, {"runs": "2", "interval": "5"}), "Incorrect request"),
        (NewOrder("18", "https://youtube.com/c/x", None), "Not enough funds on balance"),
    ],
)
async def test_add_errors(panel, client, order, text):
    panel.set_balance("1000000")
    with pytest.raises(PanelRefused) as caught:
        await client.add(order)
    assert caught.value.text == text
    assert panel.state.orders == {} and panel.state.balance == Decimal(1000000)


async def test_types_count_their_units(panel, client):
    comments = await client.add(NewOrder("6", "https://facebook.com/p/1", None, {"comments": "nice\r\ngreat\n\nwow"}))
    package = await client.add(NewOrder("5", "https://facebook.com/page", None))
    suggest = await client.add(NewOrder("3", "https://youtube.com/watch?v=1", 100, {"search": "cats"}))
    listed = await client.add(NewOrder("4", "https://youtube.com/watch?v=2", 100, {"list": "a\nb"}))
    orders = panel.state.orders
    assert orders[int(comments)].units == 3 and orders[int(comments)].charge == Decimal(
        150
    )  # 50 000 per 1000 × 3 lines
    assert orders[int(package)].charge == Decimal(150000)
    assert orders[int(suggest)].units == 100 and orders[int(listed)].units == 100


async def test_same_link_twice_while_active_is_refused(client, clock):
    await client.add(NewOrder("1", "https://facebook.com/p/3", 500))
    with pytest.raises(PanelRefused) as caught:
        await client.add(NewOrder("1", "https://facebook.com/p/3", 500))
    assert caught.value.kind is ErrorKind.DUPLICATE_ACTIVE_LINK
    clock.advance(100)
    assert await client.add(NewOrder("1", "https://facebook.com/p/3", 500))


async def test_wrong_key_and_missing_action(panel):
    wrong = PanelClient(SANDBOX_URL, "nope", transport=SandboxTransport(panel), read_retries=0)
    with pytest.raises(PanelRefused) as caught:
        await wrong.balance()
    assert caught.value.kind is ErrorKind.INVALID_API_KEY
    assert panel.handle({"key": KEY}).body == b'{"error": "Incorrect request"}'
    assert panel.handle({"key": KEY, "action": "fly"}).body == b'{"error": "Incorrect request"}'


async def test_batches_are_limited_to_100_ids(panel, client):
    with pytest.raises(PanelRefused):
        await client._read("status", {"orders": ",".join(str(i) for i in range(101))})
    assert len(await client.statuses([str(i) for i in range(1, 151)])) == 150


async def test_refills_complete_or_are_rejected_with_a_cooldown(client, clock):
    ok = await client.add(NewOrder("1", "https://facebook.com/p/5", 1000))
    rejected = await client.add(NewOrder("1", "https://facebook.com/p/6", 1003))
    no_refill = await client.add(NewOrder("2", "https://tiktok.com/@a/video/2", 100))
    with pytest.raises(PanelRefused) as caught:
        await client.refill(ok)
    assert caught.value.text == "The order is not completed"
    clock.advance(100)
    refills = await client.refills([ok, rejected, no_refill, "4242"])
    assert refills[no_refill].text == "Refill is disabled for this service"
    assert refills["4242"].kind is ErrorKind.ORDER_NOT_FOUND
    with pytest.raises(PanelRefused) as caught:
        await client.refill(ok)
    assert caught.value.text == "Order not eligible for refill."
    statuses = await client.refill_statuses([refills[ok], refills[rejected], "77"])
    assert statuses[refills[ok]].state is RefillState.PENDING
    assert statuses["77"].kind is ErrorKind.REFILL_NOT_FOUND
    clock.advance(100)
    assert (await client.refill_status(refills[ok])).state is RefillState.COMPLETED
    assert (await client.refill_status(refills[rejected])).state is RefillState.REJECTED
    clock.advance(24 * 3600)
    assert await client.refill(ok)


async def test_cancel_only_pending_orders_of_cancelable_services(client, clock):
    cancelable = await client.add(NewOrder("1", "https://facebook.com/p/7", 1000))
    not_cancelable = await client.add(NewOrder("7", "https://facebook.com/p/7", 100))
    result = await client.cancel([cancelable, not_cancelable, "5"])
    assert result[cancelable] is True
    assert result[not_cancelable].kind is ErrorKind.NOT_ELIGIBLE and result["5"].kind is ErrorKind.ORDER_NOT_FOUND
    status = await client.status(cancelable)
    assert status.state is OrderState.CANCELED and status.charge == 0
    assert (await client.balance()).amount == Decimal(5000000) - Decimal(18000) * 100 / 1000


async def test_state_survives_a_restart(tmp_path, clock):
    path = tmp_path / "sandbox.json"
    first = SandboxPanel(clock=clock, state_path=path)
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(first))
    order_id = await client.add(NewOrder("1", "https://facebook.com/p/8", 1007))
    again = SandboxPanel(clock=clock, state_path=path)
    client = PanelClient(SANDBOX_URL, "k", transport=SandboxTransport(again))
    clock.advance(100)
    assert (await client.status(order_id)).state is OrderState.PARTIAL
    assert await client.add(NewOrder("1", "https://facebook.com/p/9", 1000)) == "1002"
    assert again.state.balance == Decimal(5000000) - Decimal("2.5175") + Decimal("0.8375") - Decimal("2.5")


# --- every dialect, over real HTTP ------------------------------------------------------------------

# The failure profiles have their own tests; the raw answers of the real panels' dialects are in
# test_sandbox_dialects.py. A panel without `refill_status` says so for the whole call: "unsupported".
READABLE_PROFILES = sorted(set(PROFILES) - {"rate_limit", "garbage", "lost_add", "latency"})
WITHOUT_REFILL_STATUS = {"no_refill_status", "smartpanel"}
WITHOUT_REFILL = {"no_refill"}


@pytest.fixture(scope="module")
def served():
    server = SandboxServer(SandboxPanel(key=KEY, pending_seconds=0, progress_seconds=0)).start()
    yield server
    server.stop()


@pytest.mark.parametrize("profile", READABLE_PROFILES)
async def test_the_client_reads_every_profile_the_same(served, profile):
    served.panel.reset()
    served.panel.set_profiles(profile)
    client = PanelClient(served.url, KEY, read_retries=0)
    try:
        services = await client.services()
        assert len(services) >= 30 and all(s.rate > 0 for s in services)
        order_id = await client.add(NewOrder("1", "https://facebook.com/p/10", 1007))
        statuses = await client.statuses([order_id, "999999"])
        assert statuses[order_id].state is OrderState.PARTIAL and statuses[order_id].remains == 335
        assert "999999" not in statuses or statuses["999999"].kind is ErrorKind.ORDER_NOT_FOUND
        assert (await client.status(order_id)).state is OrderState.PARTIAL
        assert (await client.balance()).currency == "VND"
        done = await client.add(NewOrder("1", "https://facebook.com/p/11", 1000))
        if profile in WITHOUT_REFILL:
            with pytest.raises(PanelRefused) as no_refill:
                await client.refill(done)
            assert no_refill.value.kind is ErrorKind.UNSUPPORTED
            return
        refill_id = await client.refill(done)
        if profile in WITHOUT_REFILL_STATUS:
            with pytest.raises(PanelRefused) as lacking:
                await client.refill_status(refill_id)
            assert lacking.value.kind is ErrorKind.UNSUPPORTED
        else:
            assert (await client.refill_status(refill_id)).state is RefillState.COMPLETED
        with pytest.raises(PanelRefused) as caught:
            await client.add(NewOrder("1", "https://facebook.com/p/12", 5))
        assert caught.value.kind is ErrorKind.INVALID_QUANTITY
    finally:
        await client.aclose()


async def test_profile_specifics(served):
    served.panel.reset()
    served.panel.set_profiles("standard", "catalog_shapes", "status_spelling")
    client = PanelClient(served.url, KEY, read_retries=0)
    services = {s.id: s for s in await client.services()}
    assert services["31"].dripfeed and services["1"].cancel and not services["3"].cancel
    assert services["99"].type_raw == "Auto Likes", "an unknown type is kept as it came"
    served.panel.pending_seconds = 1000
    order_id = await client.add(NewOrder("1", "https://facebook.com/p/13", 1000))
    status = await client.status(order_id)
    assert status.status_raw == "Awaiting" and status.state is OrderState.PENDING and status.currency == "VND"
    await client.aclose()


async def test_garbage_rate_limit_and_http_errors(served):
    served.panel.reset()
    served.panel.set_profiles("garbage", "http_errors")
    client = PanelClient(served.url, KEY, read_retries=3, retry_base_delay=0)
    for _ in range(6):  # every third answer is garbage: reads get through on retry
        assert (await client.balance()).amount == Decimal(5000000)
    served.panel.set_profiles("http_errors", "rate_limit")
    assert await client.add(NewOrder("1", "https://facebook.com/p/14", 1000)) == "1001"
    with pytest.raises(PanelRefused) as caught:
        await client.add(NewOrder("1", "https://facebook.com/p/15", 1000))
    assert caught.value.kind is ErrorKind.RATE_LIMITED and caught.value.retry_after > 0
    served.panel.set_profiles("http_errors")
    with pytest.raises(PanelRefused) as caught:
        await client.add(NewOrder("1", "https://facebook.com/p/16", 3))
    assert caught.value.kind is ErrorKind.INVALID_QUANTITY
    await client.aclose()


async def test_lost_add_creates_the_order_but_the_outcome_is_unknown(served):
    served.panel.reset()
    served.panel.set_profiles("lost_add")
    client = PanelClient(served.url, KEY, read_timeout=0.3)
    with pytest.raises(PanelOutcomeUnknown):
        await client.add(NewOrder("1", "https://facebook.com/p/17", 1000))
    assert len(served.panel.state.orders) == 1 and len(served.panel.actions("add")) == 1
    await client.aclose()


async def test_latency_delays_every_answer(panel):
    panel.set_profiles("latency", latency=0.05)
    client = PanelClient(SANDBOX_URL, KEY, transport=SandboxTransport(panel), read_timeout=0.01)
    assert (await client.balance()).amount == Decimal(5000000), "the in-process transport sleeps, it does not time out"
    await client.aclose()

"""End to end: a customer meets the shop. Real Application, fake Telegram over HTTP, sandbox panel over HTTP."""

from __future__ import annotations

from tests.conftest import eventually


async def test_start_registers_the_customer_and_shows_the_main_menu(shop_bot):
    alice = shop_bot.user(1001, "Alice")
    alice.send("/start")
    menu = await alice.expect("What would you like to do?")
    assert "Welcome to the shop" in menu.text
    labels = [b["text"] for b in menu.buttons]
    for label in ("New order", "My orders", "Balance", "Help", "Language"):
        assert any(label in text for text in labels), labels
    user = await shop_bot.shop.customers.get(1001)
    assert user is not None and user.first_name == "Alice"

    alice.send("/start")
    again = await alice.expect("What would you like to do?")
    assert "Welcome" not in again.text, "a returning customer is not welcomed as new"


async def test_new_order_lists_the_sandbox_categories_and_their_services(shop_bot):
    alice = shop_bot.user(1002, "Alice")
    alice.send("/start")
    await alice.expect("What would you like to do?")
    alice.press("New order")
    categories = await alice.expect("Choose a category")
    names = [b["text"] for b in categories.buttons]
    for category in ("Facebook", "Tiktok", "Youtube", "Instagram", "Telegram", "Shopee"):
        assert any(n.startswith(category) for n in names), names

    alice.press("Facebook")
    services = await alice.expect("Choose a service")
    first = services.buttons[0]["text"]
    # Facebook views: panel rate 2.5 VND per 1000, +30 % markup = 3.25 → rounded up to 4 VND.
    assert first.startswith("#1 Facebook views") and "4 VND" in first, first
    assert len(services.buttons) == 7 + 2, "7 Facebook services, then Back and Menu"
    assert not any("Page" in b["text"] for b in services.buttons), "one page needs no page row"

    alice.press("Back")
    await alice.expect("Choose a category")


async def test_language_switch_and_vietnamese_client(shop_bot):
    bao = shop_bot.user(1003, "Bảo", language_code="vi")
    bao.send("/start")
    menu = await bao.expect("Bạn muốn làm gì?")
    assert any("Đơn hàng mới" in b["text"] for b in menu.buttons)

    bao.press("Ngôn ngữ")
    await bao.expect("Chọn ngôn ngữ")
    bao.press("English")
    menu = await bao.expect("Language set to English")
    assert any("New order" in b["text"] for b in menu.buttons)
    stored = await shop_bot.shop.customers.get(1003)
    assert stored.language == "en"


async def test_balance_help_and_command_menu(shop_bot):
    alice = shop_bot.user(1004)
    alice.send("/start")
    await alice.expect("What would you like to do?")
    alice.press("Balance")
    await alice.expect("Balance: 0 VND")
    alice.press("Menu")
    await alice.expect("What would you like to do?")
    alice.send("/help")
    await alice.expect("How it works")
    await eventually(
        lambda: [c["command"] for c in shop_bot.bot.commands.get("vi", [])],
        equals=["start", "help", "language", "cancel"],
    )
    alice.send("/cancel")
    await alice.expect("There is nothing to cancel")


async def test_help_in_the_admin_group_is_the_admin_help_and_customers_get_theirs(launch, fake_telegram):
    group = -100779
    async with launch(admin_ids="9301", admin_chat_id=group) as running:
        boss = running.user(9301, "Boss")
        fake_telegram.group_message(running.bot, boss.user, group, "/help")
        reply = await eventually(lambda: [m for m in fake_telegram.messages(group) if "Admin commands" in m.text])
        assert "How it works" not in reply[-1].text and not reply[-1].buttons, "no customer help, no Menu button"
        boss.send("/help")
        private = await boss.expect("How it works")
        assert "Admin commands" in private.text
        ann = running.user(9302)
        ann.send("/help")
        theirs = await ann.expect("How it works")
        assert "Admin commands" not in theirs.text

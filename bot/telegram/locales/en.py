"""English texts."""

TEXTS = {
    # menu
    "menu.title": "👋 Hello, <b>{name}</b>! What would you like to do?",
    "menu.new_order": "🛒 New order",
    "menu.orders": "📦 My orders",
    "menu.balance": "💰 Balance",
    "menu.help": "❓ Help",
    "menu.language": "🌐 Language",
    "menu.back": "⬅️ Back",
    "menu.home": "🏠 Menu",
    "menu.welcome": "Welcome to the shop! Your account is ready.",
    # commands (the bot's command menu)
    "cmd.start": "Main menu",
    "cmd.help": "How the shop works",
    "cmd.language": "Change language",
    "cmd.cancel": "Cancel what you are doing",
    # help
    "help.text": (
        "<b>How it works</b>\n"
        "1. <b>New order</b>: pick a category and a service, send the link and the quantity, "
        "check the price and confirm.\n"
        "2. Your wallet pays for the order the moment it is placed; if the panel cannot deliver, "
        "the undelivered part comes back to your wallet by itself.\n"
        "3. <b>My orders</b> shows progress; you get a message whenever an order moves on.\n\n"
        "Commands: /start menu · /help this text · /language language · /cancel stop the current step"
    ),
    # language
    "lang.choose": "Choose your language:",
    "lang.set": "Language set to English.",
    # catalog
    "catalog.categories": "🛒 <b>New order</b>\nChoose a category:",
    "catalog.empty": "The catalog is empty right now. Please try again a little later.",
    "catalog.services": "<b>{category}</b>\nChoose a service (price per 1000):",
    "catalog.category_gone": "That category is no longer available. Here is the current list.",
    "catalog.page": "Page {page}/{pages}",
    "catalog.prev": "◀️",
    "catalog.next": "▶️",
    # balance and orders
    "balance.text": "💰 <b>Your wallet</b>\nBalance: <b>{balance}</b>",
    "orders.none": "📦 You have no orders yet. Tap <b>New order</b> to place your first one.",
    # errors
    "error.generic": "😕 Something went wrong on our side. Please try again; if it keeps happening, contact support.",
    "error.stale": "This menu has expired. Here is a fresh one.",
}

"""English texts."""

TEXTS = {
    # menu
    "menu.title": "👋 Hello, <b>{name}</b>! What would you like to do?",
    "menu.new_order": "🛒 New order",
    "menu.orders": "📦 My orders",
    "menu.balance": "💰 Balance",
    "menu.help": "❓ Help",
    "menu.language": "🌐 Language",
    "menu.invite": "🎁 Invite friends",
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
    "error.generic": "😕 Something went wrong on our side. Please try again in a moment.",
    "error.stale": "This menu has expired. Here is a fresh one.",
    # ordering
    "catalog.search_hint": "Tip: type a service number or part of its name to find it.",
    "order.card": "<b>#{id} {name}</b>\n💵 {price} per 1000 · {min}–{max}\n♻️ Refill: {refill}",
    "order.card_package": "<b>#{id} {name}</b>\n💵 {price} per package\n♻️ Refill: {refill}",
    "order.yes": "yes",
    "order.no": "no",
    "order.ask_link": "🔗 Send the link (a full address starting with https://):",
    "order.ask_link_platform": "🔗 Send the {platform} link (a full address starting with https://):",
    "order.ask_quantity": "🔢 How many? Send a whole number from {min} to {max}.",
    "order.ask_list": "📝 Send the suggested videos or search keywords, one per line:",
    "order.ask_suggest": "📝 Send the suggested videos, one link per line — or tap Skip:",
    "order.ask_search": "📝 Send the search keywords, one per line — or tap Skip:",
    "order.ask_comments": "💬 Send the comments, one per line ({min}–{max} comments):",
    "order.summary": (
        "🧾 <b>Check your order</b>\n"
        "Service: {service}\n"
        "Link: {link}\n"
        "Quantity: {quantity}\n"
        "{lists}"
        "Price: <b>{price}</b>\n"
        "{wallet}"
    ),
    "order.summary_list": "{name}: {count} lines\n",
    "order.list_name.list": "List",
    "order.list_name.suggest": "Suggested videos",
    "order.list_name.search": "Search keywords",
    "order.list_name.comments": "Comments",
    "order.summary_exempt": "\n👑 Admin order: not charged to your wallet.",
    "order.summary_short": "\n⚠️ Your wallet is short by <b>{shortfall}</b>. Add funds, then confirm.",
    "order.confirm": "✅ Confirm",
    "order.cancel": "✖️ Cancel",
    "order.back": "⬅️ Back",
    "order.skip": "⏭ Skip",
    "order.add_funds": "💳 Add funds",
    "order.code": "🏷 Have a code?",
    "order.follow": "📦 Follow order #{id}",
    "order.placed": "✅ Order <b>#{id}</b> is placed: {service}, {quantity} for {price}. We will message you as it progresses.",
    "order.already": "This order was already placed — order <b>#{id}</b>.",
    "order.already_toast": "Order #{id} is already placed.",
    "order.refused": "❌ The provider did not accept this order: {reason}\n{price} is back in your wallet.",
    "order.unavailable": "❌ This service is temporarily unavailable. {price} is back in your wallet; please try again later.",
    "order.uncertain": (
        "⏳ Order <b>#{id}</b> is being checked with the provider. Your payment is held safely and nothing "
        "will be charged twice; we will message you as soon as it is settled."
    ),
    "order.no_funds": "⚠️ Your wallet is short by <b>{shortfall}</b>. Add funds, then confirm again.",
    "order.panel_short": "This service cannot take new orders right now. Nothing was charged; please try again a little later.",
    "order.price_changed": "⚠️ <b>The price changed</b> since this summary was shown: {old} → {new}. Nothing was charged. Please check the new summary and confirm again.",
    "order.card_expired": "⌛ This summary was shown a while ago, so the price was checked again. Nothing was charged. Please check the summary and confirm again.",
    "order.unavailable_plain": "❌ This order could not be placed. Nothing was charged; please try again later.",
    "order.refusal.no_funds": "⚠️ Your wallet does not cover this order. Nothing was charged.",
    "order.refusal.price_changed": "⚠️ The price changed. Nothing was charged; please start the order again.",
    "order.refusal.expired": "This summary has expired: nothing was placed. Please start the order again.",
    "order.refusal.unavailable": "That service is no longer available. Nothing was charged.",
    "order.refusal.unknown_card": "This summary has expired: nothing was placed. Please start the order again.",
    "order.refusal.panel_short": "This service cannot take new orders right now. Nothing was charged; please try again a little later.",
    "order.refusal.link_rejected": "❌ The provider did not accept this link. Nothing was charged.",
    "order.refusal.quantity_rejected": "❌ The provider did not accept this quantity. Nothing was charged.",
    "order.refusal.panel_refused": "❌ This service is temporarily unavailable. Nothing was charged; please try again later.",
    "order.refusal.not_sent": "❌ The provider could not be reached. Nothing was charged; please try again later.",
    "order.refusal.maintenance": "🛠 The shop is under maintenance for a few minutes. Nothing was charged; please come back soon.",
    "order.refusal.banned": "This account cannot place orders.",
    "funds.choose": "Choose how you would like to add funds:",
    "order.gone": "That service is no longer available. Please choose another one.",
    "order.cancelled": "Order cancelled. Nothing was charged.",
    "order.timeout": "⌛ Your order was put aside after {minutes} minutes without an answer. Nothing was charged — tap New order to start again.",
    "order.expired_card": "This summary has expired: nothing was placed. Please start the order again.",
    "order.search_none": "No service matches “{text}”. Choose a category below, or type part of a service name or its number.",
    "order.search_results": "Services matching “{text}”:",
    "funds.instructions": "💳 <b>Add funds</b>\n{instructions}",
    "funds.none": "The shop has not set up payments yet, so funds cannot be added for now.",
    # input errors
    "input.link_invalid": "That doesn't look like a link. Send a full address starting with https://",
    "input.link_too_long": "That link is too long: at most {max} characters.",
    "input.link_platform": "This service needs a {platform} link.",
    "input.quantity_not_number": "Please send a whole number from {min} to {max}.",
    "input.quantity_range": "The quantity must be between {min} and {max}.",
    "input.list_empty": "The list is empty: send at least one line.",
    "input.list_too_many": "That is {count} lines; at most {max} please.",
    "input.list_line_too_long": "A line is too long: at most {max} characters per line.",
    "input.comments_range": "This service takes {min} to {max} comments; you sent {count}.",
    "input.suggest_or_search": "Give at least one of the two lists: suggested videos or search keywords.",
    "input.not_optional": "This step can't be skipped.",
    "input.text_expected": "Please send this as a text message.",
    # promo and gift codes (issue 14): customers (Balance → Redeem a code; Have a code? on the summary card)
    "code.redeem": "🎁 Redeem a code",
    "code.ask_gift": "🎁 Send your gift code:",
    "code.credited": "🎁 Code <b>{code}</b>: {amount} added to your wallet. Balance: <b>{balance}</b>.",
    "code.ask_discount": "🏷 Send your discount code (or tap Back):",
    "code.applied": "✅ Code <b>{code}</b> applied.",
    "code.price": "<s>{before}</s> → {after} (code {code})",
    "code.without": "Here is the price without it.",
    "code.nothing_charged": "Nothing was charged. Please check the summary and confirm again.",
    "code.unknown": "There is no code “{code}”. Please check it and try again.",
    "code.expired": "Code {code} has expired.",
    "code.used_up": "Code {code} has been used up.",
    "code.off": "Code {code} is no longer active.",
    "code.already": "You have already used code {code}.",
    "code.not_here": "Code {code} does not apply to this service.",
    "code.not_gift": "Code {code} is a discount code: enter it on your order summary (Have a code?).",
    "code.not_discount": "Code {code} is a gift code: redeem it under Balance → Redeem a code.",
    "code.slowed": "Too many codes that did not work. Please wait {minutes} min, then try again.",
    # promo and gift codes (issue 14): admins (/code)
    "code.created": "🏷 Created: {line}",
    "code.list": "🏷 <b>Codes</b>",
    "code.none": "No codes yet. /code new … creates one.",
    "code.line": "<code>{code}</code> · {what} · used {used}{limit} · {until} · {state}",
    "code.gift_value": "gift {amount}",
    "code.discount_value": "discount {percent}%",
    "code.on_service": " on service #{id}",
    "code.on_category": " on category {id}",
    "code.until": "until {date}",
    "code.no_end": "no end date",
    "code.state_on": "on",
    "code.state_off": "off",
    "code.turned_off": "Code {code} is off: customers can no longer use it.",
    "code.show": "🏷 {line}\n<b>Used by</b>\n{uses}\nTotal given: <b>{total}</b>",
    "code.use": "• {user} · {when} · {amount}{order}",
    "code.use_order": " · order #{id}",
    "code.bad_name": "“{text}” can't be a code: use 3–32 letters, digits, - or _.",
    "code.bad_kind": "“{text}” is not a kind of code: gift or discount.",
    "code.bad_percent": "“{text}” is not a percent: more than 0, at most 100.",
    "code.bad_uses": "“{text}” is not a number of uses: a whole number from 1.",
    "code.bad_date": "“{text}” is not a date: write YYYY-MM-DD.",
    "code.past_date": "{date} has passed already.",
    "code.gift_scope": "A gift code credits the wallet: it takes no service or category.",
    "code.bad_option": "“{text}” is not an option: uses N, until YYYY-MM-DD, service ID, category ID.",
    "code.twice": "“{option}” is given twice.",
    "code.one_scope": "A discount is for one service or one category, not both.",
    "code.exists": "Code {code} exists already (/code show {code}). Nothing was changed.",
    "code.no_code": "No code “{text}”.",
    "code.already_off": "Code {code} is off already.",
    # my orders
    "orders.title": "📦 <b>Your orders</b> (newest first):",
    "orders.item": "#{id} · {service} · {status}",
    "orders.detail": (
        "📦 <b>Order #{id}</b>\n"
        "Service: {service}\n"
        "Link: {link}\n"
        "Quantity: {quantity}\n"
        "Status: <b>{status}</b>\n"
        "Progress: {progress}\n"
        "Count when started: {start_count}\n"
        "Charged: {price}\n"
        "Placed: {created}"
        "{refill}"
    ),
    "orders.refresh": "🔄 Refresh",
    "orders.back": "⬅️ My orders",
    "orders.not_found": "Order not found.",
    "orders.refresh_failed": "The provider is not answering right now; this is the last known status.",
    "orders.panel_slow": "The provider is slow to answer right now, so this is the last known status. "
    "Please try again in a few minutes.",
    "orders.unknown": "—",
    "status.placing": "Being placed",
    "status.uncertain": "Being checked",
    "status.refused": "Not placed (refunded)",
    "status.pending": "Pending",
    "status.in_progress": "In progress",
    "status.completed": "Completed",
    "status.partial": "Partial",
    "status.canceled": "Canceled",
    "status.failed": "Failed (being checked)",
    "status.unknown": "{raw}",
    # pushes
    "push.order": "📦 Order <b>#{id}</b> — <b>{status}</b>, {progress}\n{service}",
    "push.refund": "💸 {amount} is back in your wallet.",
    "push.view": "View order #{id}",
    "push.refill_completed": "♻️ The refill of order <b>#{id}</b> is completed.",
    "push.refill_rejected": "♻️ The refill of order <b>#{id}</b> was not accepted by the provider.",
    # refills and cancel
    "orders.refill": "♻️ Refill",
    "orders.cancel": "✖️ Cancel order",
    "orders.refill_all": "♻️ Refill all eligible",
    "orders.refill_sent": "♻️ Refill requested for order #{id}. We will tell you the result.",
    "orders.refill_all_sent": "♻️ Refill requested for {count} orders. We will tell you the results.",
    "orders.refill_none": "No order can be refilled right now.",
    "orders.refill_unsupported": "This provider does not offer refills.",
    "orders.refill_refused": "The provider did not accept the refill: {reason}",
    "orders.cancel_sent": "Cancellation requested for order #{id}. When the provider confirms, the money comes back to your wallet.",
    "orders.cancel_refused": "The provider could not cancel this order: {reason}",
    "orders.panel_busy": "The provider is not answering right now. Please try again in a minute.",
    "refusal.not_eligible": "this order cannot be refilled or canceled right now",
    "refusal.order_not_found": "the provider does not know this order",
    "refusal.rate_limited": "too many requests, please try again in a minute",
    "refusal.other": "please try again later",
    "refusal.no_refills": "this provider does not offer refills",
    "refusal.no_cancel": "this provider does not offer cancellation",
    # admin notices
    "admin.new_order": "🆕 Order <b>#{id}</b> by {user}: {service} × {quantity} for {price}\n{link}",
    "admin.new_order_at": (
        "🆕 Order <b>#{id}</b> by {user}: {service} × {quantity} for {price}\n{link}\n"
        "🏭 On {provider_service} · margin {margin}{tried}"
    ),
    "admin.failed_over": "\n↪️ Failed over after:\n{attempts}",
    "admin.refused": "❌ Order <b>#{id}</b> by {user} was refused by the panel and refunded: {error}\n{service} × {quantity}",
    "admin.uncertain": (
        "⚠️ Order <b>#{id}</b> by {user} may or may not exist on panel <b>{provider}</b> ({error}). The "
        "customer's {price} is held. Look there for {service} × {quantity} on {link} (its service "
        "<code>{provider_service}</code>), then say what happened:"
    ),
    "admin.flagged": "🚩 Order <b>#{id}</b> (panel {provider} #{panel_id}): the panel answered “{error}” {count} times in a row.",
    "admin.unsupported": (
        "🚫 The panel has no <b>{action}</b> action (provider <b>{provider}</b>; it answered “{error}”). "
        "Customers no longer see it for orders on this provider; the shop asks it again in {hours} h."
    ),
    "admin.catalog": "📚 Catalog synced: {added} new, {removed} gone, {repriced} repriced.\n{changes}\n{disabled}",
    "admin.catalog_of": "📚 Catalog of <b>{provider}</b> synced: {added} new, {removed} gone, {repriced} repriced.\n{changes}\n{disabled}",
    "admin.panel_short": "💸 An order for {service} was not sent: it costs {cost} on the panel, the panel balance is {balance}.",
    "admin.fallback_too_dear": (
        "💸 Fallback {fallback} of {service} is skipped: it costs {shop_cost} there, above the shop price {price}. "
        "Change the route or the price to use it."
    ),
    "admin.balance_low": "🔻 Panel balance is low: {balance} {currency} (threshold {threshold}). Runway: {runway} h at the last 24 h spend.",
    "admin.balance_still_low": "🔻 Panel balance is still low: {balance} {currency} (threshold {threshold}). Runway: {runway} h.",
    "admin.balance_recovered": "✅ Panel balance recovered: {balance} {currency}.",
    "admin.balance_unreachable": "📵 The panel has not answered for {minutes} minutes: {reason}",
    "admin.balance_back": "📶 The panel answers again.",
    "admin.provider_balance_low": "🔻 Balance of panel <b>{provider}</b> is low: {balance} {currency} (threshold {threshold}). Runway: {runway} h at its last 24 h spend.",
    "admin.provider_balance_still_low": "🔻 Balance of panel <b>{provider}</b> is still low: {balance} {currency} (threshold {threshold}). Runway: {runway} h.",
    "admin.provider_balance_recovered": "✅ Balance of panel <b>{provider}</b> recovered: {balance} {currency}.",
    "admin.provider_balance_unreachable": "📵 Panel <b>{provider}</b> has not answered for {minutes} minutes: {reason}",
    "admin.provider_balance_back": "📶 Panel <b>{provider}</b> answers again.",
    "admin.btn_placed": "✅ Placed on the panel as #…",
    "admin.btn_not_placed": "↩️ Not placed: refund",
    # wallet, deposits, stars
    "balance.history": "Last changes:",
    "deposit.ask": "💳 How much would you like to add? Send an amount from {min} to {max}.",
    "deposit.bad_amount": "Please send a whole amount from {min} to {max}.",
    "deposit.sent": "🧾 Request <b>#{id}</b> for {amount} is with the admins.\n{instructions}\nYour wallet is credited as soon as they confirm the payment.",
    "deposit.cancelled": "No deposit requested.",
    "stars.button": "⭐ Pay with Telegram Stars",
    "stars.choose": "⭐ Choose how many Stars to pay:",
    "stars.title": "Wallet top-up",
    "stars.description": "Adds {amount} to your shop wallet.",
    "stars.refused": "This payment can't be accepted. Please start again from Balance.",
    "stars.credited": "✅ Payment received: {amount} added to your wallet.",
    "push.credited": "💰 {amount} was added to your wallet. {note}",
    "push.debited": "💰 {amount} was taken from your wallet. {note}",
    "push.admin_refund": "💸 Order <b>#{id}</b> was refunded: {amount} is back in your wallet.",
    "push.resolved_placed": "✅ Order <b>#{id}</b> is confirmed and now in progress.",
    "push.resolved_refunded": "↩️ Order <b>#{id}</b> could not be placed: {amount} is back in your wallet.",
    "push.deposit_approved": "✅ Deposit <b>#{id}</b> approved: {amount} added to your wallet.",
    "push.deposit_rejected": "❌ Deposit <b>#{id}</b> for {amount} was not approved.",
    # referral rewards: the Invite friends screen and the inviter's push
    "invite.text": (
        "🎁 <b>Invite friends</b>\n\n"
        "Share your link. Friends who open the shop through it for the first time are yours: you earn "
        "<b>{percent}%</b> of what they pay for delivered orders, straight into your wallet.\n\n"
        "{link}\n\n"
        "Joined through your link: <b>{joined}</b>\nEarned: <b>{earned}</b>"
    ),
    "invite.share": "📤 Share the link",
    "invite.share_text": "Boost your social media with this shop:",
    "invite.off": "Invitations are not open at the moment.",
    "push.referral": "🎁 A friend you invited paid for a delivered order: {amount} was added to your wallet.",
    "maintenance": "🛠 The shop is under maintenance for a short while. Please come back a little later.",
    "unknown_command": "Sorry, I don't know that command. Send /start for the menu or /help.",
    # admin
    "admin.audit": "📝 Admin {admin}: {action} — {details}",
    "admin.deposit": "💳 Deposit request <b>#{id}</b> from {user}: {amount}",
    "admin.stars": "⭐ {user} paid {stars} Stars: {amount} credited.",
    "admin.btn_approve": "✅ Approve",
    "admin.btn_reject": "❌ Reject",
    "admin.deposit_done": "Already {state} by {admin}.",
    "admin.deposit_decided": "➡️ #{id} {state} by {admin}.",
    "admin.panel_error": "The panel did not answer: {error}",
    "admin.panel_unreachable": "The panel balance is not known: the panel did not answer.",
    "admin.pbalance": "🏦 Panel balance: <b>{balance}</b> (alert below {threshold})",
    "admin.settled": "➡️ #{id} settled as {state} by {admin}.",
    "admin.pbalance_no_alert": "🏦 Panel balance: <b>{balance}</b> (low-balance alert off)",
    "admin.pbalance_stale": "<i>Last known: the panel is slow to answer right now; try again later.</i>",
    "admin.pbalances": "🏦 Panel balances (asked now):",
    "admin.pbalance_line": "• <b>{provider}</b>: {balance} ({alert})",
    "admin.pbalance_alert": "alert below {threshold}",
    "admin.pbalance_alert_off": "low-balance alert off",
    "admin.pbalance_low": " 🔻 low",
    "admin.pbalance_no_answer": " 📵 no answer: last known",
    "admin.stats": (
        "📊 <b>{period}</b>\nNew customers: {customers}\nOrders: {orders}\nTurnover: {turnover}\n"
        "Refunds: {refunds}\nPanel cost: {cost}\nMargin: <b>{margin}</b>"
    ),
    "admin.stats_chart": "Orders and revenue per day, {period}",
    "admin.stats_by_provider": "<b>By panel</b>",
    "admin.stats_provider": "• <b>{provider}</b>: turnover {turnover}, cost {cost}, margin {margin}",
    "admin.stats_referrals": "Referral rewards paid: {amount}",
    "admin.referrals": "🎁 <b>Referrals, last {days} days</b>\nRewards paid: <b>{paid}</b> (at {percent}%)\n\n{lines}",
    "admin.referrals_line": "• {user}: {joined} joined · {period} in the period · {total} in all",
    "admin.referrals_none": "No one has invited anyone yet.",
    "admin.referrals_off": "\n\n<i>Rewards are off (REFERRAL_PERCENT=0).</i>",
    "admin.referrals_bad_days": "Please give a number of days from 1 to {max}.",
    "admin.user_referrals": "Invited by: {inviter} · invited: {invited}",
    "admin.chart_period.today": "today",
    "admin.chart_period.7d": "last 7 days",
    "admin.chart_period.30d": "last 30 days",
    "admin.chart_period.all": "since the first order",
    "admin.chart_orders": "Orders",
    "admin.chart_revenue": "Revenue ({currency})",
    "admin.order_extra": "Customer: {user} · panel order: {panel_id} · state: {state}\nNote: {error}",
    "admin.order_provider": "Provider: {provider} · its service: {provider_service} · margin: {margin}",
    "admin.order_attempts": "<b>Attempts</b>\n{attempts}",
    "admin.attempt": "• {ref} — {outcome}{detail}",
    "admin.attempt_at": "{time} {attempt}",
    "admin.no_attempts": "none recorded",
    "attempt.placed": "placed",
    "attempt.refused": "refused",
    "attempt.not_sent": "not sent (unreachable)",
    "attempt.uncertain": "no clear answer: held for an admin",
    "attempt.skipped_balance": "skipped: its balance is too low",
    "attempt.skipped_cost": "skipped: costs more than the shop price",
    "attempt.skipped_unavailable": "skipped: provider disabled, service gone or quantity outside its range",
    "admin.user": (
        "👤 <b>{name}</b> ({id}, @{username})\nWallet: <b>{balance}</b> · banned: {banned}\n"
        "<b>Orders</b>\n{orders}\n<b>Ledger</b>\n{ledger}"
    ),
    "admin.adjusted": "Done. The wallet is now {balance}.",
    "admin.refunded": "Refunded {amount}.",
    "admin.resolved": "Order #{id} is now {state}.",
    "admin.markup_global": "Global markup: {value}%",
    "admin.saved": "Saved.",
    "admin.price_set": "Service #{id}: fixed price {price}.",
    "admin.service": "#{id} {name}: enabled {enabled}, listed {listed}.",
    "admin.synced": "Catalog synced: {total} services ({added} new, {removed} gone, {repriced} repriced).",
    "route.title": "🧭 Route of <b>#{id}</b> {name}\nShop price: {price} {per} · quantities {min}–{max}",
    "route.per_1000": "per 1000",
    "route.per_package": "per package",
    "route.primary": "Primary: {stop}",
    "route.fallback": "{n}. {stop}",
    "route.stop": "<code>{ref}</code> {name} · {cost} ({shop_cost}) · {min}–{max}",
    "route.below_cost": "skipped: below cost",
    "route.gone": "<code>{ref}</code> — gone: its provider is disabled or the service left its catalog",
    "route.no_fallbacks": "No fallbacks yet: /route {id} add PROVIDER:ID",
    "route.suggestions": "Suggested fallbacks (added only if you press its button):",
    "route.add_button": "➕ Add {ref} as fallback",
    "route.added": "{ref} added as fallback.",
    "route.partial_range": "{ref} takes {min}–{max} only (this service: {wanted_min}–{wanted_max}): an order outside it is refused there and goes on to the next stop.",
    "route.bad_ref": "“{text}” is not PROVIDER:ID (e.g. backup:12).",
    "route.no_provider": "No enabled provider “{provider}”. Providers: {providers}.",
    "route.no_provider_service": "{ref} is not in that provider's catalog (a /sync reads it again).",
    "route.is_primary": "{ref} is the primary of #{id} already.",
    "route.wrong_type": "{ref} is of type {type}; #{id} needs {wanted}.",
    "route.no_overlap": "{ref} takes {range}; #{id} sells {wanted}: it could never serve an order.",
    "route.already": "{ref} is on the route of #{id} already.",
    "route.not_on_route": "{ref} is not on the route of #{id}.",
    "route.order_mismatch": "List every fallback of #{id} once, in the new order. Now: {current}",
    "admin.sync_failed": "The panel could not be read; the stored catalog keeps serving.",
    "admin.banned": "User {id} is banned.",
    "admin.unbanned": "User {id} is no longer banned.",
    "admin.maintenance_on": "Maintenance mode is on: customers see a notice, admins work as usual.",
    "admin.maintenance_off": "Maintenance mode is off.",
    "admin.lowbalance": "Low-balance alert threshold: {amount}.",
    "admin.lowbalance_of": "Low-balance alert threshold of panel <b>{provider}</b>: {amount}.",
    "admin.lowbalance_no_provider": "No panel “{text}” (panels: {providers}).",
    "admin.ask_panel_id": "Send panel {provider}'s order ID for order #{id} (or /cancel).",
    "admin.cancelled": "Cancelled.",
    "admin.broadcast_ask": "Send the message to broadcast to all customers (or /cancel).",
    "admin.broadcast_preview": "📣 To {count} customers:\n\n{text}",
    "admin.broadcast_progress": "📣 Broadcasting… sent {sent}, failed {failed}, of {total}.",
    "admin.broadcast_done": "📣 Broadcast done: sent {sent}, failed {failed}, of {total}.",
    "admin.bad_amount": "“{text}” is not a valid amount.",
    "admin.amount_unit": "“{text}” is finer than {currency} allows: its smallest unit is {unit}.",
    "admin.no_user": "No customer “{text}”.",
    "admin.no_order": "No order “{text}”.",
    "admin.no_service": "No service “{text}”.",
    "admin.no_category": "No category “{text}”.",
    "admin.debit_too_much": "The wallet holds only {balance}.",
    "admin.nothing_to_refund": "Order #{id} has nothing left to refund.",
    "admin.not_uncertain": "Order #{id} is {state}, not uncertain.",
    "admin.panel_id_taken": "Panel order {panel_id} already belongs to order #{id}.",
    "admin.bad_platform": "Unknown platform. Known: {platforms}.",
    "admin.bad_period": "Periods: {periods}.",
    "usage.pbalance": "Usage: /pbalance",
    "usage.stats": "Usage: /stats [today|7d|30d|all]",
    "usage.order": "Usage: /order ORDER_NUMBER",
    "usage.user": "Usage: /user USER_ID or /user @username",
    "usage.referrals": "Usage: /referrals [DAYS] (30 by default)",
    "usage.credit": "Usage: /credit USER AMOUNT note",
    "usage.debit": "Usage: /debit USER AMOUNT note",
    "usage.refund": "Usage: /refund ORDER_NUMBER",
    "usage.resolve": "Usage: /resolve ORDER_NUMBER placed PANEL_ORDER_ID, or /resolve ORDER_NUMBER failed",
    "usage.markup": "Usage: /markup · /markup PERCENT · /markup category NAME PERCENT · /markup service ID PERCENT (off clears)",
    "usage.price": "Usage: /price SERVICE_ID AMOUNT (per 1000, shop currency) or /price SERVICE_ID off",
    "usage.service": "Usage: /service ID on|off · /service ID rename NEW NAME · /service ID lists on|off",
    "usage.platform": "Usage: /platform CATEGORY PLATFORM (or any)",
    "usage.sync": "Usage: /sync",
    "usage.route": "Usage: /route SERVICE · /route SERVICE add|remove PROVIDER:ID · /route SERVICE order PROVIDER:ID PROVIDER:ID …",
    "usage.ban": "Usage: /ban USER",
    "usage.unban": "Usage: /unban USER",
    "usage.maintenance": "Usage: /maintenance on|off",
    "usage.lowbalance": "Usage: /lowbalance [PANEL] AMOUNT, in that panel's currency (0 turns the alert off; no PANEL: main)",
    "usage.code": "Usage: /code new CODE gift AMOUNT [uses N] [until YYYY-MM-DD] · /code new CODE discount PERCENT [uses N] [until YYYY-MM-DD] [service ID|category ID] · /code list · /code show CODE · /code off CODE",
    "cancel.nothing": "There is nothing to cancel. Here is the menu.",
    "admin.failed": "🚩 Order <b>#{id}</b> (panel {provider} #{panel_id}) reports “{error}”: it stays followed; no refund until the panel says Canceled or Partial.",
    "admin.partial_unknown": "🚩 Order <b>#{id}</b> ended Partial without saying how much was delivered: no automatic refund. Settle it with /refund or /credit.",
    "orders.late": "⏳ Taking longer than usual — we are keeping an eye on it.",
    "admin.late": "⏳ Order <b>#{id}</b> (panel {provider} #{panel_id}, {service}) is taking longer than usual: {elapsed} since it was placed, typical {typical}. It stays followed.",
    "admin.unknown_status": "❓ Order <b>#{id}</b> (panel {provider} #{panel_id}): the panel answered the status “{status}” {count} syncs in a row, a word the bot does not know. Nothing is refunded or completed until it says one it knows.",
    "admin.silent": "🔕 Order <b>#{id}</b> (panel {provider} #{panel_id}): no news from the panel for {since} (it answers “{answer}”). It is now asked less and less often, at most once an hour; Refresh still asks at once.",
    "admin.order_timing": "Typical time: {typical} ({basis}) · so far: {elapsed} · late after {late_after}",
    "admin.timing_learned": "median of the last {count} completed",
    "admin.timing_default": "default",
    "admin.timing_late": "⏳ late",
    # the customer's first hour: support, top-ups from the card, hints, times, receipts
    "support.button": "💬 Contact support",
    "support.if_paid": "If you paid, tap Contact support.",
    # --- support tickets (the Support button, the admins' answers, /tickets) ---
    "menu.support": "🆘 Support",
    "support.ask": "✍️ Write your question in one message — text, or a photo with a caption. The admins answer you here.",
    "support.ask_order": "About order <b>#{id}</b>.",
    "support.opened": "✅ Ticket <b>#{id}</b> is sent to the admins: they answer you here. Anything you write now is added to it.",
    "support.added": "✅ Added to ticket <b>#{id}</b>.",
    "support.cancelled": "Nothing was sent.",
    "support.close_mine": "✅ Close ticket #{id}",
    "support.new": "🆕 New ticket",
    "support.line": "#{id} — {state}",
    "support.live": "🆘 <b>Your open tickets</b>\n{tickets}\n\nWrite here and your message is added to ticket <b>#{id}</b>.",
    "support.state_open": "waiting for an answer",
    "support.state_answered": "answered",
    "support.state_closed": "closed",
    "support.closed_mine": "✅ Ticket <b>#{id}</b> is closed. Thank you!",
    "support.closed_before": "Ticket #{id} is closed already.",
    "support.answer": "💬 <b>Support</b> answered your ticket <b>#{id}</b>:",
    "support.close": "✅ Close",
    "support.closed_push": "✅ Your ticket <b>#{id}</b> was closed by support. Tap Support in the menu if you need anything else.",
    "support.reply": "↩️ Reply",
    "support.notice_new": "🆘 New ticket <b>#{id}</b> from {user}",
    "support.notice_more": "🆘 Ticket <b>#{id}</b>: {user} writes again",
    "support.notice_order": "Order <b>#{id}</b> · {service} · {state}",
    "support.notice_no_order": "No order named.",
    "support.reply_ask": "✍️ Your next message here is the answer to ticket #{id} (or reply to its message). /cancel to stop.",
    "support.closed_by": "✅ Ticket #{id} closed by {admin}; the customer is told.",
    "support.answered": "✅ Sent to the customer (ticket #{id}).",
    "support.reply_cancelled": "Not answering ticket #{id} after all.",
    "support.list_none": "No open tickets.",
    "support.list_title": "🆘 <b>Open tickets</b> ({count}), the longest waiting first:",
    "support.list_order": " · order #{id} ({state})",
    "support.list_line": "#{id} · {state} · {user}{order} · last message {last}",
    "support.too_many": "You have reached the limit of {max} open ticket(s). Please wait for an answer, or close one (Support in the menu).",
    "support.slow_down": "You are writing very fast. Please wait a minute, then send your message again.",
    "support.empty": "Please write your question as text, or send a photo with a caption.",
    "support.too_long": "That message is too long: {max} characters at most. Please shorten it.",
    "support.text_or_photo": (
        "Support takes text or a photo (with a caption). Please write your message, or send a screenshot as a photo, "
        "not as a file. Nothing was sent."
    ),
    "support.unknown": "There is no ticket #{id}.",
    "support.already_closed": "Ticket #{id} is closed already.",
    # --- end of support tickets ---
    "funds.contact": "Tap Contact support to add funds to your wallet.",
    "deposit.no_instructions": "An admin will tell you how to pay.",
    "order.summary_wallet": "Wallet: {balance} → {after}",
    "order.summary_wallet_short": "Wallet: {balance}",
    "order.funds_covered": "✅ Your wallet now covers this order.",
    "order.on_card": "⚠️ Your order is waiting on the summary below: tap Confirm to place it, or Back to change it.",
    "order.on_card_short": "⚠️ Your order is waiting on the summary below: tap Add funds, or Back to change it.",
    "hint.free_text": "🙂 I work with the buttons below. Choose what you would like to do (or send /help):",
    "time.today": "today {time}",
    "time.yesterday": "yesterday {time}",
    "time.date": "{date} {time}",
    "order.card_comments": "<b>#{id} {name}</b>\n💵 {price} per 1000 comments ({each} per comment) · {min}–{max}\n♻️ Refill: {refill}",
    "order.refill_days": "{days} days",
    "order.receipt": (
        "✅ Order <b>#{id}</b> is placed.\n"
        "Service: {service}\n"
        "Link: {link}\n"
        "Quantity: {quantity}\n"
        "Paid: <b>{price}</b>\n"
        "Wallet now: {balance}"
        "{expected}\n"
        "We will message you as it progresses."
    ),
    "order.expected": "\n⏱ Usually done within ~{typical}.",
    "order.again": "🔁 Order again",
    "orders.no_change": "No change since {time}.",
    "orders.refill_window": "\n♻️ Refill: {days} days",
    # owner set-up
    "menu.admin": "🛠 Admin",
    "admin.welcome": "🛠 You run this shop: <b>Admin</b> lists your commands, /setup shows what is left to set up.",
    "admin.guide": (
        "🛠 <b>Admin commands</b>\n\n"
        "<b>Setting up</b>\n"
        "/setup — what is set and what is still missing\n"
        "/setgroup — sent in a group: it becomes the admin group\n\n"
        "<b>Money</b>\n"
        "/credit ID AMOUNT note — add to a customer's wallet\n"
        "/debit ID AMOUNT note — take from a customer's wallet\n"
        "/refund N — give order N's price back\n"
        "/code new|list|show|off … — gift and discount codes (/code alone: how)\n"
        "/resolve N placed PANEL_ID|failed — settle an order the panel may have received\n\n"
        "<b>Customers and orders</b>\n"
        "/order N — one order, its panel status and timing\n"
        "/user ID|@name — a customer's wallet, orders and ledger\n"
        "/referrals [DAYS] — the top inviters and the rewards paid\n"
        "/ban ID · /unban ID — stop or allow a customer\n"
        "/broadcast — a message to every customer\n"
        "/tickets — support tickets waiting, the longest first (reply to a ticket's message to answer)\n\n"
        "<b>Catalog and prices</b>\n"
        "/markup [PERCENT | category NAME PERCENT | service ID PERCENT] — the markups (off clears one)\n"
        "/price SERVICE AMOUNT|off — a fixed price for a service\n"
        "/service ID on|off|rename NAME|lists on|off — switch, rename or hide a service\n"
        "/platform CATEGORY PLATFORM|any — which links a category accepts\n"
        "/route SERVICE [add|remove PROVIDER:ID | order …] — which providers serve a service, in order\n"
        "/sync — read the catalog from the panel now\n\n"
        "<b>The panel and the shop</b>\n"
        "/pbalance — every panel's balance, asked now\n"
        "/stats [today|7d|30d|all] — turnover, margin and orders\n"
        "/lowbalance [PANEL] AMOUNT — alert when a panel's balance falls below it\n"
        "/maintenance on|off — pause ordering for customers"
    ),
    "owner.claimed": (
        "🔑 You are the owner of this shop now.\n\n"
        "Next: add me to your admin group and send /setgroup there — new orders, deposit requests and alerts "
        "will go to it. /setup shows what is set and what is missing."
    ),
    "owner.claim_refused": "Sorry, that code is not valid.",
    "owner.group_set": "✅ This group is the admin group now: the shop's notices come here. /setup shows what is left.",
    "owner.group_setting_wins": "ADMIN_CHAT_ID is set ({chat}) and stays the admin group. Clear it to choose one with /setgroup.",
    "owner.group_private": "Add me to the group you want as the admin group and send /setgroup there.",
    "setup.title": "🧭 <b>Set-up</b>",
    "setup.owner": "{id} (owner)",
    "setup.admins": "✅ Admins: {ids}",
    "setup.claimed": "✅ Owner: {id}, claimed with the start-up code (the code is void now)",
    "setup.claim_open": "⚠️ Owner: not claimed yet — the claim code is in the bot's log",
    "setup.claim_unused": "✅ Owner: not needed — ADMIN_IDS names the admins",
    "setup.group": "✅ Admin group: {chat} (set by {how})",
    "setup.group_missing": (
        "⚠️ Admin group: none — notices go to each admin in private. Add me to your admin group and send /setgroup there."
    ),
    "setup.payment": "✅ Payment instructions: set",
    "setup.payment_missing": "⚠️ Payment instructions: missing — set PAYMENT_INSTRUCTIONS (customers see it under Add funds)",
    "setup.stars": "✅ Telegram Stars: on, 1 ⭐ = {rate}",
    "setup.stars_off": "➖ Telegram Stars: off (STARS_ENABLED=true accepts them)",
    "setup.sandbox": "⚠️ Panel: the built-in sandbox (test orders only) — set PANEL_API_URL and PANEL_API_KEY",
    "setup.panel": "✅ Panel: {host}",
}

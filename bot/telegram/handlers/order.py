"""The New order conversation: category → service → link → quantity → lists → summary → Confirm.

What is asked after the service follows its type (the offer's `steps`). The draft lives in the user's
session (persisted), so a restart resumes where the customer was. The summary card shows a binding
quote: Confirm places the order at exactly that price, or shows a new card when the price moved.
Every button is re-checked by the shop; nothing in callback_data is trusted.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.shop.codes import CodeProblem, Refused
from bot.shop.drafts import LIST_FIELDS, OPTIONAL_FIELDS, Ask, Draft
from bot.shop.inputs import InputError
from bot.shop.ordering import Outcome, Placement, Refusal
from bot.shop.quotes import Card, Offer
from bot.shop.types import Order
from bot.telegram import keyboards
from bot.telegram.callbacks import (
    Categories,
    CategoryPage,
    Confirm,
    Funds,
    Menu,
    Noop,
    OrderAction,
    OrderAgain,
    OrdersPage,
    OrderStep,
    PickService,
    Screen,
    StarsPack,
    Step,
    Wallet,
)
from bot.telegram.common import END, NEW, TYPED, conversation, input_error_text, lang_of, leave_prompt, main_menu, show
from bot.telegram.context import OrderSession, ShopContext
from bot.telegram.handlers.codes import refused_text
from bot.telegram.handlers.start import noop
from bot.telegram.handlers.wallet import add_funds_screen, ask_amount, credit_payment, record_deposit, stars_invoice
from bot.telegram.handlers.wallet import stars_menu as wallet_stars_menu
from bot.telegram.i18n import duration, money, number, t
from bot.telegram.paging import paginate

# FUNDS: the deposit amount, asked from the summary card; CODE: a discount code, asked from it (*Have a code?*)
CHOOSING, INPUT, CONFIRM, FUNDS, CODE = range(5)


def _buttons(lang: str, *steps: Step) -> list[Button]:
    return [Button(t(lang, f"order.{step.value}"), callback_data=OrderStep(step).pack()) for step in steps]


# --- choosing a service ---------------------------------------------------------------------------------------


async def categories(update: Update, context: ShopContext, note: str | None = None) -> int:
    """List the categories that have something to order, a page at a time (after `note`, if any)."""
    lang = await lang_of(update, context)
    chosen = Categories.of(update.callback_query.data if update.callback_query else None)
    found = await context.shop.catalog.categories()
    if not found:
        await show(update, t(lang, "catalog.empty"), keyboards.back_home(lang))
        return END
    page = paginate(found, chosen.page if chosen else 0, keyboards.PAGE_SIZE)
    markup = keyboards.paged(
        page,
        lang,
        button=lambda c: Button(f"{c.name} ({c.service_count})", callback_data=CategoryPage(c.id).pack()),
        page_data=lambda n: Categories(n).pack(),
        extra_rows=[_buttons(lang, Step.CANCEL)],
    )
    text = f"{t(lang, 'catalog.categories')}\n<i>{t(lang, 'catalog.search_hint')}</i>"
    await show(update, f"⚠️ {note}\n\n{text}" if note else text, markup)
    return CHOOSING


async def services(update: Update, context: ShopContext) -> int:
    """The services of one category with their price per 1000."""
    chosen = CategoryPage.of(update.callback_query.data if update.callback_query else None)
    if chosen is None:
        return await categories(update, context)
    return await _show_services(update, context, chosen.category_id, chosen.page)


async def _show_services(update: Update, context: ShopContext, category_id: int, number: int) -> int:
    lang = await lang_of(update, context)
    category, offers = await context.shop.catalog.offers_in(category_id)
    if category is None or not offers:
        return await categories(update, context, note=t(lang, "catalog.category_gone"))
    page = paginate(offers, number, keyboards.PAGE_SIZE)
    markup = keyboards.paged(
        page,
        lang,
        button=lambda offer: _service_button(offer, lang),
        page_data=lambda n: CategoryPage(category_id, n).pack(),
        extra_rows=[[Button(t(lang, "order.back"), callback_data=Categories().pack()), *_buttons(lang, Step.CANCEL)]],
    )
    await show(update, t(lang, "catalog.services", category=html.escape(category.name)), markup)
    return CHOOSING


def _service_button(offer: Offer, lang: str) -> Button:
    label = f"#{offer.id} {offer.title} — {money(offer.unit_price, offer.currency, lang)}"
    return Button(label[:64], callback_data=PickService(offer.id).pack())


async def search(update: Update, context: ShopContext) -> int:
    """A typed service number or part of a name while choosing."""
    lang = await lang_of(update, context)
    message = update.effective_message
    text = (message.text or "").strip()[:60] if message else ""
    found = await context.shop.ordering.search(text)
    if len(found) == 1 and found[0].id.lower() == text.lstrip("#").lower():  # its number (12, backup-12)
        return await _start(update, context, found[0])
    if not found:
        await show(update, t(lang, "order.search_none", text=html.escape(text)))
        return await categories(update, context)
    rows = [[_service_button(offer, lang)] for offer in found]
    rows.append([Button(t(lang, "order.back"), callback_data=Categories().pack()), *_buttons(lang, Step.CANCEL)])
    await show(update, t(lang, "order.search_results", text=html.escape(text)), InlineKeyboardMarkup(rows))
    return CHOOSING


async def choose_service(update: Update, context: ShopContext) -> int:
    """A service button: check it can still be ordered, then ask the first question."""
    chosen = PickService.of(update.callback_query.data if update.callback_query else None)
    offer = await context.shop.ordering.offer(chosen.service_id) if chosen else None
    if offer is None:
        return await _service_gone(update, context)
    return await _start(update, context, offer)


async def _start(update: Update, context: ShopContext, offer: Offer, new_message: bool = False) -> int:
    session = OrderSession(Draft(service_id=offer.id), category_id=offer.category_id)
    context.session.order = session
    return await _ask(update, context, session, offer, offer.steps[0], new_message=new_message)


async def order_again(update: Update, context: ShopContext) -> int:
    """*Order again* under a receipt or a push: the same service, from the link question, in a new message."""
    lang = await lang_of(update, context)
    query, user = update.callback_query, update.effective_user
    pressed = OrderAgain.of(query.data if query else None)
    view = await context.shop.my_orders.view(user.id, pressed.order_id) if pressed and user else None
    offer = await context.shop.ordering.offer(view.order.service_id) if view else None
    if query is not None and view is None:
        await query.answer(t(lang, "orders.not_found"), show_alert=True)
        return END
    if offer is None:
        return await _service_gone(update, context)
    if query is not None:
        await query.answer()
    return await _start(update, context, offer, new_message=True)


# --- the questions --------------------------------------------------------------------------------------------


def _offer_text(lang: str, offer: Offer) -> str:
    key = "order.card_package" if offer.is_package else "order.card_comments" if offer.per_comment else "order.card"
    if offer.can_refill and offer.refill_days:
        refill = t(lang, "order.refill_days", days=offer.refill_days)
    else:
        refill = t(lang, "order.yes" if offer.can_refill else "order.no")
    return t(
        lang,
        key,
        id=html.escape(offer.id),
        name=html.escape(offer.title),
        price=money(offer.unit_price, offer.currency, lang),
        each=money(offer.unit_price / 1000, offer.currency, lang),
        min=number(offer.min_quantity, lang),
        max=number(offer.max_quantity, lang),
        refill=refill,
    )


async def _ask(
    update: Update,
    context: ShopContext,
    session: OrderSession,
    offer: Offer,
    step: Ask,
    error: str | None = None,
    new_message: bool = False,
) -> int:
    """Ask for `step` (after an error message, if any) and wait for the answer."""
    lang = await lang_of(update, context)
    session.step = step
    session.quote_id = None
    if step is Ask.LINK and offer.platform:
        question = t(lang, "order.ask_link_platform", platform=offer.platform.capitalize())
    else:
        question = t(
            lang, f"order.ask_{step.value}", min=number(offer.min_quantity, lang), max=number(offer.max_quantity, lang)
        )
    text = f"{_offer_text(lang, offer)}\n\n{question}"
    if error:
        text = f"{error}\n\n{text}"
    rows = [_buttons(lang, Step.SKIP)] if step in OPTIONAL_FIELDS else []
    rows.append(_buttons(lang, Step.BACK, Step.CANCEL))
    if new_message and update.effective_message is not None:
        await update.effective_message.reply_text(text, reply_markup=InlineKeyboardMarkup(rows))
    else:
        await show(update, text, InlineKeyboardMarkup(rows))
    return INPUT


async def receive(update: Update, context: ShopContext) -> int:
    """The customer's answer to the current question."""
    session = context.session.order
    message = update.effective_message
    if session is None or session.step is None or message is None:
        return await _service_gone(update, context)
    try:
        offer = await context.shop.ordering.accept(session.draft, session.step, message.text or "")
    except InputError as error:
        return await _ask_again(update, context, session, input_error_text(await lang_of(update, context), error))
    if offer is None:
        return await _service_gone(update, context)
    return await _next(update, context, session, offer)


async def skip(update: Update, context: ShopContext) -> int:
    """Skip an optional list (suggest or search)."""
    session = context.session.order
    if session is None or session.step is None:
        return await _service_gone(update, context)
    try:
        context.shop.ordering.skip(session.draft, session.step)
    except InputError as error:
        return await _ask_again(update, context, session, input_error_text(await lang_of(update, context), error))
    offer = await context.shop.ordering.offer(session.draft.service_id)
    if offer is None:
        return await _service_gone(update, context)
    return await _next(update, context, session, offer)


async def not_text(update: Update, context: ShopContext) -> int:
    """A photo or sticker where text was asked for."""
    session = context.session.order
    if session is None:
        return await _service_gone(update, context)
    error = input_error_text(await lang_of(update, context), InputError("input.text_expected"))
    return await _ask_again(update, context, session, error)


async def _ask_again(update: Update, context: ShopContext, session: OrderSession, error: str) -> int:
    """The same question, after what was wrong with the answer (or the summary card again)."""
    offer = await context.shop.ordering.offer(session.draft.service_id)
    if offer is None:
        return await _service_gone(update, context)
    if session.step is None:
        return await summary(update, context, session, error)
    return await _ask(update, context, session, offer, session.step, error)


async def _next(update: Update, context: ShopContext, session: OrderSession, offer: Offer) -> int:
    steps = offer.steps
    following = steps.index(session.step) + 1 if session.step in steps else len(steps)
    if following < len(steps):
        return await _ask(update, context, session, offer, steps[following])
    return await summary(update, context, session)


async def back(update: Update, context: ShopContext) -> int:
    """One step back: the previous question, or the service list from the first one."""
    session = context.session.order
    offer = await context.shop.ordering.offer(session.draft.service_id) if session else None
    if session is None or offer is None:
        return await _service_gone(update, context)
    steps = offer.steps
    if session.step is None:  # on the summary card: back to the last question
        return await _ask(update, context, session, offer, steps[-1])
    position = steps.index(session.step) if session.step in steps else 0
    if position == 0:
        context.session.order = None
        return await _show_services(update, context, offer.category_id, 0)
    return await _ask(update, context, session, offer, steps[position - 1])


async def _service_gone(update: Update, context: ShopContext) -> int:
    """The service was switched off or removed meanwhile: say so, back to the categories."""
    context.session.order = None
    return await categories(update, context, note=t(await lang_of(update, context), "order.gone"))


# --- summary and confirmation -------------------------------------------------------------------------------------


async def summary(update: Update, context: ShopContext, session: OrderSession, note: str | None = None) -> int:
    """The summary card: what, where, how many, the exact price (a binding quote) and the wallet after."""
    user = update.effective_user
    card = await context.shop.ordering.quote(user.id, session.draft) if user else None
    if card is None:
        return await _service_gone(update, context)
    return await _show_card(update, context, session, card, note)


async def _show_card(
    update: Update, context: ShopContext, session: OrderSession, card: Card, note: str | None = None
) -> int:
    lang = await lang_of(update, context)
    session.step = None
    session.quote_id = card.quote.id
    session.draft.code = card.quote.code  # the code the card applies, none if it no longer does
    text = card_text(lang, card)
    first = [Button(t(lang, "order.confirm"), callback_data=Confirm(card.quote.id).pack())]
    if card.shortfall > 0:
        if note is None:
            text += t(lang, "order.summary_short", shortfall=money(card.shortfall, card.quote.currency, lang))
        first = _buttons(lang, Step.ADD_FUNDS)
    elif card.exempt:
        text += t(lang, "order.summary_exempt")
    if card.dropped is not None:
        dropped = f"{refused_text(lang, card.dropped)} {t(lang, 'code.without')}"
        note = f"{dropped}\n{note}" if note else dropped
    if note:
        text = f"{note}\n\n{text}"
    rows = [first, _buttons(lang, Step.BACK, Step.CANCEL)]
    if card.quote.code is None:
        rows.insert(1, _buttons(lang, Step.CODE))
    await show(update, text, InlineKeyboardMarkup(rows))
    return CONFIRM


def card_text(lang: str, card: Card) -> str:
    quote, draft = card.quote, card.quote.draft
    lists = "".join(
        t(lang, "order.summary_list", name=t(lang, f"order.list_name.{name}"), count=len(lines))
        for name, lines in draft.lists.items()
        if name in LIST_FIELDS and lines
    )
    return t(
        lang,
        "order.summary",
        service=html.escape(f"#{card.offer.id} {card.offer.title}"),
        link=html.escape(draft.link or ""),
        quantity=number(quote.units, lang),
        lists=lists,
        price=_price(lang, card),
        wallet=_wallet_line(lang, card),
    )


def _price(lang: str, card: Card) -> str:
    """The price, or with a discount code: the price before it → the price to pay, and the code."""
    quote = card.quote
    if quote.code is None:
        return money(quote.total, quote.currency, lang)
    return t(
        lang,
        "code.price",
        before=money(quote.before, quote.currency, lang),
        after=money(quote.total, quote.currency, lang),
        code=html.escape(quote.code),
    )


def _wallet_line(lang: str, card: Card) -> str:
    """Before → after; a wallet that does not cover the total shows its balance only (the card says the gap)."""
    currency = card.quote.currency
    if card.after < 0:
        return t(lang, "order.summary_wallet_short", balance=money(card.balance, currency, lang))
    return t(
        lang,
        "order.summary_wallet",
        balance=money(card.balance, currency, lang),
        after=money(card.after, currency, lang),
    )


async def confirm(update: Update, context: ShopContext) -> int:
    """Place the order at the card's price: exactly once, whatever is tapped again."""
    pressed = Confirm.of(update.callback_query.data if update.callback_query else None)
    session = context.session.order
    user = update.effective_user
    if pressed is None or user is None or session is None or session.quote_id != pressed.quote_id:
        return await stale_confirm(update, context)
    placement = await context.shop.ordering.place(user.id, pressed.quote_id)
    return await _after_placement(update, context, session, placement)


async def _after_placement(update: Update, context: ShopContext, session: OrderSession, placement: Placement) -> int:
    lang = await lang_of(update, context)
    refusal = placement.refusal
    if refusal in (Refusal.PRICE_CHANGED, Refusal.EXPIRED) and placement.card:
        return await _show_card(update, context, session, placement.card, _requote_note(lang, placement))
    if refusal is Refusal.CODE_LOST and placement.card:
        return await _show_card(update, context, session, placement.card, t(lang, "code.nothing_charged"))
    if refusal is Refusal.NO_FUNDS and placement.card:
        shortfall = money(placement.card.shortfall, placement.card.quote.currency, lang)
        return await _show_card(
            update, context, session, placement.card, t(lang, "order.no_funds", shortfall=shortfall)
        )
    if refusal is Refusal.UNAVAILABLE:
        return await _service_gone(update, context)
    context.session.order = None
    if placement.order is None:  # refused before anything was written
        await show(update, t(lang, f"order.refusal.{refusal or Refusal.UNKNOWN_CARD}"), keyboards.back_home(lang))
        return END
    followable = placement.outcome is not Outcome.REFUSED
    text = placement_text(lang, placement)
    order = placement.order
    if placement.outcome is Outcome.PLACED:
        text = await _receipt(context, lang, order)
    await show(update, text, _follow(lang, order.id if followable else None))
    return END


async def _receipt(context: ShopContext, lang: str, order: Order) -> str:
    """The placed message as a receipt: what, where, how many, paid, the wallet now, the usual time."""
    typical = await context.shop.my_orders.typical_time(order.service_id)
    expected = t(lang, "order.expected", typical=duration(typical)) if typical else ""
    return t(
        lang,
        "order.receipt",
        id=order.id,
        service=html.escape(order.service_name),
        link=html.escape(order.link),
        quantity=number(order.quantity, lang),
        price=money(order.price, order.currency, lang),
        balance=money(await context.shop.wallet.balance(order.user_id), order.currency, lang),
        expected=expected,
    )


def _requote_note(lang: str, placement: Placement) -> str:
    """Why a new card: the price moved (old → new), or the card was too old. Nothing was charged."""
    new = placement.card.quote if placement.card else None
    old = placement.previous
    if placement.refusal is Refusal.PRICE_CHANGED and old is not None and new is not None:
        return t(
            lang,
            "order.price_changed",
            old=money(old.total, old.currency, lang),
            new=money(new.total, new.currency, lang),
        )
    return t(lang, "order.card_expired")


def placement_text(lang: str, placement: Placement) -> str:
    order = placement.order
    if order is None:
        return t(lang, "order.unavailable_plain")
    price = money(order.price, order.currency, lang)
    if placement.outcome is Outcome.PLACED:
        return t(
            lang,
            "order.placed",
            id=order.id,
            service=html.escape(order.service_name),
            quantity=number(order.quantity, lang),
            price=price,
        )
    if placement.outcome is Outcome.ALREADY:
        return t(lang, "order.already", id=order.id)
    if placement.outcome is Outcome.UNCERTAIN:
        return t(lang, "order.uncertain", id=order.id)
    if placement.panel_text and placement.refusal in (Refusal.LINK_REJECTED, Refusal.QUANTITY_REJECTED):
        return t(lang, "order.refused", reason=html.escape(placement.panel_text), price=price)
    return t(lang, "order.unavailable", price=price)


def _follow(lang: str, order_id: int | None) -> InlineKeyboardMarkup:
    """A button to the order's detail view (when there is an order to follow), My orders, Order again, the menu."""
    rows = []
    if order_id is not None:
        rows.append([Button(t(lang, "order.follow", id=order_id), callback_data=OrderAction(order_id).pack())])
        rows.append(
            [
                Button(t(lang, "menu.orders"), callback_data=OrdersPage().pack()),
                Button(t(lang, "order.again"), callback_data=OrderAgain(order_id).pack()),
            ]
        )
    rows.append(keyboards.home_row(lang))
    return InlineKeyboardMarkup(rows)


async def stale_confirm(update: Update, context: ShopContext) -> int:
    """Confirm on an old card: say which order it placed, if it did; otherwise that it expired."""
    lang = await lang_of(update, context)
    pressed = Confirm.of(update.callback_query.data if update.callback_query else None)
    user = update.effective_user
    order = await context.shop.ordering.placed_by(pressed.quote_id, user.id) if pressed and user else None
    query = update.callback_query
    if order is not None and query is not None:
        await query.answer(t(lang, "order.already_toast", id=order.id))  # a toast: the chat shows the order
    elif query is not None:
        await query.answer(t(lang, "order.expired_card"), show_alert=True)
    return CONFIRM if context.session.order else END


async def add_funds(update: Update, context: ShopContext) -> int:
    """Add funds from the summary card: the top-up screen; the card stays to confirm later. If the wallet
    covers the order by now (a deposit approved meanwhile), the card with its new balance instead."""
    session, user = context.session.order, update.effective_user
    card = await context.shop.ordering.quote(user.id, session.draft) if session and user else None
    if session is not None and card is not None and card.shortfall <= 0:
        return await _show_card(
            update, context, session, card, t(await lang_of(update, context), "order.funds_covered")
        )
    await add_funds_screen(update, context)
    return CONFIRM


async def card_deposit(update: Update, context: ShopContext) -> int:
    """*Add funds by request* from the card's top-up screen: the amount prompt, inside the order."""
    await ask_amount(update, context)
    return FUNDS


async def card_deposit_amount(update: Update, context: ShopContext) -> int:
    """The amount for a top-up from the card: the request is recorded, then the card again (a fresh quote)."""
    if not await record_deposit(update, context, None):
        return FUNDS
    return await _card_again(update, context)


async def card_stars(update: Update, context: ShopContext) -> int:
    """Telegram Stars from the card's top-up screen: the packs; the card waits."""
    await wallet_stars_menu(update, context)
    return CONFIRM


async def card_invoice(update: Update, context: ShopContext) -> int:
    await stars_invoice(update, context)
    return CONFIRM


async def card_paid(update: Update, context: ShopContext) -> int:
    """Stars paid while the card waits: credited once, then the card again with the new balance."""
    await credit_payment(update, context, None)
    return await _card_again(update, context)


async def back_to_card(update: Update, context: ShopContext) -> int:
    """Cancel at the top-up prompt: the card again."""
    return await _card_again(update, context)


async def on_card(update: Update, context: ShopContext) -> int:
    """A message typed while the summary card waits: say what the card expects, and show it again."""
    session = context.session.order
    if session is None:
        return await _service_gone(update, context)
    session.step = None
    user = update.effective_user
    card = await context.shop.ordering.quote(user.id, session.draft) if user else None
    if card is None:
        return await _service_gone(update, context)
    key = "order.on_card_short" if card.shortfall > 0 else "order.on_card"
    return await _show_card(update, context, session, card, t(await lang_of(update, context), key))


async def ask_code(update: Update, context: ShopContext) -> int:
    """*Have a code?* on the summary card: ask for it; Back returns to the card."""
    lang = await lang_of(update, context)
    await show(update, t(lang, "code.ask_discount"), InlineKeyboardMarkup([_buttons(lang, Step.BACK)]))
    return CODE


async def receive_code(update: Update, context: ShopContext) -> int:
    """The discount code typed: a new card with the price before and after it, or why it gives nothing (asked
    again; when the customer must wait, the card again as it was)."""
    lang = await lang_of(update, context)
    session, user, message = context.session.order, update.effective_user, update.effective_message
    if session is None or user is None or message is None:
        return await _service_gone(update, context)
    result = await context.shop.ordering.with_code(user.id, session.draft, message.text or "")
    if result is None:
        return await _service_gone(update, context)
    if isinstance(result, Card):
        code = html.escape(result.quote.code or "")
        return await _show_card(update, context, session, result, t(lang, "code.applied", code=code))
    if result.problem is CodeProblem.SLOWED:
        return await summary(update, context, session, refused_text(lang, result))
    return await _ask_code_again(update, lang, result)


async def _ask_code_again(update: Update, lang: str, refused: Refused | None = None) -> int:
    text = t(lang, "code.ask_discount")
    if refused is not None:
        text = f"{refused_text(lang, refused)}\n\n{text}"
    await show(update, text, InlineKeyboardMarkup([_buttons(lang, Step.BACK)]))
    return CODE


async def code_not_text(update: Update, context: ShopContext) -> int:
    """A photo or sticker at the code prompt: ask again."""
    return await _ask_code_again(update, await lang_of(update, context))


async def _card_again(update: Update, context: ShopContext) -> int:
    """The summary card again (in place of a button's message, else new): a fresh quote, today's wallet."""
    session = context.session.order
    if session is None:
        return await _service_gone(update, context)
    return await summary(update, context, session)


async def _noop(update: Update, context: ShopContext) -> int | None:
    """A page label: nothing changes."""
    await noop(update, context)
    return None


# --- leaving --------------------------------------------------------------------------------------------------


async def cancel(update: Update, context: ShopContext) -> int:
    """/cancel or the Cancel button: drop the draft, nothing charged."""
    lang = await lang_of(update, context)
    context.session.order = None
    await show(update, t(lang, "order.cancelled"), main_menu(context, lang))
    return END


async def leave(update: Update, context: ShopContext) -> int:
    """Another screen's button or a command in the middle of an order: put the draft aside, do what was asked."""
    context.session.order = None
    return await leave_prompt(update, context)


async def timed_out(update: object, context: ShopContext) -> None:
    """The conversation sat idle: say so once, politely."""
    if not isinstance(update, Update):
        return
    lang = await lang_of(update, context)
    minutes = int(context.shop.settings.order_timeout_minutes)
    context.session.order = None
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(
            chat.id,
            t(lang, "order.timeout", minutes=minutes),
            reply_markup=main_menu(context, lang),
        )


def build_order_conversation(settings: Settings) -> BaseHandler[Update, ShopContext, object]:
    browse: list[BaseHandler[Update, ShopContext, int | None]] = [
        CallbackQueryHandler(categories, pattern=Menu.match_where(screen=Screen.NEW_ORDER)),
        CallbackQueryHandler(categories, pattern=Categories.match),
        CallbackQueryHandler(services, pattern=CategoryPage.match),
        CallbackQueryHandler(choose_service, pattern=PickService.match),
        CallbackQueryHandler(_noop, pattern=Noop.match),
    ]
    step_buttons = [
        CallbackQueryHandler(back, pattern=OrderStep.match_where(step=Step.BACK)),
        CallbackQueryHandler(skip, pattern=OrderStep.match_where(step=Step.SKIP)),
    ]
    again = CallbackQueryHandler(order_again, pattern=OrderAgain.match)
    return conversation(
        entry_points=[*browse, again],
        states={
            CHOOSING: [*browse, MessageHandler(TYPED, search)],
            INPUT: [
                MessageHandler(TYPED, receive),
                MessageHandler(NEW & ~filters.COMMAND, not_text),
                *step_buttons,
                *browse,
            ],
            CONFIRM: [
                CallbackQueryHandler(confirm, pattern=Confirm.match),
                CallbackQueryHandler(add_funds, pattern=OrderStep.match_where(step=Step.ADD_FUNDS)),
                CallbackQueryHandler(ask_code, pattern=OrderStep.match_where(step=Step.CODE)),
                # the card's top-up screen: a request or Stars, then the card again
                CallbackQueryHandler(card_deposit, pattern=Wallet.match_where(action=Funds.REQUEST)),
                CallbackQueryHandler(card_stars, pattern=Wallet.match_where(action=Funds.STARS)),
                CallbackQueryHandler(card_invoice, pattern=StarsPack.match),
                MessageHandler(filters.SUCCESSFUL_PAYMENT, card_paid),
                *step_buttons,
                *browse,
                MessageHandler(NEW & ~filters.COMMAND, on_card),
            ],
            FUNDS: [
                MessageHandler(TYPED, card_deposit_amount),
                CallbackQueryHandler(back_to_card, pattern=Wallet.match_where(action=Funds.CANCEL)),
                CallbackQueryHandler(back_to_card, pattern=OrderStep.match_where(step=Step.BACK)),
                MessageHandler(filters.SUCCESSFUL_PAYMENT, card_paid),
            ],
            CODE: [
                MessageHandler(TYPED, receive_code),
                CallbackQueryHandler(back_to_card, pattern=OrderStep.match_where(step=Step.BACK)),
                *browse,
                MessageHandler(NEW & ~filters.COMMAND, code_not_text),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(cancel, pattern=OrderStep.match_where(step=Step.CANCEL)),
            CallbackQueryHandler(leave),
            MessageHandler(filters.COMMAND, leave),
        ],
        name="order",
        persistent=True,
        allow_reentry=True,
        conversation_timeout=settings.order_timeout_minutes * 60,
    )


def handlers() -> list[BaseHandler[Update, ShopContext, object]]:
    """Outside a conversation: an old Confirm says what it placed, or that it expired."""
    return [CallbackQueryHandler(stale_confirm, pattern=Confirm.match)]

"""Invite friends: the customer's invite link, how many joined through it and what it earned."""

from __future__ import annotations

from urllib.parse import quote

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.shop.customers import CODE_PREFIX
from bot.telegram import keyboards
from bot.telegram.callbacks import Menu, Screen
from bot.telegram.common import lang_of, show
from bot.telegram.context import ShopContext
from bot.telegram.i18n import money, t


def invite_link(bot_username: str, code: str) -> str:
    """The link a customer shares: it opens the bot with `/start r_<code>`."""
    return f"https://t.me/{bot_username}?start={CODE_PREFIX}{code}"


async def invite(update: Update, context: ShopContext) -> None:
    """Show the customer's invite link (a code of their own, minted the first time), a button to share it, how
    many joined through it and what it earned. With referral rewards off (an old button): say so."""
    user = update.effective_user
    if user is None:
        return
    lang = await lang_of(update, context)
    shop = context.shop
    if not shop.referrals.enabled:
        await show(update, t(lang, "invite.off"), keyboards.back_home(lang))
        return
    invitation = await shop.referrals.invitation(user.id)
    link = invite_link(context.bot.username, invitation.code)
    text = t(
        lang,
        "invite.text",
        percent=f"{shop.referrals.percent.normalize():f}",
        link=link,
        joined=invitation.joined,
        earned=money(invitation.earned, await shop.currency(), lang),
    )
    share = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(t(lang, 'invite.share_text'))}"
    rows = [[Button(t(lang, "invite.share"), url=share)], keyboards.home_row(lang)]
    await show(update, text, InlineKeyboardMarkup(rows))


def handlers() -> list[BaseHandler[Update, ShopContext, None]]:
    return [CallbackQueryHandler(invite, pattern=Menu.match_where(screen=Screen.INVITE))]

"""Setting the shop up from Telegram: /claim, /setgroup, /setup and the admins' *Admin* screen.

A bot with no admin logs a one-time claim code; `/claim CODE` in private makes the sender its owner.
The owner adds the bot to a group and sends `/setgroup` there; `/setup` shows what is still missing.
"""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.shop.staff import Claim, GroupSet, SetupReport
from bot.telegram import keyboards
from bot.telegram.access import AdminAccess
from bot.telegram.callbacks import Menu, Screen
from bot.telegram.common import lang_of, show
from bot.telegram.context import ShopContext
from bot.telegram.handlers.start import expired
from bot.telegram.i18n import t


async def claim(update: Update, context: ShopContext) -> None:
    """/claim CODE in private: the first right code makes the sender the owner; anything else is refused."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    lang = await lang_of(update, context)
    code = context.args[0] if context.args and len(context.args) == 1 else ""
    if await context.shop.staff.claim(user.id, code) is not Claim.OWNER:
        await message.reply_text(t(lang, "owner.claim_refused"))
        return
    await context.shop.customers.register(user.id, user.username, user.first_name)
    await message.reply_text(
        t(lang, "owner.claimed"), reply_markup=keyboards.admin_main_menu(lang, invite=context.shop.referrals.enabled)
    )


async def setgroup(update: Update, context: ShopContext) -> None:
    """/setgroup by an admin: in a group, make it the admin group; in private, say where to send it."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None or message is None:
        return
    lang = await lang_of(update, context)
    if chat.type not in ("group", "supergroup"):
        await message.reply_text(t(lang, "owner.group_private"))
        return
    staff = context.shop.staff
    if await staff.set_group(user.id, chat.id) is GroupSet.SETTING_WINS:
        await message.reply_text(t(lang, "owner.group_setting_wins", chat=staff.admin_chat))
        return
    await message.reply_text(t(lang, "owner.group_set"))


def setup_text(lang: str, report: SetupReport) -> str:
    """The checklist: ✅ what is set, ⚠️ what is missing (with the step that sets it)."""
    admins = [str(i) for i in report.admin_ids]
    if report.owner_id is not None:
        admins.append(t(lang, "setup.owner", id=report.owner_id))
    lines = [t(lang, "setup.title"), t(lang, "setup.admins", ids=", ".join(admins) or "—")]
    if report.owner_id is not None:
        lines.append(t(lang, "setup.claimed", id=report.owner_id))
    elif report.claim_open:
        lines.append(t(lang, "setup.claim_open"))
    else:
        lines.append(t(lang, "setup.claim_unused"))
    if report.admin_group is None:
        lines.append(t(lang, "setup.group_missing"))
    else:
        how = "ADMIN_CHAT_ID" if report.group_from_setting else "/setgroup"
        lines.append(t(lang, "setup.group", chat=report.admin_group, how=how))
    lines.append(t(lang, "setup.payment" if report.payment_instructions else "setup.payment_missing"))
    lines.append(t(lang, "setup.stars", rate=report.stars_rate) if report.stars else t(lang, "setup.stars_off"))
    if report.sandbox:
        lines.append(t(lang, "setup.sandbox"))
    else:
        lines.append(t(lang, "setup.panel", host=html.escape(report.panel_host)))
    return "\n".join(lines)


async def setup(update: Update, context: ShopContext) -> None:
    """/setup (admins): what is set and what is missing."""
    if update.effective_message is None:
        return
    lang = await lang_of(update, context)
    await update.effective_message.reply_text(setup_text(lang, context.shop.staff.setup()))


async def admin_screen(update: Update, context: ShopContext) -> None:
    """The *Admin* button: the admin commands grouped by task; anyone else gets an expired button."""
    user = update.effective_user
    if user is None or not context.shop.staff.is_admin(user.id):
        await expired(update, context)
        return
    lang = await lang_of(update, context)
    await show(update, t(lang, "admin.guide"), keyboards.back_home(lang))


def handlers(access: AdminAccess) -> list[BaseHandler[Update, ShopContext, None]]:
    return [
        CommandHandler("claim", claim, filters=filters.ChatType.PRIVATE),
        CommandHandler("setgroup", setgroup, filters=access.users),
        CommandHandler("setup", setup, filters=access.admins),
        CallbackQueryHandler(admin_screen, pattern=Menu.match_where(screen=Screen.ADMIN)),
    ]

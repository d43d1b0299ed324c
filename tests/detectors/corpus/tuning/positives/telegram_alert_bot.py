import os
from telegram.ext import ApplicationBuilder, CommandHandler

CHAT_ID = -1001843920117


async def status(update, context):
    await update.message.reply_text("all systems nominal")


app = ApplicationBuilder().token("⟦telegram_bot_token/bot_api:6415780057:AAwu9hV7aSvgxvG-fxnSnZR3rGPm9PJ-kf9⟧").build()
app.add_handler(CommandHandler("status", status))
app.run_polling()

import discord
from discord.ext import commands

intents = discord.Intents.default()
intents.message_content = True
bot = commands.Bot(command_prefix="!", intents=intents)


@bot.command()
async def ping(ctx: commands.Context) -> None:
    await ctx.send(f"pong ({round(bot.latency * 1000)} ms)")


bot.run("⟦discord_token/bot:OTM3Nzk5MDgzODE5NTgzOTcw.Enxl3_.gPTIU_MpHI2LysxWPQdjuhlvE0vHjnWhMoekPe⟧")

"""mitmproxy addons: thin adapters that connect the sans-IO core to live flows.

`addons/pretense.py` is the entry script; it lists the addons in the order they run.
"""

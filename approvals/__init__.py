"""Held tool calls and the decisions on them, kept where the proxy and `pretense approvals`
(in another process, or on another instance sharing the home) both see them."""

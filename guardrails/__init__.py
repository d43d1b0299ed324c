"""Agent guardrails, sans-IO: what a tool call in a model's answer would do, how the policy's
rules judge it, and each wire format's answer with its calls held until their outcome."""

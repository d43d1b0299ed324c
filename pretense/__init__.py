"""Pretense: keeps proprietary code, secrets and client data out of AI coding tools' requests.

This package holds what the CLI and the addons share: where local state lives, the policy.
"""

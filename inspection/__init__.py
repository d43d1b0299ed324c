"""The inspection of one AI request, sans-IO: its tier, its rewrite, and an egress check that
trusts none of what produced the bytes about to leave; runnable inline or in a worker."""

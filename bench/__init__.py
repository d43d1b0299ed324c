"""Benchmark of the Pretense suite against a pass-through mitmdump (`make bench`).

Both proxies run in the same process tree against one local fake provider, measured in alternation.
"""

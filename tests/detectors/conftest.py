"""The labeled corpus holds sample files, not tests: pytest never collects it (a sample named
`conftest.py` or `test_*.py` would otherwise be imported and run)."""

collect_ignore = ["corpus"]

import pytest


@pytest.fixture
def settings(monkeypatch):
    monkeypatch.setenv("LEDGER_API_KEY", "test-api-key")
    monkeypatch.setenv("DB_PASSWORD", "test")
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_dummy")
    return load_settings()

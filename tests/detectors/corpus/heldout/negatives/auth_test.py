import pytest

from ledger.auth import hash_password, verify_password


@pytest.mark.parametrize("password", ["correct horse battery staple", "Tr1cky-but-fine", "ünïcødé-pässwörd"])
def test_round_trip(password):
    assert verify_password(password, hash_password(password))


def test_wrong_password_fails():
    assert not verify_password("wrong", hash_password("right"))

import pytest

from payments.validation import is_valid_pan

INVALID_PANS = [
    "4427823090963392",
    "5494 6075 6353 3774",
    "370892922631481",
    "6011-5208-3514-9279",
]


@pytest.mark.parametrize("pan", INVALID_PANS)
def test_rejects_bad_checksum(pan: str) -> None:
    assert not is_valid_pan(pan)

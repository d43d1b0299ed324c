from banking.iban import validate_iban, IbanError
import pytest

# checksums deliberately broken (check digits off by one)
@pytest.mark.parametrize("value", [
    "GB21HSFD10421333461821",
    "DE78 8339 3214 7528 8453 59",
    "FR8576185359158687329237111",
    "NL75ARWN3997000633",
])
def test_bad_checksum(value: str) -> None:
    with pytest.raises(IbanError, match="checksum"):
        validate_iban(value)

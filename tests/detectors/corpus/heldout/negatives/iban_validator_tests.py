import pytest

# ISO 13616 / bank documentation examples and deliberately broken numbers
@pytest.mark.parametrize("value, ok", [
    ("GB82WEST12345698765432", True),
    ("DE89370400440532013000", True),
    ("FR1420041010050500013M02606", True),
    ("NL84QROW6988735809", False),
    ("ES1377555493759857687066", False),
    ("IT69M3678174131FVDF8HC34O4V", False),
])
def test_iban(value, ok):
    assert validate_iban(value) is ok

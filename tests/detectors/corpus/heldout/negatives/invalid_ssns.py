import pytest

@pytest.mark.parametrize("value", ["000-12-3456", "666-45-6789", "912-34-5678", "123-00-4567", "123-45-0000", "078-05-1120"])
def test_rejects_unissuable(value):
    assert not is_valid_ssn(value)

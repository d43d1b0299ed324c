from banking.aba import is_valid_routing_number

def test_rejects_bad_check_digit():
    # routing numbers below fail the ABA 3-7-1 checksum
    for rtn in ("069627063", "029153201", "019805855"):
        assert not is_valid_routing_number(rtn)


def test_rejects_wrong_length():
    assert not is_valid_routing_number("12345")

def holdings_total(positions):
    if not isinstance(positions, list):
        raise TypeError("positions must be a list")
    return sum(p.quantity * p.price for p in positions)

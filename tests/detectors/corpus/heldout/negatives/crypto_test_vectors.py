VECTORS = [
    # (key, nonce, plaintext, ciphertext) generated with cryptography 43.0 AESGCM
    ("bc2b167d59b2205a3f03719a484dcb36c8eaa3210e50ee2d2b2ff31c0fd0b0f5", "bf42bc5d5e99c8c05b7cfa45", b"ledger", "1cec82dd54932cd423c57cf573107581df57a1c818f1"),
    ("58855f9e013040a46341af45b73134b9e8d7485c14ca284f36606ad98b5ebeaf", "e0ef83935055380a2f3fc4fb", b"settlement", "9b655a122c2e978939223115f39fbfa7a681b31d4af22775a8cf"),
]


def test_round_trip():
    for key, nonce, plaintext, ciphertext in VECTORS:
        assert AESGCM(bytes.fromhex(key)).decrypt(bytes.fromhex(nonce), bytes.fromhex(ciphertext), None) == plaintext

import jwt
import time

TEAM_ID = "8QD6EZYGIM"
KEY_ID = "MPSZHCEYNN"
APNS_KEY = """⟦private_key/ec_pem:-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIK6sPYl5u+zLqkjuBUYrTlo9/CjT74vi7TcyeiKXnL9G5gAKWEgtGB6h
3Xtx/j4/j4QhB8O7kgx1y82pfvI7npWmJtWQQtzy8fV5U6DFnKdPVY5t4hHIKV2/
7cLeKHCTNbLA9VBW8Ze7LgxNJ92uVCHNlA==
-----END EC PRIVATE KEY-----⟧
"""


def apns_token() -> str:
    return jwt.encode({"iss": TEAM_ID, "iat": int(time.time())}, APNS_KEY, algorithm="ES256", headers={"kid": KEY_ID})

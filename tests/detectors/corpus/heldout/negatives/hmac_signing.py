"""Signs outbound webhooks; the key comes from the vault at start-up."""
import hashlib
import hmac
import time


class WebhookSigner:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def signature(self, body: bytes, timestamp: int | None = None) -> str:
        timestamp = timestamp or int(time.time())
        mac = hmac.new(self._secret, f"{timestamp}.".encode() + body, hashlib.sha256)
        return f"t={timestamp},v1={mac.hexdigest()}"

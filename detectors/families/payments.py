"""Payments and finance: Stripe, Shopify, Square, Adyen, Braintree, PayPal, Plaid, Coinbase,
Flutterwave. Their publishable and client-side keys are public by design (see `negatives`)."""

from __future__ import annotations

from detect_secrets.plugins.stripe import StripeDetector

from detectors.base import AFTER, BEFORE, URL_AFTER, Detector, from_plugin
from detectors.families.cloud import UUID
from detectors.keyed import SPECIFIC, Contextual


class StripeKey(Detector):
    """Secret and restricted keys (`sk_`, `rk_`) and webhook signing secrets (`whsec_`)."""

    kind = "stripe_key"
    based_on = StripeDetector
    anchors = ("sk_live_", "rk_live_", "sk_test_", "rk_test_", "whsec_")
    patterns = (
        rf"{BEFORE}(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{{24,99}}{AFTER}",
        *from_plugin(StripeDetector),
        rf"{BEFORE}whsec_[A-Za-z0-9]{{32,}}{AFTER}",
    )
    priority = SPECIFIC


class ShopifyToken(Detector):
    kind = "shopify_token"
    anchors = ("shpat_", "shpss_", "shpca_", "shppa_", "shptka_")
    patterns = (rf"{BEFORE}shp(?:at|ss|ca|pa|tka)_[a-fA-F0-9]{{32}}{AFTER}",)
    priority = SPECIFIC


class SquareToken(Detector):
    """Access tokens (`EAAA`, older `sq0atp-`) and application secrets (`sq0csp-`); the
    application id (`sq0idp-`) is public."""

    kind = "square_token"
    anchors = ("EAAA", "sq0atp-", "sq0csp-")
    patterns = (
        rf"{BEFORE}EAAA[A-Za-z0-9_-]{{60}}{URL_AFTER}",
        rf"{BEFORE}sq0atp-[A-Za-z0-9_-]{{22}}{URL_AFTER}",
        rf"{BEFORE}sq0csp-[A-Za-z0-9_-]{{43}}{URL_AFTER}",
    )
    priority = SPECIFIC


class AdyenApiKey(Detector):
    """Adyen API keys: `AQE`, then three dash-separated parts. Client keys (`live_`, `test_`)
    are public."""

    kind = "adyen_api_key"
    anchors = ("AQE",)
    patterns = (rf"{BEFORE}AQE[A-Za-z0-9+/]{{60,}}={{0,2}}-[A-Za-z0-9+/]{{40,}}={{0,2}}-[^\s\"'`]{{10,40}}",)
    priority = SPECIFIC


class BraintreeToken(Detector):
    kind = "braintree_token"
    anchors = ("access_token$",)
    patterns = (r"access_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}(?![A-Za-z0-9])",)
    priority = SPECIFIC


class BraintreePrivateKey(Contextual):
    kind = "braintree_token"
    anchors = ("braintree",)
    value = r"[a-f0-9]{32}"
    keys = r"private[_.-]?key"


class PaypalSecret(Contextual):
    """REST client secrets (80 characters) next to PayPal; the client id is public."""

    kind = "paypal_secret"
    anchors = ("paypal",)
    value = r"E[A-Za-z0-9_-]{79}"
    keys = r"secret"


class PaypalAccessToken(Detector):
    kind = "paypal_secret"
    anchors = ("A21AA",)
    patterns = (rf"{BEFORE}A21AA[A-Za-z0-9_-]{{50,}}{URL_AFTER}",)
    priority = SPECIFIC


class PlaidSecret(Contextual):
    kind = "plaid_secret"
    anchors = ("plaid",)
    value = r"[a-f0-9]{30}"
    keys = r"secret"


class PlaidAccessToken(Detector):
    kind = "plaid_secret"
    anchors = ("access-production-", "access-development-", "access-sandbox-")
    patterns = (rf"{BEFORE}access-(?:production|development|sandbox)-{UUID}{AFTER}",)
    priority = SPECIFIC


class CoinbaseKey(Contextual):
    """Coinbase's older API keys and secrets, next to Coinbase (its CDP keys are EC private
    keys, see `keys`)."""

    kind = "coinbase_key"
    anchors = ("coinbase",)
    value = r"[A-Za-z0-9]{64}|[A-Za-z0-9]{32}|[A-Za-z0-9]{16}"
    keys = r"key|secret"


class FlutterwaveKey(Detector):
    """Secret keys (`FLWSECK-`, `FLWSECK_TEST-`) and encryption keys; `FLWPUBK` is public."""

    kind = "flutterwave_key"
    anchors = ("FLWSECK",)
    patterns = (
        rf"{BEFORE}FLWSECK(?:_TEST)?-[a-h0-9]{{32}}-X{AFTER}",
        rf"{BEFORE}FLWSECK_TEST[a-h0-9]{{12}}{AFTER}",
    )
    priority = SPECIFIC

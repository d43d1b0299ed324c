from __future__ import annotations

import pytest

from tests.detectors.findings import found

EXAMPLES = [
    ("stripe_key", "Stripe.api_key = '{}'", "sk_live_51Hq8ZrLxVt5Wn9PsK3mHc4B7yD2fG"),
    ("stripe_key", "STRIPE_WEBHOOK_SECRET={}", "whsec_MwNHfTDRo44sj8x80LP0vMYdoKv7N0lu"),
    ("shopify_token", "X-Shopify-Access-Token: {}", "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"),
    ("shopify_token", "shopify theme push --password {}", "shptka_8cdfb24cd9cc56bc63393dfb75cfcdc0"),
    (
        "square_token",
        "SQUARE_ACCESS_TOKEN={}",
        "EAAAQVvRLpIP4dz6hSvAG3HqxStBlUB2F79Sp5240PVF2uCgM7yQw6iQSGKglBSr",
    ),
    ("square_token", "SQUARE_APP_SECRET={}", "sq0csp-G7sziVETA1LFgupiYGUiEpJmVUec8GdE7tjrpZ0U8K6"),
    (
        "adyen_api_key",
        "ADYEN_API_KEY={}",
        "AQE9qPc8aqs92XjpxLOdurh5S0l/bNO+Muwg1qdp62EtQjtDKg1D3PZB5/P7np7MbDoVeFNt5nk9g2qX60oSRhjASv8F8zeFQJ1x="
        "-eLqVlDdyaxMg2v1N9YQH5uAeGzRSCnJgSJI35KZ8tEl=-oOTxYLLyj1hANd1n",
    ),
    (
        "braintree_token",
        "BRAINTREE_ACCESS_TOKEN={}",
        "access_token$production$yr2vmg964wrbp57c$d172bd63ea1d9481fa69015f1e253282",
    ),
    ("braintree_token", "braintree.Configuration(private_key='{}')", "3d10ccdddeeab5d802f065ba06a39081"),
    (
        "paypal_secret",
        "PAYPAL_CLIENT_SECRET={}",
        "EUQhm0F8-HelYYs2HtGM6743L1GB5VqFCqW0tRdGXmZwSWV3NW7Bk2m9lOZWXjOJbaBhhsGdK2c0X9Nq",
    ),
    (
        "paypal_secret",
        '"access_token":"{}"',
        "A21AAZ-OX0ZGMQmLmj5jlxWrmFMiMFydvlWFJe1LSchZVDUnHCdVAMB5R5jFx1ZkvrU0QapbiQb5q7zMDSEDD",
    ),
    ("plaid_secret", "PLAID_SECRET={}", "9966a18a05d3a0ab7168886fda5d3f"),
    ("plaid_secret", "access_token: {}", "access-production-af5637d9-121d-4df9-9c23-accaec240fe7"),
    ("coinbase_key", "COINBASE_API_SECRET={}", "DuiBsFJ4QKOdi2POreKg2grbkdgTT7Bw"),
    ("flutterwave_key", "FLW_SECRET_KEY={}", "FLWSECK-14eca4363380a578174d876d536c83c3-X"),
]

QUIET = [
    "Stripe('pk_live_51Hq8ZrLxVt5Wn9PsK3mHc4B7yD2fG')",
    "curl https://api.stripe.com/v1/charges -u sk_test_4eC39HqLyjWDarjtT1zdp7dc:",
    '{"adyen": {"clientKey": "live_7Q2M4X9K1B3V5N7Z0C2X4V6B8N0M2Q4W"}}',
    "SQUARE_APPLICATION_ID=sq0idp-G7sziVETA1LFgupiYGUi",
    "FLW_PUBLIC_KEY=FLWPUBK-14eca4363380a578174d876d536c83c3-X",
    'braintree: {"tokenizationKey": "production_yr2vmg96_4wrbp57cd172bd63"}',
]


@pytest.mark.parametrize(("kind", "context", "value"), EXAMPLES)
def test_each_format_is_found_with_its_value_only(kind: str, context: str, value: str) -> None:
    assert found(context.format(value)) == [(kind, value)]


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert found(text) == []

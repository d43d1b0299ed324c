from __future__ import annotations

import pytest

from tests.detectors.findings import found

# One value of each format, in a context where it turns up; the expected span is the value only.
EXAMPLES = [
    ("aws_access_key_id", "export AWS_ACCESS_KEY_ID={}", "AKIAQ3EGUZ7T2XN5MBRW"),
    ("aws_secret_access_key", 'aws_secret_access_key = "{}"', "k3bL9q0pZr8nXy2Vw4mT6sUoE1aD5fGhJiKlMnOp"),
    (
        "aws_session_token",
        "AWS_SESSION_TOKEN={}",
        "IQoJb3JpZ2luX2VjE1qdXWPJx/d8ut8pdqsxRpvED5hJRaOvRTYZPNvS+I4k9GvvK9JkmW378D/Cn511CFUBWkNhBm2bd2AG2"
        "+B2TFu2aWo+C7VLotddxg7qACPVsOnA66cKIFTmx==",
    ),
    ("google_api_key", "const key = '{}';", "AIzaSyD8q2Zr9LxVt5Wn4PsK3mHc7B1yD2fG6hJ"),
    ("google_oauth_secret", '"client_secret":"{}"', "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"),
    (
        "google_oauth_token",
        "Authorization header: {}",
        "ya29.a0xGqc_fQ7ZvqsP3CCT_nKEBJMhw5k62rOjlqnFCraP_c0YsHh47lft6zNHIA3",
    ),
    (
        "google_oauth_token",
        "refresh_token={}",
        "1//03NbEI3p85cRbGIEV45gO-V_RrwlIM5dcJjWpwIqulpwIKak99neEC7C6JYMi",
    ),
    (
        "firebase_fcm_server_key",
        "headers: {{'Authorization': 'key={}'}}",
        "AAAANp9E1Hq:APA91bNbYQV6X1X-Lngr_pzZoqZSJ0iHD9msRYZwAGPPBiURfi5v1P44OMlfpYoG8lsDZrvxCA4Hw0yGjClFjz"
        "Vek2Mkj5rkTAZjY9g6YfGKPoQWoW5WjqFFn3SFEZxH7JtwREk3xldB",
    ),
    (
        "azure_storage_key",
        "DefaultEndpointsProtocol=https;AccountName=x;AccountKey={};",
        "L1v7nmKQ/h2naOl/xW4Si8OA88aV225ICwZ8UvfPyiLj9bMEiWbT/eXV6RdQi5PJrbOnUlggprO+Q13Y5L2QPA==",
    ),
    (
        "azure_storage_key",
        "Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={}",
        "/B73Rqbn8re/auwFSP1IdXojn/qgJo01nGctwgAI6uU=",
    ),
    (
        "azure_sas_token",
        "https://acct.blob.core.windows.net/c/f.csv?sp=r&se=2026-01-01T00:00:00Z&sv=2022-11-02&sr=b&sig={}",
        "JK0xxWdCNpfs3cAVBWaySFTb%2FriLH9TwgCCpHo4OQSM%3D",
    ),
    ("azure_client_secret", "AZURE_CLIENT_SECRET={}", "HmI1Q~F6ytTBURaHyx49wQOmCb5k5pbS2Sd6CRSH"),
    ("alibaba_access_key_id", "ALIBABA_CLOUD_ACCESS_KEY_ID={}", "LTAI5tF1mMLNmlqfIim6ZvIx"),
    ("alibaba_access_key_secret", "ALIBABA_CLOUD_ACCESS_KEY_SECRET={}", "OBYoD0hN450itDEF30uU0PBDeVsS53"),
    ("tencent_secret_id", "TENCENTCLOUD_SECRET_ID={}", "AKIDPAS7MGTnniPk3oeKrrmZqGrSC8NJDWBe"),
    ("tencent_secret_key", "TENCENTCLOUD_SECRET_KEY={}", "fP2k77R9RFAP6VGYqLZdwMg4ixYF0oXM"),
    ("ibm_cloud_api_key", "export IBMCLOUD_API_KEY={}", "4J1_pmHdNZ1INU9z4mgYake_BSDv2iFeuS0HOkJ9C1hn"),
    ("cloudflare_token", "CLOUDFLARE_API_TOKEN: {}", "sSSIIpeUxT0uRcm0EA6Gk8htj-wf0gZpc5RIpGuK"),
    (
        "cloudflare_token",
        "curl -H 'X-Auth-Key: {}' https://api.cloudflare.com/",
        "dafc1eb03300183873de573ecad06b0974afa",
    ),
    (
        "cloudflare_token",
        "origin ca key: {}",
        "v1.0-74193304885ee914f149f83b-5ae08e9df0b3f13052ba131525fa27a6abde3911a95891fca76a9e28becdcb820372c3"
        "10f04040699f0c60d9df89af707b1de74f1f7144a6262a997702652f2b23a015da2219027c30",
    ),
    ("fastly_token", 'fastly_api_token = "{}"', "1vYMJqVIvLQKt4CST4LBZWm6i6X89qyh"),
    (
        "heroku_api_key",
        "heroku auth:token\n{}",
        "HRKU-AAxrrhbuaYuV8GEpAj08dNPu0DmtFQuOyDwYfFTRVBQaeIKJ8NFRXlCQH5T_",
    ),
    ("heroku_api_key", "HEROKU_API_KEY={}", "ff1c03bb-48ea-459a-8445-038d18288ae2"),
    ("netlify_token", "NETLIFY_AUTH_TOKEN={}", "nfp_TzD3pzIQWvOz1MxbcgMweeV1BkUFmg7OqqNH"),
    ("netlify_token", "netlify deploy --auth {}", "jyJQYVGxcWHfo93uif23EFW3Z8bjprCXh-wM98rFLcs"),
    ("vercel_token", "VERCEL_TOKEN={}", "QlBIz6OdyvSphM1SXUS2HdCP"),
    (
        "flyio_token",
        'FLY_API_TOKEN="{}"',
        "FlyV1 fm2_SU/e2nIEMdKyMyyDDeRbm/ZzLi1PnzN1RRzpZJrnyFjC+UH6n2PD3c03CIvioN2dBoXQxVnEcdFd0/gOajU4n2Pw"
        "ITXiCWkwW21zTxSvXbn01WvTRUqC7TBL",
    ),
    ("supabase_key", "SUPABASE_SECRET_KEY={}", "sb_secret_6z8-tbq2OwvrmfPzLlQSvW_aa7ppCzG"),
    ("supabase_key", "supabase login --token {}", "sbp_eda213f8f53539f4911a52d1c6e746ac360d6eee"),
    (
        "supabase_key",
        "createClient(url, '{}')",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIiwiaXNzIjoic3VwYWJhc2UifQ"
        "._eV6GJ8a0LGbsF3-gBg4rTyyIRlolYTgFZ6-walA-mE",
    ),
    (
        "planetscale_token",
        "PLANETSCALE_SERVICE_TOKEN={}",
        "pscale_tkn_4YrPVbPk0zRxoLF_uKCTMnHzXo_bdQASar24clMzFx_",
    ),
    ("render_api_key", "RENDER_API_KEY={}", "rnd_D5tBqLWXCGluWYY6qFwa1Q3A3kjnPa3e"),
    ("digitalocean_token", "DIGITALOCEAN_TOKEN={}", "dop_v1_" + "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e" * 2),
    ("databricks_token", "DATABRICKS_TOKEN={}", "dapi3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"),
]

QUIET = [
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    # Azurite's published account key
    "AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq"
    "/K1SZFPTOtr/KBHBeksoGMGw==;",
    # a signature that is not 32 bytes of base64
    "https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=not-a-signature-at-all-but-long-enough-1234",
    # an FCM device registration token: not a server key
    "token = 'dXB7k9Xy2Qz8Rv1mN3pL4s:APA91bHq" + "x" * 40 + "'",
    # the anon key of Supabase is meant for the browser
    "createClient(url, 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiIsImlzcyI6InN1cGFiYXNlIn0"
    ".PusAbBnSh3ZOQLuRseHPkZV9W_omZqnRXzDK2LAIs2A')",
    "SUPABASE_PUBLISHABLE_KEY=sb_publishable_6z8tbq2OwvrmfPzLlQSvW_aa7ppCzGx",
    "heroku ps:scale web=2 --app ledger-0d9c1a2b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    "netlify sites:list  # site id 5b8f2c1e-93a4-4f0d-b7e6-2c1d9a8e4f30",
    # a path and an author next to a provider's name are not its credentials
    "heroku release:\n  path: ff1c03bb-48ea-459a-8445-038d18288ae2\n"
    "  author: 5b8f2c1e-93a4-4f0d-b7e6-2c1d9a8e4f30",
]


@pytest.mark.parametrize(("kind", "context", "value"), EXAMPLES)
def test_each_format_is_found_with_its_value_only(kind: str, context: str, value: str) -> None:
    assert found(context.format(value)) == [(kind, value)]


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert found(text) == []

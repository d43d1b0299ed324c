from __future__ import annotations

import pytest

from tests.detectors.findings import found

SECRET_MANIFEST = """apiVersion: v1
kind: Secret
metadata:
  name: ledger-db
type: Opaque
data:
  username: bGVkZ2VyX2FwcA==
  password: {password}
  host: bGVkZ2VyLWRiLmxlZGdlci5zdmM=
"""
KUBECTL_OUTPUT = """apiVersion: v1
data:
  STRIPE_SECRET_KEY: {key}
kind: Secret
metadata:
  name: stripe-keys
"""
KUBECONFIG = """users:
- name: deployer
  user:
    token: {token}
"""

EXAMPLES = [
    (
        "docker_auth",
        '{{"auths": {{"ghcr.io": {{"auth": "{}"}}}}}}',
        "cm9ib3QkY2k6eStiSEVweU8lR2wjX20wUTNjZzM=",
    ),
    ("kubernetes_secret", SECRET_MANIFEST.replace("{password}", "{}"), "WkR5Q3BoNFg0ZkpIZjJwSiN1"),
    (
        "kubernetes_secret",
        KUBECTL_OUTPUT.replace("{key}", "{}"),
        "c2tfbGl2ZV81MUhxOFpyTHhWdDVXbjlQc0szbUhjNEI3eUQyZkc=",
    ),
    ("kubernetes_secret", "kind: Secret\nstringData:\n  SMTP_PASSWORD: {}\n", "v%y0hu4nO7hzLe4f20"),
    (
        "kubernetes_secret",
        '{{"apiVersion": "v1", "data": {{"username": "bGVkZ2Vy", "token": "{}"}}, "kind": "Secret"}}',
        "WkR5Q3BoNFg0ZkpIZjJwSiN1",
    ),
    (
        "kubeconfig_token",
        KUBECONFIG.replace("{token}", "{}"),
        "eyJhbGciOiJSUzI1NiIsImtpZCI6InZ4N2Y3S1JzaHRILWp2bVNvb0duIn0.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiw"
        "ic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50OmNpOmRlcGxveWVyIn0.nSlnak1I7057U1XScfR0s0GZcnGNuzglFFoPjhT2Rl0",
    ),
    ("kubeconfig_token", KUBECONFIG.replace("{token}", "{}"), "jfJQUq3fx7kvpQAF1x5Rlsb55M627AuG"),
    (
        "vault_token",
        "VAULT_TOKEN={}",
        "hvs.oRbLlC4GFxDAJIzNabGth1t1HoIrmzGn6gVMc_VDky7N4_kWd2nfLnYJJ43a1JrRj9Qy5zjbllHrKFBQJ9myUjVbscF",
    ),
    ("vault_token", "export VAULT_TOKEN={}", "s.Zq8RkV2mX9tLcW4nB7yP3dF6"),
    (
        "terraform_token",
        'token = "{}"',
        "Pkexzjsle7HxR4.atlasv1.hsB1Bc8wOrwj8b8-3qJhAA0alJdUJuR_ub3YKCLqPeaLu-vLNG2u-D4g0bYw71Xuujx",
    ),
]

QUIET = [
    '{"auths": {"https://index.docker.io/v1/": {}}, "credsStore": "desktop"}',
    # the username and host of a Secret are not secret; a Helm template holds no value yet
    "kind: Secret\ndata:\n  username: bGVkZ2VyX2FwcA==\n  password: {{ .Values.db.password | b64enc }}\n",
    # a SealedSecret is encrypted to the cluster
    "kind: SealedSecret\nspec:\n  encryptedData:\n    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEqAAAA\n",
    "kind: SecretStore\nspec:\n  provider:\n    vault:\n      server: https://vault:8200\n",
    "users:\n- name: eks\n  user:\n    exec:\n      command: aws\n      args: [eks, get-token]\n",
]


@pytest.mark.parametrize(("kind", "context", "value"), EXAMPLES)
def test_each_format_is_found_with_its_value_only(kind: str, context: str, value: str) -> None:
    assert found(context.format(value)) == [(kind, value)]


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert found(text) == []

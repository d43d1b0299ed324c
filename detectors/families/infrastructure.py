"""Containers and configuration: Docker's `config.json` auths, Kubernetes Secrets and kubeconfig
credentials, Vault and Terraform tokens (Helm, tfvars and Ansible passwords: see `access`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from detectors import checks
from detectors.base import BEFORE, URL_AFTER, Detector, Finding, Mode, View, Views
from detectors.keyed import SPECIFIC, Keyed


class DockerAuth(Detector):
    """A registry's `auth` (base64 of `user:password`) or `identitytoken` in Docker's
    `config.json`; a credential store (`credsStore`) keeps none in the file."""

    kind = "docker_auth"
    anchors = ('"auth"', '"identitytoken"')
    patterns = (
        r"\"auth\"\s*:\s*\"(?P<v>[A-Za-z0-9+/]{8,}={0,2})\"",
        r"\"identitytoken\"\s*:\s*\"(?P<v>[^\"\s]{16,})\"",
    )
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        return checks.basic_credentials(value) or "." in value or len(value) >= 32


# What a Secret's data names that is not secret itself: who, where, which.
_PUBLIC_DATA = re.compile(
    r"(?:^|[_.-])(?:user(?:name)?|login|host(?:name)?|port|database|db(?:name)?|namespace|region|email)$"
    r"|^(?:ca|tls|cert)\.(?:crt|pem)$|^ca-bundle\.crt$",
    re.IGNORECASE,
)
_DATA_BLOCK = re.compile(r"^(?P<indent>[ \t]*)(?P<key>data|stringData):[ \t]*\r?\n", re.MULTILINE)
_ENTRY = re.compile(r"[ \t]+(?P<key>[\w.-]+):[ \t]*(?P<q>[\"']?)(?P<v>[^\s\"'#]+)(?P=q)[ \t]*(?:\r?\n|\Z)")
_DOCUMENT_END = re.compile(r"^---", re.MULTILINE)
_JSON_DATA_BLOCK = re.compile(r"\"(?P<key>data|stringData)\"\s*:\s*\{(?P<body>[^{}]*)\}")
_JSON_ENTRY = re.compile(r"\"(?P<key>[^\"]+)\"\s*:\s*\"(?P<v>[^\"]*)\"")


class KubernetesSecret(Detector):
    """The values under `data` (base64) and `stringData` of a `kind: Secret` manifest, its
    data block before or after the `kind` line (as `kubectl get -o yaml` prints it). Sealed
    and external secrets are other kinds."""

    kind = "kubernetes_secret"
    anchors = ("kind: secret", 'kind: "secret"', "kind: 'secret'", '"kind": "secret"')
    view = View.LOWER
    priority = SPECIFIC

    def find(self, views: Views, hits: Sequence[tuple[int, bytes]]) -> Iterator[Finding]:
        text = views.text
        for hit, anchor in hits:
            if anchor.startswith(b'"'):
                yield from self._json_values(text, hit)
                continue
            if text[hit + len(anchor) : hit + len(anchor) + 1] not in ("", "\n", "\r", " ", "\t"):
                continue  # kind: SecretStore, kind: SecretProviderClass
            start = max((m.end() for m in _DOCUMENT_END.finditer(text, 0, hit)), default=0)
            following = _DOCUMENT_END.search(text, hit)
            yield from self._values(text, start, following.start() if following else len(text))

    def _json_values(self, text: str, hit: int) -> Iterator[Finding]:
        """`kubectl get secret -o json`: the object around `"kind": "Secret"`."""
        for block in _JSON_DATA_BLOCK.finditer(text, max(0, hit - 4096), hit + 4096):
            encoded = block.group("key") == "data"
            for entry in _JSON_ENTRY.finditer(text, block.start("body"), block.end("body")):
                value = entry.group("v")
                if _PUBLIC_DATA.search(entry.group("key")) or checks.is_placeholder(value):
                    continue
                if encoded and (checks.decoded(value) is None or len(value) < 8):
                    continue
                yield Finding(self.kind, self.category, entry.start("v"), entry.end("v"))

    def _values(self, text: str, start: int, end: int) -> Iterator[Finding]:
        for block in _DATA_BLOCK.finditer(text, start, end):
            position = block.end()
            encoded = block.group("key") == "data"
            while (entry := _ENTRY.match(text, position, end)) is not None:
                position = entry.end()
                if len(entry.group(0)) - len(entry.group(0).lstrip()) <= len(block.group("indent")):
                    break
                value = entry.group("v")
                if (
                    _PUBLIC_DATA.search(entry.group("key"))
                    or checks.is_placeholder(value)
                    or "{{" in value
                    or value[0] in "|>"  # a block scalar: its lines are read by the formats they hold
                ):
                    continue
                if encoded and (checks.decoded(value) is None or len(value) < 8):
                    continue
                yield Finding(self.kind, self.category, entry.start("v"), entry.end("v"))


class KubeconfigToken(Detector):
    """A user's bearer `token` in a kubeconfig (`users: - name: ... user: token: ...`); its
    `client-key-data` is a private key and its `password` a password."""

    kind = "kubeconfig_token"
    anchors = ("user:",)
    view = View.LOWER
    mode = Mode.WINDOW
    reach = (0, 600)
    patterns = (
        r"(?<![\w-])user:[ \t]*\r?\n(?:[ \t]+[\w-]+:[^\n]*\r?\n)*?[ \t]+token:[ \t]*[\"']?"
        r"(?P<v>[A-Za-z0-9._~+/=-]{16,})[\"']?[ \t]*$",
    )
    flags = re.MULTILINE
    priority = SPECIFIC + 1

    def check(self, value: str) -> bool:
        return not checks.is_placeholder(value) and len(set(value)) > 6


class VaultToken(Detector):
    kind = "vault_token"
    anchors = ("hvs.", "hvb.")
    patterns = (rf"{BEFORE}hv[sb]\.[A-Za-z0-9_-]{{24,}}{URL_AFTER}",)
    priority = SPECIFIC


class VaultLegacyToken(Keyed):
    kind = "vault_token"
    anchors = ("vault_token",)
    value = r"s\.[A-Za-z0-9]{24}"
    priority = SPECIFIC


class TerraformToken(Detector):
    kind = "terraform_token"
    anchors = (".atlasv1.",)
    mode = Mode.WINDOW
    reach = (15, 82)
    patterns = (rf"{BEFORE}[A-Za-z0-9]{{14}}\.atlasv1\.[A-Za-z0-9_-]{{60,70}}{URL_AFTER}",)
    priority = SPECIFIC

"""Credentials found by where they stand, not by a format: values of password and secret keys,
command lines, `.pgpass`, `.netrc`, URLs, Authorization headers; and JSON web tokens."""

from __future__ import annotations

import re
from typing import ClassVar
from urllib.parse import unquote

from detectors import checks, negatives
from detectors.base import URL_AFTER, URL_BEFORE, Detector, Mode, View
from detectors.keyed import IN_URL, SPECIFIC, Keyed


class UrlPassword(Detector):
    """The password of `scheme://user:password@host`: databases, brokers, basic auth, git
    credentials."""

    kind = "url_password"
    anchors = ("://",)
    patterns = (r"://[^\s:/?#@\"'<>\\]*:(?P<v>[^\s/@\"'<>\\]{1,128})@[\w.-]*[A-Za-z0-9]",)
    priority = IN_URL

    def check(self, value: str) -> bool:
        # Test suites' `foo:bar@` and URL-escaped `a%20secret` are placeholders too.
        return not checks.is_placeholder(unquote(value)) and not value.isdigit()


# `Authorization: <scheme> v`, also as code writes it: `("Authorization", "Bearer v")`,
# `{"Authorization": "Bearer v"}`, `proxy_set_header Authorization "Basic v"`.
_HEADER = r"(?i:authorization)\\?[\"']?(?:[ \t]*(?:[:=,]|=>)[ \t]*|[ \t]+(?=\\?[\"']))\\?[\"']?"


class AuthorizationHeader(Detector):
    kind = "authorization_header"
    anchors = ("authorization",)
    view = View.LOWER
    patterns = (_HEADER + r"(?i:bearer|token|bot|apikey|sso-key|ssws)[ \t]+(?P<v>[A-Za-z0-9._~+/=:-]{8,})",)
    priority = IN_URL

    def check(self, value: str) -> bool:
        # A bearer token is machine-made: `Bearer test_token` in a test suite is no token.
        return checks.looks_random(value, 8) and not checks.is_documentation(value)


class BasicAuthorizationHeader(Detector):
    """HTTP Basic credentials: base64 of `user:password`, which the check decodes."""

    kind = "authorization_header"
    anchors = ("authorization",)
    view = View.LOWER
    patterns = (_HEADER + r"(?i:basic)[ \t]+(?P<v>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])",)
    priority = IN_URL

    def check(self, value: str) -> bool:
        return checks.basic_credentials(value)


class Jwt(Detector):
    """Signed JSON web tokens: the header must decode to JSON naming its algorithm. A token
    whose role is `anon` (Supabase's browser key) is public."""

    kind = "jwt"
    anchors = ("eyJ",)
    patterns = (
        rf"{URL_BEFORE}eyJ[A-Za-z0-9_-]{{8,}}\.ey[A-Za-z0-9_-]{{8,}}\.[A-Za-z0-9_-]{{8,}}{URL_AFTER}",
    )
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        claims = checks.jwt_claims(value)
        return claims is not None and claims.get("role") != "anon"


_ALNUM = re.compile(r"[A-Za-z0-9]")
_VERSION = re.compile(r"[\d.]+(?:-[\d.]*)?")


class PasswordAssignment(Keyed):
    kind = "password"
    anchors = ("password", "passwd", "passphrase", "pass_phrase", "pwd", "pass")

    def accepts_key(self, lower: bytes, start: int, hit: int, keyword: bytes) -> bool:
        # `pass` only as a word of its own (db_pass, PASS), never the end of bypass or compass.
        return keyword != b"pass" or hit == start or lower[hit - 1] in b"_.-"

    def check(self, value: str) -> bool:
        if len(value) < 4 or checks.is_placeholder(value) or checks.is_prose(value) or checks.is_code(value):
            return False
        if len(_ALNUM.findall(value)) < 2 or _VERSION.fullmatch(value):
            return False  # `password: ' + (`, `pwd: 3.0-3.12`
        # A name in code (user_password, self.pw, getpass()) is not the password itself.
        return not (checks.is_reference(value) and not any(c.isdigit() for c in value))


def _argument(flag: str) -> tuple[str, ...]:
    """`flag` then a password: single-quoted, double-quoted or bare, on the same line."""
    return (
        rf"{flag}'(?P<v>[^'\n]{{4,128}})'",
        rf"{flag}\"(?P<v>[^\"\n]{{4,128}})\"",
        rf"{flag}(?P<v>[^\s'\"]{{4,128}})",
    )


class CommandLine(Detector):
    """A password given on a command line, as shell history and CI logs keep it. Each class
    names its tools (`anchors`, looked up lower-cased) and their password flags."""

    kind = "password"
    view = View.LOWER
    mode = Mode.WINDOW
    reach = (0, 300)
    # Within one command line of the tool's name.
    LINE: ClassVar[str] = r"[^\n|;&]*?\s"

    def check(self, value: str) -> bool:
        # On a command line a bare word is the password itself; `$PASS` is a variable.
        return not checks.is_placeholder(value)


class DatabaseClientPassword(CommandLine):
    """`mysql -pS3cret`, `mysqldump --password=...`, `redis-cli -a ...`, `sqlcmd -P ...`,
    `mongosh -p ...`, `influx -password ...`, `clickhouse-client --password ...`,
    `sqlplus user/...@db`."""

    anchors = ("mysql", "mariadb", "redis-cli", "sqlcmd", "mongo", "influx", "clickhouse", "sqlplus", "rman")
    patterns = (
        *_argument(rf"(?:mysql\w*|mariadb\w*){CommandLine.LINE}-p"),
        *_argument(rf"(?:mysql\w*|mariadb\w*|mongo\w*|clickhouse-client){CommandLine.LINE}--password[= ]"),
        *_argument(rf"redis-cli{CommandLine.LINE}-a\s+"),
        *_argument(rf"sqlcmd{CommandLine.LINE}-P\s+"),
        *_argument(rf"mongo\w*{CommandLine.LINE}-p\s+"),
        *_argument(rf"influx{CommandLine.LINE}-password\s+"),
        r"(?:sqlplus|rman)[^\n|;&]*?\s(?:target\s+)?[A-Za-z_][\w$#]*/(?P<v>[^\s/@'\"]{4,128})@",
    )


class RemoteLoginPassword(CommandLine):
    """`sshpass -p ...`, `curl -u user:...`, `wget --password=...`, `lftp -u user,...`,
    `ldapsearch -w ...`, `smbclient -U user%...`, `xfreerdp /p:...`, `net user name ...`."""

    anchors = ("sshpass", "curl", "wget", "lftp", "ldap", "smbclient", "xfreerdp", "net user")
    patterns = (
        *_argument(r"sshpass\s+-p\s*"),
        *_argument(rf"curl{CommandLine.LINE}(?:-u|--user)[ =]['\"]?[^:\s'\"]+:"),
        *_argument(rf"wget{CommandLine.LINE}--(?:ftp-|http-)?password[= ]"),
        *_argument(rf"lftp{CommandLine.LINE}-u\s+[^,\s]+,"),
        *_argument(rf"ldap\w+{CommandLine.LINE}-w\s+"),
        *_argument(rf"smbclient{CommandLine.LINE}-U\s+['\"]?[^%\s'\"]+%"),
        *_argument(rf"xfreerdp{CommandLine.LINE}/p:"),
        r"(?i:net user)\s+[^\s/]+\s+(?P<v>[^\s/*'\"]{4,128})(?=\s+/|\s*$)",
    )
    flags = re.MULTILINE


class KeystorePassword(CommandLine):
    """`keytool -storepass ...` and its siblings, `openssl ... -passout pass:...`."""

    anchors = ("keytool", "openssl")
    patterns = (
        *_argument(rf"keytool{CommandLine.LINE}-(?:src|dest)?(?:store|key)pass\s+"),
        *_argument(rf"openssl{CommandLine.LINE}-pass(?:in|out)?\s+pass:"),
    )


class ServicePassword(CommandLine):
    """`docker login -p ...`, `htpasswd -b file user ...`, `rabbitmqctl add_user user ...`,
    `mc alias set name url access secret`."""

    anchors = ("docker login", "htpasswd", "rabbitmqctl", "mc alias")
    patterns = (
        *_argument(rf"docker login{CommandLine.LINE}(?:-p|--password)[ =]"),
        *_argument(r"htpasswd\s+-\w*b\w*\s+\S+\s+\S+\s+"),
        *_argument(r"rabbitmqctl\s+(?:add_user|change_password)\s+\S+\s+"),
        *_argument(r"mc alias set\s+\S+\s+\S+\s+\S+\s+"),
    )


class SudoPipePassword(CommandLine):
    """`echo 'S3cret' | sudo -S ...`: the password piped to sudo."""

    anchors = ("sudo -s",)
    reach = (200, 10)
    patterns = (r"echo\s+(?P<q>['\"]?)(?P<v>[^'\"\s|]{4,128})(?P=q)\s*\|\s*sudo\s+-S",)


class PgpassPassword(Detector):
    """The last field of a `.pgpass` line: `host:port:database:user:password`."""

    kind = "password"
    anchors = (":0000:", ":00000:", ":*:")
    view = View.SHAPE
    mode = Mode.WINDOW
    reach = (200, 300)
    # Exactly five fields (a colon in a field is escaped): an IPv6 address or a hex dump has more.
    patterns = (r"^[ \t]*[^\s:#]+:(?:\d{3,5}|\*):[^\s:]+:[^\s:]+:(?P<v>(?:[^\s:\\]|\\.)+)[ \t]*$",)
    flags = re.MULTILINE

    def check(self, value: str) -> bool:
        return not checks.is_placeholder(value)


class NetrcPassword(Detector):
    """`.netrc`: `machine host login user password secret` (one line or several)."""

    kind = "password"
    anchors = ("machine", "default login")
    view = View.LOWER
    mode = Mode.WINDOW
    reach = (0, 400)
    patterns = (
        r"(?:machine\s+\S+|default(?=\s+login))(?:\s+(?:login|account)\s+\S+)*\s+password\s+(?P<v>[^\s`'\"]+)",
    )

    def check(self, value: str) -> bool:
        return not checks.is_placeholder(value)


class SecretAssignment(Keyed):
    kind = "secret"
    anchors = ("secret", "token", "credential", "credentials", "key")
    # `key` alone names too much (sort_key, cache_key): only keys that name a credential.
    _credential_key = re.compile(
        rb"(?:api|access|secret|private|signing|encryption|master|auth|client|app|license|account|"
        rb"service|subscription|admin|consumer|webhook|session|shared|storage|sas|hmac)[_.-]?\Z"
    )

    # Tokens that grant nothing: pages, cursors, a tokenizer's special tokens.
    _no_credential = re.compile(
        rb"(?:page|next|continuation|pagination|cursor|sync|resume|request|idempotency|reset|"
        rb"bos|eos|pad|unk|sep|cls|mask|max|num|stop)[_.-]?\Z"
    )

    def accepts_key(self, lower: bytes, start: int, hit: int, keyword: bytes) -> bool:
        if keyword == b"token":
            return self._no_credential.search(lower, start, hit) is None
        return keyword != b"key" or self._credential_key.search(lower, start, hit) is not None

    def check(self, value: str) -> bool:
        if not checks.looks_random(value) or checks.is_documentation(value) or negatives.is_public(value):
            return False
        # Names and links are not secrets: `private_key: PKCS7PrivateKeyTypes`, `token: https://...`.
        return not (checks.is_code(value) or checks.is_wordy(value) or checks.is_url(value))

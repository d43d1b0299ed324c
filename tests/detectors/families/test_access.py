from __future__ import annotations

import pytest

from tests.detectors.findings import found

EXAMPLES = [
    ("url_password", "DATABASE_URL=postgres://ledger:{}@db.internal:5432/ledger", "Vx9#tq2LmR7pW"),
    ("url_password", "amqp://guest:{}@rabbit:5672/", "q8Zr2LxVt5"),
    ("url_password", "https://ci-bot:{}@git.northwind.internal/ledger.git", "FxSMPAKNur98z4O2MW"),
    ("authorization_header", 'curl -H "Authorization: Bearer {}" https://api', "q8Zr2LxVt5Wn9PsK3mHc"),
    ("authorization_header", "> Authorization: Basic {}", "ZGVwbG95OnJ3Uk4tWWNBV3MzVDgz"),
    (
        "authorization_header",
        'conn.setRequestProperty("Authorization", "Basic {}");',
        "ZGVwbG95OnJ3Uk4tWWNBV3MzVDgz",
    ),
    ("authorization_header", 'proxy_set_header Authorization "Basic {}";', "ZGVwbG95OnJ3Uk4tWWNBV3MzVDgz"),
    (
        "authorization_header",
        'req.Header.Set("Proxy-Authorization", "Basic {}")',
        "ZGVwbG95OnJ3Uk4tWWNBV3MzVDgz",
    ),
    (
        "jwt",
        "Authorization header was {}",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMiLCJleHAiOjE4OTM0NTYwMDB9.MAysSC9trIqCEN14iyeUa5nUUGFRGUD24y5cM18kCtk",
    ),
    ("password", "DB_PASSWORD={}", "hunter2xyz"),
    ("password", 'conn = connect(password="{}")', "S3cr3tPa55!"),
    ("password", '{{"password": "{}"}}', "Summer2024!"),
    ("password", "  password: {}", "Tr0ub4dor&3"),
    ("password", "ansible_become_password: '{}'", "Falconcedar57@"),
    ("password", 'monkeypatch.setenv("DB_PASSWORD", "{}")', "S3cr3tPa55!"),
]

# Passwords on command lines, as shell history keeps them.
COMMAND_LINES = [
    ("mysql -h db01 -u root -p'{}' ledger", "Falconcedar57@"),
    ("mysql -uroot -p{} ledger", "FxSMPAKNur98z"),
    ("mysqldump --user=backup --password={} ledger > ledger.sql", "lAmfYHu14!McQ5U8"),
    ("redis-cli -h cache01 -a {} info", "lAmfYHu14!McQ5U8"),
    ('sqlcmd -S sql01 -U sa -P "{}" -Q "SELECT 1"', "lAmfYHu14!McQ5U8"),
    ("mongosh --username admin --password {} mongodb://db01", "lAmfYHu14!McQ5U8"),
    ("influx -username admin -password '{}' -execute 'SHOW DATABASES'", "lAmfYHu14!McQ5U8"),
    ("sqlplus ledger_ro/{}@//ora-prod:1521/LEDGER", "FxSMPAKNur98z"),
    ("sshpass -p '{}' ssh root@10.40.2.17 uptime", "Falconcedar57@"),
    ("curl -u admin:{} https://jenkins.internal/api/json", "lAmfYHu14!McQ5U8"),
    ("wget --user=reports --password='{}' https://files.internal/x.csv", "Falconcedar57@"),
    ("lftp -u marketing,{} sftp://sftp.example.net", "FxSMPAKNur98z"),
    ("ldapsearch -x -D cn=admin -w '{}' -b dc=corp", "Falconcedar57@"),
    ("smbclient //fs01/finance -U 'CORP\\\\treasury%{}' -c ls", "FxSMPAKNur98z"),
    ("xfreerdp /v:win01 /u:svc-build /p:{} /cert:ignore", "FxSMPAKNur98z"),
    ("net user svc_backup {} /add", "Falconcedar57@"),
    ("keytool -importkeystore -srcstorepass {} -destkeystore x.jks", "lAmfYHu14!McQ5U8"),
    ("openssl pkcs12 -export -in a.crt -inkey a.key -out a.p12 -passout pass:{}", "lAmfYHu14!McQ5U8"),
    ("docker login registry.internal -u ci -p {}", "lAmfYHu14!McQ5U8"),
    ("htpasswd -bc /etc/nginx/.htpasswd grafana {}", "FxSMPAKNur98z"),
    ("rabbitmqctl add_user settlement {}", "lAmfYHu14!McQ5U8"),
    ("echo '{}' | sudo -S systemctl restart ledger-api", "Falconcedar57@"),
    ("PGPASSWORD={} psql -h db -U reporting ledger", "FxSMPAKNur98z"),
]

FILES = [
    ("password", "db-primary.internal:5432:ledger:ledger_app:{}\n", "lAmfYHu14!McQ5U8"),  # .pgpass
    ("password", "*:*:*:replicator:{}\n", "FxSMPAKNur98z"),
    ("password", "machine nexus.internal login ci-reader password {}\n", "lAmfYHu14!McQ5U8"),  # .netrc
    ("password", "machine api.example.com\n  login ops\n  password {}\n", "Falconcedar57@"),
    ("secret", 'client_secret = "{}"', "q8Zr2LxVt5Wn9PsK3mHc4B7y"),
    ("secret", "GET /v1/rates?access_token={} HTTP/1.1", "jfJQUq3fx7kvpQAF1x5Rlsb55M627AuG"),
]

QUIET = [
    'api_key = os.environ["OPENAI_API_KEY"]',
    "password = getpass()",
    "password: ${DB_PASSWORD}",
    "token: {{ secrets.NPM_TOKEN }}",
    "password_hash = bcrypt.hashpw(pw, salt)",
    "password: str = Field(..., min_length=12)",
    "DATABASE_URL=postgres://localhost:5432/ledger",
    "max_tokens: 4096",
    "secretName: ledger-db-credentials",
    'token = request.headers.get("Authorization")',
    "Authorization: Bearer <token>",
    'Authorization: Basic $(printf \'%s:%s\' "$USER" "$PASS" | base64)',
    "Authorization: Basic dGhpcyBpcyBub3QgYSBjcmVkZW50aWFs",  # decodes, but holds no user:password
    'curl -u "$NEXUS_USER:$NEXUS_PASSWORD" https://nexus.internal/',
    "mysql -h db01 -u ledger_admin -p ledger",
    "# hostname:port:database:username:password",
    "machine <host> login <user> password <password>",
    "encrypted_db_password: AQICAHhzdGFnZWQgY2lwaGVydGV4dCBibG9iIGZyb20gS01T",
    # keys meant to be public
    '{"publishableKey": "q8Zr2LxVt5Wn9PsK3mHc4B7y", "searchOnlyApiKey": "3d10ccdddeeab5d802f065ba06a39081"}',
    "recaptcha_site_key = 6LcQ8Zr2LxVt5Wn9PsK3mHc4B7yq8Zr2LxVt5Wn9",
    # the example token of jwt.io and RFC 7519
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
    ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    # three dotted base64url parts whose header is no JSON: not a token
    "eyJzb21ldGhpbmc.eyJvdGhlcnRoaW5n.c2lnbmF0dXJlcGFydA",
    # what code says about credentials: names, types, expressions, links, page tokens
    "private_key: Ed25519PrivateKeyTypes,",
    "self._signing_key: Optional[x448.X448PrivateKey] = None",
    "cookie_secret=secrets.token_bytes(32),",
    'headers = {"X-Metadata-Token": imdsv2_session_token}',
    "return BasicAuth(username=creds[0], password=creds[1])",
    "continuation_token=b'stream_tok_hop_2',",
    '{"page_token": "AMEw9yO5jnsGnZJLHSKDFHJJu", "page_size": 5}',
    ".. _refresh token: https://tools.ietf.org/html/rfc6749#section-6",
    'print(f"password={password!r}")',
    "password: (bool, optional): hide what is typed",
    "for stmt in ('x = y', 'pass', 'import sys'):",
    "('2.5.4.35', OID_ATTRIBUTE_TYPE, 'userPassword', 'RFC4519'),",
    "pwd: 3.0-3.12",
    "headers={'Authorization': 'Bearer custom_test_token'}",
    "'2001:0658:022a:cafe:0000:0000:0000:0000/66'",  # an IPv6 address, not a .pgpass line
    "b'52:54:00:9d:0e'",
    "mhu = URL('https://user:a%20secret@host.example/path')",
    "SSN 111-22-3333 in the parser's docs",
]


@pytest.mark.parametrize(("kind", "context", "value"), EXAMPLES + FILES)
def test_each_form_is_found_with_its_value_only(kind: str, context: str, value: str) -> None:
    assert found(context.format(value)) == [(kind, value)]


@pytest.mark.parametrize(("context", "value"), COMMAND_LINES)
def test_passwords_on_command_lines(context: str, value: str) -> None:
    assert found(context.format(value)) == [("password", value)]


@pytest.mark.parametrize("text", QUIET)
def test_references_and_labels_stay_quiet(text: str) -> None:
    assert found(text) == []

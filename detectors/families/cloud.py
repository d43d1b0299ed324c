"""Cloud and hosting: AWS, Google and Firebase, Azure, Alibaba, Tencent, IBM, Cloudflare, Fastly,
Heroku, Netlify, Vercel, Fly, Supabase, PlanetScale, Render, DigitalOcean, Databricks."""

from __future__ import annotations

from detect_secrets.plugins.aws import AWSKeyDetector

from detectors import checks
from detectors.base import AFTER, BEFORE, URL_AFTER, URL_BEFORE, Detector, Mode, from_plugin
from detectors.keyed import SPECIFIC, Contextual, Keyed

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class WithoutExamples(Detector):
    """A format whose documentation examples say so (AKIAIOSFODNN7EXAMPLE)."""

    def check(self, value: str) -> bool:
        return super().check(value) and len(set(value)) > 6


class AwsAccessKeyId(WithoutExamples):
    kind = "aws_access_key_id"
    based_on = AWSKeyDetector
    anchors = ("A3T", "ABIA", "ACCA", "AKIA", "ASIA")
    patterns = from_plugin(AWSKeyDetector, keep=lambda p: "A3T" in p.pattern)
    priority = SPECIFIC


class AwsSecretAccessKey(Keyed, WithoutExamples):
    kind = "aws_secret_access_key"
    anchors = ("secret_access_key", "secretaccesskey", "secret_key", "aws_secret")
    value = r"[A-Za-z0-9/+]{40}"
    priority = SPECIFIC


class AwsSessionToken(Detector):
    """STS session tokens: their protobuf header reads `IQoJb3JpZ2lu` (`...origin`) or, in
    older ones, `FwoGZXIvYXdz` (`...er/aws`) in base64."""

    kind = "aws_session_token"
    anchors = ("IQoJb3JpZ2lu", "FwoGZXIvYXdz")
    patterns = (rf"{BEFORE}(?:IQoJb3JpZ2lu|FwoGZXIvYXdz)[A-Za-z0-9+/]{{100,}}={{0,2}}(?![A-Za-z0-9+/=])",)
    priority = SPECIFIC


class GoogleApiKey(Detector):
    kind = "google_api_key"
    anchors = ("AIza",)
    patterns = (rf"{BEFORE}AIza[0-9A-Za-z_-]{{35}}{URL_AFTER}",)
    priority = SPECIFIC


class GoogleOauthSecret(Detector):
    kind = "google_oauth_secret"
    anchors = ("GOCSPX-",)
    patterns = (rf"{BEFORE}GOCSPX-[A-Za-z0-9_-]{{28}}{URL_AFTER}",)
    priority = SPECIFIC


class GoogleOauthToken(Detector):
    """Google OAuth access tokens (`ya29.`) and refresh tokens (`1//0`)."""

    kind = "google_oauth_token"
    anchors = ("ya29.", "1//0")
    patterns = (
        rf"{BEFORE}ya29\.[A-Za-z0-9_-]{{30,}}{URL_AFTER}",
        rf"{BEFORE}1//0[A-Za-z0-9_-]{{40,}}{URL_AFTER}",
    )
    priority = SPECIFIC


class FirebaseServerKey(Detector):
    """Firebase Cloud Messaging legacy server keys: `AAAA` and seven characters, then
    `:APA91b`. Device registration tokens share the tail but not the head, and are no secret."""

    kind = "firebase_fcm_server_key"
    anchors = (":APA91b",)
    mode = Mode.WINDOW
    reach = (12, 150)
    patterns = (rf"{URL_BEFORE}AAAA[A-Za-z0-9_-]{{7}}:APA91b[A-Za-z0-9_-]{{134}}{URL_AFTER}",)
    priority = SPECIFIC


class AzureStorageKey(Detector):
    """Storage, Cosmos DB, Service Bus and Event Hubs keys in connection strings: base64 of
    64 random bytes (account keys) or 32 (shared access keys)."""

    kind = "azure_storage_key"
    anchors = ("AccountKey=", "SharedAccessKey=")
    patterns = (
        r"AccountKey=(?P<v>[A-Za-z0-9+/]{86}==)",
        r"SharedAccessKey=(?P<v>[A-Za-z0-9+/]{43}=)",
    )
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        return checks.secret_bytes(value, 64 if len(value) == 88 else 32)


class AzureSasToken(Detector):
    """The signature of a shared access signature (`...&sig=`): an HMAC-SHA256, 32 bytes in
    URL-escaped base64. The other parameters say what it grants and are no secret."""

    kind = "azure_sas_token"
    anchors = ("sig=",)
    patterns = (r"(?<=[?&;])sig=(?P<v>(?:[A-Za-z0-9+/]|%2[BbFf]){40,60}(?:=|%3[Dd])?)(?![A-Za-z0-9%])",)
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        return checks.secret_bytes(value, 32)


class AzureClientSecret(Detector):
    """Entra ID application secrets: three characters, a digit, `Q~`, then 31 to 34 more."""

    kind = "azure_client_secret"
    anchors = ("Q~",)
    mode = Mode.WINDOW
    reach = (5, 40)
    patterns = (r"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])",)
    priority = SPECIFIC


class AlibabaAccessKeyId(WithoutExamples):
    kind = "alibaba_access_key_id"
    anchors = ("LTAI",)
    patterns = (rf"{BEFORE}LTAI[A-Za-z0-9]{{12,20}}{AFTER}",)
    priority = SPECIFIC


class AlibabaAccessKeySecret(Contextual):
    kind = "alibaba_access_key_secret"
    anchors = ("alibaba", "aliyun", "alicloud", "ltai")
    value = r"[A-Za-z0-9]{30}"
    keys = r"secret"
    # The secret passed right after its key id: `build(endpoint, "LTAI...", "<secret>")`.
    forms = (r"LTAI[A-Za-z0-9]{12,20}[\"']\s*,\s*[\"'](?P<v>[A-Za-z0-9]{30})[\"']",)


class TencentSecretId(WithoutExamples):
    kind = "tencent_secret_id"
    anchors = ("AKID",)
    patterns = (rf"{BEFORE}AKID[A-Za-z0-9]{{32}}{AFTER}",)
    priority = SPECIFIC


class TencentSecretKey(Contextual):
    kind = "tencent_secret_key"
    anchors = ("tencent", "tccli", "qcloud", "akid")
    value = r"[A-Za-z0-9]{32}"
    keys = r"secret[_.-]?key"
    # The key passed right after its id: `NewCredential("AKID...", "<key>")`.
    forms = (r"AKID[A-Za-z0-9]{32}[\"']\s*,\s*[\"'](?P<v>[A-Za-z0-9]{32})[\"']",)


class IbmCloudApiKey(Contextual):
    kind = "ibm_cloud_api_key"
    anchors = ("ibm", "bluemix", "iam_apikey")
    value = r"[A-Za-z0-9_-]{44}"
    keys = r"api[_.-]?key"


class CloudflareToken(Contextual):
    """API tokens (40 characters) and the global API key (37 hex digits)."""

    kind = "cloudflare_token"
    anchors = ("cloudflare", "cf_api", "x-auth-key")
    value = r"[A-Za-z0-9_-]{40}|[a-f0-9]{37}"


class CloudflareOriginCaKey(Detector):
    kind = "cloudflare_token"
    anchors = ("v1.0-",)
    patterns = (rf"{BEFORE}v1\.0-[a-f0-9]{{24}}-[a-f0-9]{{146}}{AFTER}",)
    priority = SPECIFIC


class FastlyToken(Contextual):
    kind = "fastly_token"
    anchors = ("fastly",)
    value = r"[A-Za-z0-9_-]{32}"


class HerokuApiKey(Detector):
    kind = "heroku_api_key"
    anchors = ("HRKU-AA",)
    patterns = (rf"{BEFORE}HRKU-AA[0-9A-Za-z_-]{{58}}{URL_AFTER}",)
    priority = SPECIFIC


class HerokuLegacyApiKey(Contextual):
    """Heroku API keys before `HRKU-`: a UUID, in `HEROKU_API_KEY` or `.netrc`."""

    kind = "heroku_api_key"
    anchors = ("heroku",)
    value = UUID


class NetlifyToken(Detector):
    kind = "netlify_token"
    anchors = ("nfp_",)
    patterns = (rf"{BEFORE}nfp_[A-Za-z0-9]{{36}}{AFTER}",)
    priority = SPECIFIC


class NetlifyLegacyToken(Contextual):
    kind = "netlify_token"
    anchors = ("netlify",)
    value = r"[A-Za-z0-9_-]{40,46}"


class VercelToken(Contextual):
    kind = "vercel_token"
    anchors = ("vercel",)
    value = r"[A-Za-z0-9]{24}"


class FlyioToken(Detector):
    """Fly.io macaroon tokens, `FlyV1 fm2_...` (several comma-joined) and older `fo1_`."""

    kind = "flyio_token"
    anchors = ("fm2_", "fm1a_", "fm1r_", "fo1_")
    mode = Mode.WINDOW
    reach = (6, 4096)
    patterns = (
        r"(?<![A-Za-z0-9_])(?:FlyV1 )?fm(?:2|1[ar])_[A-Za-z0-9+/]{100,}={0,3}(?:,fm2_[A-Za-z0-9+/]+={0,3})*",
        rf"{BEFORE}fo1_[A-Za-z0-9_-]{{43}}{URL_AFTER}",
    )
    priority = SPECIFIC


class SupabaseKey(Detector):
    """Supabase secret keys (`sb_secret_`) and access tokens (`sbp_`); publishable keys
    (`sb_publishable_`) are meant for browsers."""

    kind = "supabase_key"
    anchors = ("sb_secret_", "sbp_")
    patterns = (rf"{BEFORE}sb_secret_[A-Za-z0-9_-]{{31,}}{URL_AFTER}", rf"{BEFORE}sbp_[a-f0-9]{{40}}{AFTER}")
    priority = SPECIFIC


class SupabaseServiceRoleKey(Detector):
    """A Supabase `service_role` JWT: it bypasses row level security (the `anon` one is public)."""

    kind = "supabase_key"
    anchors = ("eyJ",)
    patterns = (
        rf"{URL_BEFORE}eyJ[A-Za-z0-9_-]{{8,}}\.ey[A-Za-z0-9_-]{{8,}}\.[A-Za-z0-9_-]{{8,}}{URL_AFTER}",
    )
    priority = SPECIFIC + 1

    def check(self, value: str) -> bool:
        claims = checks.jwt_claims(value)
        return claims is not None and claims.get("role") == "service_role"


class PlanetScaleToken(Detector):
    kind = "planetscale_token"
    anchors = ("pscale_tkn_", "pscale_pw_", "pscale_oauth_")
    patterns = (rf"{BEFORE}pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.-]{{32,64}}(?![A-Za-z0-9_=.-])",)
    priority = SPECIFIC


class RenderApiKey(Detector):
    kind = "render_api_key"
    anchors = ("rnd_",)
    patterns = (rf"{BEFORE}rnd_[A-Za-z0-9]{{32}}{AFTER}",)
    priority = SPECIFIC


class DigitalOceanToken(Detector):
    kind = "digitalocean_token"
    anchors = ("dop_v1_", "doo_v1_", "dor_v1_")
    patterns = (rf"{BEFORE}do[por]_v1_[a-f0-9]{{64}}{AFTER}",)
    priority = SPECIFIC


class DatabricksToken(Detector):
    kind = "databricks_token"
    anchors = ("dapi",)
    patterns = (rf"{BEFORE}dapi[a-f0-9]{{32}}(?:-\d)?{AFTER}",)
    priority = SPECIFIC

"""The detectors the scanner runs, by family (`detectors/families/`), and the order that
settles ties: where two of the same priority cover the same characters, the first listed wins.

Where detect-secrets has a plugin for a format, its patterns are reused (`based_on`), bounded
to whole tokens; the classes add what it lacks: newer token formats, the formats it has no
plugin for, value-only spans for keyed secrets and URLs, and financial client data.
"""

from __future__ import annotations

from detectors.base import Detector
from detectors.families import (
    access,
    ai,
    client_data,
    cloud,
    code_hosts,
    infrastructure,
    keys,
    messaging,
    observability,
    payments,
)

CATALOG: tuple[type[Detector], ...] = (
    # private keys
    keys.PrivateKey, keys.EncodedPrivateKey, keys.AgeSecretKey,
    # cloud and hosting
    cloud.AwsAccessKeyId, cloud.AwsSecretAccessKey, cloud.AwsSessionToken, cloud.GoogleApiKey,
    cloud.GoogleOauthSecret, cloud.GoogleOauthToken, cloud.FirebaseServerKey, cloud.AzureStorageKey,
    cloud.AzureSasToken, cloud.AzureClientSecret, cloud.AlibabaAccessKeyId, cloud.AlibabaAccessKeySecret,
    cloud.TencentSecretId, cloud.TencentSecretKey, cloud.IbmCloudApiKey, cloud.CloudflareToken,
    cloud.CloudflareOriginCaKey, cloud.FastlyToken, cloud.HerokuApiKey, cloud.HerokuLegacyApiKey,
    cloud.NetlifyToken, cloud.NetlifyLegacyToken, cloud.VercelToken, cloud.FlyioToken, cloud.SupabaseKey,
    cloud.SupabaseServiceRoleKey, cloud.PlanetScaleToken, cloud.RenderApiKey, cloud.DigitalOceanToken,
    cloud.DatabricksToken,
    # code hosts, CI/CD, package registries
    code_hosts.GitHubToken, code_hosts.GitLabToken, code_hosts.AzureDevOpsToken,
    code_hosts.AzureDevOpsLegacyToken, code_hosts.BitbucketToken, code_hosts.AtlassianToken,
    code_hosts.CircleCiToken, code_hosts.CircleCiLegacyToken, code_hosts.TravisToken,
    code_hosts.BuildkiteToken, code_hosts.BuildkiteAgentToken, code_hosts.JenkinsToken,
    code_hosts.ArtifactoryToken, code_hosts.SonarToken, code_hosts.SnykToken, code_hosts.DockerHubToken,
    code_hosts.NpmToken, code_hosts.PypiToken,
    # observability
    observability.DatadogKey, observability.DatadogNamedKey, observability.NewRelicKey,
    observability.SentryToken, observability.SentryLegacyToken, observability.GrafanaToken,
    observability.PagerDutyKey, observability.HoneycombKey, observability.HoneycombTeamKey,
    observability.DynatraceToken, observability.SplunkHecToken,
    # messaging and SaaS
    messaging.SlackToken, messaging.SlackWebhook, messaging.TeamsWebhook, messaging.DiscordBotToken,
    messaging.DiscordWebhook, messaging.TelegramBotToken, messaging.TwilioKey, messaging.TwilioAuthToken,
    messaging.TwilioApiSecret, messaging.SendGridKey, messaging.MailchimpKey, messaging.MailgunKey,
    messaging.PostmarkToken, messaging.BrevoKey, messaging.IntercomToken, messaging.ZendeskToken,
    messaging.LinearKey, messaging.NotionToken, messaging.AsanaToken, messaging.AirtableToken,
    messaging.DropboxToken, messaging.DropboxLongLivedToken, messaging.BoxToken,
    # payments
    payments.StripeKey, payments.ShopifyToken, payments.SquareToken, payments.AdyenApiKey,
    payments.BraintreeToken, payments.BraintreePrivateKey, payments.PaypalSecret, payments.PaypalAccessToken,
    payments.PlaidSecret, payments.PlaidAccessToken, payments.CoinbaseKey, payments.FlutterwaveKey,
    # AI providers
    ai.OpenAiKey, ai.AzureOpenAiKey, ai.AzureOpenAiLegacyKey, ai.AnthropicKey, ai.HuggingFaceToken,
    ai.CohereKey, ai.MistralKey, ai.GroqKey, ai.ReplicateToken, ai.PerplexityKey, ai.XaiKey,
    ai.DeepSeekKey, ai.TogetherKey, ai.TogetherLegacyKey, ai.FireworksKey, ai.OpenRouterKey,
    # containers and configuration
    infrastructure.DockerAuth, infrastructure.KubernetesSecret, infrastructure.KubeconfigToken,
    infrastructure.VaultToken, infrastructure.VaultLegacyToken, infrastructure.TerraformToken,
    # credentials by where they stand
    access.Jwt, access.UrlPassword, access.AuthorizationHeader, access.BasicAuthorizationHeader,
    access.PasswordAssignment, access.DatabaseClientPassword, access.RemoteLoginPassword,
    access.KeystorePassword, access.ServicePassword, access.SudoPipePassword, access.PgpassPassword,
    access.NetrcPassword, access.SecretAssignment,
    # client data
    client_data.CardNumber, client_data.Iban, client_data.UsSsn, client_data.LabelledSsn,
    client_data.AbaRoutingNumber, client_data.SwiftBic, client_data.BankAccountNumber,
    client_data.UkBankAccount, client_data.Isin, client_data.Cusip,
)  # fmt: skip

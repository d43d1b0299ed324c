"""Code hosts, CI/CD and package registries: GitHub, GitLab, Azure DevOps, Bitbucket and Atlassian,
CircleCI, Travis CI, Buildkite, Jenkins, JFrog, SonarQube, Snyk, Docker Hub, npm, PyPI."""

from __future__ import annotations

from detect_secrets.plugins.github_token import GitHubTokenDetector
from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
from detect_secrets.plugins.pypi_token import PypiTokenDetector

from detectors import checks
from detectors.base import AFTER, BEFORE, URL_AFTER, Detector, Mode, View, from_plugin
from detectors.families.cloud import UUID
from detectors.keyed import SPECIFIC, Contextual


class GitHubToken(Detector):
    """Classic tokens carry the CRC32 of their random part in their last six characters: a
    valid one settles it; one that fails must at least look machine-made (hand-typed fakes in
    tests and docs fail it, and hiding them costs nothing)."""

    kind = "github_token"
    based_on = GitHubTokenDetector
    anchors = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")
    patterns = (
        *from_plugin(GitHubTokenDetector),
        rf"{BEFORE}ghr_[A-Za-z0-9_]{{37,255}}{AFTER}",  # refresh tokens run longer than the rest
        rf"{BEFORE}github_pat_[A-Za-z0-9]{{22}}_[A-Za-z0-9]{{59}}{AFTER}",
    )
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        if len(value) == 40 and checks.base62_checksum(value[4:34], value[34:]):
            return True
        return super().check(value) and checks.looks_random(value.partition("_")[2], 30)


class GitLabToken(Detector):
    kind = "gitlab_token"
    based_on = GitLabTokenDetector
    anchors = (
        *("glpat-", "gldt-", "glft-", "glsoat-", "glrt-", "GR1348941"),
        *("glcbt-", "glimt-", "glptt-", "glagent-", "gloas-", "glffct-"),
    )
    patterns = (
        # Routable tokens (GitLab 17.x): a base64url body, a dot, a version and a CRC in base36.
        rf"{BEFORE}gl(?:pat|rt)-[0-9A-Za-z_-]{{27,300}}\.[0-9a-z]{{2}}[0-9a-z]{{7}}{AFTER}",
        *from_plugin(GitLabTokenDetector),
        rf"{BEFORE}glffct-[A-Za-z0-9_-]{{20}}{URL_AFTER}",
    )
    priority = SPECIFIC


class AzureDevOpsToken(Detector):
    """Azure DevOps personal access tokens since 2024: 84 characters with Microsoft's fixed
    `JQQJ` signature at 52 and the `AZDO` provider mark at 76."""

    kind = "azure_devops_pat"
    anchors = ("AZDO",)
    mode = Mode.WINDOW
    reach = (80, 8)
    patterns = (rf"{BEFORE}[A-Za-z0-9]{{52}}JQQJ[A-Za-z0-9]{{20}}AZDO[A-Za-z0-9]{{4}}{AFTER}",)
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        return True  # its run of `A`s is the format's, not a placeholder's


class AzureDevOpsLegacyToken(Contextual):
    """The 52-character base32 tokens Azure DevOps issued before, named by Azure DevOps."""

    kind = "azure_devops_pat"
    anchors = (
        "azure_devops",
        "azuredevops",
        "azure devops",
        "az devops",
        "dev.azure.com",
        "system_accesstoken",
    )
    value = r"[a-z2-7]{52}"
    forms = (r"echo\s+[\"']?(?P<v>[a-z2-7]{52})[\"']?\s*\|\s*az devops login",)


class BitbucketToken(Detector):
    """App passwords (`ATBB`, 32 more characters, the last eight a checksum) and repository,
    project or workspace access tokens (`ATCTT`)."""

    kind = "bitbucket_token"
    anchors = ("ATBB", "ATCTT3xFfGN0")
    patterns = (rf"{BEFORE}ATBB[A-Za-z0-9]{{32}}{AFTER}", rf"{BEFORE}ATCTT3xFfGN0[A-Za-z0-9_=-]{{150,250}}")
    priority = SPECIFIC


class AtlassianToken(Detector):
    """Atlassian API tokens for Jira, Confluence and Bitbucket Cloud (`ATATT`, with a checksum
    in their last eight hex digits)."""

    kind = "atlassian_token"
    anchors = ("ATATT3xFfGF0",)
    patterns = (rf"{BEFORE}ATATT3xFfGF0[A-Za-z0-9_=-]{{150,250}}",)
    priority = SPECIFIC


class CircleCiToken(Detector):
    kind = "circleci_token"
    anchors = ("CCIPAT_", "CCIPRJ_")
    patterns = (rf"{BEFORE}CCIP(?:AT|RJ)_[A-Za-z0-9]{{22}}_[a-f0-9]{{40}}{AFTER}",)
    priority = SPECIFIC


class CircleCiLegacyToken(Contextual):
    kind = "circleci_token"
    anchors = ("circleci", "circle-token", "circle_token")
    value = r"[a-f0-9]{40}"
    # As the user of HTTP Basic with an empty password: `curl -u <token>: https://circleci.com/...`.
    forms = (r"-u\s+(?P<v>[a-f0-9]{40}):",)


class TravisToken(Contextual):
    kind = "travis_token"
    anchors = ("travis",)
    value = r"[A-Za-z0-9_-]{22}"
    forms = (r"access token is (?P<v>[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])",)


class BuildkiteToken(Detector):
    kind = "buildkite_token"
    anchors = ("bkua_",)
    patterns = (rf"{BEFORE}bkua_[a-f0-9]{{40}}{AFTER}",)
    priority = SPECIFIC


class BuildkiteAgentToken(Contextual):
    kind = "buildkite_token"
    anchors = ("buildkite",)
    value = r"[a-f0-9]{50}|[A-Za-z0-9]{50}"


class JenkinsToken(Contextual):
    """Jenkins API tokens: `11` and 32 hex digits, next to Jenkins."""

    kind = "jenkins_token"
    anchors = ("jenkins",)
    value = r"11[a-f0-9]{32}"
    forms = (r"-auth\s+[^\s:@]+:(?P<v>11[a-f0-9]{32})(?![A-Za-z0-9])",)


class ArtifactoryToken(Detector):
    """JFrog API keys (`AKCp`) and reference tokens (base64 of `reftkn:01:`)."""

    kind = "artifactory_token"
    anchors = ("AKCp", "cmVmdGtuOjAxOj")
    patterns = (rf"{BEFORE}AKCp[A-Za-z0-9]{{69}}{AFTER}", rf"{BEFORE}cmVmdGtuOjAxOj[A-Za-z0-9]{{50}}{AFTER}")
    priority = SPECIFIC


class SonarToken(Detector):
    kind = "sonar_token"
    anchors = ("sqp_", "squ_", "sqa_")
    patterns = (rf"{BEFORE}sq[pua]_[a-f0-9]{{40}}{AFTER}",)
    priority = SPECIFIC


class SnykToken(Contextual):
    kind = "snyk_token"
    anchors = ("snyk",)
    value = UUID


class DockerHubToken(Detector):
    kind = "docker_hub_token"
    anchors = ("dckr_pat_", "dckr_oat_")
    patterns = (rf"{BEFORE}dckr_(?:pat|oat)_[A-Za-z0-9_-]{{27,}}{URL_AFTER}",)
    priority = SPECIFIC


class NpmToken(Detector):
    """npm tokens (`npm_`, with GitHub's CRC32 scheme) and whatever an `.npmrc` or
    `.yarnrc.yml` gives a registry: `_authToken`, `_auth` (base64 of `user:password`),
    `_password` (base64), `npmAuthToken`."""

    kind = "npm_token"
    anchors = ("npm_", ":_authtoken", ":_auth=", ":_password=", "npmauthtoken")
    view = View.LOWER
    patterns = (
        rf"{BEFORE}npm_[A-Za-z0-9]{{36}}{AFTER}",
        r"(?i::_authToken)[ \t]*=[ \t]*[\"']?(?P<v>[^\s\"'$]{8,})",
        r":_auth[ \t]*=[ \t]*[\"']?(?P<v>[A-Za-z0-9+/]{8,}={0,2})",
        r":_password[ \t]*=[ \t]*[\"']?(?P<v>[A-Za-z0-9+/]{8,}={0,2})",
        r"(?i:npmAuthToken)[\"']?[ \t]*:[ \t]*[\"']?(?P<v>[^\s\"'$]{8,})",
    )
    priority = SPECIFIC

    def check(self, value: str) -> bool:
        if value.startswith("npm_") and checks.base62_checksum(value[4:34], value[34:]):
            return True
        return super().check(value) and not checks.is_placeholder(value) and len(set(value)) > 6


class PypiToken(Detector):
    kind = "pypi_token"
    based_on = PypiTokenDetector
    anchors = ("pypi-AgE",)
    patterns = (
        r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}(?![A-Za-z0-9_-])",
        *from_plugin(PypiTokenDetector),
    )
    priority = SPECIFIC

from __future__ import annotations

import pytest

from tests.detectors.findings import found

EXAMPLES = [
    ("github_token", "token: {}", "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"),  # valid checksum
    ("github_token", "token: {}", "ghp_R7s2Kq9LmX4vT1bN8cZ3pW6yH0dF5gJ2uE4a"),  # no checksum, random-looking
    ("github_token", "oauth_token: {}", "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"),
    ("github_token", "refresh_token={}", "ghr_" + "Zq8RkV2mX9tLcW4nB7yP3dF6hJ0sUeAaBbCc" * 2 + "x1y2"),
    ("github_token", "GH_TOKEN={}", "github_pat_11ABCDEFG0123456789abc_" + "aB1" * 19 + "xy"),
    ("gitlab_token", "git clone https://oauth2:{}@gitlab.com/x.git", "glpat-rr2x7UFU5x2hEV-Xq9B6"),
    ("gitlab_token", "GITLAB_TOKEN={}", "glpat-Xq9vL2mT8rKc4WzN1bYs7dF3hJ6pQ0aE5gU.010w1k2n3"),
    (
        "azure_devops_pat",
        "AZURE_DEVOPS_EXT_PAT={}",
        "AAOOc1t3E9lh1OQltFyltRcz5MQCjTYNWljTjaKaB2F2I3RfLlQlJQQJ99MBACAAAAAAAAAAAAOUAZDOgv1Y",
    ),
    (
        "azure_devops_pat",
        'azuredevops personal_access_token = "{}"',
        "bxrhlvf3ieiowtnfhdc2xzibiemrb4spdwotyvj4xr3px5ajkbp2",
    ),
    ("azure_devops_pat", "echo {} | az devops login", "bxrhlvf3ieiowtnfhdc2xzibiemrb4spdwotyvj4xr3px5ajkbp2"),
    (
        "bitbucket_token",
        "git push https://nw-mirror:{}@bitbucket.org/northwind/x.git",
        "ATBBHplwzZyaRkx2EVY0dk6t60v9ED685366",
    ),
    (
        "bitbucket_token",
        "BITBUCKET_TOKEN={}",
        "ATCTT3xFfGN0ITbO4Pqg8xW7PQvyFqSeghsGthq1IYP9JWVA6Gf-nwcOtUXtvEXUVsCUJqEm_HHU04umGpjwYrwyOMLidvKD4W97wfjF"
        "4YhRcKKlbuvCrQ0ydZPGmaJ9pRj0wVFK3rNpb6KfIQPgG4-oJ0vz1zL--yqdJtYNL4ag77HY484czE=85DF9B92",
    ),
    (
        "atlassian_token",
        "JIRA_API_TOKEN={}",
        "ATATT3xFfGF0uqmC_m2cIOEqRBOOU1gQmoH-6KD_GUN8H34Qi46xxanAEt6tNmhFvmCNf0kANbDq0NtxgWW1f0TPFathP7mnQO--FeeiFg"
        "Mzh4hp5Hae2msaPXZi8aU7jaFY_wyZAnrT5gBVo21gRRcuQDdKtq_5MysXkChz08Fxk-J9BGXchG=816F0B0C",
    ),
    (
        "circleci_token",
        "CIRCLE_TOKEN={}",
        "CCIPAT_Q21hMeATGy0G6EU3ladETw_2b1d52a40d459d382fb9479041ae9588de867f57",
    ),
    (
        "circleci_token",
        "curl -u {}: https://circleci.com/api/v1.1/me",
        "21089dda25505afa7352f22c28368a24b8b858c6",
    ),
    ("travis_token", "TRAVIS_API_TOKEN={}", "S-dxSh7X2Iz7YDv1Qot5Bj"),
    ("buildkite_token", "Authorization: Bearer {}", "bkua_dfdce6db4920bed4277eda4e10e35a7765bca964"),
    ("buildkite_token", "BUILDKITE_AGENT_TOKEN={}", "e1026440ef9d07967e0bb661a83014e878bd873358666e3fef"),
    ("jenkins_token", "JENKINS_API_TOKEN={}", "11450a2e2cfd0c8b2ddbb192036c13d927"),
    ("jenkins_token", "java -jar jenkins-cli.jar -auth ci:{} who-am-i", "11450a2e2cfd0c8b2ddbb192036c13d927"),
    (
        "artifactory_token",
        "X-JFrog-Art-Api: {}",
        "AKCpczDXfZzQPmm43rkRpMWlamPIZhytOi2EBc9yALv4RSfFrTTnszAfKBcf5HYsKVFx0z1fg",
    ),
    (
        "artifactory_token",
        "jf c add --access-token={}",
        "cmVmdGtuOjAxOjE3KuyF8V0V0oiA6OcX50e2vex4mvldBG8vvHcE9EQqEMS6piXv",
    ),
    ("sonar_token", "sonar.token={}", "sqp_bfea158e501595234ac084a85c6badad19f7d233"),
    ("snyk_token", "SNYK_TOKEN={}", "ff1c03bb-48ea-459a-8445-038d18288ae2"),
    (
        "docker_hub_token",
        "echo {} | docker login -u ci --password-stdin",
        "dckr_pat_mJhrgSw7H-T2EJ2JrXiZ9_8GxqQ",
    ),
    ("npm_token", "//registry.npmjs.org/:_authToken={}", "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"),
    ("npm_token", "//registry.npmjs.org/:_authToken={}", "5f0c6a4e-8d1b-4c2a-9e3f-7b6d5c4a3b2e"),
    ("npm_token", "//nexus.corp/repository/npm/:_auth={}", "ZGVwbG95OnJ3Uk4tWWNBV3MzVDgz"),
    ("npm_token", "//nexus.corp/repository/npm/:_password={}", "cndSTi1ZY0FXczNUODM="),
    ("npm_token", '    npmAuthToken: "{}"', "Zq8RkV2mX9tLcW4nB7yP3dF6hJ0sUeAa"),
    (
        "pypi_token",
        "password = {}",
        "pypi-AgEIcHlwaS5vcmcYW60gw3WABfNsNZ-hCfjPYeA_8rpaP5MaPH3-ZpMPHVhOL_T7L2nfBKZqNDD4d8Htt",
    ),
]

QUIET = [
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a is what the documentation shows",
    "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    "//npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}",
    "//registry.npmjs.org/:_authToken=<your-token>",
    "npm_config_cache=/tmp/npm npm_package_version=3.8.0",
    "az devops configure --defaults organization=https://dev.azure.com/northwind project=Ledger",
    "jenkins build #11450 took 11 minutes",
    "snyk test --severity-threshold=high  # org 5b8f2c1e-93a4-4f0d-b7e6-2c1d9a8e4f30",
]


@pytest.mark.parametrize(("kind", "context", "value"), EXAMPLES)
def test_each_format_is_found_with_its_value_only(kind: str, context: str, value: str) -> None:
    assert found(context.format(value)) == [(kind, value)]


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_stay_quiet(text: str) -> None:
    assert found(text) == []

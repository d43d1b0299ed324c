provider "cloudflare" {
  api_token = "⟦cloudflare_token/terraform:UHsTV3QQAzo9RXbqRJd-ceZXC1SsELqa4KyWFOAM⟧"
}
provider "fastly" {
  api_key = "⟦fastly_token/terraform:Ke8_bWZ5Qo7qsaTkVwsrOM3ky1yrVE4C⟧"
}

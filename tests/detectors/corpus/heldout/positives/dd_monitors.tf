provider "datadog" {
  api_key = "⟦datadog_key/terraform_api:a359f43b1bbb8b7b2c15d60fcfeae2fc⟧"
  app_key = "⟦datadog_key/terraform_app:9552df9253991156f2697c8469653dc31ab6f64b⟧"
  api_url = "https://api.datadoghq.eu/"
}

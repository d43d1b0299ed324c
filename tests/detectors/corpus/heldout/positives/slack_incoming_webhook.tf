resource "aws_ssm_parameter" "alerts_webhook" {
  name  = "/ledger/prod/slack-webhook"
  type  = "SecureString"
  value = "⟦slack_webhook/terraform:https://hooks.slack.com/services/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⟧"
}

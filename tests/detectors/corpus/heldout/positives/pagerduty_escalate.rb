require "pagerduty"

PD_ROUTING_KEY = "⟦pagerduty_key/routing_key:679351484038aff6460ad412aae101b8⟧".freeze

def page_oncall(summary, severity: "critical")
  Pagerduty.build(integration_key: PD_ROUTING_KEY, api_version: 2)
           .trigger(summary: summary, source: "ledger-api", severity: severity)
end

# list audit logs for the last day (admin key, from 1password item "OpenAI org admin")
curl https://api.openai.com/v1/organization/audit_logs?limit=20 \
  -H "Authorization: Bearer ⟦openai_api_key/admin: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⟧" \
  -H "Content-Type: application/json" | jq '.data[] | {type, actor: .actor.session.user.email}'

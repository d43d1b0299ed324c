#!/bin/sh
# kicks the nightly reconciliation workflow from cron on the ops box
GITHUB_TOKEN=⟦github_token/classic_pat: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⟧
curl -sS -X POST \
  -H "Accept: application/vnd.github+json" \
  -H "Authorization: Bearer $GITHUB_TOKEN" \
  https://api.github.com/repos/northwind/ledger/actions/workflows/nightly.yml/dispatches \
  -d '{"ref":"main"}'

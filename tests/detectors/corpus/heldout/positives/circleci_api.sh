#!/usr/bin/env bash
CIRCLE_TOKEN=⟦circleci_token/personal:CCIPAT_Suc43kHXyTqJFeQ618rKhI_8d9a61c55c807fcbf78d846c6ce6b7059746eff1⟧
curl -s -H "Circle-Token: ${CIRCLE_TOKEN}" \
  "https://circleci.com/api/v2/project/gh/northwind/ledger/pipeline?branch=main" | jq '.items[0].state'

curl "https://api.anthropic.com/v1/organizations/api_keys?limit=10&status=active" \
  --header "anthropic-version: 2023-06-01" \
  --header "x-api-key: ⟦anthropic_api_key/admin01:sk-ant-admin01-bdYJdfIwQtYo6_Hw1EmXd4ywVnEGxWo4Vg4N7bTgaNA1hLpCc38xTwJsQvx3rAJEvHA9F-DHSSXFR2PjN58PxGH485KpXAA⟧"

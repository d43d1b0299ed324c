curl -X POST "https://api.twilio.com/2010-04-01/Accounts/ACa9f555a6dfc2cf2379a2046d1d528f69/Messages.json" \
  --data-urlencode "Body=Your code is 482913" \
  --data-urlencode "From=+447700900123" --data-urlencode "To=+447700900456" \
  -u ACa9f555a6dfc2cf2379a2046d1d528f69:⟦twilio_key/auth_token_curl_basic:5ac594ab284dabfef511288cdced0b42⟧

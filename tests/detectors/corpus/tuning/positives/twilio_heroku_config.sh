heroku config:set -a acme-notify TWILIO_ACCOUNT_SID=AC7f298461cf2002496b5bcd69b7408b4e
heroku config:set -a acme-notify TWILIO_AUTH_TOKEN=⟦twilio_key/auth_token:6e5fa16a18b30f0f7c2b1096961cb336⟧
heroku config:set -a acme-notify TWILIO_FROM=+14155238886
heroku ps:restart -a acme-notify

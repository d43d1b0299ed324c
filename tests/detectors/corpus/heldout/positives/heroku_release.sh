$ heroku auth:token
 ›   Warning: token will expire 11/29/2025
 ›   Use heroku authorizations:create to generate a long-term token
⟦heroku_api_key/auth_token_output:HRKU-AArZNS5Zg8iGdgVzJXIGpOuBAU-YmzYQyxDrOxo5q4227c5vBEVwjPyZ9aOh⟧
$ export HEROKU_API_KEY=⟦heroku_api_key/env_uuid:d2b2ad03-1c67-409b-a081-1aa4e7747d1f⟧
$ git push heroku main

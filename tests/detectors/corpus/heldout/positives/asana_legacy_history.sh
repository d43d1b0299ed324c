curl https://app.asana.com/api/1.0/users/me \
  -H "Authorization: Bearer ⟦asana_token/legacy_pat:1/5292579647403404:179b5050f4e520375021b3ae2811b08a⟧"

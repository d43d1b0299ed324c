export MAILCHIMP_LIST_ID=9f2c41b7de
export MAILCHIMP_API_KEY=⟦mailchimp_key/api_key:026aeb5ea4849a3fab45fd6f871d107e-us21⟧
python scripts/sync_audience.py --since 2024-05-01

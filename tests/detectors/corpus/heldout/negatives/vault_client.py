import hvac

client = hvac.Client(url="https://vault.northwind.internal:8200", token=os.environ["VAULT_TOKEN"])
secret = client.secrets.kv.v2.read_secret_version(path="ledger/db")
password = secret["data"]["data"]["password"]
api_key = settings.PAYMENTS_API_KEY
token = get_token_from_keyring("ledger-cli")

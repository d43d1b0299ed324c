import requests

API_KEY = "⟦secret/generic_api_key:FpSQBkhlwizUhGTTx9bZYJ3gMXpYA3jq3y6jmoCX⟧"
BASE = "https://api.weatherstack-like.example/v1"


def current(city: str) -> dict:
    r = requests.get(f"{BASE}/current", params={"access_key": API_KEY, "query": city}, timeout=5)
    r.raise_for_status()
    return r.json()

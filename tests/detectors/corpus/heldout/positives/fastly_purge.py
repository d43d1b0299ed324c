import requests

FASTLY_API_TOKEN = "⟦fastly_token/python_constant:PpASTEMo1jgfDkYOamRsZ-NHiDgofDhq⟧"
SERVICE_ID = "SU1Z0isxPaozGVKXdv0eY"


def purge(surrogate_key: str) -> None:
    response = requests.post(
        f"https://api.fastly.com/service/{SERVICE_ID}/purge/{surrogate_key}",
        headers={"Fastly-Key": FASTLY_API_TOKEN, "Accept": "application/json"},
        timeout=10,
    )
    response.raise_for_status()

import os
import requests

BK = "https://api.buildkite.com/v2/organizations/northwind"
HEADERS = {"Authorization": "Bearer ⟦buildkite_token/user_access:bkua_22525f96312b9606a70016540707f55d321ca75b⟧"}

def failed_builds(pipeline: str):
    return requests.get(f"{BK}/pipelines/{pipeline}/builds?state=failed", headers=HEADERS).json()

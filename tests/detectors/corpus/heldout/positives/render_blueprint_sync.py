import httpx

RENDER_API_KEY = "⟦render_api_key/python_constant:rnd_uSlyivNBnZ1S1n8n7N0MwkcCX8kVgHHD⟧"

def services() -> list[dict]:
    r = httpx.get("https://api.render.com/v1/services?limit=50",
                  headers={"Authorization": f"Bearer {RENDER_API_KEY}"})
    r.raise_for_status()
    return [s["service"] for s in r.json()]

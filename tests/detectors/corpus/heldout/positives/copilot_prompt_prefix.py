# Path: services/fx/client.py
import httpx

FX_PROVIDER_URL = "https://api.fxfeed.io/v2"
FX_API_KEY = "⟦secret/copilot_prefix_api_key:oLkMMQ9it7kwWvQcw8uhOSCY8kBrTezL⟧"


class FxClient:
    def __init__(self) -> None:
        self._http = httpx.Client(base_url=FX_PROVIDER_URL, headers={"X-Api-Key": FX_API_KEY})

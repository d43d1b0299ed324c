import json
import urllib.request

HEC_URL = "https://splunk-hec.northwind.internal:8088/services/collector/event"
HEC_TOKEN = "⟦splunk_hec_token/python_constant:E92F54E7-7F03-4E64-82FB-17DC8986DF22⟧"


def forward(event: dict) -> None:
    request = urllib.request.Request(
        HEC_URL,
        data=json.dumps({"event": event, "sourcetype": "ledger:audit"}).encode(),
        headers={"Authorization": f"Splunk {HEC_TOKEN}"},
    )
    urllib.request.urlopen(request, timeout=3)

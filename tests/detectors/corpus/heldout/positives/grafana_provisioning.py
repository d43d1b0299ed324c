from grafana_client import GrafanaApi

grafana = GrafanaApi.from_url(
    url="https://grafana.northwind.internal",
    credential="⟦grafana_token/service_account:glsa_U2Ssffned6YXTFctgBs4H5ydeOlpiDyl_ab043bb8⟧",
)
for folder in ("Ledger", "Payments", "Risk"):
    grafana.folder.create_folder(folder)

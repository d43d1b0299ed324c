$webhook = '⟦teams_webhook/powershell:https://northwind.webhook.office.com/webhookb2/bb7920b5-e870-4c4f-bb68-d0e0319b66f4@387c805d-6f49-4e10-b0c7-61211b331f25/IncomingWebhook/d1a8d065853720607fda5460ecaeb654/23a096f4-84cb-4cd6-ac98-2f0a1dd0de0e/V2Ux6-zxBC19ERRtyqBuQ1qRK18vvMTWoXCinItFnK⟧'
$body = @{ text = "Nightly reconciliation failed on $env:COMPUTERNAME" } | ConvertTo-Json
Invoke-RestMethod -Method Post -Uri $webhook -Body $body -ContentType 'application/json'

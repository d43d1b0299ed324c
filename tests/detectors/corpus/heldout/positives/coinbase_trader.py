from coinbase.rest import RESTClient

api_key = "organizations/6fed304a-8166-4ef8-b7ee-ff4155a75f9e/apiKeys/f35fc32f-904e-45ca-a358-b5f23ab6ef54"
api_secret = "⟦private_key/coinbase_cdp_escaped:-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIM/MuBA19qhyCz/nXmmyZp2dUURv9vNuLkymum71DyJooAoGCCqGSM49\nAwEHoUQDQgAE1nEMJ9hIx94QewfPczKtVzgohTPA6N8F/Un2CsJukt/yCOtNIvDr\nGD9euoamPSbogplg59iU3jC10qS7bQT9kA==\n-----END EC PRIVATE KEY-----⟧"

client = RESTClient(api_key=api_key, api_secret=api_secret)

req, _ := http.NewRequest("GET", target, nil)
req.Header.Set("Proxy-Authorization", "Basic ⟦authorization_header/basic_proxy_go:ZWdyZXNzOmgqdmFPOXNNJTBmMEVs⟧")
req.Header.Set("Accept", "application/json")
resp, err := client.Do(req)

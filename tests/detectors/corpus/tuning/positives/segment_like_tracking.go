package analytics

import "net/http"

const (
	endpoint  = "https://events.acme-analytics.example/v1/batch"
	authToken = "⟦secret/auth_token:HHvEBk4UE8bdY8xPixJeZ7WpueCs8Kmc⟧"
)

func newRequest() (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, endpoint, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Auth-Token", authToken)
	return req, nil
}

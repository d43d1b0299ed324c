package payments

import (
	"github.com/stripe/stripe-go/v81"
	"github.com/stripe/stripe-go/v81/webhook"
)

const endpointSecret = "⟦stripe_key/webhook_secret:whsec_PDWwWOC2EfWiGFUQtIQWkVAvuVSeQRyC⟧"

func init() {
	stripe.Key = "⟦stripe_key/restricted_live: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⟧"
}

func verify(payload []byte, header string) (stripe.Event, error) {
	return webhook.ConstructEvent(payload, header, endpointSecret)
}

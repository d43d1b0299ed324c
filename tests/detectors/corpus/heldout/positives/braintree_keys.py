import braintree

gateway = braintree.BraintreeGateway(
    braintree.Configuration(
        braintree.Environment.Production,
        merchant_id="qisz1dhni5p9dg48",
        public_key="u90hqmoo6juvhify",
        private_key="⟦braintree_token/private_key:dada34ce19a9aea90b1b0e42d395fbe2⟧",
    )
)

update_payee(
    customer_id="C-0091823",
    name="Mrs A Patel",
    sort_code="⟦uk_bank_account/python_sort_code:77-30-46⟧",
    account_number="⟦uk_bank_account/python_account:05833403⟧",
)

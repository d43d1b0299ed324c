PAYEE = {
    "name": "Harrow Joinery Ltd",
    "iban": "⟦iban/python_gb:GB66SLQA39865031534154⟧",
    "gibraltar_branch_iban": "⟦iban/python_gi:GI44OEWT12CN52D81F0S4E0⟧",
}

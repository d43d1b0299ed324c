EMPLOYEES = [
    {"employee_id": "E-1042", "name": "Sam Patel", "iban": "⟦iban/gb_grouped:GB65 TZOH 0662 2631 9773 68⟧", "salary_gbp": 4250},
    {"employee_id": "E-1043", "name": "Rosa Klein", "iban": "⟦iban/de:DE74682710375794689197⟧", "salary_gbp": 3980},
]

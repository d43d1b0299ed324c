-- rows that failed tokenisation, to re-run manually
INSERT INTO card_retry (customer_id, pan, expiry) VALUES ('C-771', '⟦card_number/sql_mc:5492631193832462⟧', '09/28');
INSERT INTO card_retry (customer_id, pan, expiry) VALUES ('C-772', '⟦card_number/sql_discover:6011416921571065⟧', '01/27');
INSERT INTO card_retry (customer_id, pan, expiry) VALUES ('C-773', '⟦card_number/sql_mc2:2580067238399573⟧', '11/26');

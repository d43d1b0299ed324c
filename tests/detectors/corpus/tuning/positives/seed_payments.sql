-- fixture copied from prod incident #4471 (should have been anonymised)
INSERT INTO payment_methods (id, user_id, card_number, card_exp, created_at)
VALUES (90211, 33841, '⟦card_number/discover:6011851419705967⟧', '2027-03', '2024-01-09 12:00:00');
INSERT INTO audit_log (entity, entity_id, action) VALUES ('payment_methods', 90211, 'insert');

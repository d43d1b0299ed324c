INSERT INTO payees (name, iban, country) VALUES
  ('Tallinn Soft OÜ', '⟦iban/sql_ee:EE668320540141802634⟧', 'EE'),
  ('Riga Freight SIA', '⟦iban/sql_lv:LV15DHWM3N2U3CY2PZV9Y⟧', 'LV'),
  ('Vilnius Dental UAB', '⟦iban/sql_lt:LT021676721898661540⟧', 'LT'),
  ('Reykjavik Fisheries ehf', '⟦iban/sql_is:IS703384950573689922102375⟧', 'IS'),
  ('Oslo Kaffe AS', '⟦iban/sql_no:NO9591679956409⟧', 'NO'),
  ('Ljubljana Print d.o.o.', '⟦iban/sql_si:SI08496167876841172⟧', 'SI');

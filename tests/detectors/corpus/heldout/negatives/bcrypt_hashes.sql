-- seed users for the staging portal; hashes only, passwords are in the team vault
INSERT INTO users (username, password_hash) VALUES
  ('teller.qa01', '$2b$12$untCTTsDiLxJZ7roPLToe1c1VKx0b3/GkCRyJrWVwo0vjRAGsLjpG'),
  ('teller.qa02', '$2b$12$IjwjrJqdSy4YO9Rm4vVLvcZ6ZIPFgvW50ya0R1zMcw9gnDs.8wjuW'),
  ('supervisor.qa', '$argon2id$v=19$m=65536,t=3,p=4$YxNP7dYeAHgup5ayl6Vqaw$5+Df2lQgaxdOaIMDzDiqmvoyNxqKssQtgBy/codImdM');

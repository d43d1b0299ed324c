def test_teller_can_log_in(browser):
    browser.get("https://portal-staging.northwind-bank.co.uk/login")
    browser.find_element(By.ID, "username").send_keys("teller.qa01")
    browser.find_element(By.ID, "password").send_keys("⟦password/selenium_send_keys:Violetfalcon64$⟧")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

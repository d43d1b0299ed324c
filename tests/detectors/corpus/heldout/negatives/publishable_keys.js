// All of these are meant to ship to the browser.
export const stripe = Stripe("pk_live_514pgyMtViUGh2XPcmeyaDkfjk8Z12HJMoBNKs6BshgSshcrRYnxzATVdk3zxWQGOyCZ5y8SZNSASEmwCERgiFeuvWsaYzsBPgS");
export const mapboxToken = "pk.eyJ1IjogIm5vcnRod2luZCIsICJhIjogIkdlMUQ3T2RmMkUifQ.CxinWzOQ26s4Zx7HSiLeYg";
export const recaptchaSiteKey = "6Lcq8F7NQ9ui0LCnLgZy4ZeKw6v2-IsUY9rUnJB-";
export const posthogKey = "phc_hoADcH9NQRlPOSham42llObUXbCGqhgLMbvQHPx3tNn";
export const algolia = { appId: "7BK8CA5RZE", searchOnlyApiKey: "3a0950a8481813487f25d28418100336" };

session = requests.Session()
session.auth = (username, password)
session.headers["Authorization"] = f"Bearer {access_token}"
session.headers["X-Api-Key"] = api_key
response = session.get(url, timeout=10)

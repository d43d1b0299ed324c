def test_rejects_short_password(client):
    r = client.post("/signup", json={"username": "alice", "password": "short"})
    assert r.status_code == 422


def test_form_labels(page):
    assert page.get_by_label("Password").is_visible()
    assert page.get_by_placeholder("Your password").is_visible()

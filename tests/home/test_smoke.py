def test_home_page_renders(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert "Työnohjausta, koulutusta ja kehittämistä" in response.content.decode()

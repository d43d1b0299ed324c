URL url = new URL("https://reports.northwind.internal/api/v2/export");
HttpURLConnection conn = (HttpURLConnection) url.openConnection();
conn.setRequestMethod("POST");
conn.setRequestProperty("Authorization", "Basic ⟦authorization_header/basic_java_property:ZXhwb3J0LWpvYjp4N0tBdjY3TFRrZDVHY1Zm⟧");
conn.setDoOutput(true);

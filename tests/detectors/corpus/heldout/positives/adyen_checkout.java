Client client = new Client("⟦adyen_api_key/java:AQEetrvpWGwHsdwg8bVGoix5KZwg0SLSvVWe3MbbRaNf6OcpxcpWPrBBKNkMrcq54ZMeGHcoeAx91j1tiDUeJ9X8dawxj3jTRGk5=-eIZEJrgzKUol4Ew4jfJmvhHXEBi5ZpuTag/NQLlC12Z=-<Yr{;rmwb;vRhvL8⟧", Environment.LIVE, "1797a841fbb37ca7-NorthwindBank");
Checkout checkout = new Checkout(client);
// the client key goes to the browser, it is meant to be public
String clientKey = "live_7KXLFBSI7XEY5FVNWFB79DQE0MCEZQU3";

object GeoConfig {
    const val GEOCODING_KEY = "⟦google_api_key/kotlin_const:AIza9cEP-JdKms-koehg7yJX4_wDY-bXvhYfSRO⟧"
    const val BASE_URL = "https://maps.googleapis.com/maps/api/geocode/json"
}

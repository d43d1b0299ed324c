val request = Request.Builder()
    .url("https://reports.globex.internal/api/export")
    .header("Authorization", "Basic ⟦authorization_header/kotlin_header:ZXhwb3J0OmhVM1V4V0IrI0F6NXZ1⟧")
    .build()

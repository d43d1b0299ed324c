import { createClient } from "@supabase/supabase-js";

// server only: bypasses row level security
export const admin = createClient(
  "https://qzkfbmxwyhrtlpjnsdvc.supabase.co",
  "⟦supabase_key/service_role_jwt:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InF6a2ZibXh3eWhydGxwam5zZHZjIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImlhdCI6MTcxMjM0NTY3OCwiZXhwIjoyMDI3OTIxNjc4fQ.S4r3aolemoKAfo_4IlJJM-uS9oV3ylPio1eX4d8rQzA⟧",
  { auth: { persistSession: false } },
);
